"""Social cards: the 1200×630 picture link previews show (og:image, twitter:image).

Brand red with the rising-sun rings of the logo, the logo and the branch's name,
a gold label (the activity type or the section), the title in bold Noto Sans CJK
set by Chinese line-breaking rules, and a date or count with the slogan at the foot.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw

from .canvas import WHITE, brand_field, chip, fit_text, mix, paste_logo
from .fonts import font
from .look import ShareBrand

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
# Bump when the same inputs would give different pixels: it is part of every card's key.
CARD_VERSION = "3"
FORMAT = "jpg"
MIME_TYPE = "image/jpeg"


@dataclass(frozen=True)
class CardText:
    """What one card says."""

    label: str  # activity type or section, e.g. 志愿服务
    title: str
    detail: str = ""  # the date, or how many records a listing holds


@lru_cache(maxsize=4)
def _backdrop(brand: ShareBrand) -> Image.Image:
    """Everything a brand's cards share, drawn once per process."""
    image = brand_field((WIDTH, HEIGHT), brand, rings_at=(WIDTH + 40, HEIGHT + 60), ring_radius=250)
    draw = ImageDraw.Draw(image)
    logo_size = 84
    paste_logo(image, brand, (MARGIN, 52), logo_size)
    name_x = MARGIN + (logo_size + 22 if brand.logo else 0)
    name = font(brand.face, 34, "Medium")
    draw.text((name_x, 52 + logo_size / 2), brand.site_name, font=name, fill=WHITE, anchor="lm")
    draw.line((MARGIN, 520, WIDTH - MARGIN, 520), fill=mix(brand.color, WHITE, 0.28), width=2)
    if brand.slogan:
        slogan = font(brand.face, 30, "Medium")
        draw.text((WIDTH - MARGIN, 568), brand.slogan, font=slogan, fill=brand.accent, anchor="rm")
    return image


def render_card(card: CardText, brand: ShareBrand) -> bytes:
    """The card as JPEG bytes; the same card and brand always give the same bytes."""
    image = _backdrop(brand).copy()
    draw = ImageDraw.Draw(image)
    top = 176
    if card.label:
        label_face = font(brand.face, 28, "Bold")
        chip(draw, (MARGIN, top), card.label, label_face, brand.accent, mix(brand.color, (0, 0, 0), 0.25))
    width = WIDTH - 2 * MARGIN - 40
    # A short title (a section's name) fills the card at display size; longer ones step down.
    title = fit_text(card.title, brand, width, (88,), 1, "Bold", 1.3)
    if title.truncated:
        title = fit_text(card.title, brand, width, (68, 60, 54), 3, "Bold", 1.3)
    # The title sits in the middle of the band between the label and the rule, a little high.
    band_top, band_bottom = top + 64, 500
    y = band_top + max(0, (band_bottom - band_top - title.height) * 0.4)
    title.draw(draw, (MARGIN, y), WHITE)
    if card.detail:
        detail = font(brand.face, 30, "Regular")
        draw.text((MARGIN, 568), card.detail, font=detail, fill=mix(brand.color, WHITE, 0.82), anchor="lm")
    out = io.BytesIO()
    # JPEG at 4:2:0, what WeChat, Weibo and the rest re-encode every preview to anyway: as
    # sharp as PNG at that end, and 2 ms to encode instead of 13 (1,000 cards: 11 s of CPU).
    image.save(out, "JPEG", quality=88, subsampling=2)
    return out.getvalue()
