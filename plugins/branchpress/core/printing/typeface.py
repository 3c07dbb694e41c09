"""The print typeface: the packaged Noto Sans CJK SC, cut down to the characters a document uses.

WeasyPrint embeds fonts as subsets itself, but it would first parse the whole
variable collection (30 MB) for every document, and it maps each glyph back to
the first code point the font's cmap gives it — for 民 or 长 that is a look-alike
radical (⺠, ⻓), so text copied or searched in the PDF would not match. Cutting
the face down to the document's own characters first fixes both: the cmap holds
only what the text holds, and WeasyPrint reads a font of a few hundred KB.

The cut has two steps, because fixing the variable face at a weight (and converting
CFF2 to CFF, which PDF readers understand) costs about 3 ms a glyph while cutting a
static face costs almost nothing:

1. an *instance*: the variable face fixed at one weight for a set of characters — in a
   build, every report's characters at once — kept in the cache with its characters,
   so that any later document whose characters it covers needs no new one;
2. the document's own *cut* from whichever instance covers it. Glyphs keep the CID
   they have in the whole face and the cut is desubroutinized, so a document's font,
   and so its PDF, is byte-identical whichever instance it was cut from.
"""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.cffLib.CFF2ToCFF import convertCFF2ToCFF
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from branchpress.core.share.fonts import packaged_face

from . import stand_in

FAMILY = "BranchPress Print"
# The font-family list every printed text uses: the face, then boxes for what it lacks.
FAMILIES = f'"{FAMILY}", "{stand_in.FAMILY}"'
WEIGHTS = (400, 700)
# Always there: page numbers (第 N 页), list bullets, and the digits and punctuation of
# generated content.
_ALWAYS = "第页共 0123456789.-:/()（）：、，。•"
# Part of every instance's cache key: a change to how instances are made retires the old ones.
# 3: every drawn character (spaces such as U+3000, private use) and a digest beside each.
INSTANCE_VERSION = "3"
# What no face draws: controls, format characters (zero-width joiners, soft hyphens), surrogates,
# line and paragraph separators, and variation selectors (they change the character before).
_NOT_DRAWN = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def characters(text: str) -> frozenset[int]:
    """The code points of a document's text that a face draws."""
    return frozenset(
        ord(c)
        for c in text + _ALWAYS
        if unicodedata.category(c) not in _NOT_DRAWN and not any(ord(c) in block for block in _SELECTORS)
    )


def font_faces(text: str, folder: Path, cache: Path | None = None) -> str:
    """The @font-face rules of the face cut to `text`'s characters, written into `folder`.

    With a `cache` folder, instances are kept there (see the module's docstring): a document
    whose characters an earlier instance covers costs no instance at all.
    """
    needed = characters(text)
    rules = []
    lacking: frozenset[int] = frozenset()
    for weight in WEIGHTS:
        path = folder / f"print-{weight}.otf"
        data = cut(needed, instance(needed, weight, cache))
        path.write_bytes(data)
        lacking = needed - _mapped(data)
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
        )
    if lacking:
        path = folder / "print-stand-in.ttf"
        path.write_bytes(stand_in.stand_in_face(lacking))
        rules.append(f'@font-face {{ font-family: "{stand_in.FAMILY}"; src: url("{path.as_uri()}"); }}')
    return "\n".join(rules)


def _mapped(data: bytes) -> frozenset[int]:
    """The code points a font's cmap maps."""
    return frozenset(TTFont(io.BytesIO(data), lazy=True)["cmap"].getBestCmap())


def instance(needed: Iterable[int], weight: int, cache: Path | None = None) -> bytes:
    """A static instance at `weight` holding at least the `needed` characters: one kept in
    `cache` that covers them, else a new one of exactly those (kept there for next time)."""
    needed = frozenset(needed)
    if cache is None:
        return _instance(needed, weight)
    return prepare(needed, weight, cache).read_bytes()


def prepare(needed: Iterable[int], weight: int, cache: Path) -> Path:
    """The kept instance at `weight` that covers `needed`, cut first if none does. Processes
    printing side by side share the cache: while one cuts an instance, the others wait for it
    and then use it if it covers what they need."""
    needed = frozenset(needed)
    if (kept := _covering(needed, weight, cache)) is not None:
        return kept
    with _locked(cache / "instances" / f"{weight}.lock"):
        if (kept := _covering(needed, weight, cache)) is not None:
            return kept
        return _keep(needed, weight, cache, _instance(needed, weight))


def is_prepared(needed: Iterable[int], weight: int, cache: Path) -> bool:
    return _covering(frozenset(needed), weight, cache) is not None


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (where the system has fcntl; elsewhere none, and
    two workers may both cut the same instance, which is slower but as right)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl  # noqa: PLC0415 - POSIX only
    except ImportError:
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def cut(needed: Iterable[int], instance_data: bytes) -> bytes:
    """The document's font: the instance cut to the `needed` characters, the same bytes from
    any instance that covers them."""
    font = TTFont(io.BytesIO(instance_data), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    options = _options()
    # Flat charstrings and an average width of its own glyphs: nothing in the cut depends on
    # which other glyphs the instance held.
    options.desubroutinize = True
    options.recalc_average_width = True
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=sorted(needed))
    cutter.subset(font)
    font.recalcBBoxes = False
    out = io.BytesIO()
    font.save(out)
    return _numbered_in_place(out.getvalue())


