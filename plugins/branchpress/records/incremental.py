"""Fast `mkdocs serve`: after the first build, a rebuild renders only what an edit changed.

MkDocs can skip unchanged pages in a "dirty" build, but judges them by file
times alone, and `mkdocs serve` only builds dirty when started with `--dirty`.
Here every rebuild of `mkdocs serve` is dirty, and whether a page counts as
modified comes from render keys (core/site/render_keys.py): an edited record renders its
own page, its neighbours and the listings that show it, not the whole site.
A change to the configuration, the theme or a hand-written page renders all.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from importlib import metadata
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from branchpress.core.records.store import RecordStore
from branchpress.core.site.render_keys import (
    RenderedPage,
    RenderMemory,
    RenderPlan,
    digest,
    file_stamps,
    record_identity,
    tree_stamps,
)
from branchpress.runtime import BUILD_LOGGERS

log = get_plugin_logger(__name__)
PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATES = PACKAGE / "templates"
# Packages whose upgrade may change how a page renders.
ENGINE_PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "jinja2",
    "markdown",
    "pymdown-extensions",
    "mkdocs-glightbox",
)
DIRTY_WARNING = "A 'dirty' build is being performed"


class RenderPlanner:
    """Render keys of this build and the memory of the last one.

    In `mkdocs serve` it lives as long as the server and remembers in memory; in
    `mkdocs build` the memory comes from the last build's file (records/replay.py).
    Plugins give their pages keys (`sign`) and add what else a page shows (`depend`)
    before `on_nav`, where the plan is made.
    """

    def __init__(self, memory: RenderMemory | None = None) -> None:
        self.memory = memory or RenderMemory()
        self._base: dict[str, str] = {}
        self._extra: dict[str, list[tuple]] = {}
        self._keys: dict[str, str | None] = {}
        self._record_digests: dict[str, str] = {}
        self._rendered: dict[str, RenderedPage] = {}
        self._pending: tuple[str, dict, dict] | None = None

    def begin(self, store: RecordStore, docs_dir: str) -> None:
        """Start a build: keys for every record page (the store is loaded by now)."""
        docs = Path(docs_dir)
        self._record_digests, self._base, self._extra, self._rendered = {}, {}, {}, {}
        for record in store:
            photos = ([record.cover.path] if record.cover else []) + [p.path for p in record.photos]
            # A photo replaced under the same name changes the page (its renditions' names).
            self._record_digests[record.source] = digest(
                record, file_stamps((docs / path for path in photos), docs)
            )
        for record in store:
            newer, older = store.newer(record), store.older(record)
            self._base[record.source] = digest(
                self._record_digests[record.source],
                record_identity(newer) if newer else None,
                record_identity(older) if older else None,
            )

    def record_digest(self, source: str) -> str:
        """Changes whenever anything a listing shows of the record may change."""
        return self._record_digests.get(source, "")

    def sign(self, src_uri: str, key: str) -> None:
        """Give a generated page a render key, so a rebuild can skip it while it is unchanged."""
        self._base[src_uri] = key

    def depend(self, src_uri: str, *parts: object) -> None:
        """Add what else a page with a key shows (a plugin's part of it: share images, credits)."""
        self._extra.setdefault(src_uri, []).append(parts)

    def key(self, src_uri: str) -> str | None:
        """The page's render key in this build (after the plan); None: always rendered."""
        return self._keys.get(src_uri)

    def plan(self, files: Files, config: MkDocsConfig, activities_dir: str, nav: Navigation) -> RenderPlan:
        """Decide which pages this build renders."""
        pages = files.documentation_pages()
        self._keys = {file.src_uri: self._final_key(file.src_uri) for file in pages}
        outputs = {file.src_uri: file.dest_uri for file in pages}
        site_key = self._site_key(config, activities_dir, nav)
        plan = self.memory.plan(site_key, self._keys, outputs)
        self._pending = (site_key, dict(self._keys), outputs)
        return plan

    def _final_key(self, src_uri: str) -> str | None:
        base = self._base.get(src_uri)
        if base is None:
            return None
        extra = self._extra.get(src_uri)
        return digest(base, extra) if extra else base

    def _site_key(self, config: MkDocsConfig, activities_dir: str, nav: Navigation) -> str:
        """What every page shows: configuration, theme, code, navigation, hand-written pages,
        roster, brand files."""
        project = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        theme = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        # Records and their photos have keys of their own; everything else in docs counts here.
        hand_written = tree_stamps(Path(config.docs_dir), activities_dir)
        # Paths relative to the project: a project copied or moved elsewhere keeps its keys. The
        # site folder is not among them: no page shows it, and a build into another (`-d`,
        # a CI job's fresh folder) keeps the pages of the render memory.
        folders = [os.path.relpath(folder, project) for folder in (config.docs_dir, *theme)]
        return digest(
            file_stamps([Path(config.config_file_path)], project) if config.config_file_path else None,
            [tree_stamps(folder) for folder in (*theme, TEMPLATES)],
            hand_written,
            engine_stamp(),
            navigation_outline(nav),
            (config.site_url, config.use_directory_urls, folders),
        )

    def rendered(self, src_uri: str, page: RenderedPage) -> None:
        """What a later build needs of a page that has a key (rendered or kept this time)."""
        self._rendered[src_uri] = page

    def written(self, src_uri: str, digest_of_html: str) -> None:
        """The digest of the HTML written for a page rendered in this build."""
        if (page := self._rendered.get(src_uri)) is not None:
            self._rendered[src_uri] = replace(page, digest=digest_of_html)

    def succeeded(self) -> None:
        if self._pending is not None:
            self.memory.remember(*self._pending)
            self.memory.rendered = dict(self._rendered)
        self._pending = None

    def failed(self) -> None:
        """A build stopped. Before the plan (content errors stop a build in on_files) nothing
        in the site folder changed, and the next rebuild can still skip pages; after it,
        pages may be half written, so everything is rendered next time."""
        if self._pending is not None:
            self.memory.forget()
        self._pending = None


@cache
def engine_stamp() -> tuple:
    """BranchPress's own code and the versions of what renders pages: an upgrade renders all."""
    versions = []
    for name in ENGINE_PACKAGES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    code = [path for path in sorted(PACKAGE.rglob("*")) if path.is_file() and "__pycache__" not in path.parts]
    return sys.version, tuple(versions), digest(file_stamps(code))


def navigation_outline(nav: Navigation) -> list:
    """The navigation's shape (the titles of pages in it come from keyed inputs)."""

    def outline(items) -> list:
        found = []
        for item in items:
            if isinstance(item, Page):
                found.append(("page", item.file.src_uri))
            elif isinstance(item, Section):
                found.append(("section", item.title, outline(item.children)))
            else:
                found.append(("link", item.title, getattr(item, "url", None)))
        return found

    return outline(nav.items)


def mark_modified(files: Files, plan: RenderPlan) -> None:
    """Point MkDocs' dirty check (`mkdocs serve`) at the plan."""
    for file in files.documentation_pages():
        file.is_modified = _modified if plan.must_render(file.src_uri) else _unmodified


def apply_plan(plan: RenderPlan, site_dir: str, total: int) -> None:
    """Empty the site folder for a full render; delete pages that no longer exist."""
    if plan.full:
        clean_directory(site_dir)
        return
    for dest_uri in sorted(plan.removed):
        path = Path(site_dir, dest_uri)
        path.unlink(missing_ok=True)
        # Empty folders left behind would still answer as directory listings.
        for parent in path.parents:
            if parent == Path(site_dir) or not parent.is_dir() or any(parent.iterdir()):
                break
            parent.rmdir()
    log.info(f"预览：只重新生成改动涉及的 {len(plan.render)} 个页面（共 {total} 个）。")


def _modified() -> bool:
    return True


def _unmodified() -> bool:
    return False


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be stale; here it is not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def incremental_builder(first: MkDocsConfig) -> Callable[[], None]:
    """What `mkdocs serve` runs after each edit: its own rebuild, but dirty.

    It reloads mkdocs.yml like serve's own builder does, keeping the options given on the
    command line that matter to a build (serve has already put its address in site_url).
    """
    serve_url = first.site_url
    for logger in BUILD_LOGGERS:
        logging.getLogger(logger).addFilter(_DropDirtyWarning())

    def rebuild() -> None:
        log.info("Building documentation...")
        config = load_config(
            config_file=first.config_file_path,
            site_dir=first.site_dir,
            strict=first.strict,
            use_directory_urls=first.use_directory_urls,
        )
        config.site_url = serve_url
        build(config, serve_url=serve_url, dirty=True)

    return rebuild


def env_allows_incremental() -> bool:
    """BRANCHPRESS_FULL_REBUILD=1 makes every preview rebuild render the whole site."""
    return os.environ.get("BRANCHPRESS_FULL_REBUILD", "") not in ("1", "true", "yes")
