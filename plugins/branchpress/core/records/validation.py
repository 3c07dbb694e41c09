"""Validate a record's front matter into a `Record`, collecting every problem at once.

Validation never raises for bad content: it returns problems, each naming the
file, line, field, what is wrong and how to fix it, in Chinese.
"""

from __future__ import annotations

import difflib
import math
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from branchpress.core.problems import Problem, Severity
from branchpress.core.text import reading_minutes, summarize

from .dates import DATE_FORMAT_HINT, parse_date, status_at
from .frontmatter import FrontMatterError, ParsedFile, split_record
from .model import Photo, Record, Status, VolunteerEntry
from .personal_numbers import body_problems, number_problem
from .privacy import find_personal_numbers
from .settings import SiteSettings
from .slugs import is_valid_slug, slug_from_filename, slugify

FIELDS = (
    "title",
    "date",
    "type",
    "summary",
    "location",
    "cover",
    "photos",
    "volunteers",
    "hours",
    "beneficiaries",
    "participants",
    "tags",
    "featured",
    "milestone",
    "draft",
    "slug",
    "updated",
)
REQUIRED = ("title", "date", "type")
# Keys that Material for MkDocs understands on any page; accepted silently.
THEME_FIELDS = ("hide", "search")

PhotoExists = Callable[[str], bool]


@dataclass
class _Context:
    source: str
    parsed: ParsedFile
    problems: list[Problem]
    allowed: frozenset[str] = frozenset()

    def line(self, field: str) -> int | None:
        return self.parsed.key_lines.get(field)

    def error(self, field: str | None, message: str, fix: str) -> None:
        self.problems.append(Problem(self.source, self.line(field) if field else None, field, message, fix))

    def private(self, field: str | None, value: Any, where: str, line: int | None = None) -> bool:
        """Report every personal number in a published value; True when there was one."""
        text = value if isinstance(value, str) else str(value)
        findings = find_personal_numbers(text, self.allowed)
        for finding in findings:
            at = line if line is not None else (self.line(field) if field else None)
            self.problems.append(number_problem(self.source, at, field, where, finding))
        return bool(findings)

    def warn(self, field: str | None, message: str, fix: str) -> None:
        self.problems.append(
            Problem(
                self.source,
                self.line(field) if field else None,
                field,
                message,
                fix,
                Severity.WARNING,
            )
        )


def validate_text(
    source: str, text: str, settings: SiteSettings, photo_exists: PhotoExists
) -> tuple[Record | None, list[Problem]]:
    """Parse and validate one record file's text."""
    try:
        parsed = split_record(text)
    except FrontMatterError as error:
        return None, [Problem(source, error.line, None, error.message, error.fix)]
    return validate(source, parsed, settings, photo_exists)


