"""`mkdocs build` renders again only the pages whose render keys changed since the last build.

MkDocs empties the site folder at the start of every build that is not `--dirty`,
then reads, converts and puts through its template every page. Here, before it
empties it, the last build's site folder is moved aside (`set_aside`). A page
whose key is unchanged (records/incremental.py) is then neither converted from
Markdown nor put through its real template: MkDocs renders a one-line template
for it, every plugin still sees the page pass (so what they gather, such as share
cards, is gathered as before), and the page's HTML is taken back, byte for byte,
from the last build's file. What a page's HTML does not hold but other plugins
read (its title, anchors and, for records, its content for feeds and search) comes
from the memory the last build saved.

A build that stops half way leaves no memory behind, so the next one renders all.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Mapping
from functools import partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from branchpress.core.site.output import LastBuild
from branchpress.core.site.render_keys import RenderedPage, RenderMemory, RenderPlan
from branchpress.runtime import BUILD_LOGGERS

REPLAY_TEMPLATE = "branchpress/replayed.html"
SKIPPED = "Page skipped: '"


def memory_file(cache_dir: Path) -> Path:
    return cache_dir / "render" / "memory.json"


class PageReplay:
    """Pages of this build taken from the last one, and where the last one lies."""

    def __init__(self, cache_dir: Path, site_dir: str) -> None:
        self.memory_file = memory_file(cache_dir)
        self._previous = cache_dir / "render" / "last-site"
        self._site = Path(site_dir)
        self._kept: dict[str, RenderedPage] = {}
        self._folders: set[Path] = set()

    def set_aside(self) -> RenderMemory:
        """Before MkDocs empties the site folder: the last build's memory, and what that build
        wrote moved aside (the folder itself stays: it may be a mount or a symbolic link)."""
        memory = RenderMemory.load(self.memory_file)
        forget(self.memory_file)
        shutil.rmtree(self._previous, ignore_errors=True)
        if memory.site_key is None or not self._site.is_dir():
            return RenderMemory()
        try:
            self._previous.mkdir(parents=True)
            for entry in self._site.iterdir():
                os.replace(entry, self._previous / entry.name)
        except OSError:  # the cache on another file system: render everything
            return RenderMemory()
        return memory

    def choose(self, plan: RenderPlan, memory: RenderMemory, files: Files) -> int:
        """The pages to take from the last build; returns how many."""
        self._kept = {}
        for file in files.documentation_pages():
            src = file.src_uri
            kept = memory.rendered.get(src)
            if plan.must_render(src) or kept is None or memory.outputs.get(src) != file.dest_uri:
                continue
            if (self._previous / file.dest_uri).is_file():
                self._kept[src] = kept
        return len(self._kept)

    @property
    def kept_sources(self) -> Mapping[str, RenderedPage]:
        return self._kept

    def prepare(self, page: Page) -> None:
        """on_pre_page: a kept page is not converted from Markdown again."""
        kept = self._kept.get(page.file.src_uri)
        if kept is not None:
            # Shadows Page.render for this one page object: MkDocs has no event that skips it.
            page.render = partial(_render_kept, page, kept)

    def kept_digest(self, page: Page) -> str | None:
        """The digest of a kept page's HTML (its file is the last build's, moved into place)."""
        kept = self._kept.get(page.file.src_uri)
        return kept.digest if kept is not None else None

    def output(self, page: Page, output: str) -> str:
        """Last on_post_page: a kept page's file, as the last build wrote it, is moved into
        place, and MkDocs is given nothing to write (it logs that it skipped the page, which
        `QuietKeptPages` keeps out of the log)."""
        if page.file.src_uri not in self._kept:
            return output
        target = Path(page.file.abs_dest_path)
        if target.parent not in self._folders:  # a mkdir per page costs more than the move
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        os.replace(self._previous / page.file.dest_uri, target)
        return ""

    def last_build(self, memory: RenderMemory) -> LastBuild:
        """The last build's other files, for the writer (core/site/output.py)."""
        return LastBuild(self._previous, memory.files)

    def finish(self) -> None:
        shutil.rmtree(self._previous, ignore_errors=True)
        self._kept = {}


def forget(memory_file: Path) -> None:
    """A build that does not keep pages (`--dirty`, BRANCHPRESS_FULL_REBUILD) rewrites the site
    folder the memory describes: the next build must not trust it."""
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
        return record.getMessage()[len(SKIPPED) :].split("'", 1)[0] not in self.replay.kept_sources


QUIET_KEPT_PAGES = QuietKeptPages()
for _logger in BUILD_LOGGERS:
    logging.getLogger(_logger).addFilter(QUIET_KEPT_PAGES)


def _render_kept(page: Page, kept: RenderedPage, config: MkDocsConfig, files: Files) -> None:
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = kept.title
    page.present_anchor_ids = set(kept.anchors)
    page.meta["template"] = REPLAY_TEMPLATE
