"""Brand colours: parsing, WCAG contrast, and adjustments that keep text readable.

The branch picks its red; we make sure every pairing the theme uses meets WCAG AA
(4.5:1 for body text) by choosing white or black text on it, and by darkening or
lightening it where it is itself used as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import ImageColor

AA = 4.5
AAA = 7.0  # the high-contrast scheme (大字版) keeps every text at least this far from its ground
TINT = "#f0f0f0"  # the high-contrast scheme's lightest grey, behind chips and tags
_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
WHITE = "#ffffff"
INK = "#1a1a1a"


class ColourError(ValueError):
    pass


def parse(value: str) -> str:
    """Normalise '#C8102E', 'c8102e', '#c12', 'rgb(200, 16, 46)' or a CSS colour name to
    '#c8102e'; raise ColourError otherwise. The one colour model of the site and its images."""
    text = str(value).strip()
    match = _HEX.match(text)
    if match:
        digits = match.group(1).lower()
        return "#" + ("".join(d * 2 for d in digits) if len(digits) == 3 else digits)
    try:
        red, green, blue, *_ = ImageColor.getrgb(text)
    except ValueError:
        raise ColourError(value) from None
    return _hex((red, green, blue))


def rgb(colour: str) -> tuple[int, int, int]:
    """The colour as (red, green, blue), what Pillow draws with."""
    digits = parse(colour)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """`amount` of `other` mixed into `colour` (0 = colour, 1 = other)."""
    a, b = rgb(colour), rgb(other)
    return _hex(tuple(x + (y - x) * amount for x, y in zip(a, b, strict=True)))


def readable_on(background: str) -> str:
    """White or ink on the background, whichever reaches AA; pure black for mid-greys.

    Either white or black always reaches 4.5:1 (the worst case, a luminance near 0.18,
    still gives 4.58:1), so the result is always readable.
    """
    for candidate in sorted((WHITE, INK), key=lambda c: -contrast(c, background)):
        if contrast(candidate, background) >= AA:
            return candidate
    return "#000000"


def toward_contrast(colour: str, background: str, target: float = AA) -> str:
    """The colour, darkened or lightened in small steps until it reaches `target` on the background."""
    if contrast(colour, background) >= target:
        return colour
    end = "#000000" if luminance(background) > 0.18 else WHITE
    for step in range(1, 101):
        candidate = mix(colour, end, step / 100)
        if contrast(candidate, background) >= target:
            return candidate
    return end


@dataclass(frozen=True)
class Palette:
    """Every colour the theme uses, derived from the brand's two."""

    primary: str  # header, buttons, badges
    on_primary: str  # text on primary
    primary_dark: str
    primary_light: str
    accent: str  # decoration; never small text on white
    accent_on_primary: str  # the slogan on the red hero
    link: str  # primary as text on white
    link_hover: str
    strong: str  # primary darkened to 7:1 against white and the tint: header and links in high contrast

    @classmethod
    def from_brand(cls, primary: str, accent: str) -> Palette:
        primary, accent = parse(primary), parse(accent)
        link = toward_contrast(primary, WHITE)
        return cls(
            primary=primary,
            on_primary=readable_on(primary),
            primary_dark=mix(primary, "#000000", 0.2),
            primary_light=mix(primary, WHITE, 0.2),
            accent=accent,
            accent_on_primary=toward_contrast(accent, primary),
            link=link,
            link_hover=toward_contrast(mix(link, "#000000", 0.25), WHITE),
            strong=toward_contrast(primary, TINT, AAA),
        )
