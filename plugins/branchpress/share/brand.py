"""The brand of share images, from this plugin's options and the rest of the site's configuration."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..adapter import project_path, service_of
from ..core.share.look import BrandDefaults, ShareBrand, resolve_share_brand
from ..services import BrandSource
from .config import ShareConfig


def share_brand(config: MkDocsConfig, options: ShareConfig) -> ShareBrand:
    """One brand for the whole site: branchpress/brand (listed earlier, so configured by now)
    supplies whatever the share plugin's own options leave out. Raises ShareBrandError."""
    brands = service_of(config, BrandSource)
    site_brand = brands.configured_brand if brands is not None else None
    # The favicon is the coloured mark; theme.logo is often a white variant for the header.
    theme_logos = (config.theme.get("favicon"), config.theme.get("logo"))
    defaults = BrandDefaults.of_site(site_brand, config.site_description or "", theme_logos)
    return resolve_share_brand(
        **{option: options[option] for option in ("color", "accent", "logo", "font", "slogan")},
        defaults=defaults,
        site_name=config.site_name,
        docs_dir=Path(config.docs_dir),
        project=project_path(config, "."),
    )
