"""`mkdocs build` renders again only the pages whose render keys changed since the last build.

MkDocs empties the site folder at the start of every build that is not `--dirty`,
then reads, converts and puts through its template every page. Here a page whose key
is unchanged (records/incremental.py) is neither converted from Markdown nor put
through its real template: MkDocs renders a one-line template for it, every plugin
still sees the page pass (so what they gather, such as share cards, is gathered as
before), and the page's HTML is the last build's, byte for byte, linked from the
render memory under `.cache/branchpress/render/` (core/site/render_memory.py) into
whatever the site folder is: the last one need not survive. What a page's HTML does
not hold but other plugins read (its title, anchors and, for records, its content
for feeds and search) comes from the manifest the last build saved.

A build that stops half way leaves the last manifest as it was, and every object it
names untouched: the next build can still trust it.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Mapping
from functools import partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from branchpress.core.site.render_keys import RenderedPage, RenderMemory, RenderPlan
from branchpress.core.site.render_memory import RenderObjects
from branchpress.runtime import BUILD_LOGGERS

REPLAY_TEMPLATE = "branchpress/replayed.html"
SKIPPED = "Page skipped: '"


def memory_file(cache_dir: Path) -> Path:
    return cache_dir / "render" / "memory.json"


class PageReplay:
    """Pages of this build taken from the render memory, and the memory's objects."""

    def __init__(self, cache_dir: Path) -> None:
        self.memory_file = memory_file(cache_dir)
        self._render = cache_dir / "render"
        self.objects = RenderObjects(self._render / "objects", {})
        self._kept: dict[str, RenderedPage] = {}
        self._placed: set[str] = set()  # pages whose file this build put in place itself
        self._folders: set[Path] = set()

    def load(self) -> RenderMemory:
        """Before the build: the last successful build's manifest (it stays on disk until this
        build succeeds, so a build killed half way leaves it as true as it was)."""
        # The site folder the format before 4 set aside during a build: nothing reads it now.
        shutil.rmtree(self._render / "last-site", ignore_errors=True)
        memory = RenderMemory.load(self.memory_file)
        self.objects = RenderObjects(self._render / "objects", memory.objects)
        return memory

    def choose(self, plan: RenderPlan, memory: RenderMemory, files: Files) -> int:
        """The pages to take from the render memory; returns how many."""
        self._kept, self._placed = {}, set()
        for file in files.documentation_pages():
            src = file.src_uri
            kept = memory.rendered.get(src)
            if plan.must_render(src) or kept is None or memory.outputs.get(src) != file.dest_uri:
                continue
            # A missing or changed object means the page is rendered, never a broken page.
            if self.objects.trusted(kept.digest):
                self._kept[src] = kept
        return len(self._kept)

    @property
    def kept_sources(self) -> Mapping[str, RenderedPage]:
        return self._kept

    def placed(self, src_uri: str) -> bool:
        return src_uri in self._placed

    def prepare(self, page: Page) -> None:
        """on_pre_page: a kept page is not converted from Markdown again."""
        kept = self._kept.get(page.file.src_uri)
        if kept is not None:
            # Shadows Page.render for this one page object: MkDocs has no event that skips it.
            page.render = partial(_render_kept, page, kept)

    def kept_digest(self, page: Page) -> str | None:
        """The digest of a kept page's HTML (its file is the memory's object, linked)."""
        kept = self._kept.get(page.file.src_uri)
        return kept.digest if kept is not None else None

    def output(self, page: Page, output: str, digest: str | None) -> str:
        """Last on_post_page. A kept page's object is linked into place; a page with a key
        rendered now (`digest` given) is kept as an object and linked likewise. MkDocs is then
        given nothing to write (it logs that it skipped the page, which `QuietKeptPages` keeps
        out of the log); any other page MkDocs writes itself."""
        src = page.file.src_uri
        kept = self._kept.get(src)
        if kept is None and digest is None:
            return output
        target = Path(page.file.abs_dest_path)
        if target.parent not in self._folders:  # a mkdir per page costs more than the link
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        try:
            if kept is None:
                # The bytes MkDocs itself would write.
                self.objects.put(digest, output.encode("utf-8", errors="xmlcharrefreplace"))
            if not self.objects.link(kept.digest if kept is not None else digest, target):
                raise OSError("object gone")
        except OSError:
            if kept is not None:  # chosen a moment ago: its object went during the build
                raise
            return output  # the cache cannot be written: MkDocs writes the page
        self._placed.add(src)
        return ""

    def finish(self) -> None:
        self._kept, self._placed = {}, set()


def forget(memory_file: Path) -> None:
    """A build that does not keep pages (`--dirty`, BRANCHPRESS_FULL_REBUILD): `--dirty` writes
    pages in place, through any link to an object, so the next build trusts no manifest."""
    memory_file.unlink(missing_ok=True)


def remember(page: Page, html: str, keep_content: bool) -> RenderedPage:
    """What the next build needs of a page rendered in this one (its digest comes once it is
    written)."""
    return RenderedPage(
        title=page._title_from_render,
        anchors=tuple(sorted(page.present_anchor_ids or ())),
        content=html if keep_content else None,
    )


class QuietKeptPages(logging.Filter):
    """MkDocs logs "Page skipped" for a page whose output is empty: a kept page is not skipped."""

    def __init__(self) -> None:
        super().__init__()
        self.replay: PageReplay | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if self.replay is None or not record.getMessage().startswith(SKIPPED):
            return True
        return not self.replay.placed(record.getMessage()[len(SKIPPED) :].split("'", 1)[0])


QUIET_KEPT_PAGES = QuietKeptPages()
for _logger in BUILD_LOGGERS:
    logging.getLogger(_logger).addFilter(QUIET_KEPT_PAGES)


def _render_kept(page: Page, kept: RenderedPage, config: MkDocsConfig, files: Files) -> None:
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = kept.title
    page.present_anchor_ids = set(kept.anchors)
    page.meta["template"] = REPLAY_TEMPLATE
