"""Dates as staff write them, and what a record's date means for publishing it.

Records, the `now` option and `branchpress new` all accept the same forms
(`2026-05-12`, `2026-05-12 14:30`, also with / or . between the parts), so
one parser serves them all. It never raises: it says whether the text was not
a date at all, named a day that does not exist, or lies outside the years a
branch's records can have (a typo such as 2206 for 2026), because staff fix
each differently. The range also keeps every date inside what the outputs can
write: the gzip header of sitemap.xml.gz holds seconds since 1970 in 32 bits
(until 2106-02-07), so a later `updated` would end the build in `struct.error`.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from .model import Status

_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
DATE_FORMAT_HINT = "写成 2026-05-12 或 2026-05-12 14:30 的形式"
# The years a record, `now` or a command's date may name: wide enough for any branch's history
# and plans, narrow enough to catch a mistyped year.
FIRST_YEAR, LAST_YEAR = 1900, 2100
YEAR_RANGE_HINT = f"年份应在 {FIRST_YEAR}–{LAST_YEAR} 之间，检查是否把年份写错（例如 2206 应为 2026）"


def parse_date(text: str, zone: tzinfo | None) -> tuple[datetime | None, bool, str]:
    """(moment, has_time, problem) where problem is "", "format", "impossible" or "range"."""
    match = _DATE.match(text.strip())
    if not match:
        return None, False, "format"
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None, False, "range"
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None, False, "impossible"
    return moment, match.group(4) is not None, ""


def validate_date_text(text: str, zone: tzinfo) -> datetime | None:
    return parse_date(text, zone)[0]


def status_at(date: datetime, now: datetime) -> Status:
    """Published, or scheduled while its date lies ahead of the build's clock (`now`)."""
    return Status.SCHEDULED if date > now else Status.PUBLISHED
