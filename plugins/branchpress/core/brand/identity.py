"""The branch's brand as the site uses it, validated from plain values (no MkDocs here)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from branchpress.core.fields import Field, FieldCheck, Kind, Schema
from branchpress.core.problems import Problem

from .colour import ColourError, Palette, parse

MIIT_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"
_ICP = re.compile(r"^\S{1,4}ICP[备证]\d{6,12}号(?:-\d{1,3})?$")
_POLICE = re.compile(r"^\S{1,4}公网安备\s*(\d{14})\s*号$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Brand:
    name: str
    short_name: str
    slogan: str
    logo: str | None  # docs path
    logo_on_primary: str | None
    palette: Palette
    founded: date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    icp: str = ""
    police: str = ""
    police_code: str = ""
    police_icon: str | None = None
    copyright: str = ""
    kit_sizes: tuple[int, ...] = field(default=(256, 512, 1024))

    @property
    def icp_url(self) -> str:
        return MIIT_URL

    @property
    def police_url(self) -> str:
        return POLICE_URL.format(code=self.police_code) if self.police_code else ""


def _colour(text: str) -> str | None:
    try:
        return parse(text)
    except ColourError:
        return None


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


_COLOUR_FIX = '写成 # 加六位十六进制数，例如 "#c8102e"（注意加引号）。'

# The options MkDocs has already typed (see brand/config.py), checked for what they mean.
# A colour written empty is wrong, not missing: the site has no colour to fall back on.
BRAND = Schema(
    Field(
        "primary_color",
        Kind.TEXT,
        blank_is_wrong=True,
        parse=_colour,
        wrong="“{value}”不是颜色。",
        fix=_COLOUR_FIX,
    ),
    Field(
        "accent_color",
        Kind.TEXT,
        blank_is_wrong=True,
        parse=_colour,
        wrong="“{value}”不是颜色。",
        fix=_COLOUR_FIX,
    ),
    Field("founded", Kind.DATE, parse=_date, wrong="“{value}”不是有效日期。", fix="写成 2016-07-01 的形式。"),
    Field(
        "icp",
        Kind.TEXT,
        parse=_ICP.match,
        wrong="“{value}”不像 ICP 备案号。",
        fix="照工信部备案系统里的写法填写，例如 京ICP备2026000000号-1。",
    ),
    Field(
        "police",
        Kind.TEXT,
        parse=_POLICE.match,
        wrong="“{value}”不像公安备案号。",
        fix="照公安备案系统里的写法填写，例如 京公网安备11010502000000号（14 位数字）。",
    ),
    Field(
        "contact.email",
        Kind.TEXT,
        parse=_EMAIL.match,
        wrong="“{value}”不是电子邮箱地址。",
        fix="写成 dangjian@example.org.cn 的形式。",
    ),
)


def build_brand(
    values: dict,
    *,
    site_name: str,
    site_description: str,
    theme_logo: str | None,
    theme_favicon: str | None,
    docs_dir: Path,
    source: str = "mkdocs.yml",
) -> tuple[Brand | None, list[Problem]]:
    """Validate the brand options; every problem names the option and its fix, in Chinese."""
    check = FieldCheck(source, prefix="branchpress/brand.")
    primary = check.value(BRAND["primary_color"], values["primary_color"])
    accent = check.value(BRAND["accent_color"], values["accent_color"])
    logo = values.get("logo") or theme_favicon
    logo_on_primary = values.get("logo_on_primary") or theme_logo or logo
    for option, path in (
        ("logo", logo),
        ("logo_on_primary", logo_on_primary),
        ("police_icon", values.get("police_icon")),
    ):
        if path and not (docs_dir / path).is_file():
            check.error(
                option,
                f"找不到文件“{path}”（应在 {docs_dir.name}/{path}）。",
                "检查文件名和路径；路径相对于 content/ 文件夹。",
            )
    founded = check.value(BRAND["founded"], values.get("founded"))
    icp = check.value(BRAND["icp"], values.get("icp"))
    police = check.value(BRAND["police"], values.get("police"))
    contact = values.get("contact") or {}
    email = check.value(BRAND["contact.email"], contact.get("email"))
    sizes = tuple(sorted(set(values.get("kit_sizes") or ())))
    if any(s < 16 or s > 4096 for s in sizes):
        check.error("kit_sizes", "品牌素材的尺寸应在 16 到 4096 像素之间。", "例如 [256, 512, 1024]。")
    if check.problems:
        return None, check.problems

    name = (values.get("name") or site_name).strip()
    return (
        Brand(
            name=name,
            short_name=(values.get("short_name") or name).strip(),
            slogan=(values.get("slogan") or site_description or "").strip(),
            logo=logo,
            logo_on_primary=logo_on_primary,
            palette=Palette.from_brand(primary, accent),
            founded=founded,
            address=(contact.get("address") or "").strip(),
            phone=(contact.get("phone") or "").strip(),
            email=email.group(0) if email else "",
            icp=icp.group(0) if icp else "",
            police=police.group(0) if police else "",
            police_code=police.group(1) if police else "",
            police_icon=values.get("police_icon"),
            copyright=(values.get("copyright") or "").strip(),
            kit_sizes=sizes,
        ),
        [],
    )


def brand_stylesheet(brand: Brand) -> str:
    """CSS custom properties for Material and our components, from the brand's palette."""
    p = brand.palette
    return f"""/* Generated by branchpress/brand from mkdocs.yml: edit the brand there, not here. */
:root > * {{
  --md-primary-fg-color: {p.primary};
  --md-primary-fg-color--light: {p.primary_light};
  --md-primary-fg-color--dark: {p.primary_dark};
  --md-primary-bg-color: {p.on_primary};
  --md-primary-bg-color--light: {p.on_primary}b3;
  --md-accent-fg-color: {p.link_hover};
  --md-accent-fg-color--transparent: {p.accent}1a;
  --md-accent-bg-color: {p.on_primary};
  --md-typeset-a-color: {p.link};
  --bp-accent: {p.accent};
  --bp-accent-on-primary: {p.accent_on_primary};
  --bp-on-primary: {p.on_primary};
  --bp-strong-primary: {p.strong};
}}
"""
