"""The 公众号 edition of a site from its MkDocs configuration: shared by `branchpress wechat` and
the serve-only button, so both make the same article.

The article links and shows images at the site's real address (`site_url` as mkdocs.yml
writes it): `mkdocs serve` replaces site_url by its own local address, which the 公众号
editor cannot fetch images from.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import markdown
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from ..core.brand.identity import Brand, build_brand
from ..core.imaging.views import PhotoView
from ..core.records.store import RecordStore
from ..core.site import urls
from ..core.wechat.article import TEMPLATE, Edition, Masthead, site_address
from ..theme import template_env

# The brand kit's smallest logo that stays sharp at 48 px on a 3x phone screen.
LOGO_PIXELS = 144


def published_site_url(config: MkDocsConfig) -> str | None:
    """site_url as mkdocs.yml writes it (also under `mkdocs serve`), with a final slash."""
    site_url = config.site_url
    if config.config_file_path:
        # Only the file's own settings: no plugin is loaded for this.
        site_url = load_config(config.config_file_path, plugins=[]).site_url
    if not site_url:
        return None
    return site_url if site_url.endswith("/") else site_url + "/"


def default_brand(config: MkDocsConfig) -> Brand:
    """The brand of a site without branchpress/brand: its name, description and default colours."""
    brand, _problems = build_brand(
        {"primary_color": "#c8102e", "accent_color": "#e6b422"},
        site_name=config.site_name,
        site_description=config.site_description or "",
        theme_logo=None,
        theme_favicon=None,
        docs_dir=Path(config.docs_dir),
    )
    assert brand is not None  # the defaults are valid colours
    return brand


def masthead(brand: Brand, site_url: str, has_kit: bool) -> Masthead:
    logo = None
    if has_kit and brand.logo and brand.kit_sizes:
        size = next((s for s in brand.kit_sizes if s >= LOGO_PIXELS), brand.kit_sizes[-1])
        logo = site_url + urls.brand_kit_logo(size)
    return Masthead(brand.name, brand.slogan, logo, brand.palette, site_address(site_url))


def markdown_converter(config: MkDocsConfig) -> Callable[[str], str]:
    """Markdown to HTML with the site's own extensions, one converter reused for every record."""
    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    return lambda text: converter.reset().convert(text)


def page_resolver(config: MkDocsConfig, store: RecordStore) -> Callable[[str], str]:
    """Docs path of a Markdown file -> its site-relative URL: a record's, else MkDocs' rule."""

    def page_of(path: str) -> str:
        record = store.by_source.get(path)
        if record is not None:
            return record.url
        return File(path, config.docs_dir, config.site_dir, config.use_directory_urls).url

    return page_of


def edition(
    config: MkDocsConfig,
    *,
    site_url: str,
    brand: Brand,
    has_kit: bool,
    store: RecordStore,
    photo_at: Callable[[str], PhotoView | None],
) -> Edition:
    return Edition(
        site_url=site_url,
        masthead=masthead(brand, site_url, has_kit),
        template=template_env(config).get_template(TEMPLATE),
        convert=markdown_converter(config),
        photo_at=photo_at,
        page_of=page_resolver(config, store),
    )
