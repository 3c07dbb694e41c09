"""The record model: one activity of the branch, validated and immutable."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType


class Status(enum.Enum):
    PUBLISHED = "published"
    DRAFT = "draft"
    SCHEDULED = "scheduled"


@dataclass(frozen=True)
class Photo:
    """A photo listed by a record; `path` is relative to the docs folder."""

    src: str
    path: str
    caption: str = ""
    alt: str = ""


@dataclass(frozen=True)
class VolunteerEntry:
    """A volunteer as listed on one record, with the hours credited for it.

    As validated, `name` is what staff wrote. In the public view (core/people/public.py)
    it is the name the site may print, `person` an identity that spells no name, and
    `public` and `team` come from the roster.
    """

    name: str
    hours: float | None
    person: str = ""
    public: bool = True
    team: str = ""


@dataclass(frozen=True)
class Absence:
    """A member absent from a sitting, and why (缺席人员及原因): for the ledger only."""

    name: str
    reason: str = ""


@dataclass(frozen=True)
class Sitting:
    """What a 三会一课 or 主题党日 record says of the sitting (docs/records.md, Organization life).

    As validated it holds everything the ledger prints; the public view empties
    `absent` and `recorder`, which stay inside the branch.
    """

    kinds: tuple[str, ...] = ()  # meeting kinds (core/organization/kinds.py); () for a 主题党日
    group: str = ""  # the 党小组 of a `group` meeting
    expected: int | None = None  # 应到
    present: int | None = None  # 实到
    absent: tuple[Absence, ...] = ()
    chair: str = ""  # 主持人
    recorder: str = ""  # 记录人
    lecturer: str = ""  # 授课人
    agenda: tuple[str, ...] = ()  # 议题


@dataclass(frozen=True)
class Record:
    """One activity record, as validated from its Markdown file."""

    source: str  # path relative to the docs folder, with forward slashes
    title: str
    date: datetime  # aware, in the site time zone
    has_time: bool
    type: str  # activity type key
    type_label: str
    slug: str
    body: str  # Markdown after the front matter
    body_line: int
    summary: str = ""  # the front matter's summary, else derived from the body
    own_summary: bool = False  # True when staff wrote `summary` (then it is shown as a lead)
    location: str = ""
    cover: Photo | None = None
    photos: tuple[Photo, ...] = ()
    volunteers: tuple[VolunteerEntry, ...] = ()
    hours: float | None = None
    beneficiaries: int | None = None
    participants: int | None = None
    tags: tuple[str, ...] = ()
    featured: bool = False
    milestone: bool = False
    updated: datetime | None = None
    status: Status = Status.PUBLISHED
    # An internal record (内部记录): in the ledger, and a number in counts of sittings; never published.
    internal: bool = False
    sitting: Sitting | None = None  # on records of the types that hold sittings
    reading_minutes: int = 1
    url: str = ""  # site-relative directory URL, e.g. activities/2026/05/slug/
    # 1-based line of each front-matter key, so later checks can point at the line.
    field_lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}), compare=False)

    @property
    def pictures(self) -> tuple[Photo, ...]:
        """The cover (first) and the gallery photos."""
        return ((self.cover,) if self.cover else ()) + self.photos

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def is_published(self) -> bool:
        """Whether the public site shows it: not a draft, not scheduled, not internal."""
        return self.status is Status.PUBLISHED and not self.internal

    @property
    def is_held(self) -> bool:
        """Whether the sitting took place for the ledger: internal ones count, drafts and
        scheduled ones do not."""
        return self.status is Status.PUBLISHED

    @property
    def last_modified(self) -> datetime:
        return self.updated or self.date

    def hours_of(self, entry: VolunteerEntry) -> float:
        """Hours credited to one listed volunteer: their own, else the record's."""
        if entry.hours is not None:
            return entry.hours
        return self.hours or 0.0

    @property
    def volunteer_hours(self) -> float:
        return sum(self.hours_of(entry) for entry in self.volunteers)
