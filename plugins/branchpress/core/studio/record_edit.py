"""A record file read into form values, and form values written back into the file.

Staff edit through the studio's form and technical helpers with a text editor, on the same
files, so an edit from the form must leave everything it did not change as it was: other keys
and their comments, quoting, flow or block lists, key order, blank lines, the --- lines, the
body, CRLF line ends, a byte order mark. So the file is never re-dumped: only the lines of a
changed key are replaced (front_matter_layout finds them), a removed key's lines go, a new
key's lines come in after the key that comes before it in `NEW_RECORD_ORDER`. The result is
read back with the build's own `split_record` before it is returned: a file in which any other
key reads differently, or a changed key not as the form meant, is refused, never written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from branchpress.core.records.frontmatter import FrontMatterError, split_record
from branchpress.core.records.settings import SiteSettings

from .form_fields import FIELD_KINDS, field_label
from .front_matter_layout import Entry, Layout, display_width, front_matter_layout
from .reading import form_value
from .yaml_values import REMOVE, EditRefused, emitted, yaml_value

# The order of the keys of a new record, and where a key new to a file goes.
NEW_RECORD_ORDER = (
    *("title", "date", "type", "summary", "location", "participants", "volunteers", "hours"),
    *("beneficiaries", "meeting", "group", "expected", "present", "absent", "chair", "recorder"),
    *("lecturer", "agenda", "cover", "photos", "tags", "featured", "milestone", "internal", "draft"),
    *("slug", "updated"),
)
_MISSING = object()
_REFUSED_FIX = "请用“编辑原文”修改这条记录。"


@dataclass(frozen=True)
class FormValues:
    """What the form shows of a record file."""

    values: Mapping[str, Any] = field(default_factory=dict)  # every form key, empty where not written
    body: str = ""  # the Markdown after the front matter (line ends as \n)
    unknown_keys: tuple[str, ...] = ()  # keys the form does not show; an edit keeps them as they are
    problem: str = ""  # why the front matter cannot be read; "" when it can
    fix: str = ""
    line: int | None = None

    @property
    def readable(self) -> bool:
        return not self.problem


def form_values(text: str, settings: SiteSettings | None = None) -> FormValues:
    """The form's values of a record file; never raises. With `settings` a type written as its
    Chinese label is given as its key, as the type control offers it."""
    try:
        parsed = split_record(text)
    except FrontMatterError as error:
        return FormValues(problem=error.message, fix=error.fix, line=error.line)
    data = parsed.data
    return FormValues(
        values={key: form_value(key, data.get(key), settings) for key in FIELD_KINDS},
        body=parsed.body,
        unknown_keys=tuple(str(key) for key in data if key not in FIELD_KINDS),
    )


def edited_text(original: str | None, changes: Mapping[str, object], body: str | None) -> str:
    """The record's new text: `original` (None for a new record) with the keys in `changes`
    set (an empty value removes the key) and `body` for the body (None keeps it).
    Raises EditRefused (a ValueError, message in Chinese) when the values cannot be written."""
    unknown = set(changes) - set(FIELD_KINDS)
    if unknown:
        raise KeyError(f"not form keys: {sorted(unknown)}")
    if original is None:
        return _new_record(changes, body or "")
    try:
        before = split_record(original)
    except FrontMatterError as error:
        raise EditRefused(f"front matter 无法读取：{error.message}", _REFUSED_FIX) from None
    layout = front_matter_layout(original)
    replaced: dict[int, list[str]] = {}  # first line of an entry -> its new lines
    dropped: set[int] = set()  # lines that go
    added: list[tuple[int, int, list[str]]] = []  # (after line, order, lines)
    expected: dict[str, Any] = {}
    for key, change in changes.items():
        entries = [entry for entry in layout.entries if entry.key == key]
        block = entries[-1].block if entries else None
        value = yaml_value(key, change, written=bool(entries), block=block)
        if value is REMOVE:
            expected[key] = _MISSING
            dropped.update(line for entry in entries for line in range(entry.first, entry.last + 1))
            continue
        lines = emitted(key, value)
        expected[key] = _read_back(lines, key)
        if expected[key] == before.data.get(key, _MISSING) and len(entries) == 1:
            continue  # the form sent what is written: leave its bytes alone
        for entry in entries:
            dropped.update(range(entry.first, entry.last + 1))
        if entries:
            replaced[entries[-1].first] = _with_comment(lines, entries[-1], key)
        else:
            added.append((_insertion_line(key, layout), NEW_RECORD_ORDER.index(key), lines))
    body_text = None if body is None else _newlines(body, layout.newline)
    text = _assembled(layout, replaced, dropped, added, body_text)
    _verify(text, before.data, expected, before.body if body is None else _newlines(body, "\n"))
    return text


def _new_record(changes: Mapping[str, object], body: str) -> str:
    lines: list[str] = []
    expected: dict[str, Any] = {}
    for key in NEW_RECORD_ORDER:
        if key in changes:
            value = yaml_value(key, changes[key], written=False, block=None)
            if value is not REMOVE:
                written = emitted(key, value)
                lines += written
                expected[key] = _read_back(written, key)
    text = "---\n" + "".join(f"{line}\n" for line in lines) + "---\n" + _newlines(body, "\n")
    _verify(text, {}, expected, _newlines(body, "\n"))
    return text


def _with_comment(lines: list[str], entry: Entry, key: str) -> list[str]:
    """The entry's new lines, indented as it was, its key line's comment kept. A type's comment
    names the old type (`type: volunteer  # 志愿服务`), so it goes with the old value."""
    lines = [entry.indent + line for line in lines]
    if entry.comment and key != "type":
        head = lines[0]
        # Comments aligned in a column (branchpress new's hints) stay in it, as an editor shows it.
        column = entry.comment_column
        gap = max(column - display_width(head), 2) if column else len(entry.comment_gap)
        lines[0] = f"{head}{' ' * gap}{entry.comment}"
    return lines


def _insertion_line(key: str, layout: Layout) -> int:
    """The line a new key follows: the last line of the key written before it in
    NEW_RECORD_ORDER, else the line before the first key after it, else the last line."""
    position = NEW_RECORD_ORDER.index(key)
    by_key = {entry.key: entry for entry in layout.entries}
    for earlier in reversed(NEW_RECORD_ORDER[:position]):
        if earlier in by_key:
            return by_key[earlier].last
    later = [by_key[k].first for k in NEW_RECORD_ORDER[position + 1 :] if k in by_key]
    if later:
        return min(later) - 1
    return layout.entries[-1].last if layout.entries else len(layout.lines) - 1


def _assembled(
    layout: Layout,
    replaced: dict[int, list[str]],
    dropped: set[int],
    added: list[tuple[int, int, list[str]]],
    body: str | None,
) -> str:
    newline, indent = layout.newline, layout.indent
    parts = [layout.prefix, layout.opening]
    for after in (-1, *range(len(layout.lines))):
        if after >= 0:
            if after in replaced:
                parts += [line + newline for line in replaced[after]]
            if after not in dropped:
                parts.append(layout.lines[after])
        for _, _, lines in sorted(entry for entry in added if entry[0] == after):
            parts += [indent + line + newline for line in lines]
    closing = layout.closing
    if body and not closing.endswith(("\n", "\r")):
        closing += newline
    parts += [closing, layout.body if body is None else body]
    return "".join(parts)


def _read_back(lines: list[str], key: str) -> Any:
    """What the build's loader reads from a key's new lines."""
    try:
        return split_record("---\n" + "".join(f"{line}\n" for line in lines) + "---\n").data[key]
    except FrontMatterError:  # pragma: no cover - the emitter writes YAML its loader reads
        raise EditRefused(f"{field_label(key)}的内容无法写成 front matter。", _REFUSED_FIX, key) from None


def _verify(text: str, before: Mapping[Any, Any], expected: Mapping[str, Any], body: str) -> None:
    """Refuse a text the build would read otherwise than the form meant."""
    try:
        after = split_record(text)
    except FrontMatterError:
        after = None
    same = after is not None and after.body == body
    if after is not None:
        for key in {*before, *after.data}:
            meant = expected.get(key, before.get(key, _MISSING))
            same = same and _same(after.data.get(key, _MISSING), meant)
    if not same:
        raise EditRefused("这次修改无法在不改动其他内容的情况下写入文件，文件没有改动。", _REFUSED_FIX)


def _same(one: Any, other: Any) -> bool:
    return one == other or repr(one) == repr(other)  # repr: a .nan equals itself


def _newlines(text: str, newline: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline)
