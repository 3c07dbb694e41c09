"""A front matter value, as the build's loader read it, in the shape its form control shows.

Whatever was written, the control gets something it can show: texts as text, numbers as
numbers, lists as lists, a volunteer always as {name, hours}. A value that fits no control
(a list where a title belongs) is shown as empty; it stays in the file as it is unless staff
type something new, and the validator's message says what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from branchpress.core.organization.kinds import resolve_kind
from branchpress.core.records.record_fields import resolve_type
from branchpress.core.records.settings import SiteSettings

from .form_fields import ENTRY_PARTS, FIELD_KINDS


def form_value(key: str, value: Any, settings: SiteSettings | None = None) -> Any:
    kind = FIELD_KINDS[key]
    if kind == "checkbox":
        return value is True
    if kind in ("number", "decimal"):
        return value if value is None or _is_number(value) else _shown(value)
    if kind in ("list", "choices"):
        items = [_shown(item) for item in _as_list(value)]
        items = [item for item in items if item]
        return [resolve_kind(item) or item for item in items] if kind == "choices" else items
    if kind in ENTRY_PARTS:
        return [_parts(item, ENTRY_PARTS[kind]) for item in _as_list(value)]
    if key == "cover" and isinstance(value, Mapping):
        value = value.get("src")
    text = _shown(value)
    if kind == "type" and settings is not None:
        return resolve_type(text.strip(), settings.types) or text
    return text


def _parts(item: Any, parts: tuple[str, ...]) -> dict[str, Any]:
    """One entry of a names, absent or photos list: every part, empty where not written."""
    found = dict(item) if isinstance(item, Mapping) else {parts[0]: item}
    shown = {part: _shown(found.get(part)) for part in parts}
    if "hours" in shown:
        hours = found.get("hours")
        shown["hours"] = hours if hours is None or _is_number(hours) else shown["hours"]
    return shown


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _shown(value: Any) -> str:
    """A scalar as text (true / false as YAML writes them); "" for nothing or a collection."""
    if value is None or isinstance(value, (list, dict)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
