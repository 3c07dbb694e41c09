"""`branchpress/pages`: record pages, listings, the home page and the navigation.

Every page here is a MkDocs page rendered through the theme's Jinja environment
with a template from `templates/branchpress/`, which `theme/` can override.
"""

from __future__ import annotations

from jinja2 import FileSystemBytecodeCache
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .. import stages
from ..adapter import records_of
from ..core import text
from ..core.site import urls
from ..core.site.context import Site
from ..core.site.culture import culture_order
from ..core.site.listings import IndexPage, ListingPage, build_listings
from ..core.site.render_keys import digest
from ..services import SiteSections
from ..theme import add_stylesheet, join_stylesheets, register_templates
from .config import PagesConfig

NAME = "branchpress/pages"
STYLESHEET = "assets/branchpress/pages.css"
# Listings only repeat record summaries; indexing them would bloat the search index and
# make every search hit a list page before the record itself.
NOT_INDEXED = {"exclude": True}
CULTURE = "culture"


class PagesPlugin(BasePlugin[PagesConfig], SiteSections):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._views: dict[str, ListingPage | IndexPage | str] = {}
        self._site: Site | None = None
        self._generate_nav = False
        self._culture: list[File] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.page_size < 1:
            raise PluginError(f"{NAME} 的 page_size 必须是正整数。")
        records_of(config, NAME)
        register_templates(config)
        add_stylesheet(config, STYLESHEET)
        self._generate_nav = self.config.navigation and config.nav is None
        return config

    @event_priority(stages.BUILD_NAV)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        records = records_of(config, NAME)
        store, planner = records.store, records.planner
        self._site = Site(store, records.settings, records.tally)
        self._views = {}
        for view in build_listings(store, records.settings, self.config.page_size):
            file = records.outputs.add_page(files, urls.source(view.url), NAME)
            self._views[file.src_uri] = view
            if planner is not None and isinstance(view, ListingPage):
                # A listing page is rendered again only when what it lists changed, or the
                # counts of its type chips.
                shown = [planner.record_digest(record.source) for record in view.records]
                chips = [(t.key, t.count) for t in self._site.types]
                planner.sign(
                    file.src_uri, digest(view.url, view.page_title, view.count, view.total, shown, chips)
                )
        if planner is not None:
            # A record page links its tags, whose slugs depend on every tag of the site.
            for record in store:
                if record.tags:
                    planner.depend(record.source, NAME, [self._site.tag_url(tag) for tag in record.tags])
        self._culture = self._culture_pages(files)
        culture_index = urls.source(self._culture_url)
        extras = [urls.source(url) for url in (urls.TIMELINE, urls.REPORTS) if urls.source(url) in files]
        if (self._culture or extras) and culture_index not in files:
            records.outputs.add_page(files, culture_index, NAME)
            self._views[culture_index] = CULTURE
        if self._generate_nav:
            config.nav = self._navigation(files, records.settings.types)
        join_stylesheets(config, files, records.outputs, NAME)
        return files

    @property
    def culture_dir(self) -> str:
        """The folder of the culture pages (SiteSections): share images know their pages by it."""
        return self.config.culture_dir

    @property
    def _culture_url(self) -> str:
        return self.config.culture_dir.strip("/") + "/"

    def _culture_pages(self, files: Files) -> list[File]:
        """Culture pages in the order of their `order` field, then by file name."""
        prefix = self._culture_url
        pages = [
            f
            for f in files.documentation_pages()
            if f.src_uri.startswith(prefix) and f.src_uri != urls.source(prefix) and f.generated_by is None
        ]
        return sorted(pages, key=lambda f: (culture_order(f.content_string), f.src_uri))

    def _navigation(self, files: Files, types) -> list:
        # Pages that other BranchPress plugins generate join the nav when they exist; those
        # plugins add their files before this one runs (stages.py).
        def present(url: str) -> bool:
            return urls.source(url) in files

        nav: list = [{"首页": "index.md"}] if "index.md" in files else []
        # A portal's member branches and their combined news (branchpress/portal).
        if present(urls.BRANCHES):
            nav.append({"成员支部": urls.source(urls.BRANCHES)})
        if present(urls.NETWORK):
            nav.append({"行业动态": urls.source(urls.NETWORK)})
        nav.append({"新闻动态": urls.source(urls.NEWS)})
        nav.append(
            {"活动分类": [{label: urls.source(urls.activity_type(key))} for key, label in types.items()]}
        )
        if present(urls.VOLUNTEERS):
            nav.append({"志愿风采": urls.source(urls.VOLUNTEERS)})
        # The brand plugin's timeline and brand kit belong to the culture section.
        # So do the annual reports of branchpress/reports.
        extras = [urls.source(url) for url in (urls.TIMELINE, urls.REPORTS, urls.BRAND_KIT) if present(url)]
        if self._culture or extras:
            section = [urls.source(self._culture_url), *(f.src_uri for f in self._culture), *extras]
            nav.append({"支部文化": section})
        nav.append({"归档": urls.source(urls.ARCHIVE)})
        if present(urls.SUBSCRIBE):
            nav.append({"订阅": urls.source(urls.SUBSCRIBE)})
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        record = self.site.store.by_source.get(src)
        view = self._views.get(src)
        # Titles are staff input: escaped once here, as Markup, so Material's templates (which
        # do not autoescape) print them safely and ours (which do) do not escape them twice.
        if record is not None:
            page.meta.update(
                title=escape(record.title),
                description=escape(record.summary),
                template="branchpress/record.html",
            )
        elif isinstance(view, (ListingPage, IndexPage)):
            title = view.page_title if isinstance(view, ListingPage) else view.title
            template = "listing" if isinstance(view, ListingPage) else view.kind
            page.meta.update(
                title=escape(title), template=f"branchpress/{template}.html", hide=["toc"], search=NOT_INDEXED
            )
        elif view == CULTURE:
            page.meta.update(title="支部文化", template="branchpress/culture.html", hide=["toc"])
        elif page.is_homepage:
            page.meta.setdefault("template", "branchpress/home.html")
            page.meta.setdefault("hide", ["navigation", "toc"])
        return markdown

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Compiling Material's and our templates takes about 0.4 s a build; Jinja checks each
        # cached template against its source's checksum, so an edited template is recompiled.
        # Jinja keys compiled templates by name and source only: a change to how templates
        # compile (autoescape of ours, theme.py) needs a folder of its own.
        folder = records_of(config, NAME).cache_dir / "templates-2"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        env.filters["zh_date"] = text.format_date
        env.filters["zh_datetime"] = text.format_datetime
        env.filters["number"] = text.format_number
        # The public URLs (docs/records.md, Public URLs), for every template (the theme's footer and
        # 404 page too).
        env.globals["site_urls"] = urls
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        site = self.site
        context["bp"] = site
        src = page.file.src_uri
        record = site.store.by_source.get(src)
        view = self._views.get(src)
        if record is not None:
            context["record"] = record
            context["newer"] = site.store.newer(record)
            context["older"] = site.store.older(record)
        elif isinstance(view, (ListingPage, IndexPage)):
            context["listing"] = view
        if view == CULTURE or page.is_homepage:
            context["culture_pages"] = [f.page for f in self._culture if f.page is not None]
        if page.is_homepage:
            context["home"] = site.home(self.config.home_latest, self.config.home_featured)
        return context

    @property
    def site(self) -> Site:
        if self._site is None:
            raise PluginError(f"{NAME}: the site context is used before on_files ran.")
        return self._site
