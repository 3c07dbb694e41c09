"""`branchpress/records`: read every record once into the store shared by all plugins.

Event flow: `on_config` turns options into core settings; `on_files` loads and
validates every record and checks the hand-written pages for personal numbers
(all problems reported together, the build stopped on errors), then points
each record's page at its public URL and hands MkDocs the body already split
from its front matter, so nothing parses a record twice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from branchpress.core.problems import Problem, Severity, sort_problems
from branchpress.core.records.dates import validate_date_text
from branchpress.core.records.model import Photo, Record
from branchpress.core.records.page_checks import check_page
from branchpress.core.records.privacy import normalize_number
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.store import LoadResult, ParseMemo, RecordStore, load_records

from .config import RecordsConfig
from .preview import Preview, apply_plan, env_allows_incremental, incremental_builder

log = get_plugin_logger(__name__)
ROSTER = "volunteers.yml"


class RecordsPlugin(BasePlugin[RecordsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._preview = False
        self._settings: SiteSettings | None = None
        self._result: LoadResult | None = None
        self._dirty = False
        self._render_plan: Preview | None = None
        # Validated records by file text, kept between `mkdocs serve` rebuilds.
        self._memo: ParseMemo | None = None
        self._memo_settings: SiteSettings | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Drafts and scheduled records are shown (with a banner) only in `mkdocs serve`.
        self._preview = command == "serve"
        self._dirty = dirty
        # This instance lives as long as `mkdocs serve`: it remembers what the last build rendered.
        incremental = self._preview and (dirty or env_allows_incremental())
        self._render_plan = Preview() if incremental else None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self._render_plan is not None and not self._dirty:
            server.builder = incremental_builder(config)
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._settings = settings_from_config(self.config, preview=self._preview)
        self._result = None
        if self._render_plan is not None:
            # The memo survives the clock moving (load_records re-derives the status).
            same = replace(self._settings, now=None)
            if same != self._memo_settings:
                self._memo, self._memo_settings = {}, same
        return config

    @event_priority(100)  # before every other plugin: they all read the store.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        result = load_records(Path(config.docs_dir), self.settings, self._memo)
        problems = content_problems(result, pages_to_check(files, result.sources), self.settings)
        for problem in problems:
            (log.error if problem.severity is Severity.ERROR else log.warning)(str(problem))
        errors = [p for p in problems if p.is_error]
        if errors:
            raise PluginError(
                f"内容检查发现 {len(errors)} 个错误（另有 {len(problems) - len(errors)} 个警告），"
                "网站没有生成。请按上面每一条的修改方法改好后再试。"
            )
        self._result = result
        store = result.store
        self._drop_unpublished_photos(files, result)
        # The volunteer roster holds names some volunteers asked not to publish: it is read
        # by branchpress/volunteers and never copied to the site, whichever plugins are on.
        roster = files.get_file_from_path(ROSTER)
        if roster is not None:
            files.remove(roster)
        for record in result.all_records:
            file = files.get_file_from_path(record.source)
            if file is None:  # pragma: no cover - excluded by exclude_docs
                continue
            if record.source not in store.by_source:
                files.remove(file)  # a draft or scheduled record leaves no trace in a build
                continue
            # Records are reached through listings, never the nav (a nav of N records is O(N^2)).
            file.inclusion = InclusionLevel.NOT_IN_NAV
            file.dest_uri = record.url + "index.html"
            file.url = record.url if config.use_directory_urls else file.dest_uri
            # MkDocs would otherwise read and parse the front matter a second time.
            file.content_string = record.body
        if self._render_plan is not None:
            self._render_plan.begin(store, config.docs_dir)
        return files

    @event_priority(-100)  # after every plugin has added its pages and signed those it can skip
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        if self._render_plan is not None:
            plan = self._render_plan.plan(files, config, self.settings.activities_dir)
            apply_plan(plan, config.site_dir, len(files.documentation_pages()))
        return nav

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._render_plan is not None:
            self._render_plan.succeeded()

    def on_build_error(self, *, error: Exception) -> None:
        if self._render_plan is not None:
            self._render_plan.failed()

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """The sitemap's lastmod of a record is its own date, not the day of the build, so that
        rebuilding unchanged content writes the same files."""
        record = self._result.store.by_source.get(page.file.src_uri) if self._result else None
        if record is not None:
            page.update_date = record.last_modified.date().isoformat()
        return page

    @staticmethod
    def _drop_unpublished_photos(files: Files, result: LoadResult) -> None:
        """Photos used only by drafts or scheduled records must not be reachable on the site."""
        published = {p.path for r in result.store for p in _photos_of(r)}
        for record in result.all_records:
            if record.source in result.store.by_source:
                continue
            for photo in _photos_of(record):
                file = files.get_file_from_path(photo.path)
                if file is not None and photo.path not in published:
                    files.remove(file)

    @property
    def preview(self) -> Preview | None:
        """In `mkdocs serve`, where plugins sign the pages a rebuild may skip; else None."""
        return self._render_plan

    @property
    def settings(self) -> SiteSettings:
        if self._settings is None:
            raise PluginError("branchpress/records: settings are used before on_config ran.")
        return self._settings

    @property
    def store(self) -> RecordStore:
        """The published records of this build; available from `on_files` on."""
        if self._result is None:
            raise PluginError(
                "branchpress/records: the record store is read before on_files ran; "
                "list branchpress/records before the plugins that use it."
            )
        return self._result.store


def settings_from_config(options: RecordsConfig, preview: bool) -> SiteSettings:
    """Core settings from the plugin's options; shared with the `branchpress` CLI."""
    try:
        zone = ZoneInfo(options.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise PluginError(
            f"branchpress/records 的 timezone“{options.timezone}”不是有效的时区，"
            "请写成 Asia/Shanghai 这样的 IANA 时区名。"
        ) from None
    now = None
    if options.now:
        now = validate_date_text(str(options.now), zone)
        if now is None:
            raise PluginError(
                f"branchpress/records 的 now“{options.now}”不是有效日期，请写成 2026-05-12 或 2026-05-12 14:30。"
            )
    if not options.types:
        raise PluginError("branchpress/records 的 types 不能为空：至少配置一个活动类型。")
    allowed = frozenset(normalize_number(str(number)) for number in options.privacy_allow)
    if "" in allowed:
        raise PluginError(
            "branchpress/records 的 privacy_allow 里有一项不是号码：每项写一个允许公开的号码，"
            '例如 privacy_allow: ["400-800-1234", "13800138000"]。'
        )
    return SiteSettings(
        types=dict(options.types),
        timezone=zone,
        activities_dir=options.activities_dir.strip("/"),
        now=now or datetime.now(zone),
        include_unpublished=preview,
        privacy_allow=allowed,
    )


def pages_to_check(files: Files, records: frozenset[str]) -> list[tuple[str, str]]:
    """(source, text) of every hand-written Markdown page that will be published besides records."""
    return [
        (file.src_uri, file.content_string)
        for file in files.documentation_pages()
        if file.generated_by is None and file.src_uri not in records
    ]


def content_problems(
    result: LoadResult, pages: list[tuple[str, str]], settings: SiteSettings
) -> list[Problem]:
    """Problems of the records and of the other pages, in one report; the CLI prints the same."""
    found = list(result.problems)
    for source, text in pages:
        found.extend(check_page(source, text, settings))
    return sort_problems(found)


def _photos_of(record: Record) -> list[Photo]:
    return ([record.cover] if record.cover else []) + list(record.photos)
