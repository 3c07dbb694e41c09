"""A submitted record form read back into front matter values, and what it changed.

The form's controls are named after the front matter keys (see templates/studio/fields.html):
one control per scalar, one line per item of a list, and rows of controls for lists of
people and photos (`volunteers-name` / `volunteers-hours`, `photos-src` / `-caption` / `-alt`).
A value that is not a number where one is expected is passed on as typed, so the build's
own validation says what is wrong in its own words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

STAGED = "staged:"  # a photo row of a file still in the form's staging folder
_SPLIT = re.compile(r"[\r\n]+")


def _number(text: str, decimal: bool = False) -> object:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text) if decimal else int(text)
    except ValueError:
        return text
    if decimal and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _lines(text: str) -> list[str]:
    return [line.strip() for line in _SPLIT.split(text or "") if line.strip()]


def _rows(form, *names: str) -> list[tuple[str, ...]]:
    columns = [form.getlist(name) for name in names]
    length = max((len(c) for c in columns), default=0)
    return [tuple((c[i] if i < len(c) else "").strip() for c in columns) for i in range(length)]


def read_field(form, field) -> object:
    """One field's value as the front matter would hold it (None: not set)."""
    name, kind = field.name, field.kind
    if kind == "checkbox":
        return name in form
    if kind == "datetime":
        day, time = (form.get(name) or "").strip(), (form.get(f"{name}-time") or "").strip()
        return f"{day} {time}" if day and time else day or None
    if kind in ("number", "decimal"):
        return _number(form.get(name) or "", decimal=kind == "decimal")
    if kind == "list":
        return _lines(form.get(name) or "") or None
    if kind == "choices":
        chosen = [v for v in form.getlist(name) if v]
        return (chosen[0] if len(chosen) == 1 else chosen) or None
    if kind == "names":
        people = []
        for person, hours in _rows(form, f"{name}-name", f"{name}-hours"):
            if person:
                amount = _number(hours, decimal=True)
                people.append(person if amount is None else {"name": person, "hours": amount})
        return people or None
    if kind == "absent":
        absent = []
        for person, reason in _rows(form, f"{name}-name", f"{name}-reason"):
            if person:
                absent.append({"name": person, "reason": reason} if reason else person)
        return absent or None
    if kind == "photos":
        return photo_rows(form)[0] or None
    value = form.get(name)
    if value is None:
        return None
    value = value.replace("\r\n", "\n") if kind == "textarea" else " ".join(value.split())
    return value or None


def photo_rows(form) -> tuple[list, str | None]:
    """The gallery as the form lists it, and the photo chosen as cover."""
    gallery = []
    for src, caption, alt, role in _rows(form, "photos-src", "photos-caption", "photos-alt", "photos-role"):
        if not src or role == "cover-only":
            continue
        gallery.append({"src": src, "caption": caption, "alt": alt} if caption or alt else src)
    cover = (form.get("cover") or "").strip() or None
    return gallery, cover


def read_form(form, fields: Sequence) -> dict[str, object]:
    """Every field of the type as submitted, keyed by front matter key."""
    values = {field.name: read_field(form, field) for field in fields if field.name != "body"}
    if any(field.kind == "photos" for field in fields):
        values["cover"] = photo_rows(form)[1]
    return values


def changes(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, object]:
    """Only what the form changed: an untouched key keeps its bytes in the file."""
    return {key: value for key, value in after.items() if _normal(before.get(key)) != _normal(value)}


def _normal(value: object) -> object:
    if value in (None, "", [], False):
        return None
    if isinstance(value, list):
        value = [_item(item) for item in value]
    if isinstance(value, list) and len(value) == 1 and not isinstance(value[0], dict):
        return value[0] if isinstance(value[0], str) else value  # `meeting: 党课` == `[党课]`
    return value


def _item(item: object) -> object:
    """`{src: a.jpg}` and `a.jpg`, `{name: 张三}` and `张三` say the same."""
    if not isinstance(item, dict):
        return item
    kept = {k: v for k, v in item.items() if v not in (None, "")}
    if len(kept) == 1 and next(iter(kept)) in ("src", "name"):
        return next(iter(kept.values()))
    return kept


def staged_names(values: Mapping[str, object]) -> list[str]:
    """Photos of the form still in staging, as `staged:<name>`."""
    found = []
    for item in values.get("photos") or []:
        src = item["src"] if isinstance(item, dict) else item
        if isinstance(src, str) and src.startswith(STAGED):
            found.append(src[len(STAGED) :])
    cover = values.get("cover")
    if isinstance(cover, str) and cover.startswith(STAGED):
        found.append(cover[len(STAGED) :])
    return list(dict.fromkeys(found))


def point_staged(values: dict[str, object], names: Mapping[str, str]) -> dict[str, object]:
    """Replace `staged:<name>` by the photo's path relative to the record, once placed."""

    def moved(src):
        return names.get(src[len(STAGED) :], src) if isinstance(src, str) and src.startswith(STAGED) else src

    photos = []
    for item in values.get("photos") or []:
        photos.append({**item, "src": moved(item["src"])} if isinstance(item, dict) else moved(item))
    result = dict(values)
    if "photos" in values:
        result["photos"] = photos or None
    if "cover" in values:
        result["cover"] = moved(values["cover"])
    return result