def _numbered_in_place(data: bytes) -> bytes:
    """The cut with each glyph of its CID-keyed CFF given the CID of its own place in the cut.

    WeasyPrint writes glyph IDs into the PDF as CIDs (Identity-H), and a reader that follows the
    PDF specification (MuPDF) looks each CID up in the CFF charset: with the whole face's CIDs
    there, it drew another glyph or none. Only the CFF table is rewritten (the others are copied
    as they are, by glyph ID), and the cut's glyph order follows the whole face whichever
    instance it came from, so cuts stay byte-identical."""
    font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
    if "CFF " not in font:
        return data
    top = font["CFF "].cff.topDictIndex[0]
    if not hasattr(top, "ROS"):
        return data
    font.setGlyphOrder(_name_by_cid(top, range(len(top.charset))))
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _options() -> subset.Options:
    options = subset.Options()
    # Kerning only, and no vertical metrics: documents are horizontal text, and every table
    # kept multiplies the cost of fixing the weight (4 s a weight for a report with all
    # layout features, 1.4 s with these).
    options.layout_features = ["kern"]
    options.drop_tables += ["vhea", "vmtx", "VVAR", "VORG", "BASE", "STAT"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    return options


def _instance(needed: frozenset[int], weight: int) -> bytes:
    face = packaged_face()
    font = TTFont(face.path, fontNumber=face.index, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    whole = font.getReverseGlyphMap()  # glyph name -> glyph ID in the whole face
    cutter = subset.Subsetter(_options())
    cutter.populate(unicodes=sorted(needed))
    cutter.subset(font)
    if "fvar" in font:
        font = instancer.instantiateVariableFont(font, {"wght": weight})
    if "CFF2" in font:
        original = [whole[name] for name in font.getGlyphOrder()]
        convertCFF2ToCFF(font)
        _keep_cids(font, original)
    font.recalcBBoxes = False  # a CID-keyed CFF has no glyph names for hhea to look up
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _keep_cids(font: TTFont, original: list[int]) -> None:
    """Name each glyph of a CID-keyed CFF by its ID in the whole face, not by its place in this
    instance, so that cuts from different instances number the same glyph alike."""
    top = font["CFF "].cff.topDictIndex[0]
    if not hasattr(top, "ROS"):
        return
    _name_by_cid(top, original)


def _name_by_cid(top, cids: Iterable[int]) -> list[str]:
    """Give the glyphs of a CID-keyed CFF, in order, these CIDs (a CFF charset holds them as
    names cidNNNNN); the new names, in glyph order."""
    names = [f"cid{cid:05d}" if cid else ".notdef" for cid in cids]
    renamed = dict(zip(top.charset, names, strict=True))
    strings = top.CharStrings
    strings.charStrings = {renamed[name]: value for name, value in strings.charStrings.items()}
    top.charset = names
    return names


def _key(needed: frozenset[int], weight: int) -> str:
    text = f"{INSTANCE_VERSION}|{packaged_face().fingerprint}|{weight}|{sorted(needed)}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _covering(needed: frozenset[int], weight: int, cache: Path) -> Path | None:
    """The smallest kept instance at `weight` that holds every needed character. A kept
    instance whose bytes no longer match the digest noted with it (a full disk, a damaged CI
    cache) is removed, and another one used or a new one cut."""
    folder = cache / "instances"
    while True:
        best: tuple[int, str, Path, str] | None = None
        for listed in sorted(folder.glob(f"{weight}-*.chars")) if folder.is_dir() else ():
            noted = _noted(listed, listed.stat().st_mtime_ns)
            font = listed.with_suffix(".otf")
            if noted is None:
                _discard(listed)
                continue
            digest, held = noted
            if needed <= held and font.is_file() and (best is None or len(held) < best[0]):
                best = (len(held), listed.name, font, digest)
        if best is None:
            return None
        font, digest = best[2], best[3]
        if _digest(font.read_bytes()) == digest:
            return font
        _discard(font.with_suffix(".chars"))


def _discard(listed: Path) -> None:
    for path in (listed, listed.with_suffix(".otf")):
        path.unlink(missing_ok=True)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@lru_cache(maxsize=256)
def _noted(listed: Path, _modified: int) -> tuple[str, frozenset[int]] | None:
    """The digest of a kept instance and the characters it holds, from its list; None for a
    list that cannot be read (a damaged cache)."""
    try:
        first, *codes = listed.read_text(encoding="ascii").split()
        return first.removeprefix("blake2b:"), frozenset(int(code, 16) for code in codes)
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def _keep(needed: frozenset[int], weight: int, cache: Path, data: bytes) -> Path:
    """Store an instance and the list of its characters, led by the instance's digest (the
    list last: it marks the instance complete)."""
    folder = cache / "instances"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{weight}-{_key(needed, weight)}"
    font, listed = folder / f"{stem}.otf", folder / f"{stem}.chars"
    noted = " ".join([f"blake2b:{_digest(data)}", *(f"{c:x}" for c in sorted(needed))])
    for path, content in ((font, data), (listed, noted.encode("ascii"))):
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(content)
        partial.replace(path)
    return font