def validate(
    source: str, parsed: ParsedFile, settings: SiteSettings, photo_exists: PhotoExists
) -> tuple[Record | None, list[Problem]]:
    ctx = _Context(source, parsed, [], settings.privacy_allow)
    data = parsed.data
    _check_keys(ctx, data)
    ctx.problems.extend(body_problems(source, parsed, ctx.allowed))

    title = _text(ctx, data, "title", required=True, where="标题")
    date, has_time = _date(ctx, data, "date", settings)
    type_key = _type(ctx, data, settings)
    updated, _ = _date(ctx, data, "updated", settings)
    summary = _text(ctx, data, "summary", where="摘要")
    location = _text(ctx, data, "location", where="地点")
    folder = posixpath.dirname(source)
    cover = (
        _photo(ctx, "cover", data.get("cover"), folder, photo_exists, "封面照片") if "cover" in data else None
    )
    photos = _photos(ctx, data, folder, photo_exists)
    hours = _number(ctx, data, "hours", integer=False)
    beneficiaries = _number(ctx, data, "beneficiaries", integer=True)
    participants = _number(ctx, data, "participants", integer=True)
    volunteers = _volunteers(ctx, data)
    tags = _tags(ctx, data)
    featured = _flag(ctx, data, "featured")
    milestone = _flag(ctx, data, "milestone")
    draft = _flag(ctx, data, "draft")
    slug = _slug(ctx, data, source, title)

    if updated is not None and date is not None and updated < date:
        ctx.error("updated", "更新日期早于活动日期。", "updated 应写更正内容的日期，不能早于 date。")

    if any(p.is_error for p in ctx.problems):
        return None, ctx.problems
    assert title is not None and date is not None and type_key is not None

    status = Status.DRAFT if draft else status_at(date, settings)

    record = Record(
        source=source,
        title=title,
        date=date,
        has_time=has_time,
        type=type_key,
        type_label=settings.label(type_key),
        slug=slug,
        body=parsed.body,
        body_line=parsed.body_line,
        summary=summary or summarize(parsed.body),
        own_summary=bool(summary),
        location=location or "",
        cover=cover,
        photos=photos,
        volunteers=volunteers,
        hours=hours,
        beneficiaries=beneficiaries,  # type: ignore[arg-type]
        participants=participants,  # type: ignore[arg-type]
        tags=tags,
        featured=featured,
        milestone=milestone,
        updated=updated,
        status=status,
        reading_minutes=reading_minutes(parsed.body),
        field_lines=MappingProxyType(dict(parsed.key_lines)),
    )
    return record, ctx.problems


def _check_keys(ctx: _Context, data: dict[str, Any]) -> None:
    for key, line in ctx.parsed.duplicates:
        first = ctx.parsed.key_lines.get(key)
        ctx.problems.append(
            Problem(
                ctx.source,
                line,
                key,
                f"字段 {key} 写了两次（第 {first} 行和第 {line} 行），只有后一个会生效。",
                "删掉其中一行，只保留正确的那个。",
            )
        )
    for key in data:
        if key in FIELDS or key in THEME_FIELDS:
            continue
        close = difflib.get_close_matches(str(key), FIELDS, n=1, cutoff=0.6)
        hint = f"是不是想写 {close[0]}？" if close else f"可用字段：{'、'.join(FIELDS)}。"
        ctx.warn(str(key), f"未知字段“{key}”，它不会被使用。", f"{hint}不需要就删除这一行。")
    for key in REQUIRED:
        if key not in data or data[key] is None or data[key] == "":
            ctx.error(key, f"缺少必填字段 {key}。", _REQUIRED_FIX[key])


_REQUIRED_FIX = {
    "title": "在 front matter 里加一行 title: 活动标题。",
    "date": f"在 front matter 里加一行 date: 活动日期，{DATE_FORMAT_HINT}。",
    "type": "在 front matter 里加一行 type: 活动类型，例如 type: volunteer 或 type: 志愿服务。",
}


def _text(ctx: _Context, data: dict[str, Any], field: str, where: str, required: bool = False) -> str | None:
    value = data.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, (bool, list, dict)):
        ctx.error(field, f"{field} 应该是一段文字。", f"把 {field} 改成一行文字，例如 {field}: …")
        return None
    text = str(value).strip()
    if required and not text:
        ctx.error(field, f"{field} 不能为空。", _REQUIRED_FIX.get(field, f"填写 {field}。"))
        return None
    ctx.private(field, text, where)
    return text


def _date(
    ctx: _Context, data: dict[str, Any], field: str, settings: SiteSettings
) -> tuple[datetime | None, bool]:
    value = data.get(field)
    if value is None or value == "":
        return None, False
    moment, has_time, problem = parse_date(str(value), settings.timezone)
    if problem == "format":
        ctx.error(field, f"日期“{value}”格式无法识别。", f"{DATE_FORMAT_HINT}。")
    elif problem == "impossible":
        ctx.error(
            field,
            f"日期“{value}”不存在（例如 2 月没有 30 日，小时须在 0–23 之间）。",
            f"改成日历上真实存在的日期，{DATE_FORMAT_HINT}。",
        )
    return moment, has_time


