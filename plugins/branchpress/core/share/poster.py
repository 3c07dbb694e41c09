"""WeChat share posters: one 1080×1920 picture per record, saved and posted to 朋友圈.

WeChat link cards are unreliable, so staff share a poster instead: the brand
header, the cover photo, label, date, title and summary, and a QR code that a
long press in WeChat opens as the record's page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import segno
from PIL import Image, ImageDraw, ImageOps

from .canvas import GREY, INK, WHITE, brand_field, chip, fit_text, mix, paste_logo
from .fonts import font
from .look import ShareBrand

WIDTH, HEIGHT = 1080, 1920
MARGIN = 72
COVER = (WIDTH - 2 * MARGIN, 624)  # 3:2, the shape of most phone photos
HEADER = 270
FOOTER = 110
QR_BOX = 276
QR_MASK = 2
# Bump when the same inputs would give different pixels: it is part of every poster's key.
POSTER_VERSION = "4"
FORMAT = "jpg"
MIME_TYPE = "image/jpeg"


@dataclass(frozen=True)
class PosterText:
    """What one poster says; the cover photo is passed apart, by its file on disk."""

    label: str
    title: str
    date: str
    summary: str
    url: str  # absolute: what the QR code opens
    cover: str = ""  # identity of the cover rendition (photo key and name), "" for none


@lru_cache(maxsize=4)
def _backdrop(brand: ShareBrand, placeholder: bool) -> Image.Image:
    """Header, footer and QR caption: what every poster of a brand shares; with the brand
    panel where the cover goes for records without one."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    header = brand_field((WIDTH, HEADER), brand, rings_at=(WIDTH + 30, HEADER + 40), ring_radius=170)
    image.paste(header, (0, 0))
    draw = ImageDraw.Draw(image)
    logo = 116
    paste_logo(image, brand, (MARGIN, (HEADER - logo) // 2), logo)
    x = MARGIN + (logo + 30 if brand.logo else 0)
    draw.text(
        (x, HEADER / 2 - 26), brand.site_name, font=font(brand.face, 48, "Bold"), fill=WHITE, anchor="lm"
    )
    draw.rectangle((x, HEADER / 2 + 22, x + 56, HEADER / 2 + 27), fill=brand.accent)
    draw.text(
        (x + 74, HEADER / 2 + 25), "活动分享", font=font(brand.face, 30), fill=brand.accent, anchor="lm"
    )
    footer = brand_field((WIDTH, FOOTER), brand, rings_at=(-40, FOOTER + 60), ring_radius=90)
    image.paste(footer, (0, HEIGHT - FOOTER))
    if brand.slogan:
        draw.text(
            (WIDTH / 2, HEIGHT - FOOTER / 2),
            brand.slogan,
            font=font(brand.face, 34, "Medium"),
            fill=brand.accent,
            anchor="mm",
        )
    qr_top = HEIGHT - FOOTER - 56 - QR_BOX
    text_x = MARGIN + QR_BOX + 48
    draw.text(
        (text_x, qr_top + 92), "长按识别二维码", font=font(brand.face, 46, "Bold"), fill=INK, anchor="lm"
    )
    draw.text((text_x, qr_top + 158), "阅读活动全文", font=font(brand.face, 34), fill=GREY, anchor="lm")
    draw.line((MARGIN, qr_top - 44, WIDTH - MARGIN, qr_top - 44), fill=mix(INK, WHITE, 0.88), width=2)
    if placeholder:
        image.paste(_placeholder(brand), (MARGIN, HEADER + 44), _rounded_mask(COVER, 24))
    return image


def render_poster(poster: PosterText, brand: ShareBrand, cover_path: str | None = None) -> bytes:
    """The poster as JPEG bytes; the same inputs always give the same bytes."""
    image = _backdrop(brand, placeholder=not cover_path).copy()
    draw = ImageDraw.Draw(image)
    top = HEADER + 44
    if cover_path:
        image.paste(_cover(cover_path), (MARGIN, top), _rounded_mask(COVER, 24))
    y = top + COVER[1] + 48
    right = chip(draw, (MARGIN, y), poster.label, font(brand.face, 30, "Bold"), brand.color, WHITE)
    draw.text((right + 24, y + 26), poster.date, font=font(brand.face, 32), fill=GREY, anchor="lm")
    y += 52 + 34
    title = fit_text(poster.title, brand, COVER[0], (60, 54, 50), 3, "Bold", 1.34)
    title.draw(draw, (MARGIN, y), INK)
    y += title.height + 28
    qr_top = HEIGHT - FOOTER - 56 - QR_BOX
    room = qr_top - 44 - 36 - y
    summary_lines = max(0, min(4, int(room // (34 * 1.6))))
    if poster.summary and summary_lines:
        summary = fit_text(poster.summary, brand, COVER[0], (34,), summary_lines, "Regular", 1.6)
        summary.draw(draw, (MARGIN, y), GREY)
    qr, quiet = qr_image(poster.url, QR_BOX)
    # The modules, not the white quiet zone around them, line up with the margin.
    image.paste(qr, (MARGIN - quiet, qr_top))
    host = urlsplit(poster.url).hostname or ""
    if host:
        draw.text(
            (MARGIN + QR_BOX + 48, qr_top + 216),
            host,
            font=font(brand.face, 28),
            fill=brand.color,
            anchor="lm",
        )
    out = io.BytesIO()
    # 4:2:0, as WeChat re-encodes what is posted to 朋友圈 anyway: 175 KB instead of 208 KB,
    # and 40 % faster than 4:4:4. The QR code's black and white lose nothing to it.
    image.save(out, "JPEG", quality=86, subsampling=2, optimize=True)
    return out.getvalue()


def qr_image(url: str, box: int) -> tuple[Image.Image, int]:
    """A QR code for `url` in whole pixels per module (crisp), with its quiet zone, in a
    box × box white square; also the width of the white edge before the first module."""
    # A fixed mask: segno would otherwise score all eight, a third of a poster's time; any
    # mask reads well for a short URL, and the test decodes every poster it renders.
    code = segno.make_qr(url, error="m", mask=QR_MASK)
    modules = code.symbol_size(scale=1, border=4)[0]
    scale = max(1, box // modules)
    matrix = Image.new("L", (modules, modules), 255)
    matrix.putdata([0 if bit else 255 for row in code.matrix_iter(scale=1, border=4) for bit in row])
    symbol = matrix.resize((modules * scale, modules * scale), Image.Resampling.NEAREST)
    square = Image.new("RGB", (box, box), WHITE)
    offset = (box - symbol.width) // 2
    square.paste(symbol.convert("RGB"), (offset, offset))
    return square, offset + 4 * scale


def _cover(path: str) -> Image.Image:
    """The cover photo cropped to fill the frame, a little above centre (where faces are)."""
    with Image.open(path) as photo:
        photo.draft("RGB", COVER)
        return ImageOps.fit(photo.convert("RGB"), COVER, Image.Resampling.LANCZOS, centering=(0.5, 0.4))


@lru_cache(maxsize=4)
def _placeholder(brand: ShareBrand) -> Image.Image:
    """A record without a cover photo shows the brand: the logo amid the rings."""
    panel = brand_field(COVER, brand, rings_at=(COVER[0] // 2, COVER[1] // 2), ring_radius=150)
    paste_logo(panel, brand, ((COVER[0] - 200) // 2, (COVER[1] - 200) // 2), 200)
    return panel


@lru_cache(maxsize=2)
def _rounded_mask(size: tuple[int, int], radius: int) -> Image.Image:
    # Drawn at 4× and reduced: smooth corners without anti-aliased drawing primitives.
    big = Image.new("L", (size[0] * 4, size[1] * 4), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, big.width - 1, big.height - 1), radius * 4, fill=255)
    return big.resize(size, Image.Resampling.LANCZOS)
