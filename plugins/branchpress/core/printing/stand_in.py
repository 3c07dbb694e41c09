"""A stand-in face for the characters the print typeface does not have (an emoji, a private-use
character from a pasted Word file, a code point Unicode has not assigned yet).

Without it, Pango looks for such a character in the machine's own fonts, and where no font
has it WeasyPrint draws the "missing glyph" and switches the whole font to an encoding of its
own making (`/WP-Encod-0`), which pypdf garbles and pdfminer.six drops: every character of
the document, not only the missing one, stops reading back. So each such character gets a
glyph of its own here — the same hollow box, but one glyph per character, so that the PDF's
ToUnicode map turns each back into the character written. The box is what a reader would see
anyway; the PDF is laid out in faces it carries, the same on every machine.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

FAMILY = "BranchPress Print Stand-in"
_EM = 1000
_ASCENT, _DESCENT = 880, -120


def stand_in_face(characters: Iterable[int]) -> bytes:
    """A TrueType face with a hollow box for each of `characters` (at least one)."""
    codes = sorted(set(characters))
    if not codes:
        raise ValueError("a stand-in face needs at least one character")
    names = {code: f"uni{code:04X}" if code <= 0xFFFF else f"u{code:X}" for code in codes}
    order = [".notdef", *names.values()]
    builder = FontBuilder(_EM, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(names)
    builder.setupGlyf({name: _box() for name in order})
    builder.setupHorizontalMetrics({name: (_EM, 100) for name in order})
    builder.setupHorizontalHeader(ascent=_ASCENT, descent=_DESCENT)
    builder.setupNameTable({"familyName": FAMILY, "styleName": "Regular"})
    builder.setupOS2(
        sTypoAscender=_ASCENT,
        sTypoDescender=_DESCENT,
        usWinAscent=_ASCENT,
        usWinDescent=-_DESCENT,
    )
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def _box():
    """A hollow square on the baseline, the width of a Chinese character: an outer contour
    clockwise (TrueType's rule) and an inner one the other way, which cuts the hole."""
    pen = TTGlyphPen(None)
    outer = ((100, -60), (100, 740), (900, 740), (900, -60))
    inner = ((160, 0), (840, 0), (840, 680), (160, 680))
    for contour in (outer, inner):
        pen.moveTo(contour[0])
        for point in contour[1:]:
            pen.lineTo(point)
        pen.closePath()
    return pen.glyph()
