"""The text of an output as a reader sees it, for the last guard over what a build writes.

A reader does not see tags, character references, JSON's \\uXXXX escapes, invisible format
characters (U+200B, a soft hyphen) or how much white space stands between two characters:
`周&#24314;国`, `周<em>建国</em>`, `"\\u5468\\u5efa\\u56fd"` and `周\u200b 建国` all read 周建国.
The guard compares withheld names with this text, so no spelling gets past it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from branchpress.core.people.names import normalize_name

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)?[^<>]*>")
# Tags inside a line of text: a name split by them reads as one word. Any other tag (a list
# item, a cell, a paragraph) stands between two words, so 周建</li><li>国庆 is no 周建国.
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span strong sub sup"
    " time u var wbr".split()
)
BREAK = "|"
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
TEXT_SUFFIXES = frozenset({".html", ".htm", ".xml", ".json", ".js", ".txt", ".css", ".svg", ".md", ".csv"})


def visible_text(text: str) -> str:
    """Tags out, references resolved (twice: feeds escape HTML once more), JSON escapes read,
    NFKC, format characters and all white space removed: only what a reader reads, in order."""
    text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    for _ in range(2):
        text = html.unescape(_TAG.sub(_tag, text))
    text = _TAG.sub(_tag, text)
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if unicodedata.category(c) not in {"Cf", "Cc"} and not c.isspace())


def _tag(match: re.Match[str]) -> str:
    name = (match.group(2) or "").lower()
    return "" if not name or name in _INLINE else BREAK


def spells_a_name(data: bytes, names: Iterable[str]) -> bool:
    """Whether a text output, read as a reader reads it, holds one of `names` (normalised as
    names.normalize_name gives them). Bytes that are not UTF-8 text are not read."""
    wanted = [name for name in names if name]
    if not wanted:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    seen = visible_text(text)
    return any(name in seen for name in wanted)


def files_spelling(folder: Path, forms: Iterable[str]) -> list[Path]:
    """The text files under `folder` that spell a withheld name, or hold it in their own name:
    what a failed build must not leave behind."""
    names = {normalize_name(form) for form in forms} - {""}
    if not names or not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        if any(name in normalize_name(path.name) for name in names):
            found.append(path)
        elif path.suffix in TEXT_SUFFIXES and spells_a_name(path.read_bytes(), names):
            found.append(path)
    return found
