"""Dates as staff write them, and what a record's date means for publishing it.

Records, the `now` option and `branchpress new` all accept the same forms
(`2026-05-12`, `2026-05-12 14:30`, also with / or . between the parts), so
one parser serves them all. It never raises: it says whether the text was not
a date at all or named a day that does not exist, because staff fix the two
differently.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from .model import Status

_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
DATE_FORMAT_HINT = "写成 2026-05-12 或 2026-05-12 14:30 的形式"


def parse_date(text: str, zone: tzinfo | None) -> tuple[datetime | None, bool, str]:
    """(moment, has_time, problem) where problem is "", "format" or "impossible"."""
    match = _DATE.match(text.strip())
    if not match:
        return None, False, "format"
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
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
