"""`branchpress/brand`: the branch's brand, validated once, and the culture pages built on it.

It turns the brand options into CSS custom properties (with WCAG AA contrast
enforced), gives every template a `brand` global (footer filings, contact, hero),
and generates /culture/timeline/ (founding date and milestone records) and
/culture/brand/ (the brand kit: logo PNGs, colours, slogan).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import stages
from ..adapter import records_of, records_or_none
from ..core.brand.identity import Brand, brand_stylesheet
from ..core.brand.logo import LogoError, load_logo_file, stored_logo_png
from ..core.site import urls
from ..services import BrandSource, RecordsContext
from ..theme import register_templates
from .config import BrandConfig, brand_from_config

log = get_plugin_logger(__name__)

STYLESHEET = "assets/branchpress/brand.css"
NAME = "branchpress/brand"
TIMELINE = urls.source(urls.TIMELINE)
KIT = urls.source(urls.BRAND_KIT)


class BrandPlugin(BasePlugin[BrandConfig], BrandSource):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._brand: Brand | None = None
        self._records: RecordsContext | None = None
        self._kit: list[tuple[int, str]] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._records = records_or_none(config)
        brand, problems = brand_from_config(self.config, config)
        if brand is None:
            for problem in problems:
                log.error(str(problem))
            raise PluginError(
                f"品牌配置有 {len(problems)} 处错误，网站没有生成。请按上面的修改方法改好 mkdocs.yml。"
            )
        self._brand = brand
        register_templates(config)
        # After branchpress.css and Material, so the brand's colours win; before the site's own CSS.
        if STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        if brand.logo_on_primary and not config.theme.get("logo"):
            config.theme["logo"] = brand.logo_on_primary
        if brand.logo and not config.theme.get("favicon"):
            config.theme["favicon"] = brand.logo
        if not config.copyright:
            config.copyright = self._copyright(brand)
        elif brand.copyright:
            config.copyright = brand.copyright
        return config

    def _copyright(self, brand: Brand) -> str:
        if brand.copyright:
            return brand.copyright
        years = ""
        if brand.founded and self._records is not None:
            latest = self._records.settings.current_time().year
            years = f"{brand.founded.year}–{latest} " if latest > brand.founded.year else f"{latest} "
        return f"© {years}{brand.name}"

    @event_priority(stages.ADD_PAGES)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        records = records_of(config, NAME)
        brand, outputs = self.brand, records.outputs
        kit_cache = records.cache_dir / "brand"
        outputs.add_file(files, STYLESHEET, NAME, content=brand_stylesheet(brand))
        for src_uri in (TIMELINE, KIT):
            outputs.add_page(files, src_uri, NAME)
        self._kit = []
        if brand.logo:
            try:
                logo = load_logo_file(Path(config.docs_dir, brand.logo))
            except LogoError as error:
                raise PluginError(f"{NAME} 的 logo：{error}") from None
            for size in brand.kit_sizes:
                target = urls.brand_kit_logo(size)
                outputs.add_file(files, target, NAME, content=stored_logo_png(logo, size, kit_cache))
                self._kit.append((size, target))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == TIMELINE:
            page.meta.update(title="大事记", template="branchpress/timeline.html", hide=["toc"])
        elif page.file.src_uri == KIT:
            page.meta.update(title="品牌素材", template="branchpress/brand-kit.html", hide=["toc"])
        return markdown

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # A global, not page context: the footer and the 404 page need it too.
        env.globals["brand"] = self.brand
        env.globals["brand_kit"] = self._kit
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if page.file.src_uri == TIMELINE and self._records is not None:
            context["milestones"] = self._records.store.milestones()
        return context

    @property
    def brand(self) -> Brand:
        if self._brand is None:
            raise PluginError("branchpress/brand: the brand is used before on_config ran.")
        return self._brand

    @property
    def configured_brand(self) -> Brand | None:
        """The brand, or None while this plugin's `on_config` has not run (listed later)."""
        return self._brand
