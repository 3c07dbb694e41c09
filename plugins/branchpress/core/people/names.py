"""People's names as the site handles them: one identity per spelling, masking, withholding.

A name is matched as a reader sees it, not as its bytes are: text pasted from a WeChat
group carries zero-width spaces, two-character names are aligned in Chinese lists with a
full-width space (何　静), and a body may spell a name through Markdown emphasis, an HTML
tag or a character reference (周**建国**, 周<span>建国</span>, 周&#24314;国). Every such
spelling of a withheld name is withheld too.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# What the site shows instead of the name of a volunteer who did not consent to it.
ANONYMOUS = "志愿者"


def normalize_name(name: str) -> str:
    """Fold full-width forms, drop inner spaces and invisible format characters (U+200B,
    U+2060, a soft hyphen...), so 张 三, 张\u3000三, 张\u200b三 and 张三 are one person."""
    folded = unicodedata.normalize("NFKC", name)
    return "".join("".join(c for c in folded if unicodedata.category(c) != "Cf").split())


def mask_name(name: str) -> str:
    """张三明 -> 张*明, 张三 -> 张*, 欧阳娜娜 -> 欧**娜: enough to recognise, not to identify."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


# What may stand between two characters of a name and still read as the name: white space
# (U+3000 included), invisible format characters, Markdown emphasis and HTML tags.
_GAP = r"(?:[\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]|\*{1,3}|_{1,3}|<[^<>\n]{0,200}>)*"
_TAG = re.compile(r"<[^<>\n]{0,200}>")
_EMPHASIS = r"(\*{1,3}|_{1,3})?"


def _character(c: str) -> str:
    """A character as text may spell it: itself or a decimal or hexadecimal reference."""
    code = ord(c)
    return f"(?:{re.escape(c)}|&#0*{code};|(?i:&#x0*{code:x};))"


@lru_cache(maxsize=64)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    forms = sorted({normalize_name(n) for n in names} - {""}, key=lambda f: (-len(f), f))
    if not forms:
        return None
    spelled = "|".join(_GAP.join(_character(c) for c in form) for form in forms)
    # The emphasis right before and after a name is part of the match: when the name was
    # emphasised in part (周**建国**), the pair goes with it; around the whole name it stays.
    return re.compile(f"{_EMPHASIS}(?P<name>{spelled}){_EMPHASIS}")


def _withheld(match: re.Match[str]) -> str:
    # Tags between the characters stay, so the HTML around the name keeps its structure.
    inside = match.group("name")
    tags = "".join(_TAG.findall(inside))
    inner = set(re.findall(r"\*+|_+", _TAG.sub("", inside)))
    before, after = (run or "" for run in (match.group(1), match.group(match.re.groups)))
    return (before if before not in inner else "") + ANONYMOUS + tags + (after if after not in inner else "")


def redact(text: str, names: tuple[str, ...]) -> tuple[str, int]:
    """Replace each withheld name (see `Roster.withheld_names`), however a reader would see it
    spelled (see the module's docstring), by 志愿者; returns the count too."""
    pattern = _pattern(names)
    if pattern is None:
        return text, 0
    return pattern.subn(_withheld, text)
