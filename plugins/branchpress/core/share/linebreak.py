"""Chinese line breaking for text set in images (share cards and posters).

Browsers break Chinese by the rules readers expect; Pillow does not break at all.
These are the kinsoku (避头尾) rules of GB/T 15834 and W3C clreq: no line may
start with closing punctuation (。，、：；！？）」』》 …) nor end with opening
punctuation (（「『《 …); Latin words and numbers stay whole; ——
and …… are never split. A line that would break the rules gives up its last
character to the next line (推出), the way Chinese typesetting does. Widths come
from a `measure` callable, so the same rules serve any font and are testable
without one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Closing and middle punctuation, iteration marks and small kana: never at a line start.
NO_START = frozenset(
    "。．，、：；！？）］｝〕〉》」』】〗〙〛’”｠»"
    "…‥·・～〜ー々〻ゝゞヽヾ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    "!%),.:;?]}°′″℃"
)
# Opening punctuation: never at a line end.
NO_END = frozenset("（［｛〔〈《「『【〖〘〚‘“｟«([{")
ELLIPSIS = "…"

# One unbreakable unit: a Latin word or number (with inner . , : - / ' % +), a run of
# dashes or ellipses, a run of spaces, or any other single character.
_UNIT = re.compile(r"[A-Za-z0-9]+(?:[.,:/'’%+&_-][A-Za-z0-9]+)*%?|—+|…+|\s+|.", re.DOTALL)


def units(text: str) -> list[str]:
    """Split text into the pieces a line may break between; runs of white space become one space."""
    return [" " if piece.isspace() else piece for piece in _UNIT.findall(text)]


def break_lines(
    text: str, measure: Callable[[str], float], width: float, max_lines: int | None = None
) -> list[str]:
    """Lines of `text` no wider than `width`; with `max_lines`, the last shown line ends in ….

    A line's width is the sum of its pieces' widths, each measured once: Chinese has no
    kerning, and measuring every candidate line anew made layout cost quadratic.
    """
    measure = _memo(measure)
    pieces = [
        chunk
        for piece in units(" ".join(text.split()))
        for chunk in (_cut(piece, measure, width) if len(piece) > 1 and measure(piece) > width else [piece])
    ]
    lines: list[list[str]] = []
    current: list[str] = []
    for piece in pieces:
        if piece == " " and not current:
            continue
        if not current or _width(current, measure) + measure(piece) <= width:
            current.append(piece)
            continue
        keep, carry = _break_point(current, piece)
        lines.append(keep)
        current = _trim([*carry, piece])
    if current:
        lines.append(current)
    lines = [trimmed for trimmed in map(_trim, lines) if trimmed]
    _avoid_orphan(lines, measure, width)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _with_ellipsis(lines[-1], measure, width)
    return [_join(line) for line in lines]


def _break_point(line: list[str], overflow: str) -> tuple[list[str], list[str]]:
    """Where to end `line` when `overflow` does not fit: as late as the rules allow."""

    def allowed(k: int) -> bool:
        first = line[k] if k < len(line) else overflow
        if first == " " and k < len(line):
            first = line[k + 1] if k + 1 < len(line) else overflow
        last = line[k - 1]
        return first[0] not in NO_START and last[-1] not in NO_END

    for k in range(len(line), 0, -1):
        if allowed(k) and _trim(line[:k]):
            return line[:k], line[k:]
    # No allowed point in the whole line (a run of punctuation): break where it overflowed.
    return line, []


def _cut(word: str, measure: Callable[[str], float], width: float) -> list[str]:
    """A Latin word longer than a whole line has to be cut somewhere: by characters."""
    chunks = [""]
    for char in word:
        if chunks[-1] and measure(chunks[-1] + char) > width:
            chunks.append("")
        chunks[-1] += char
    return chunks


def _avoid_orphan(lines: list[list[str]], measure, width: float) -> None:
    """A last line of one character (孤字) looks like a mistake: give it a companion."""
    if len(lines) < 2:
        return
    last, previous = lines[-1], lines[-2]
    visible = [p for p in last if p[0] not in NO_START and p != " "]
    if len(visible) != 1 or len(previous) < 3:
        return
    moved = previous[-1]
    if moved == " " or moved[0] in NO_START or previous[-2][-1] in NO_END:
        return
    candidate = [moved, *last]
    if _width(candidate, measure) <= width:
        lines[-2], lines[-1] = previous[:-1], candidate


def _with_ellipsis(line: list[str], measure, width: float) -> list[str]:
    """Shorten the last shown line until it and an ellipsis fit, never ending on an opener or comma."""
    line = list(line)
    while line and (
        _width(line, measure) + measure(ELLIPSIS) > width
        or line[-1] == " "
        or line[-1][-1] in NO_END
        or line[-1][-1] in "，、,；;：:。．.…—"
    ):
        line.pop()
    return [*line, ELLIPSIS]


def _trim(line: list[str]) -> list[str]:
    start, end = 0, len(line)
    while start < end and line[start] == " ":
        start += 1
    while end > start and line[end - 1] == " ":
        end -= 1
    return line[start:end]


def _join(line: list[str]) -> str:
    return "".join(line)


def _width(line: list[str], measure: Callable[[str], float]) -> float:
    return sum(measure(piece) for piece in line)


def _memo(measure: Callable[[str], float]) -> Callable[[str], float]:
    widths: dict[str, float] = {}

    def measured(piece: str) -> float:
        if piece not in widths:
            widths[piece] = measure(piece)
        return widths[piece]

    return measured
