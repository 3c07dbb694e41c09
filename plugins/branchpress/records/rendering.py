"""Which pages a build renders: the records plugin routes its events here.

In `mkdocs serve` (records/incremental.py) every rebuild after the first is dirty and
renders only the pages whose render keys changed; in `mkdocs build` (records/replay.py)
the pages whose keys are unchanged since the last build are kept from it. Either way
plugins sign their pages on the planner before `on_nav`, where the plan is made.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.records.store import RecordStore
from ..core.site.output import OutputWriter
from ..core.site.render_keys import html_digest
from ..core.site.render_memory import RenderObjects
from .incremental import RenderPlanner, apply_plan, env_allows_incremental, incremental_builder, mark_modified
from .replay import QUIET_KEPT_PAGES, PageReplay, forget, memory_file, remember

log = get_plugin_logger(__name__)
BUILD_COMMANDS = ("build", "gh-deploy")


class Rendering:
    def __init__(self) -> None:
        self.planner: RenderPlanner | None = None
        self._replay: PageReplay | None = None
        self._command = ""
        self._dirty = False

    def startup(self, command: str, dirty: bool) -> None:
        """The serve planner lives as long as `mkdocs serve`: it remembers the last build."""
        self._command, self._dirty = command, dirty
        incremental = command == "serve" and (dirty or env_allows_incremental())
        self.planner = RenderPlanner() if incremental else None

    def pre_build(self, config: MkDocsConfig, cache_dir: Path) -> None:
        """`mkdocs build`: the last build's manifest is read (the site folder plays no part)."""
        self._replay = None
        if self._command not in BUILD_COMMANDS:
            return
        if self._dirty or not env_allows_incremental():
            forget(memory_file(cache_dir))
            return
        self._replay = QUIET_KEPT_PAGES.replay = PageReplay(cache_dir)
        self.planner = RenderPlanner(self._replay.load())

    def serve(self, server, config: MkDocsConfig):
        if self.planner is not None and not self._dirty:
            server.builder = incremental_builder(config)
        return server

    def last_build(self) -> RenderObjects | None:
        """The render memory's objects, for the one writer: files it wrote before are linked."""
        if self._replay is None or self.planner is None:
            return None
        return self._replay.objects

    def begin(self, store: RecordStore, docs_dir: str) -> None:
        if self.planner is not None:
            self.planner.begin(store, docs_dir)

    def plan(self, nav: Navigation, files: Files, config: MkDocsConfig, activities_dir: str) -> None:
        if self.planner is None:
            return
        plan = self.planner.plan(files, config, activities_dir, nav)
        total = len(files.documentation_pages())
        if self._replay is not None:
            kept = self._replay.choose(plan, self.planner.memory, files)
            if kept:
                log.info(f"沿用上次生成的 {kept} 个未改动页面，重新生成 {total - kept} 个。")
        else:
            mark_modified(files, plan)
            apply_plan(plan, config.site_dir, total)

    def pre_page(self, page: Page) -> None:
        if self._replay is not None:
            self._replay.prepare(page)

    def page_content(self, page: Page, html: str, keep_content: bool) -> str:
        """Last on_page_content: a kept page gets its body back; what the next `mkdocs build`
        needs of a page with a render key is noted."""
        if self._replay is None or self.planner is None:
            return html
        src = page.file.src_uri
        kept = self._replay.kept_sources.get(src)
        if kept is not None:
            self.planner.rendered(src, kept)
            return kept.content or ""
        if self.planner.key(src) is not None:
            self.planner.rendered(src, remember(page, html, keep_content))
        return html

    def post_page(self, page: Page, output: str) -> str:
        """Last on_post_page: a kept page is put back as the last build wrote it; a page with a
        key rendered now is kept for the next build."""
        if self._replay is None or self.planner is None:
            return output
        src = page.file.src_uri
        digest = None
        if src not in self._replay.kept_sources and self.planner.key(src) is not None:
            digest = html_digest(output)
            self.planner.written(src, digest)
        return self._replay.output(page, output, digest)

    def kept_digest(self, page: Page) -> str | None:
        return self._replay.kept_digest(page) if self._replay is not None else None

    def succeeded(self, writer: OutputWriter) -> None:
        """Every file is written: what the next build can keep is saved."""
        if self.planner is not None:
            self.planner.succeeded()
        if self._replay is not None and self.planner is not None:
            memory = self.planner.memory
            memory.files = dict(writer.digests)
            memory.objects = dict(self._replay.objects.used)
            memory.save(self._replay.memory_file)
            # Only after the new manifest is saved: the old one may still name these.
            self._replay.objects.prune()
            self._replay.finish()

    def failed(self) -> None:
        if self.planner is not None:
            self.planner.failed()
        if self._replay is not None:
            self._replay.finish()
