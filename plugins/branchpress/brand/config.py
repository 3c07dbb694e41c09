"""The brand of the branch (党建品牌): one validated place for name, colours, logo and filings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from branchpress.core.brand.identity import Brand, build_brand
from branchpress.core.problems import Problem


class ContactConfig(base.Config):
    address = c.Optional(c.Type(str))
    phone = c.Optional(c.Type(str))
    email = c.Optional(c.Type(str))


class BrandConfig(base.Config):
    name = c.Optional(c.Type(str))
    """Full name of the branch; default: site_name."""

    short_name = c.Optional(c.Type(str))
    """Short name for tight places (header on phones, icons); default: name."""

    slogan = c.Optional(c.Type(str))
    """The brand slogan; default: site_description."""

    logo = c.Optional(c.Type(str))
    """The coloured logo, a path in the docs folder (SVG, PNG or JPEG); default: theme.favicon."""

    logo_on_primary = c.Optional(c.Type(str))
    """A variant for the brand-coloured header; default: theme.logo, else the logo."""

    primary_color = c.Type(str, default="#c8102e")
    accent_color = c.Type(str, default="#e6b422")

    founded = c.Optional(c.Type((str, date)))
    """Founding date (YYYY-MM-DD): the first entry of the culture timeline."""

    contact = c.SubConfig(ContactConfig)

    icp = c.Optional(c.Type(str))
    """ICP filing number, e.g. 京ICP备2026000000号-1, linked to beian.miit.gov.cn."""

    police = c.Optional(c.Type(str))
    """Public-security filing, e.g. 京公网安备11010502000000号, linked with its record code."""

    police_icon = c.Optional(c.Type(str))
    """The official 公安备案 badge (docs path) if the branch has it; else a plain shield is drawn."""

    copyright = c.Optional(c.Type(str))
    """Footer copyright line; default: © <founding year>–<latest year> <name>."""

    kit_sizes = c.ListOfItems(c.Type(int), default=[256, 512, 1024])
    """Logo PNG sizes offered on the brand-kit page."""


def brand_from_config(options: BrandConfig, config: MkDocsConfig) -> tuple[Brand | None, list[Problem]]:
    """The validated brand from the options and the site's; shared with `branchpress wechat`."""
    return build_brand(
        dict(options),
        site_name=config.site_name,
        site_description=config.site_description or "",
        theme_logo=config.theme.get("logo"),
        theme_favicon=config.theme.get("favicon"),
        docs_dir=Path(config.docs_dir),
    )