def _type(ctx: _Context, data: dict[str, Any], settings: SiteSettings) -> str | None:
    value = data.get("type")
    if value is None or value == "":
        return None
    text = str(value).strip()
    key = resolve_type(text, settings.types)
    if key is None:
        ctx.error("type", f"未知的活动类型“{text}”。", unknown_type_fix(text, settings.types))
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


def _number(ctx: _Context, data: dict[str, Any], field: str, integer: bool) -> float | int | None:
    value = data.get(field)
    if value is None or value == "":
        return None
    return _checked_number(ctx, field, value, integer, label=field)


def _checked_number(ctx: _Context, field: str, value: Any, integer: bool, label: str) -> float | int | None:
    kind = "整数" if integer else "数字"
    example = "12" if integer else "2.5"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        ctx.error(
            field, f"{label} 必须是{kind}，现在是“{value}”。", f"只写{kind}，不带单位，例如 {example}。"
        )
        return None
    if value < 0:
        ctx.error(field, f"{label} 不能是负数（现在是 {value}）。", f"改成 0 或正{kind}。")
        return None
    if integer and value != int(value):
        ctx.error(field, f"{label} 必须是整数（现在是 {value}）。", "人数请写整数。")
        return None
    return int(value) if integer else float(value)


def _flag(ctx: _Context, data: dict[str, Any], field: str) -> bool:
    value = data.get(field)
    if value is None:
        return False
    if not isinstance(value, bool):
        ctx.error(
            field, f"{field} 只能是 true 或 false，现在是“{value}”。", f"写成 {field}: true 或删除这一行。"
        )
        return False
    return value


