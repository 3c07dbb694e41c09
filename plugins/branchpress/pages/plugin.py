"""`branchpress/pages`: record pages, listings, the home page and the navigation.

Every page here is a MkDocs page rendered through the theme's Jinja environment
with a template from `templates/branchpress/`, which `theme/` can override.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from branchpress.core import text
from branchpress.core.records.frontmatter import FrontMatterError, split_record
from branchpress.core.site.context import Site
from branchpress.core.site.listings import IndexPage, ListingPage, build_listings
from branchpress.core.site.render_keys import digest
from branchpress.records.plugin import RecordsPlugin
from branchpress.theme import add_stylesheet, register_templates

from .config import PagesConfig

STYLESHEET = "assets/branchpress/branchpress.css"
# Listings only repeat record summaries; indexing them would bloat the search index and
# make every search hit a list page before the record itself.
NOT_INDEXED = {"exclude": True}


class PagesPlugin(BasePlugin[PagesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._views: dict[str, ListingPage | IndexPage | str] = {}
        self._site: Site | None = None
        self._records: RecordsPlugin | None = None
        self._generate_nav = False
        self._culture: list[File] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.page_size < 1:
            raise PluginError("branchpress/pages 的 page_size 必须是正整数。")
        records = config.plugins.get("branchpress/records")
        if not isinstance(records, RecordsPlugin):
            raise PluginError(
                "branchpress/pages 需要 branchpress/records：请在 mkdocs.yml 的 plugins 里加上它。"
            )
        self._records = records
        register_templates(config)
        add_stylesheet(config, STYLESHEET)
        self._generate_nav = self.config.navigation and config.nav is None
        return config

    @event_priority(-50)  # after branchpress/records has loaded the store
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._records is not None
        store, settings = self._records.store, self._records.settings
        self._site = Site(store, settings)
        self._views = {}
        preview = self._records.preview
        for view in build_listings(store, settings, self.config.page_size):
            self._add_generated(files, config, view.url + "index.md", view)
            if preview is not None and isinstance(view, ListingPage):
                # A preview rebuild renders a listing page again only when what it lists changed.
                shown = [preview.record_digest(record.source) for record in view.records]
                preview.sign(view.url + "index.md", digest(view.url, view.count, view.total, shown))
        self._culture = self._culture_pages(files)
        culture_index = f"{self.config.culture_dir}/index.md"
        if (self._culture or "culture/timeline/index.md" in files) and culture_index not in files:
            self._add_generated(files, config, culture_index, "culture")
        if self._generate_nav:
            config.nav = self._navigation(files, [f.src_uri for f in self._culture])
        return files

    def _add_generated(self, files: Files, config: MkDocsConfig, src_uri: str, view) -> None:
        if src_uri in files:
            raise PluginError(
                f"content/{src_uri} 与自动生成的页面同名（网址 /{src_uri.removesuffix('index.md')}）。"
                "请给这个文件改名或移到其他文件夹。"
            )
        # Listings are linked from the nav sections and each other; only some belong in the nav.
        files.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        self._views[src_uri] = view

    def _culture_pages(self, files: Files) -> list[File]:
        """Culture pages in the order of their `order` field, then by file name."""
        prefix = self.config.culture_dir.strip("/") + "/"
        pages = [
            f
            for f in files.documentation_pages()
            if f.src_uri.startswith(prefix) and f.src_uri != prefix + "index.md" and f.generated_by is None
        ]
        return sorted(pages, key=lambda f: (_order_of(f), f.src_uri))

    def _navigation(self, files: Files, culture: list[str]) -> list:
        settings = self._records.settings  # type: ignore[union-attr]
        nav: list = []
        if "index.md" in files:
            nav.append({"首页": "index.md"})
        nav.append({"新闻动态": "news/index.md"})
        nav.append(
            {"活动分类": [{label: f"activities/{key}/index.md"} for key, label in settings.types.items()]}
        )
        # Pages that other BranchPress plugins generate join the nav when they exist; those
        # plugins add their files before this one runs (their on_files has a higher priority).
        if "volunteers/index.md" in files:
            nav.append({"志愿风采": "volunteers/index.md"})
        # The brand plugin's timeline and brand kit belong to the culture section.
        extras = [uri for uri in ("culture/timeline/index.md", "culture/brand/index.md") if uri in files]
        if culture or extras:
            nav.append({"支部文化": [f"{self.config.culture_dir}/index.md", *culture, *extras]})
        nav.append({"归档": "archive/index.md"})
        if "subscribe/index.md" in files:
            nav.append({"订阅": "subscribe/index.md"})
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        store = self.site.store
        record = store.by_source.get(src)
        view = self._views.get(src)
        # Titles are staff input: escaped once here, as Markup, so Material's templates (which
        # do not autoescape) print them safely and ours (which do) do not escape them twice.
        if record is not None:
            page.meta.update(
                title=escape(record.title),
                description=escape(record.summary),
                template="branchpress/record.html",
            )
        elif isinstance(view, ListingPage):
            page.meta.update(
                title=escape(view.page_title),
                template="branchpress/listing.html",
                hide=["toc"],
                search=NOT_INDEXED,
            )
        elif isinstance(view, IndexPage):
            page.meta.update(
                title=escape(view.title),
                template=f"branchpress/{view.kind}.html",
                hide=["toc"],
                search=NOT_INDEXED,
            )
        elif view == "culture":
            page.meta.update(title="支部文化", template="branchpress/culture.html", hide=["toc"])
        elif page.is_homepage:
            page.meta.setdefault("template", "branchpress/home.html")
            page.meta.setdefault("hide", ["navigation", "toc"])
        return markdown

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Compiling Material's and our templates takes about 0.4 s a build; Jinja checks each
        # cached template against its source's checksum, so an edited template is recompiled.
        root = Path(config.config_file_path or ".").resolve().parent
        env.bytecode_cache = FileSystemBytecodeCache(_folder(root / self.config.cache_dir / "templates"))
        env.filters["zh_date"] = text.format_date
        env.filters["zh_datetime"] = text.format_datetime
        env.filters["number"] = text.format_number
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
        elif view == "culture":
            context["culture_pages"] = [f.page for f in self._culture if f.page is not None]
        if page.is_homepage:
            context["home"] = site.home(self.config.home_latest, self.config.home_featured)
            context["culture_pages"] = [f.page for f in self._culture if f.page is not None]
        return context

    @property
    def site(self) -> Site:
        if self._site is None:
            raise PluginError("branchpress/pages: the site context is used before on_files ran.")
        return self._site


def _folder(path: Path) -> str:
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def _order_of(file: File) -> float:
    try:
        order = split_record(file.content_string).data.get("order")
    except (FrontMatterError, OSError, ValueError):
        return float("inf")
    return order if isinstance(order, (int, float)) and not isinstance(order, bool) else float("inf")
