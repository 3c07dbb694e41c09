"""The keys of a record's front matter, and the checks of those no declaration can say.

`RECORD` is the table of record keys (docs/records.md, Front matter). `FieldCheck` reads the simple ones
(texts, flags, numbers, tags, dates); the type needs the site's types, the
volunteers need each person's own hours, and the slug needs the file name, so
they are read by the functions below (photos: `record_photos`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from branchpress.core.fields import Field, FieldCheck, Kind, Schema

from .dates import DATE_FORMAT_HINT
from .model import VolunteerEntry
from .settings import SiteSettings
from .slugs import is_valid_slug, slug_from_filename, slugify

# Keys that Material for MkDocs understands on any page; accepted silently.
THEME_FIELDS = ("hide", "search")

RECORD = Schema(
    Field(
        "title",
        Kind.TEXT,
        required=True,
        shown_as="标题",
        missing_fix="在 front matter 里加一行 title: 活动标题。",
    ),
    Field(
        "date",
        Kind.DATE,
        required=True,
        missing_fix=f"在 front matter 里加一行 date: 活动日期，{DATE_FORMAT_HINT}。",
    ),
    Field(
        "type",
        Kind.OWN,
        required=True,
        missing_fix="在 front matter 里加一行 type: 活动类型，例如 type: volunteer 或 type: 志愿服务。",
    ),
    Field("summary", Kind.TEXT, shown_as="摘要"),
    Field("location", Kind.TEXT, shown_as="地点"),
    Field("cover", Kind.OWN),
    Field("photos", Kind.OWN),
    Field("volunteers", Kind.OWN),
    Field("hours", Kind.NUMBER),
    Field("beneficiaries", Kind.COUNT),
    Field("participants", Kind.COUNT),
    Field(
        "tags",
        Kind.TEXTS,
        item="标签",
        shown_as="标签",
        fix="写成 tags: [社区服务, 志愿者]。",
        item_fix="每个标签写一段简短文字，例如 社区服务。",
    ),
    Field("featured", Kind.FLAG),
    Field("milestone", Kind.FLAG),
    Field("draft", Kind.FLAG),
    Field("internal", Kind.FLAG),
    Field("slug", Kind.OWN),
    Field("updated", Kind.DATE),
    # Organization life (docs/records.md): read by sitting_fields.read_sitting.
    Field("meeting", Kind.OWN),
    Field("group", Kind.OWN),
    Field("expected", Kind.COUNT),
    Field("present", Kind.COUNT),
    Field("absent", Kind.OWN),
    Field("chair", Kind.TEXT, shown_as="主持人"),
    Field("recorder", Kind.TEXT),  # the ledger's only: never published
    Field("lecturer", Kind.TEXT, shown_as="授课人"),
    Field(
        "agenda",
        Kind.TEXTS,
        item="议题",
        shown_as="议题",
        fix="写成 agenda: [传达学习上级会议精神, 研究下季度工作]。",
        item_fix="每个议题写一段简短文字。",
    ),
    also_known=THEME_FIELDS,
)
FIELDS = RECORD.names


def read_type(check: FieldCheck, data: dict[str, Any], settings: SiteSettings) -> str | None:
    value = data.get("type")
    if value is None or value == "":
        return None
    text = str(value).strip()
    key = resolve_type(text, settings.types)
    if key is None:
        check.error("type", f"未知的活动类型“{text}”。", unknown_type_fix(text, settings.types))
    return key


def resolve_type(text: str, types: Mapping[str, str]) -> str | None:
    """The type key that `text` names, as a key or as its Chinese label."""
    if text in types:
        return text
    return next((key for key, label in types.items() if text == label), None)


def unknown_type_fix(text: str, types: Mapping[str, str]) -> str:
    choices = "、".join(f"{key}（{label}）" for key, label in types.items())
    close = difflib.get_close_matches(text, [*types, *types.values()], n=1, cutoff=0.5)
    hint = f"是不是想写 {close[0]}？" if close else ""
    return f"{hint}可用的类型：{choices}。"


def read_volunteers(check: FieldCheck, data: dict[str, Any]) -> tuple[VolunteerEntry, ...]:
    """Names, or {name, hours} for someone whose hours differ from the record's."""
    value = data.get("volunteers")
    if value is None:
        return ()
    if not isinstance(value, list):
        check.error(
            "volunteers",
            "volunteers 应该是一组姓名。",
            "每行写一个姓名，以“- ”开头；需要单独计时写 - {name: 张三, hours: 3}。",
        )
        return ()
    entries: list[VolunteerEntry] = []
    for position, item in enumerate(value, start=1):
        if isinstance(item, dict):
            name = item.get("name")
            hours = item.get("hours")
            extra = set(item) - {"name", "hours"}
            if extra:
                check.error(
                    "volunteers",
                    f"第 {position} 位志愿者有未知项：{'、'.join(map(str, extra))}。",
                    "只能写 name 和 hours，例如 {name: 张三, hours: 3}。",
                )
                continue
            if hours is not None:
                hours = check.number(
                    "volunteers", hours, whole=False, label=f"第 {position} 位志愿者的 hours"
                )
                if hours is None:
                    continue
        else:
            name, hours = item, None
        if name is None or isinstance(name, (dict, list, bool)) or not str(name).strip():
            check.error(
                "volunteers", f"第 {position} 位志愿者没有姓名。", "写成 - 张三 或 - {name: 张三, hours: 3}。"
            )
            continue
        name = str(name).strip()
        if check.screen("volunteers", name, f"第 {position} 位志愿者的姓名"):
            continue
        if not_a_name := _not_a_name(name):
            check.error(
                "volunteers",
                f"第 {position} 位志愿者写的不是姓名（{not_a_name}）。",
                "volunteers 里每项只写志愿者的姓名，例如 - 张三；电话、邮箱等联系方式不能写进记录。",
            )
            continue
        entries.append(VolunteerEntry(name, hours))
    return tuple(entries)


_DIGIT = re.compile(r"[0-9\uff10-\uff19]")


def _not_a_name(name: str) -> str:
    """Why a volunteer entry is not a person's name ("" when it may be one)."""
    if "@" in name or "\uff20" in name:
        return "像是电子邮箱地址"
    if _DIGIT.search(name):
        return "含有数字"
    return ""


def read_slug(check: FieldCheck, data: dict[str, Any], source: str, title: str | None) -> str:
    """The `slug` written, else one from the file name, else from the title."""
    value = data.get("slug")
    if value is not None and value != "":
        if check.screen("slug", value, "slug（网址）"):
            return "record"
        slug = slugify(str(value))
        if not slug:
            check.error(
                "slug",
                f"slug“{value}”无法转换成网址。",
                "slug 用小写英文字母、数字和连字符，例如 slug: lei-feng-day。",
            )
        elif not is_valid_slug(str(value)):
            check.warn(
                "slug", f"slug“{value}”含有网址不宜使用的字符，已改为“{slug}”。", f"直接写 slug: {slug}。"
            )
        return slug
    slug = slug_from_filename(_stem(source))
    if check.screen(None, slug, "文件名（会成为网址）"):
        return "record"
    return slug or slugify(title or "") or "record"


def _stem(source: str) -> str:
    """The file name without its suffix, as Path(source).stem gives it: string work, because
    this runs for every record of a 10,000-record site and Path objects cost ten times more."""
    name = source.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name
