"""Drawing helpers shared by share cards and posters: brand backgrounds, chips, text blocks."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from branchpress.core.brand.logo import logo_image

from .fonts import font, missing_glyphs
from .linebreak import break_lines
from .look import RGB, ShareBrand

# Opening marks whose full-width glyph is blank on its left half.
OPENING = frozenset("“‘（《「『【〔〖〈")
WHITE: RGB = (255, 255, 255)
INK: RGB = (29, 29, 31)
GREY: RGB = (92, 92, 98)
# Characters outside these ranges are checked against the font (emoji would print as boxes).
_COMMON = ((0x20, 0x7E), (0x2000, 0x206F), (0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))


def mix(color: RGB, other: RGB, amount: float) -> RGB:
    """`color` moved `amount` (0..1) of the way towards `other`."""
    return tuple(round(a + (b - a) * amount) for a, b in zip(color, other, strict=True))  # type: ignore[return-value]


def brand_field(
    size: tuple[int, int], brand: ShareBrand, rings_at: tuple[int, int], ring_radius: int
) -> Image.Image:
    """The brand colour, a touch deeper towards the bottom, with concentric rings like a rising sun."""
    width, height = size
    deep = mix(brand.color, (0, 0, 0), 0.16)
    ramp = Image.linear_gradient("L").resize((1, height)).resize(size)
    field = Image.composite(Image.new("RGB", size, deep), Image.new("RGB", size, brand.color), ramp)
    draw = ImageDraw.Draw(field)
    x, y = rings_at
    for step in range(5):
        radius = ring_radius + step * ring_radius // 4
        tone = mix(brand.color, WHITE, 0.09 - step * 0.012)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=tone, width=3)
    return field


def paste_logo(image: Image.Image, brand: ShareBrand, box: tuple[int, int], size: int) -> None:
    if brand.logo is None:
        return
    mark = logo_image(brand.logo, size)
    image.paste(mark, box, mark)


def drawable(text: str, brand: ShareBrand) -> str:
    """The text without characters the font cannot draw (emoji, rare symbols): no tofu boxes."""
    rare = "".join(c for c in text if not any(low <= ord(c) <= high for low, high in _COMMON))
    if not rare:
        return text
    missing = set(missing_glyphs(brand.face, rare))
    return " ".join("".join(c for c in text if c not in missing).split())


def chip(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, face, fill: RGB, ink: RGB) -> int:
    """A rounded label; returns its right edge."""
    x, y = xy
    left, top, right, bottom = draw.textbbox((0, 0), text, font=face)
    pad_x, pad_y = face.size * 0.65, face.size * 0.38
    height = face.size + 2 * pad_y
    box = (x, y, x + (right - left) + 2 * pad_x, y + height)
    draw.rounded_rectangle(box, radius=height / 2, fill=fill)
    # Centre on the glyphs' own box: CJK glyphs sit low in their em square.
    draw.text((x + pad_x - left, y + (height - (bottom - top)) / 2 - top), text, font=face, fill=ink)
    return round(box[2])


@dataclass(frozen=True)
class TextBlock:
    lines: tuple[str, ...]
    face: ImageFont.FreeTypeFont
    leading: float  # line height as a multiple of the font size
    truncated: bool = False  # cut short with an ellipsis

    @property
    def height(self) -> int:
        return round(self.face.size * self.leading * len(self.lines))

    def draw(self, draw: ImageDraw.ImageDraw, xy: tuple[float, float], fill: RGB) -> None:
        x, y = xy
        step = self.face.size * self.leading
        offset = (step - self.face.size) / 2
        for number, line in enumerate(self.lines):
            draw.text((x - self.indent(line), y + number * step + offset), line, font=self.face, fill=fill)

    def indent(self, line: str) -> float:
        """An opening mark at a line start is set half-width (clreq), so the text edge stays straight."""
        if not line or line[0] not in OPENING:
            return 0.0
        ink = self.face.getmask(line[0]).getbbox()
        # Ideographs' ink starts about 3 % of the size in; a squeezed mark lines up with them.
        return max(0.0, min(ink[0] - self.face.size * 0.03, self.face.size / 2)) if ink else 0.0


def fit_text(
    text: str,
    brand: ShareBrand,
    width: int,
    sizes: tuple[int, ...],
    max_lines: int,
    weight: str = "Regular",
    leading: float = 1.4,
) -> TextBlock:
    """The largest of `sizes` at which the text fits in `max_lines`; else the smallest, cut with …."""
    text = drawable(text, brand)
    for size in sizes:
        face = font(brand.face, size, weight)
        lines = break_lines(text, face.getlength, width)
        if len(lines) <= max_lines:
            return TextBlock(tuple(lines), face, leading)
    face = font(brand.face, sizes[-1], weight)
    return TextBlock(
        tuple(break_lines(text, face.getlength, width, max_lines)), face, leading, truncated=True
    )
