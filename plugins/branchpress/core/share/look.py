"""The branch's brand as share images use it: colours, logo, typeface, name and slogan."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

from branchpress.core.brand.colour import parse, rgb
from branchpress.core.brand.logo import Logo, LogoError, load_logo_file

from .fonts import FontError, FontFace, custom_face, missing_glyphs, packaged_face

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class ShareBrand:
    color: RGB
    accent: RGB
    logo: Logo | None
    face: FontFace
    site_name: str
    slogan: str

    @cached_property  # asked for every image's key; the brand does not change in a build
    def fingerprint(self) -> str:
        """Everything about the brand that changes pixels, for cache keys."""
        data = asdict(self)
        data["logo"] = self.logo.digest if self.logo else None
        data["face"] = self.face.fingerprint
        return json.dumps(data, sort_keys=True, ensure_ascii=False)


def parse_color(value: str) -> RGB:
    """Any colour the brand accepts, as RGB; raises ValueError otherwise."""
    return rgb(parse(value))


class ShareBrandError(ValueError):
    """An option of branchpress/share that cannot be used, with the fix (Chinese)."""


@dataclass(frozen=True)
class BrandDefaults:
    """What the site's brand (branchpress/brand, else the theme) says, for options left out."""

    color: str = "#c8102e"
    accent: str = "#e6b422"
    logo: str | None = None  # docs path
    slogan: str = ""
    # Theme icons to fall back on; either may be Material's own default outside the docs folder.
    theme_logos: tuple[str | None, ...] = ()

    @classmethod
    def of_site(cls, brand, site_description: str, theme_logos: tuple[str | None, ...]) -> BrandDefaults:
        """From branchpress/brand's `Brand` when the site has one, else from the theme."""
        if brand is None:
            return cls(slogan=site_description, theme_logos=theme_logos)
        return cls(brand.palette.primary, brand.palette.accent, brand.logo, brand.slogan)


def resolve_share_brand(
    *,
    color: str | None,
    accent: str | None,
    logo: str | None,
    font: str | None,
    slogan: str | None,
    defaults: BrandDefaults,
    site_name: str,
    docs_dir: Path,
    project: Path,
) -> ShareBrand:
    """One brand for the whole site: the share options, else the site's brand."""
    colours = {}
    for option, value in (("color", color or defaults.color), ("accent", accent or defaults.accent)):
        try:
            colours[option] = parse_color(value)
        except ValueError:
            raise ShareBrandError(
                f"branchpress/share 的 {option}“{value}”不是颜色：请写成 #c8102e 这样的十六进制颜色。"
            ) from None
    return ShareBrand(
        color=colours["color"],
        accent=colours["accent"],
        logo=_logo(
            logo or defaults.logo, defaults.theme_logos, docs_dir, explicit=bool(logo or defaults.logo)
        ),
        face=_face(font, project, site_name),
        site_name=site_name,
        slogan=slogan if slogan is not None else defaults.slogan,
    )


def _logo(chosen: str | None, theme_logos: tuple[str, ...], docs_dir: Path, explicit: bool) -> Logo | None:
    if chosen:
        path = docs_dir / chosen
        if not path.is_file():
            raise ShareBrandError(
                f"branchpress/share 的 logo 指向的文件 {chosen} 在 {docs_dir} 里不存在："
                "请写 docs 文件夹里标志文件的路径，例如 assets/brand/logo.svg。"
            )
    else:
        found = [docs_dir / c for c in theme_logos if c and (docs_dir / c).is_file()]
        if not found:
            return None
        path = found[0]
    try:
        return load_logo_file(path)
    except LogoError as error:
        raise ShareBrandError(f"branchpress/share 的 logo：{error}") from None


def _face(font: str | None, project: Path, site_name: str) -> FontFace:
    if not font:
        return packaged_face()
    path = project / font
    if not path.is_file():
        raise ShareBrandError(
            f"branchpress/share 的 font 指向的字体文件 {font} 不存在"
            "（路径相对于 mkdocs.yml）：请检查文件名，或删掉 font 使用自带的思源黑体。"
        )
    try:
        face = custom_face(path)
    except FontError as error:
        raise ShareBrandError(f"branchpress/share 的 font：{error}") from None
    missing = missing_glyphs(face, site_name + "活动分享长按识别二维码")
    if missing:
        raise ShareBrandError(
            f"branchpress/share 的 font {font} 不含中文字形（缺少“{missing[:8]}”）："
            "请换用含中文的字体，例如 Noto Sans SC，或删掉 font 使用自带字体。"
        )
    return face
