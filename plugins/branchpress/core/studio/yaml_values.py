"""Form values as front matter lines that the build's own loader reads back as the form meant.

Values come from staff and are untrusted. PyYAML's emitter decides when a text must be quoted,
with the build loader's own resolver (no implicit timestamps: `2026-05-12` stays a plain date,
as staff write it, while `yes`, `123` or `{{ x }}` get quotes). Every text stays on one line:
one with a line break is double-quoted with escapes, so a value can never open a line of its
own (a `---` that would end the front matter, a key of its own). Control characters the loader
refuses are refused here, with a Chinese message naming the field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import yaml

from .form_fields import ENTRY_PARTS, FIELD_KINDS, field_label

REMOVE = object()  # the key is to go: the form left it empty
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")
# What PyYAML's reader refuses in a stream (yaml/reader.py NON_PRINTABLE): we refuse it too
# rather than write escapes for text that would be published and break an XML feed.
_REFUSED = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_WHOLE, _DECIMAL = re.compile(r"-?[0-9]+"), re.compile(r"-?[0-9]+\.[0-9]+")
_LINES = re.compile("\r\n|\r|\n")
_LOCAL_TIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}:[0-9]{2})(?::00)?")


class EditRefused(ValueError):
    """The form's values cannot be written as they are; the message and fix are Chinese."""

    def __init__(self, message: str, fix: str, field: str | None = None) -> None:
        super().__init__(f"{message}{fix}")
        self.message, self.fix, self.field = message, fix, field


class _Flow(list):
    pass


class _Block(list):
    pass


class _Entry(dict):
    """One list entry with more than its main part: written as {name: 李四, hours: 4}."""


class _Dumper(yaml.SafeDumper):
    pass


# The build's loader has no timestamp resolver; with the same resolvers here, the emitter
# quotes exactly the texts that loader would otherwise read as something else.
_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
_STR = "tag:yaml.org,2002:str"
_Dumper.add_representer(
    str, lambda d, s: d.represent_scalar(_STR, s, style='"' if _LINE_BREAKS.intersection(s) else None)
)
_Dumper.add_representer(_Flow, lambda d, s: d.represent_sequence("tag:yaml.org,2002:seq", s, True))
_Dumper.add_representer(_Block, lambda d, s: d.represent_sequence("tag:yaml.org,2002:seq", s, False))
_Dumper.add_representer(_Entry, lambda d, m: d.represent_mapping("tag:yaml.org,2002:map", m, True))


def emitted(key: str, value: Any) -> list[str]:
    """`key: value` as lines without line ends; a block list's items indented by two spaces."""
    text = yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, width=math.inf, sort_keys=False)
    first, *items = text.rstrip("\n").split("\n")
    return [first, *(f"  {item}" for item in items)]


def yaml_value(key: str, value: Any, *, written: bool, block: bool | None) -> Any:
    """What `key` is to hold, ready for `emitted`, or REMOVE. `written`: the file has the key
    (a cleared checkbox then says false, except draft, whose line goes as the hint says);
    `block`: the file writes its list as a block (kept so), None for a new key."""
    kind = FIELD_KINDS[key]
    _refuse_control_characters(key, value)
    if kind == "checkbox":
        on = value is True or (isinstance(value, str) and value.strip().lower() in ("true", "on", "1"))
        if on:
            return True
        return False if written and key != "draft" else REMOVE
    if value is None or (isinstance(value, (str, list, tuple)) and not value):
        return REMOVE
    if kind in ("number", "decimal"):
        return _number(value)
    if kind == "datetime":
        return _date_text(value)
    if kind == "list":  # chips, or a textarea with one item per line
        items = _LINES.split(value) if isinstance(value, str) else [_text(item) for item in value]
        return _listed([item for item in items if item.strip()], block) or REMOVE
    if kind == "choices":
        chosen = [_text(item).strip() for item in ([value] if isinstance(value, str) else value)]
        chosen = [item for item in chosen if item]
        if len(chosen) == 1 and not block:
            return chosen[0]  # meeting: general, as staff write one kind
        return _listed(chosen, block) or REMOVE
    if kind in ENTRY_PARTS:
        entries = [_entry(item, ENTRY_PARTS[kind]) for item in value]
        return _Block(entry for entry in entries if entry is not None) or REMOVE
    if key == "cover" and isinstance(value, Mapping):
        return _entry(value, ENTRY_PARTS["photos"]) or REMOVE
    return _text(value)


def _listed(items: list[str], block: bool | None) -> list[str]:
    return _Block(items) if block else _Flow(items)


def _entry(item: Any, parts: tuple[str, ...]) -> Any:
    """A plain `- 张三` when only the main part is filled in, else an {name: ..., hours: ...}
    entry; None for a row left empty. Parts are stripped, as the validator reads them."""
    main = parts[0]
    if not isinstance(item, Mapping):
        item = {main: item}
    filled = {
        part: _number(item[part]) if part == "hours" else _text(item[part]).strip()
        for part in parts
        if item.get(part) is not None and _text(item[part]).strip()
    }
    if not filled:
        return None
    return filled[main] if set(filled) == {main} else _Entry(filled)


def _number(value: Any) -> Any:
    """A number as a number; a text that is no number is written as text, so that the
    validator says what is wrong with it in the build's own words."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    text = _text(value).strip()
    if _WHOLE.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return _number(float(text))
    return text


def _date_text(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value).strip()
    local = _LOCAL_TIME.fullmatch(text)  # what <input type="datetime-local"> sends
    return f"{local.group(1)} {local.group(2)}" if local else text


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _refuse_control_characters(key: str, value: Any) -> None:
    texts = [value] if isinstance(value, str) else []
    if isinstance(value, (list, tuple)):
        texts = [t for item in value for t in (item.values() if isinstance(item, Mapping) else [item])]
    elif isinstance(value, Mapping):
        texts = list(value.values())
    if any(isinstance(text, str) and _REFUSED.search(text) for text in texts):
        raise EditRefused(
            f"{field_label(key)}里有无法识别的控制字符（常见于从网页或聊天软件复制的文字）。",
            "删掉这一项里看不见的字符后重新输入。",
            field=key,
        )