def _tags(ctx: _Context, data: dict[str, Any]) -> tuple[str, ...]:
    value = data.get("tags")
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        ctx.error("tags", "tags 应该是一组标签。", "写成 tags: [社区服务, 志愿者]。")
        return ()
    tags: list[str] = []
    for item in value:
        if item is None or isinstance(item, (dict, list, bool)) or not str(item).strip():
            ctx.error("tags", f"标签“{item}”不是一段文字。", "每个标签写一段简短文字，例如 社区服务。")
            continue
        tag = str(item).strip()
        if ctx.private("tags", tag, "标签"):
            continue
        if tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _volunteers(ctx: _Context, data: dict[str, Any]) -> tuple[VolunteerEntry, ...]:
    value = data.get("volunteers")
    if value is None:
        return ()
    if not isinstance(value, list):
        ctx.error(
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
                ctx.error(
                    "volunteers",
                    f"第 {position} 位志愿者有未知项：{'、'.join(map(str, extra))}。",
                    "只能写 name 和 hours，例如 {name: 张三, hours: 3}。",
                )
                continue
            if hours is not None:
                hours = _checked_number(
                    ctx, "volunteers", hours, integer=False, label=f"第 {position} 位志愿者的 hours"
                )
                if hours is None:
                    continue
        else:
            name, hours = item, None
        if name is None or isinstance(name, (dict, list, bool)) or not str(name).strip():
            ctx.error(
                "volunteers", f"第 {position} 位志愿者没有姓名。", "写成 - 张三 或 - {name: 张三, hours: 3}。"
            )
            continue
        name = str(name).strip()
        if ctx.private("volunteers", name, f"第 {position} 位志愿者的姓名"):
            continue
        if not_a_name := _not_a_name(name):
            ctx.error(
                "volunteers",
                f"第 {position} 位志愿者写的不是姓名（{not_a_name}）。",
                "volunteers 里每项只写志愿者的姓名，例如 - 张三；电话、邮箱等联系方式不能写进记录。",
            )
            continue
        entries.append(VolunteerEntry(name, hours))
    return tuple(entries)


def _photos(ctx: _Context, data: dict[str, Any], folder: str, photo_exists: PhotoExists) -> tuple[Photo, ...]:
    value = data.get("photos")
    if value is None:
        return ()
    if not isinstance(value, list):
        ctx.error(
            "photos",
            "photos 应该是一组照片。",
            "每行写一张照片，例如 - photos/合影.jpg，或 - {src: 合影.jpg, caption: 说明}。",
        )
        return ()
    photos = [
        _photo(ctx, "photos", item, folder, photo_exists, f"第 {position} 张照片")
        for position, item in enumerate(value, start=1)
    ]
    return tuple(photo for photo in photos if photo is not None)


def _photo(
    ctx: _Context, field: str, item: Any, folder: str, photo_exists: PhotoExists, label: str
) -> Photo | None:
    caption = alt = ""
    if isinstance(item, dict):
        src = item.get("src")
        caption = str(item.get("caption") or "").strip()
        alt = str(item.get("alt") or "").strip()
        # Captions and alt text are printed on the page; the file name becomes part of a URL.
        private = ctx.private(field, caption, f"{label}的说明（caption）")
        private = ctx.private(field, alt, f"{label}的描述（alt）") or private
        if private:
            return None
        extra = set(item) - {"src", "caption", "alt"}
        if extra:
            ctx.error(
                field, f"照片有未知项：{'、'.join(map(str, extra))}。", "照片只能写 src、caption、alt。"
            )
            return None
    else:
        src = item
    if src is None or isinstance(src, (dict, list, bool)) or not str(src).strip():
        ctx.error(field, "照片没有写文件路径。", "写照片文件相对于本记录文件的路径，例如 photos/合影.jpg。")
        return None
    src = str(src).strip()
    if ctx.private(field, src, f"{label}的文件名（会出现在网址里）"):
        return None
    if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", src) or "://" in src:
        ctx.error(
            field,
            f"照片路径“{src}”不是相对路径。",
            "把照片放在本记录所在的文件夹里，写相对路径，例如 photos/合影.jpg。",
        )
        return None
    path = posixpath.normpath(posixpath.join(folder, src.replace("\\", "/")))
    if not _inside(path, folder):
        ctx.error(
            field,
            f"照片“{src}”在本记录所在文件夹之外。",
            "把照片复制到本记录所在的文件夹（或其子文件夹）里，再写相对路径。",
        )
        return None
    if not photo_exists(path):
        ctx.error(
            field,
            f"找不到照片“{src}”（应在 {path}）。",
            "检查文件名（包括大小写和扩展名），或把照片放到这个位置。",
        )
        return None
    return Photo(src=src, path=path, caption=caption, alt=alt)


def _inside(path: str, folder: str) -> bool:
    """True when a normalised path lies within the record's folder (or a subfolder)."""
    if path.startswith("../") or path == "..":
        return False
    return not folder or path.startswith(folder + "/")


def _slug(ctx: _Context, data: dict[str, Any], source: str, title: str | None) -> str:
    value = data.get("slug")
    if value is not None and value != "":
        if ctx.private("slug", value, "slug（网址）"):
            return "record"
        slug = slugify(str(value))
        if not slug:
            ctx.error(
                "slug",
                f"slug“{value}”无法转换成网址。",
                "slug 用小写英文字母、数字和连字符，例如 slug: lei-feng-day。",
            )
        elif not is_valid_slug(str(value)):
            ctx.warn(
                "slug", f"slug“{value}”含有网址不宜使用的字符，已改为“{slug}”。", f"直接写 slug: {slug}。"
            )
        return slug
    slug = slug_from_filename(Path(source).stem)
    if ctx.private(None, slug, "文件名（会成为网址）"):
        return "record"
    return slug or slugify(title or "") or "record"


_DIGIT = re.compile(r"[0-9\uff10-\uff19]")


def _not_a_name(name: str) -> str:
    """Why a volunteer entry is not a person's name ("" when it may be one)."""
    if "@" in name or "\uff20" in name:
        return "像是电子邮箱地址"
    if _DIGIT.search(name):
        return "含有数字"
    return ""
