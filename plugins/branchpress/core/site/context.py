"""Template context objects: what generated pages and record pages can show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .listings import tag_url, type_url, year_url
from branchpress.core.records.activity_types import HONOURS, VOLUNTEERING
from branchpress.core.records.model import Record, Status
from branchpress.core.records.settings import SiteSettings
from .figures import Figures, figures
from branchpress.core.records.store import RecordStore
from branchpress.core.organization.facts import sitting_facts
from branchpress.core.text import format_number
from branchpress.core.people.tally import VolunteerTally


@dataclass(frozen=True)
class TypeCard:
    key: str
    label: str
    url: str
    count: int
    latest: Record | None


@dataclass(frozen=True)
class Home:
    latest: tuple[Record, ...]
    featured: tuple[Record, ...]
    types: tuple[TypeCard, ...]
    year: int
    year_figures: Figures
    all_figures: Figures


class Site:
    """Site-wide helpers every BranchPress template receives as `bp`."""

    def __init__(self, store: RecordStore, settings: SiteSettings, tally: VolunteerTally) -> None:
        self.store = store
        self.settings = settings
        self.tally = tally  # the build's one tally, so home and /volunteers/ agree
        self.types = tuple(
            TypeCard(
                key, label, type_url(key), len(store.by_type.get(key, ())), _first(store.by_type.get(key))
            )
            for key, label in settings.types.items()
        )

    def type_tone(self, key: str) -> int:
        """One of eight colour tones, stable per type, for covers without a photo."""
        return list(self.settings.types).index(key) % 8 if key in self.settings.types else 0

    def status_label(self, record: Record) -> str:
        label = {Status.DRAFT: "草稿", Status.SCHEDULED: "定时发布"}.get(record.status, "")
        return label or ("内部记录" if record.internal else "")

    def facts(self, record: Record) -> list[tuple[str, str]]:
        """The record's figures as (label, text) pairs, only those it has."""
        return record_facts(record)

    def honours(self) -> tuple[Record, ...]:
        """Records of the types shown on the culture page's 荣誉墙, newest first."""
        keys = set(self.settings.types_playing(HONOURS))
        return tuple(r for r in self.store.records if r.type in keys)

    def volunteering_url(self) -> str | None:
        """The listing of the type that stands for volunteer service, if the site has one."""
        keys = self.settings.types_playing(VOLUNTEERING)
        return type_url(keys[0]) if keys else None

    def tags_by_count(self) -> list[tuple[str, int]]:
        return sorted(
            ((t, len(rs)) for t, rs in self.store.by_tag.items()), key=lambda item: (-item[1], item[0])
        )

    def months(self, year: int) -> list[tuple[int, int]]:
        """(month, records) for the months of a year that have records, January first."""
        counts = Counter(r.date.month for r in self.store.by_year.get(year, ()))
        return sorted(counts.items())

    def type_url(self, key: str) -> str:
        return type_url(key)

    def tag_url(self, tag: str) -> str:
        return tag_url(self.store, tag)

    def year_url(self, year: int) -> str:
        return year_url(year)

    def home(self, latest: int, featured: int) -> Home:
        published = [r for r in self.store.records if r.is_published]
        year = self.settings.current_time().year
        tally = self.tally
        return Home(
            latest=tuple(self.store.records[:latest]),
            featured=self.store.featured()[:featured],
            types=self.types,
            year=year,
            year_figures=_figures([r for r in published if r.year == year], tally, year),
            all_figures=_figures(published, tally, None),
        )


def _figures(records: list[Record], tally: VolunteerTally, year: int | None) -> Figures:
    service = tally.totals(year)
    return figures(records, service.hours, service.volunteers)


def _first(records: tuple[Record, ...] | None) -> Record | None:
    return records[0] if records else None


def record_facts(record: Record, place: bool = True) -> list[tuple[str, str]]:
    """A record's figures as (label, text) pairs, only those it has; the place first when asked
    (the record page and the 公众号 article show the same figures)."""
    facts = []
    if place and record.location:
        facts.append(("地点", record.location))
    facts.extend(sitting_facts(record.sitting))
    if record.participants is not None:
        facts.append(("参加人数", f"{record.participants} 人"))
    if record.volunteers:
        hours = format_number(record.volunteer_hours)
        facts.append(("志愿者", f"{len(record.volunteers)} 人 · 共 {hours} 小时"))
    if record.beneficiaries is not None:
        facts.append(("服务人数", f"{record.beneficiaries} 人"))
    return facts
