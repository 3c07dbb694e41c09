"""`branchpress/volunteers`: /volunteers/ highlights, yearly leaderboards, names with consent.

Event flow: `on_files` adds the generated pages from the build's one volunteer tally
(before branchpress/pages builds the nav, which links /volunteers/ when it exists);
`on_page_context` hands templates the tally's views. Consent and masking are not
decided here: branchpress/records reads the roster and keeps only the public view of
each record, whose volunteers are already 志愿者 or masked.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import stages
from ..adapter import records_of
from ..core.people.highlights import HOME_URL, Highlights, HighlightsPage, PersonPage
from ..theme import register_templates
from .config import VolunteersConfig

NAME = "branchpress/volunteers"
# Like listings, these pages repeat what the records say: kept out of the search index.
NOT_INDEXED = {"exclude": True}


class VolunteersPlugin(BasePlugin[VolunteersConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._highlights: Highlights | None = None
        self._views: dict[str, HighlightsPage | PersonPage] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        records_of(config, NAME)
        if "branchpress/pages" not in config.plugins:
            raise PluginError(
                f"{NAME} 需要 branchpress/pages：请在 mkdocs.yml 的 plugins 里把它写在 {NAME} 之前。"
            )
        if self.config.leaderboard_size < 1:
            raise PluginError(f"{NAME} 的 leaderboard_size 必须是正整数。")
        for option in ("spotlight", "latest"):
            if self.config[option] < 0:
                raise PluginError(f"{NAME} 的 {option} 不能是负数（写 0 表示不显示）。")
        register_templates(config)
        return config

    @event_priority(stages.ADD_PAGES)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        records = records_of(config, NAME)
        self._highlights = highlights = Highlights(records.tally, records.settings, self.config)
        self._views = {}
        pages = [(highlights.home(), InclusionLevel.UNDEFINED)]
        pages += [(highlights.year(year), InclusionLevel.NOT_IN_NAV) for year in highlights.years]
        pages += [(person, InclusionLevel.NOT_IN_NAV) for person in highlights.people()]
        for view, inclusion in pages:
            file = records.outputs.add_page(files, view.url + "index.md", NAME, inclusion)
            self._views[file.src_uri] = view
        if records.planner is not None:
            # A record's page links each volunteer to their page, which depends on every record.
            for record in records.store:
                if record.volunteers:
                    records.planner.depend(record.source, NAME, highlights.credits(record))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        view = self._views.get(page.file.src_uri)
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

    @event_priority(stages.PAGE_CONTEXT)
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        highlights = self.highlights
        view = self._views.get(page.file.src_uri)
        if view is not None:
            context["vh"] = highlights
            context["vpage"] = view
        record = records_of(config, NAME).store.by_source.get(page.file.src_uri)
        if record is not None and record.volunteers:
            context["volunteer_credits"] = highlights.credits(record)
        if page.is_homepage:
            context["volunteering"] = highlights.tally.totals()
            context["volunteering_url"] = HOME_URL
        return context

    @property
    def highlights(self) -> Highlights:
        if self._highlights is None:
            raise PluginError(f"{NAME}: the highlights are used before on_files ran.")
        return self._highlights
