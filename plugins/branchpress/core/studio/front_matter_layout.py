"""Where each top-level key of a record's front matter is written, line by line.

An edit replaces only the lines of the keys the form changed, so it must know exactly which
lines hold a key and its value, and nothing more: not the hint comments below it, not the
blank line after it. The scanner of PyYAML, the library the build reads records with, tells
it by token positions: a key's lines run from its key to the last token of its value, and
comments, which are no tokens, stay outside unless they sit between the value's own lines.
The file is cut into lines as `split_record` cuts it (\\r\\n, \\r and \\n end a line), and
each line keeps its own line end, so whatever is not replaced is written back byte for byte.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

import yaml
from yaml import tokens as t

from .yaml_values import EditRefused

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_OPENING = re.compile(r"---[ \t]*")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*")
_COMMENT = re.compile(r"([ \t]+)(#.*)")
_OPENERS = (t.BlockMappingStartToken, t.BlockSequenceStartToken)
_FLOW_OPENERS = (t.FlowSequenceStartToken, t.FlowMappingStartToken)
_FLOW_CLOSERS = (t.FlowSequenceEndToken, t.FlowMappingEndToken)


@dataclass(frozen=True)
class Entry:
    """One top-level `key: value` and the front matter lines (indexes) it takes."""

    key: str | None  # None for a key the form cannot name (`? [a, b]`)
    first: int
    last: int
    indent: str
    comment: str = ""  # the comment after the value on the key's line
    # Where a comment after an empty value starts, as an editor shows it (a Chinese character
    # takes two columns): branchpress new aligns its hints in one column; 0 after a value.
    comment_column: int = 0
    comment_gap: str = ""
    block: bool = False  # the value is a block list or mapping (one item per line)


@dataclass(frozen=True)
class Layout:
    prefix: str  # byte order marks before the opening ---
    newline: str  # the file's line end, for lines written anew
    opening: str  # the opening --- line with its line end
    lines: tuple[str, ...]  # the front matter's lines, each with its line end
    closing: str  # the closing --- (or ...) line, with its line end if it has one
    body: str  # everything after the closing line, untouched
    entries: tuple[Entry, ...]

    @property
    def indent(self) -> str:
        return self.entries[0].indent if self.entries else ""


def front_matter_layout(text: str) -> Layout:
    """The layout of a record whose front matter `split_record` reads; EditRefused otherwise."""
    stripped = text.lstrip("\ufeff")
    prefix = text[: len(text) - len(stripped)]
    lines = [match.group() for match in _LINE.finditer(stripped) if match.group()]
    contents = [line.rstrip("\r\n") for line in lines]
    closing = next((i for i in range(1, len(lines)) if _CLOSING.fullmatch(contents[i])), None)
    if not lines or not _OPENING.fullmatch(contents[0]) or lines[0] == contents[0] or closing is None:
        raise EditRefused("文件开头没有完整的 front matter。", "请用“编辑原文”修改这条记录。")
    newline = lines[0][len(contents[0]) :]
    body_start = sum(map(len, lines[: closing + 1]))
    inner = contents[1:closing]
    return Layout(
        prefix=prefix,
        newline=newline,
        opening=lines[0],
        lines=tuple(lines[1:closing]),
        closing=lines[closing],
        body=stripped[body_start:],
        entries=_entries(inner),
    )


def _entries(contents: list[str]) -> tuple[Entry, ...]:
    yaml_text = "".join(f"{content}\n" for content in contents)
    starts = [0]
    for content in contents:
        starts.append(starts[-1] + len(content) + 1)
    groups = _top_level_groups(_tokens(yaml_text))
    return tuple(_entry(group, contents, starts) for group in groups)


def _tokens(yaml_text: str) -> list[t.Token]:
    loader = yaml.SafeLoader(yaml_text)
    try:
        found = []
        while loader.check_token():
            found.append(loader.get_token())
        return found
    except yaml.YAMLError:
        raise EditRefused("front matter 不是合法的 YAML。", "请用“编辑原文”修改这条记录。") from None
    finally:
        loader.dispose()


def _top_level_groups(tokens: list[t.Token]) -> list[list[t.Token]]:
    """The tokens of each top-level key, from its KeyToken to the last token of its value.
    Block ends are left out: the scanner puts them where the next key starts."""
    if len(tokens) > 1 and isinstance(tokens[1], _FLOW_OPENERS):
        raise EditRefused("front matter 写成了一行 {…}，表单无法逐项修改。", "请用“编辑原文”修改这条记录。")
    depth = flow = 0
    groups: list[list[t.Token]] = []
    for token in tokens[1:]:
        if isinstance(token, t.KeyToken) and depth == 1 and flow == 0:
            groups.append([token])
            continue
        if isinstance(token, _OPENERS):
            depth += 1
        elif isinstance(token, t.BlockEndToken):
            depth -= 1
            continue
        elif isinstance(token, _FLOW_OPENERS):
            flow += 1
        elif isinstance(token, _FLOW_CLOSERS):
            flow -= 1
        if groups and not isinstance(token, t.StreamEndToken):
            groups[-1].append(token)
    return groups


def _entry(group: list[t.Token], contents: list[str], starts: list[int]) -> Entry:
    def line_of(index: int) -> int:
        return bisect.bisect_right(starts, index) - 1

    begin = group[0].start_mark.index
    first = line_of(begin)
    key_token = group[1] if len(group) > 1 else None
    simple = isinstance(key_token, t.ScalarToken) and key_token.start_mark.index == begin
    end = max(token.end_mark.index for token in group)
    last = line_of(max(end - 1, begin))
    while last > first and not contents[last].strip():  # a block scalar ends after its blank lines
        last -= 1
    value_at = next((i for i, token in enumerate(group) if isinstance(token, t.ValueToken)), None)
    values = group[value_at:] if simple and value_at is not None else []
    line_end = starts[first] + len(contents[first])
    after = max(token.end_mark.index for token in group if token.end_mark.index <= line_end) - starts[first]
    comment = _COMMENT.fullmatch(contents[first][after:])
    aligned = comment is not None and len(values) == 1  # nothing but the colon on the key's line
    return Entry(
        key=key_token.value if simple and values else None,  # type: ignore[union-attr]
        first=first,
        last=last,
        indent=contents[first][: begin - starts[first]],
        comment=comment.group(2) if comment else "",
        comment_column=display_width(contents[first][: after + len(comment.group(1))]) if aligned else 0,
        comment_gap=comment.group(1) if comment else "",
        block=any(isinstance(token, (*_OPENERS, t.BlockEntryToken)) for token in values),
    )


def display_width(text: str) -> int:
    """Columns an editor gives the text: two for a Chinese character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
