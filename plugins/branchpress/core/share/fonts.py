"""The typeface of share images: Noto Sans CJK SC from PyPI, or a font file the branch names.

The packaged font (manimgx-fonts-cjk, SIL OFL 1.1) is an unmodified Noto Sans CJK
variable TTC: every weight in one file, so titles can be bold, and it is installed
with BranchPress, so a fresh machine renders Chinese with no download at build time.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

PACKAGE = "manimgx_fonts_cjk"
DISTRIBUTION = "manimgx-fonts-cjk"
PACKAGED_FILE = "NotoSansCJK-VF.otf.ttc"
# The collection holds JP, KR, SC, TC and HK faces; SC has the mainland glyph forms.
SIMPLIFIED_CHINESE = 2


class FontError(Exception):
    """A font file that cannot be used, with what is wrong (Chinese)."""


@dataclass(frozen=True)
class FontFace:
    """A face in a font file; `fingerprint` names its exact version for cache keys."""

    path: str
    index: int
    fingerprint: str


def packaged_face() -> FontFace:
    path = importlib.resources.files(PACKAGE) / PACKAGED_FILE
    # The package is pinned: its name and version identify the glyphs without hashing 30 MB.
    version = importlib.metadata.version(DISTRIBUTION)
    return FontFace(str(path), SIMPLIFIED_CHINESE, f"{DISTRIBUTION}=={version}#{SIMPLIFIED_CHINESE}")


def custom_face(path: Path) -> FontFace:
    """A TrueType/OpenType file (its first face); raises FontError when it is not one."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FontError(f"无法读取字体文件 {path}（{error.strerror}）。") from None
    try:
        ImageFont.truetype(str(path), 20)
    except OSError:
        raise FontError(f"{path} 不是可用的字体文件（应为 .ttf、.otf 或 .ttc）。") from None
    return FontFace(str(path), 0, hashlib.sha256(data).hexdigest())


@lru_cache(maxsize=32)
def font(face: FontFace, size: int, weight: str = "Regular") -> ImageFont.FreeTypeFont:
    """The face at a pixel size and named weight; a static font keeps its one weight.

    Basic layout (FreeType alone) rather than Raqm: Chinese needs no shaping, and the
    glyph positions then do not depend on which system libraries are installed.
    """
    loaded = ImageFont.truetype(face.path, size, index=face.index, layout_engine=ImageFont.Layout.BASIC)
    try:
        names = loaded.get_variation_names()
    except OSError:  # not a variable font
        return loaded
    if weight.encode() in names:
        loaded.set_variation_by_name(weight)
    return loaded


def missing_glyphs(face: FontFace, text: str) -> str:
    """The characters of `text` the face has no glyph for (they would print as tofu boxes).

    Pillow draws a missing character as the font's .notdef glyph, so a character whose
    bitmap equals that of a private-use code point no font maps is missing.
    """
    loaded = font(face, 32)
    notdef = _bitmap(loaded, "\U0010fffd")
    return "".join(dict.fromkeys(c for c in text if not c.isspace() and _bitmap(loaded, c) == notdef))


def _bitmap(loaded: ImageFont.FreeTypeFont, char: str) -> tuple:
    mask = loaded.getmask(char)
    return mask.size, bytes(mask)
