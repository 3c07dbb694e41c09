"""The print typeface: the packaged Noto Sans CJK SC, cut down to the characters a document uses.

WeasyPrint embeds fonts as subsets itself, but it would first parse the whole
variable collection (30 MB) for every document, and it maps each glyph back to
the first code point the font's cmap gives it — for 民 or 长 that is a look-alike
radical (⺠, ⻓), so text copied or searched in the PDF would not match. Cutting
the face down to the document's own characters first fixes both: the cmap holds
only what the text holds, and WeasyPrint reads a font of a few hundred KB. The
variable face is fixed at two weights and converted from CFF2 to CFF, which PDF
readers understand.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from fontTools import subset
from fontTools.cffLib.CFF2ToCFF import convertCFF2ToCFF
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from branchpress.core.share.fonts import packaged_face

FAMILY = "BranchPress Print"
WEIGHTS = (400, 700)
# Always there: page numbers (第 N 页) and the digits and punctuation of generated content.
_ALWAYS = "第页共 0123456789.-:/()（）：、，。"


def font_faces(text: str, folder: Path, cache: Path | None = None) -> str:
    """The @font-face rules of the face cut to `text`'s characters, written into `folder`.

    With a `cache` folder, a cut is kept by its characters: the year's report printed again
    after an edit mostly uses the same characters, and then costs no cut at all.
    """
    characters = sorted({ord(c) for c in text + _ALWAYS if c.isprintable() or c == " "})
    rules = []
    for weight in WEIGHTS:
        path = folder / f"print-{weight}.otf"
        path.write_bytes(_cached_cut(characters, weight, cache))
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


def _cached_cut(characters: list[int], weight: int, cache: Path | None) -> bytes:
    if cache is None:
        return _cut(characters, weight)
    key = hashlib.sha256(f"{packaged_face().fingerprint}|{weight}|{characters}".encode()).hexdigest()[:32]
    kept = cache / f"{key}.otf"
    if kept.is_file():
        return kept.read_bytes()
    data = _cut(characters, weight)
    cache.mkdir(parents=True, exist_ok=True)
    partial = kept.with_name(f"{key}.{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(kept)
    return data


def _cut(characters: list[int], weight: int) -> bytes:
    face = packaged_face()
    font = TTFont(face.path, fontNumber=face.index, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    options = subset.Options()
    # Kerning only, and no vertical metrics: documents are horizontal text, and every table
    # kept multiplies the cost of fixing the weight (4 s a weight for a report with all
    # layout features, 1.4 s with these).
    options.layout_features = ["kern"]
    options.drop_tables += ["vhea", "vmtx", "VVAR", "VORG", "BASE", "STAT"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=characters)
    cutter.subset(font)
    if "fvar" in font:
        font = instancer.instantiateVariableFont(font, {"wght": weight})
    if "CFF2" in font:
        convertCFF2ToCFF(font)
    font.recalcBBoxes = False  # a CID-keyed CFF has no glyph names for hhea to look up
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
