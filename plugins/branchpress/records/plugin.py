"""`branchpress/records`: read every record once into the store shared by all plugins.

Event flow: `on_config` turns options into the project (branchpress/project.py: paths,
settings, roster options); `on_files` has the project load the volunteer roster and every
record, keeps the public view of each in the store,
checks the hand-written pages for personal numbers (all problems reported
together, the build stopped on errors), then points each record's page at its
public URL and hands MkDocs the public body, so nothing parses a record twice.
Hand-written pages get the same public view on their way through
(`on_page_markdown`); every page's rendered body is read for off-host loads and scripts
(`on_page_content`, records/page_loads.py), all of them reported before anything is written
(`on_env`); and every page's HTML passes one last guard (`on_post_page`).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import stages
from ..adapter import (
    Outputs,
    content_file_paths,
    keep_private_files,
    pages_to_check,
    point_record_files,
    stop_on_problems,
    text_settings,
)
from ..core.build_lock import BuildBusy, BuildLock
from ..core.people.exposure import withheld_in_file_names, withheld_in_settings
from ..core.people.public import Withholding
from ..core.people.tally import VolunteerTally
from ..core.problems import Problem, sort_problems
from ..core.records.config_checks import config_problems
from ..core.records.settings import SiteSettings
from ..core.records.store import LoadMemo, LoadResult, RecordStore
from ..core.site.page_loads import local_targets
from ..core.site.visible import files_spelling
from ..nav_memo import install as install_nav_memo
from ..project import Content, Project
from ..runtime import tune_garbage_collector
from ..services import RecordsContext
from ..theme import escape_ours
from .config import RecordsConfig, cache_dir_of, project_of
from .incremental import RenderPlanner
from .notices import log_roster_notices, roster_summary
from .page_loads import body_problems, config_load_problems, source_text
from .published_files import screen_files
from .rendering import Rendering

log = get_plugin_logger(__name__)
VOLUNTEERS = "branchpress/volunteers"
NOBODY_WITHHELD = Withholding()
SUMMARY = "内容检查发现 {errors} 个错误（另有 {warnings} 个警告），网站没有生成。请按上面每一条的修改方法改好后再试。"


class RecordsPlugin(BasePlugin[RecordsConfig], RecordsContext):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._preview = False
        self._project: Project | None = None
        self._content: Content | None = None
        self._outputs: Outputs | None = None
        self._rendering = Rendering()
        self._memo: LoadMemo | None = None  # kept between `mkdocs serve` rebuilds
        self._build_lock_at: BuildLock | None = None
        self._page_loads: list[Problem] = []  # off-host loads of the pages converted so far
        self._linked: set[str] = set()  # site paths the converted pages link or show

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Drafts and scheduled records are shown (with a banner) only in `mkdocs serve`.
        self._preview = command == "serve"
        tune_garbage_collector()
        self._rendering.startup(command, dirty)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """One build at a time in this folder (core/build_lock.py), held until the build ends;
        `mkdocs build` keeps unchanged pages of the last build (records/rendering.py)."""
        try:
            self._build_lock.acquire(log.info)  # info: waiting is no warning under --strict
        except BuildBusy as busy:
            raise PluginError(str(busy)) from None
        self._rendering.pre_build(config, self.cache_dir)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        return self._rendering.serve(server, config)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The roster options used to be branchpress/volunteers'; written there they still work.
        volunteers = config.plugins.get(VOLUNTEERS)
        old_place = volunteers.config if volunteers is not None else None
        self._project, notices = project_of(config, self.config, self._preview, old_place)
        for notice in notices:
            log.warning(notice)
        self._content = self._outputs = None
        self.__dict__.pop("tally", None)
        if self._rendering.planner is not None:
            self._memo = (self._memo or LoadMemo()).for_settings(self.settings)
        return config

    @event_priority(stages.LOAD_RECORDS)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        project = self.project
        self._content = content = project.load(self._memo)
        result = content.result
        keep_private_files(files, result, project.private_files)
        withheld = content.withholding.forms
        settings, config_text = text_settings(config), _text_of(config)
        found = [
            *config_problems(settings, self.settings.privacy_allow, config_text),
            *config_load_problems(config, self.settings, config_text),
            *withheld_in_settings(settings, withheld, config_text),
            *withheld_in_file_names(content_file_paths(files, result.sources, config.docs_dir), withheld),
        ]
        problems = sort_problems([*content.problems(pages_to_check(files, result.sources)), *found])
        stop_on_problems(
            log, problems, SUMMARY + roster_summary(project.roster_source, content.roster_problems)
        )
        log_roster_notices(log, result, content.roster, check_lists=VOLUNTEERS in config.plugins)
        self._outputs = Outputs(config, content.withholding.forms, self._rendering.last_build())
        point_record_files(files, result.store, config.use_directory_urls)
        self._rendering.begin(result.store, config.docs_dir)
        self._page_loads, self._linked = [], set()
        return files

    @event_priority(stages.STOP_ON_PAGE_LOADS)
    def _stop_on_page_loads(self, env, *, config: MkDocsConfig, files: Files):
        """First: every page is converted and nothing is written yet; a page that loads from
        another host or runs a script, or a file of content/ refused, stops the build here, all
        of them in one report. Files no published page needs are left out (published_files.py)."""
        # A published record's cover and photos are shown by templates, not linked from its body.
        pictures = {picture.path for record in self.store for picture in record.pictures}
        found = screen_files(files, config, self._linked | pictures, self.cache_dir / "published-files")
        stop_on_problems(log, sort_problems([*self._page_loads, *found]), SUMMARY)
        return env

    @event_priority(stages.ESCAPE_TEMPLATES)
    def _escape_templates(self, env, *, config: MkDocsConfig, files: Files):
        """Our templates autoescape before any plugin renders one (theme.py); the primary
        navigation is rendered once for all pages outside it (nav_memo.py)."""
        install_nav_memo(env, list(config.theme.dirs))
        return escape_ours(env)

    on_env = CombinedEvent(_stop_on_page_loads, _escape_templates)

    @event_priority(stages.PLAN_RENDER)
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self._rendering.plan(nav, files, config, self.settings.activities_dir)
        return nav

    @event_priority(stages.REMEMBER_BUILD)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Last: every file is written; what the next build can keep is saved."""
        try:
            self._rendering.succeeded(self.outputs.writer)
        finally:
            self._build_lock.release()

    def on_build_error(self, *, error: Exception) -> None:
        try:
            self._rendering.failed()
            if self._outputs is not None:  # a stopped build leaves no file that spells a withheld name
                for path in files_spelling(self._outputs.writer.site_dir, self.withholding.forms):
                    path.unlink()
        finally:
            self._build_lock.release()

    def on_shutdown(self) -> None:
        self._build_lock.release()

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """The sitemap's lastmod of a record is its own date, not the day of the build, so that
        rebuilding unchanged content writes the same files."""
        record = self.store.by_source.get(page.file.src_uri)
        if record is not None:
            page.update_date = record.last_modified.date().isoformat()
        self._rendering.pre_page(page)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A hand-written page's public view: withheld names out of its text and front matter."""
        if page.file.src_uri in self.store.by_source:
            return markdown  # already the record's public body
        page.meta.update(self.withholding.meta(page.meta, ("title", "description")))
        return self.withholding.text(markdown)[0]

    @event_priority(stages.RESTORE_BODIES)
    def _restore_body(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page kept from the last build gets its body back (feeds and search read it)."""
        return self._rendering.page_content(
            page, html, keep_content=page.file.src_uri in self.store.by_source
        )

    @event_priority(stages.CHECK_PAGE_LOADS)
    def _check_page_loads(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Last, on the body as published: what it loads from another host, or runs. Pages
        BranchPress generates escape what they print and are not staff's to fix."""
        self._linked |= local_targets(html, page.url)
        if page.file.generated_by is None:
            source = page.file.src_uri
            self._page_loads += body_problems(
                source,
                source_text(str(Path(config.docs_dir) / source)),
                html,
                page.url,
                self.settings,
                is_record=source in self.store.by_source,
            )
        return html

    on_page_content = CombinedEvent(_restore_body, _check_page_loads)

    @event_priority(stages.GUARD_PAGES)
    def _guard_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Whatever a template or mkdocs.yml put into a page: no withheld name leaves in it."""
        return self.withholding.text(output)[0]

    @event_priority(stages.RESTORE_FILES)
    def _kept_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Last: a page kept from the last build is put back as that build wrote it."""
        return self._rendering.post_page(page, output)

    def kept_page_digest(self, page: Page) -> str | None:
        """The `html_digest` of a page this build kept from the last one (its HTML was not in
        on_post_page: the file was moved into place); None for a page rendered now."""
        return self._rendering.kept_digest(page)

    on_post_page = CombinedEvent(_guard_page, _kept_page)

    @property
    def project(self) -> Project:
        if self._project is None:
            raise PluginError("branchpress/records: the project is used before on_config ran.")
        return self._project

    @property
    def _build_lock(self) -> BuildLock:
        if self._build_lock_at is None or self._build_lock_at.path.parent != self.cache_dir:
            self._build_lock_at = BuildLock(self.cache_dir)
        return self._build_lock_at

    @property
    def cache_dir(self) -> Path:
        return cache_dir_of(self.config)

    @property
    def settings(self) -> SiteSettings:
        return self.project.settings

    @property
    def content(self) -> Content:
        if self._content is None:
            raise PluginError("branchpress/records: the store is read before on_files ran; list it first.")
        return self._content

    @property
    def result(self) -> LoadResult:
        """Everything loaded, records as written included; only the ledger reads those."""
        return self.content.result

    @property
    def store(self) -> RecordStore:
        """The public views of this build's published records; available from `on_files` on."""
        return self.content.result.store

    @property
    def withholding(self) -> Withholding:
        return self.content.withholding if self._content is not None else NOBODY_WITHHELD

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
        """Where plugins sign the pages a build may keep (serve, and build unless disabled)."""
        return self._rendering.planner


def _text_of(config: MkDocsConfig) -> str:
    """mkdocs.yml as written, to tell the line of a setting."""
    try:
        return Path(config.config_file_path or "").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
