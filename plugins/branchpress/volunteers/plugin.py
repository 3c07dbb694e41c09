"""`branchpress/volunteers`: /volunteers/ highlights, yearly leaderboards, names with consent.

Event flow: `on_files` reads the roster, tallies the store's published records and
adds the generated pages (before branchpress/pages builds the nav, which links
/volunteers/ when it exists); `on_page_context` hands templates the tally's views.
Consent is enforced last: a volunteer with `public: false` is printed as 志愿者 by
our templates, and any other mention of the name (in staff prose, a title, the
search index, a feed) is replaced on its way out.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from branchpress.core.people.highlights import HOME_URL, Highlights, HighlightsPage, PersonPage
from branchpress.core.people.roster import ANONYMOUS, Roster, load_roster, redact, withheld_in_urls
from branchpress.core.people.tally import VolunteerTally, check_volunteers
from branchpress.core.problems import Severity
from branchpress.core.records.model import Record
from branchpress.records.plugin import RecordsPlugin
from branchpress.theme import add_stylesheet, register_templates

from .config import VolunteersConfig

log = get_plugin_logger(__name__)

STYLESHEET = "assets/branchpress/volunteers.css"
NOT_INDEXED = {"exclude": True}
# Output files other plugins write after the pages (feeds, the search index, sitemaps).
SWEPT_SUFFIXES = (".xml", ".json", ".txt")


class VolunteersPlugin(BasePlugin[VolunteersConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._records: RecordsPlugin | None = None
        self._highlights: Highlights | None = None
        self._views: dict[str, HighlightsPage | PersonPage] = {}
        self._withheld: tuple[str, ...] = ()
        self._swept: set[str] = set()
        self._started = 0.0

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        records = config.plugins.get("branchpress/records")
        if not isinstance(records, RecordsPlugin) or "branchpress/pages" not in config.plugins:
            raise PluginError(
                "branchpress/volunteers 需要 branchpress/records 和 branchpress/pages："
                "请在 mkdocs.yml 的 plugins 里把它们写在 branchpress/volunteers 之前。"
            )
        if self.config.leaderboard_size < 1:
            raise PluginError("branchpress/volunteers 的 leaderboard_size 必须是正整数。")
        for option in ("spotlight", "latest"):
            if self.config[option] < 0:
                raise PluginError(f"branchpress/volunteers 的 {option} 不能是负数（写 0 表示不显示）。")
        self._records = records
        # Files older than this build were swept by an earlier one (a `mkdocs serve` rebuild
        # keeps the pages it did not render again); a margin covers coarse file times.
        self._started = time.time() - 2
        register_templates(config)
        add_stylesheet(config, STYLESHEET)
        return config

    @event_priority(-40)  # after branchpress/records loads the store, before branchpress/pages makes the nav
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._records is not None
        roster = self._load_roster(Path(config.docs_dir))
        # The roster holds withheld names: it is read here and never published.
        roster_file = files.get_file_from_path(self.config.roster)
        if roster_file is not None:
            files.remove(roster_file)
        store = self._records.store
        tally = VolunteerTally(store.records, roster)
        for problem in check_volunteers(tally) + withheld_in_urls(store.records, roster):
            log.warning(str(problem))
        self._withheld = roster.withheld_names()
        self._report_mentions(store.records)
        self._highlights = highlights = Highlights(tally, self._records.settings, self.config)
        self._views = {}
        self._add(files, config, highlights.home(), InclusionLevel.UNDEFINED)
        for year in highlights.years:
            self._add(files, config, highlights.year(year), InclusionLevel.NOT_IN_NAV)
        for person in highlights.people():
            self._add(files, config, person, InclusionLevel.NOT_IN_NAV)
        return files

    def _load_roster(self, docs_dir: Path) -> Roster:
        roster, problems = load_roster(docs_dir, self.config.roster)
        for problem in problems:
            (log.error if problem.severity is Severity.ERROR else log.warning)(str(problem))
        errors = [p for p in problems if p.is_error]
        if errors:
            # Without a readable roster we cannot know whose names are withheld: stop.
            raise PluginError(
                f"志愿者名册 {self.config.roster} 有 {len(errors)} 个错误，网站没有生成。"
                "请按上面每一条的修改方法改好后再试。"
            )
        return roster

    def _report_mentions(self, records: tuple[Record, ...]) -> None:
        """Tell staff where the site will print 志愿者 instead of a name they wrote."""
        for record in records:
            texts = [record.title, record.summary, record.body, record.location]
            texts += [
                t
                for p in ([record.cover] if record.cover else []) + list(record.photos)
                for t in (p.caption, p.alt)
            ]
            count = sum(redact(text, self._withheld)[1] for text in texts)
            if count:
                log.info(
                    f"{record.source}：有 {count} 处写了名册中不公开姓名（public: false）的志愿者，"
                    f"网站上一律显示为“{ANONYMOUS}”。如需别的说法，请改写这篇记录。"
                )

    def _add(self, files: Files, config: MkDocsConfig, view, inclusion: InclusionLevel) -> None:
        src_uri = view.url + "index.md"
        if src_uri in files:
            raise PluginError(
                f"content/{src_uri} 与自动生成的志愿风采页面同名（网址 /{view.url}）。"
                "请给这个文件改名或移到其他文件夹。"
            )
        files.append(File.generated(config, src_uri, content="", inclusion=inclusion))
        self._views[src_uri] = view

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        view = self._views.get(page.file.src_uri)
        # Like listings, these pages repeat what the records say: kept out of the search index.
        if isinstance(view, HighlightsPage):
            page.meta.update(
                title=view.title, template="branchpress/volunteers.html", hide=["toc"], search=NOT_INDEXED
            )
        elif isinstance(view, PersonPage):
            page.meta.update(
                title=view.name,
                template="branchpress/volunteers-person.html",
                hide=["toc"],
                search=NOT_INDEXED,
            )
        return markdown

    @event_priority(-100)  # last: whatever others rendered, before search and feeds read it
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not self._withheld:
            return html
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = redact(page.meta[key], self._withheld)[0]
        return redact(html, self._withheld)[0]

    @event_priority(-10)  # after branchpress/pages has set `bp`, which our templates use too
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        highlights = self.highlights
        view = self._views.get(page.file.src_uri)
        if view is not None:
            context["vh"] = highlights
            context["vpage"] = view
        record = self._records.store.by_source.get(page.file.src_uri) if self._records else None
        if record is not None and record.volunteers:
            context["volunteer_credits"] = highlights.credits(record)
        if page.is_homepage:
            context["volunteering"] = highlights.tally.totals()
            context["volunteering_url"] = HOME_URL
        return context

    @event_priority(-100)  # the last word on every page's HTML
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if not self._withheld:
            return output
        self._swept.add(page.file.abs_dest_path)
        return redact(output, self._withheld)[0]

    @event_priority(-100)  # after search, feeds and sitemaps are written
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Sweep the text files other plugins wrote, so a withheld name leaves in no file."""
        if not self._withheld:
            return
        # JSON writers may escape Chinese as \uXXXX; both spellings are swept.
        forms = self._withheld + tuple(json.dumps(n)[1:-1] for n in self._withheld)
        for folder, _dirs, names in os.walk(config.site_dir):
            for name in names:
                path = os.path.join(folder, name)
                rendered_page = name.endswith(".html") and path in self._swept
                if rendered_page or not name.endswith((*SWEPT_SUFFIXES, ".html")):
                    continue
                try:
                    if os.stat(path).st_mtime < self._started:
                        continue
                    text = Path(path).read_text(encoding="utf-8")
                except (UnicodeDecodeError, OSError):
                    continue
                cleaned, count = redact(text, forms)
                if count:
                    Path(path).write_text(cleaned, encoding="utf-8")
        self._swept = set()

    @property
    def highlights(self) -> Highlights:
        if self._highlights is None:
            raise PluginError("branchpress/volunteers: the highlights are used before on_files ran.")
        return self._highlights
