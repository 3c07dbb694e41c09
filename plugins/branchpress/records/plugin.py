"""`branchpress/records`: read every record once into the store shared by all plugins.

Event flow: `on_config` turns options into core settings; `on_files` loads the
volunteer roster and every record, keeps the public view of each in the store,
checks the hand-written pages for personal numbers (all problems reported
together, the build stopped on errors), then points each record's page at its
public URL and hands MkDocs the public body, so nothing parses a record twice.
Hand-written pages get the same public view on their way through
(`on_page_markdown`), and every page's HTML passes one last guard (`on_post_page`).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import stages
from ..adapter import Outputs, keep_private_files, pages_to_check, plugin_of, project_path, stop_on_problems
from ..core.people.checks import check_volunteers
from ..core.people.public import Withholding
from ..core.people.roster import DEFAULT_ROSTER, load_roster, withheld_in_urls
from ..core.people.tally import VolunteerTally
from ..core.problems import sort_problems
from ..core.records.settings import SiteSettings
from ..core.records.store import (
    LoadResult,
    ParseMemo,
    RecordStore,
    ViewMemo,
    content_problems,
    load_records,
)
from ..core.site.render_keys import html_digest
from ..runtime import tune_garbage_collector
from ..volunteers.plugin import VolunteersPlugin
from .config import RecordsConfig, settings_from_config
from .incremental import (
    RenderPlanner,
    apply_plan,
    env_allows_incremental,
    incremental_builder,
    mark_modified,
)
from .replay import QUIET_KEPT_PAGES, PageReplay, forget, memory_file, remember

log = get_plugin_logger(__name__)
MENTIONS = "{source}：有 {count} 处写了名册中不公开姓名（public: false）的志愿者，网站上一律显示为“志愿者”。如需别的说法，请改写这篇记录。"
SUMMARY = "内容检查发现 {errors} 个错误（另有 {warnings} 个警告），网站没有生成。请按上面每一条的修改方法改好后再试。"


class RecordsPlugin(BasePlugin[RecordsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._preview = False
        self._settings: SiteSettings | None = None
        self._result: LoadResult | None = None
        self._withholding = Withholding()
        self._outputs: Outputs | None = None
        self._dirty = False
        self._planner: RenderPlanner | None = None
        self._replay: PageReplay | None = None
        self._command = ""
        # Validated records by file text, kept between `mkdocs serve` rebuilds.
        self._memo: ParseMemo | None = None
        self._views: ViewMemo | None = None
        self._memo_settings: SiteSettings | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Drafts and scheduled records are shown (with a banner) only in `mkdocs serve`.
        self._preview = command == "serve"
        self._dirty = dirty
        self._command = command
        tune_garbage_collector()
        # This instance lives as long as `mkdocs serve`: it remembers what the last build rendered.
        incremental = self._preview and (dirty or env_allows_incremental())
        self._planner = RenderPlanner() if incremental else None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """`mkdocs build` keeps unchanged pages of the last build (records/replay.py); before
        MkDocs empties the site folder, the last build's is moved aside."""
        self._replay = None
        if self._command not in ("build", "gh-deploy"):
            return
        cache = project_path(config, self.config.cache_dir)
        if self._dirty or not env_allows_incremental():
            forget(memory_file(cache))
            return
        self._replay = QUIET_KEPT_PAGES.replay = PageReplay(cache, config.site_dir)
        self._planner = RenderPlanner(self._replay.set_aside())

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self._planner is not None and not self._dirty:
            server.builder = incremental_builder(config)
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._settings = settings_from_config(self.config, preview=self._preview, site_url=config.site_url)
        self._result = self._outputs = None
        self.__dict__.pop("tally", None)
        if self._planner is not None:
            # The memo survives the clock moving (load_records re-derives the status).
            same = replace(self._settings, now=None)
            if same != self._memo_settings:
                self._memo, self._memo_settings, self._views = {}, same, ViewMemo()
        return config

    @event_priority(stages.LOAD_RECORDS)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs = Path(config.docs_dir)
        # The roster's place and the masking choice are options of branchpress/volunteers; the
        # roster is read here all the same, so consent holds whichever plugins are enabled.
        people = plugin_of(config, "branchpress/volunteers", VolunteersPlugin)
        options = people.config if people is not None else None
        roster_file = options.roster if options else DEFAULT_ROSTER
        roster, roster_problems = load_roster(docs, roster_file)
        self._withholding = Withholding(roster, mask=bool(options and options.mask_names))
        result = load_records(docs, self.settings, self._memo, self._withholding, self._views)
        problems = content_problems(result, pages_to_check(files, result.sources), self.settings)
        roster_errors = sum(1 for p in roster_problems if p.is_error)
        # Without a readable roster nobody knows whose names are withheld: that stops the build too.
        summary = SUMMARY + (
            f"志愿者名册 {roster_file} 有 {roster_errors} 个错误，网站没有生成。" if roster_errors else ""
        )
        stop_on_problems(log, sort_problems([*problems, *roster_problems]), summary)
        published = [r for r in result.all_records if r.source in result.store.by_source]
        # Checks of volunteer lists against the roster belong to sites that show volunteers.
        checks = check_volunteers(published, roster) if people is not None else []
        for problem in checks + withheld_in_urls(published, roster):
            log.warning(str(problem))
        for source, count in result.withheld_mentions.items():
            log.info(MENTIONS.format(source=source, count=count))
        self._result = result
        last = self._replay.last_build(self._planner.memory) if self._replay and self._planner else None
        self._outputs = Outputs(config, self._withholding.forms, last)
        keep_private_files(files, result, roster_file)
        for record in result.store:
            file = files.get_file_from_path(record.source)
            if file is None:  # pragma: no cover - excluded by exclude_docs
                continue
            # Records are reached through listings, never the nav (a nav of N records is O(N^2)).
            file.inclusion = InclusionLevel.NOT_IN_NAV
            file.dest_uri = record.url + "index.html"
            file.url = record.url if config.use_directory_urls else file.dest_uri
            # The public body; MkDocs would otherwise read and parse the front matter again.
            file.content_string = record.body
        if self._planner is not None:
            self._planner.begin(result.store, config.docs_dir)
        return files

    @event_priority(stages.PLAN_RENDER)
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        if self._planner is None:
            return nav
        plan = self._planner.plan(files, config, self.settings.activities_dir, nav)
        total = len(files.documentation_pages())
        if self._replay is not None:
            kept = self._replay.choose(plan, self._planner.memory, files)
            if kept:
                log.info(f"沿用上次生成的 {kept} 个未改动页面，重新生成 {total - kept} 个。")
        else:
            mark_modified(files, plan)
            apply_plan(plan, config.site_dir, total)
        return nav

    @event_priority(stages.REMEMBER_BUILD)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Last: every file is written; what the next build can keep is saved (records/replay.py)."""
        if self._planner is not None:
            self._planner.succeeded()
        if self._replay is not None:
            self._planner.memory.files = dict(self.outputs.writer.digests)
            self._planner.memory.save(self._replay.memory_file)
            self._replay.finish()

    def on_build_error(self, *, error: Exception) -> None:
        if self._planner is not None:
            self._planner.failed()
        if self._replay is not None:
            self._replay.finish()

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """The sitemap's lastmod of a record is its own date, not the day of the build, so that
        rebuilding unchanged content writes the same files."""
        record = self.store.by_source.get(page.file.src_uri)
        if record is not None:
            page.update_date = record.last_modified.date().isoformat()
        if self._replay is not None:
            self._replay.prepare(page)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A hand-written page's public view: withheld names out of its text and front matter."""
        if page.file.src_uri in self.store.by_source:
            return markdown  # already the record's public body
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = self._withholding.text(page.meta[key])[0]
        return self._withholding.text(markdown)[0]

    @event_priority(stages.KEEP_PAGES)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Last: a kept page gets its body back; what the next `mkdocs build` needs of a page
        with a render key is noted (records/replay.py)."""
        if self._replay is None or self._planner is None:
            return html
        src = page.file.src_uri
        kept = self._replay.kept_sources.get(src)
        if kept is not None:
            self._planner.rendered(src, kept)
            return kept.content or ""
        if self._planner.key(src) is not None:
            self._planner.rendered(src, remember(page, html, keep_content=src in self.store.by_source))
        return html

    @event_priority(stages.GUARD_PAGES)
    def _guard_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Whatever a template or mkdocs.yml put into a page: no withheld name leaves in it."""
        return self._withholding.text(output)[0]

    @event_priority(stages.KEEP_PAGES)
    def _kept_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Last: a page kept from the last build is put back as that build wrote it."""
        if self._replay is None or self._planner is None:
            return output
        src = page.file.src_uri
        if src in self._replay.kept_sources:
            return self._replay.output(page, output)
        if self._planner.key(src) is not None:
            self._planner.written(src, html_digest(output))
        return output

    def kept_page_digest(self, page: Page) -> str | None:
        """The `html_digest` of a page this build kept from the last one (its HTML was not in
        on_post_page: the file was moved into place); None for a page rendered now."""
        return self._replay.kept_digest(page) if self._replay is not None else None

    on_post_page = CombinedEvent(_guard_page, _kept_page)

    @property
    def settings(self) -> SiteSettings:
        if self._settings is None:
            raise PluginError("branchpress/records: settings are used before on_config ran.")
        return self._settings

    @property
    def result(self) -> LoadResult:
        """Everything loaded, records as written included; only the ledger reads those."""
        if self._result is None:
            raise PluginError(
                "branchpress/records: the record store is read before on_files ran; "
                "list branchpress/records before the plugins that use it."
            )
        return self._result

    @property
    def store(self) -> RecordStore:
        """The public views of this build's published records; available from `on_files` on."""
        return self.result.store

    @property
    def withholding(self) -> Withholding:
        return self._withholding

    @cached_property
    def tally(self) -> VolunteerTally:
        """The one volunteer tally of this build: home, /volunteers/ and reports read it."""
        return VolunteerTally(self.store.records)

    @property
    def outputs(self) -> Outputs:
        """Generated pages and files of this build, one producer per path."""
        if self._outputs is None:
            raise PluginError("branchpress/records: outputs are used before on_files ran.")
        return self._outputs

    @property
    def planner(self) -> RenderPlanner | None:
        """In `mkdocs serve`, where plugins sign the pages a rebuild may skip; else None."""
        return self._planner
