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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.cffLib.CFF2ToCFF import convertCFF2ToCFF
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from branchpress.core.share.fonts import packaged_face

FAMILY = "BranchPress Print"
WEIGHTS = (400, 700)
# Always there: page numbers (第 N 页), list bullets, and the digits and punctuation of
# generated content.
_ALWAYS = "第页共 0123456789.-:/()（）：、，。•"
# Part of every instance's cache key: a change to how instances are made retires the old ones.
INSTANCE_VERSION = "2"


def characters(text: str) -> frozenset[int]:
    """The code points a document's text needs from the typeface."""
    return frozenset(ord(c) for c in text + _ALWAYS if c.isprintable() or c == " ")


def font_faces(text: str, folder: Path, cache: Path | None = None) -> str:
    """The @font-face rules of the face cut to `text`'s characters, written into `folder`.

    With a `cache` folder, instances are kept there (see the module's docstring): a document
    whose characters an earlier instance covers costs no instance at all.
    """
    needed = characters(text)
    rules = []
    for weight in WEIGHTS:
        path = folder / f"print-{weight}.otf"
        path.write_bytes(cut(needed, instance(needed, weight, cache)))
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


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
    names = [f"cid{gid:05d}" if gid else ".notdef" for gid in original]
    renamed = dict(zip(top.charset, names, strict=True))
    strings = top.CharStrings
    strings.charStrings = {renamed[name]: value for name, value in strings.charStrings.items()}
    top.charset = names


def _key(needed: frozenset[int], weight: int) -> str:
    text = f"{INSTANCE_VERSION}|{packaged_face().fingerprint}|{weight}|{sorted(needed)}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _covering(needed: frozenset[int], weight: int, cache: Path) -> Path | None:
    """The smallest kept instance at `weight` that holds every needed character."""
    folder = cache / "instances"
    best: tuple[int, str, Path] | None = None
    prefix = f"{weight}-"
    for listed in sorted(folder.glob(f"{prefix}*.chars")) if folder.is_dir() else ():
        held = _held(listed, listed.stat().st_mtime_ns)
        font = listed.with_suffix(".otf")
        if needed <= held and font.is_file() and (best is None or len(held) < best[0]):
            best = (len(held), listed.name, font)
    return best[2] if best else None


@lru_cache(maxsize=256)
def _held(listed: Path, _modified: int) -> frozenset[int]:
    return frozenset(int(code, 16) for code in listed.read_text(encoding="ascii").split())


def _keep(needed: frozenset[int], weight: int, cache: Path, data: bytes) -> Path:
    """Store an instance and the list of its characters (the list last: it marks it complete)."""
    folder = cache / "instances"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{weight}-{_key(needed, weight)}"
    font, listed = folder / f"{stem}.otf", folder / f"{stem}.chars"
    for path, content in ((font, data), (listed, " ".join(f"{c:x}" for c in sorted(needed)).encode("ascii"))):
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(content)
        partial.replace(path)
    return font
