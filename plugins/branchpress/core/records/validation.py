"""Validate one record file into a `Record`, collecting every problem at once.

The first step of the pipeline (`store.load_records` calls it for every file):
split the front matter, check its keys against `record_fields.RECORD`, screen
everything that will be published for personal numbers, read every field, and
build the immutable Record only when nothing is wrong. Validation never raises
for bad content: it returns problems, each naming the file, line, field, what
is wrong and how to fix it, in Chinese.
"""

from __future__ import annotations

import posixpath
from types import MappingProxyType

from branchpress.core.problems import Problem
from branchpress.core.text import reading_minutes, summarize

from .dates import status_at
from .frontmatter import FrontMatterError, ParsedFile, split_record
from .model import Record, Status
from .personal_numbers import PublishedFieldCheck, body_problems
from .record_fields import RECORD, read_slug, read_type, read_volunteers
from .record_photos import PhotoExists, read_photo, read_photos
from .settings import SiteSettings
from .sitting_fields import read_sitting


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
    """Validate a record file already split into front matter and body."""
    check = PublishedFieldCheck(source, parsed.key_lines, settings.privacy_allow, timezone=settings.timezone)
    data = parsed.data
    check.duplicates(RECORD, parsed.duplicates)
    check.keys(RECORD, data)
    check.problems.extend(body_problems(source, parsed, settings.privacy_allow))
    # Off-host loads and scripts are read from the rendered body (core/site/page_loads.py).

    read = check.values(RECORD, data)
    title = read["title"]
    date, has_time = read["date"] or (None, False)
    updated = read["updated"][0] if read["updated"] else None
    type_key = read_type(check, data, settings)
    folder = posixpath.dirname(source)
    cover = (
        read_photo(check, "cover", data.get("cover"), folder, photo_exists, "封面照片")
        if "cover" in data
        else None
    )
    photos = read_photos(check, data, folder, photo_exists)
    volunteers = read_volunteers(check, data)
    slug = read_slug(check, data, source, title)
    sitting = read_sitting(check, data, read, type_key, settings)

    if updated is not None and date is not None and updated < date:
        check.error("updated", "更新日期早于活动日期。", "updated 应写更正内容的日期，不能早于 date。")

    if check.failed:
        return None, check.problems
    assert title is not None and date is not None and type_key is not None

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
        summary=read["summary"] or summarize(parsed.body),
        own_summary=bool(read["summary"]),
        location=read["location"] or "",
        cover=cover,
        photos=photos,
        volunteers=volunteers,
        hours=read["hours"],
        beneficiaries=read["beneficiaries"],
        participants=read["participants"],
        tags=read["tags"],
        featured=read["featured"],
        milestone=read["milestone"],
        updated=updated,
        status=Status.DRAFT if read["draft"] else status_at(date, settings.current_time()),
        internal=read["internal"],
        sitting=sitting,
        reading_minutes=reading_minutes(parsed.body),
        field_lines=MappingProxyType(dict(parsed.key_lines)),
    )
    return record, check.problems
