"""Runs of digits as a reader sees them, whatever the source spells between them.

A reader sees 138 1234 5678 in `138  1234  5678`, `138.1234.5678`, `138—1234—5678`,
`138**1234**5678`, `138&#49;2345678`, `138\u200b12345678`, and in full-width (１３８),
mathematical (𝟏𝟑𝟖) or Arabic-Indic (١٣٨) digits. A run is a sequence of digit groups
separated by such gaps; each group keeps its place in the original text, so a finding
points at the source's own line and can be masked there.

A gap never holds a letter, a Chinese character, a comma or a blank line: `第 13 期`,
`2025年3月` and `13，14，15` stay apart, and one group is never sliced (a bank or order
number that contains eleven digits in a row is not a phone number).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# A digit of any script (\d is Unicode-aware), or a character reference to an ASCII digit.
_DIGIT = r"(?:\d|&#0*(?:4[89]|5[0-7]);|&#[xX]0*3[0-9];)"
# The check character of an ID number: X, full-width Ｘ, either case.
_X = "[Xx\uff38\uff58]"
# What may stand between two digits that a reader still reads as one number: spaces of any
# width, dots, hyphens and dashes, Markdown emphasis, invisible format characters, a tag, a
# reference to a space or a dash, one line break (not a blank line: that is a new paragraph).
_GAP_TOKEN = (
    r"(?:[^\S\n]|[.\-_*~·\u2010-\u2015\u2212\u2027\u30fb\uff0d\uff0e\u00ad\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u2064\ufeff]"
    r"|\n(?![^\S\n]*\n)"
    r"|<[^<>\n]{0,200}>"
    r"|&(?:nbsp|ensp|emsp|thinsp|hairsp|shy|zwsp|zwnj|zwj|ndash|mdash|minus|middot|period|hyphen|dash);"
    r"|&#0*(?:32|45|46|160|173|8203|8204|8205|8211|8212|8288|12288);"
    r"|&#[xX]0*(?:20|2[dDeE]|[aA]0|[aA][dD]|200[bBcCdD]|201[34]|2060|3000);)"
)
_GAP = f"{_GAP_TOKEN}{{1,8}}"
_RUN = re.compile(f"\\+?{_DIGIT}(?:(?:{_GAP})?{_DIGIT})*(?:(?:{_GAP})?{_X})?")
_PIECE = re.compile(f"(?P<digit>{_DIGIT})|(?P<x>{_X})|{_GAP}")


@dataclass(frozen=True)
class Group:
    """Digits written together (no gap between them), with their span in the original text."""

    digits: str  # ASCII digits, and an upper-case X last if the source had one
    start: int
    end: int


@dataclass(frozen=True)
class Run:
    """Groups a reader sees as one number: only gaps between them."""

    groups: tuple[Group, ...]

    @property
    def digits(self) -> str:
        return "".join(group.digits for group in self.groups)


def _ascii_digit(piece: str) -> str:
    if piece.startswith("&"):
        piece = html.unescape(piece)
    return str(unicodedata.digit(piece))


def digit_runs(text: str, minimum: int = 1) -> Iterator[Run]:
    """Every run of `text` holding at least `minimum` digits, in order."""
    for match in _RUN.finditer(text):
        if minimum > 1 and len(match.group()) < minimum:
            continue
        groups: list[Group] = []
        digits, start, end = "", match.start(), match.start()
        for piece in _PIECE.finditer(text, match.start(), match.end()):
            if piece.group("digit") or piece.group("x"):
                if not digits and groups:  # the first group starts with the run: its + too
                    start = piece.start()
                digits += "X" if piece.group("x") else _ascii_digit(piece.group())
                end = piece.end()
            elif digits:
                groups.append(Group(digits, start, end))
                digits = ""
        if digits:
            groups.append(Group(digits, start, end))
        run = Run(tuple(groups))
        if len(run.digits.rstrip("X")) >= minimum:
            yield run


def spans(run: Run, lengths: tuple[int, ...]) -> Iterator[tuple[str, int, int]]:
    """Every whole-group stretch of a run whose digits number one of `lengths`: the digits, and
    where the stretch starts and ends in the text."""
    groups = run.groups
    for first in range(len(groups)):
        digits = ""
        for last in range(first, len(groups)):
            digits += groups[last].digits
            if len(digits) > max(lengths):
                break
            if len(digits) in lengths:
                yield digits, groups[first].start, groups[last].end
