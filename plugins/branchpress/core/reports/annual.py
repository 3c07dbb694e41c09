"""One year's report: figures against the year before, organization life, each type's work,
volunteers, honours, milestones, photos and every activity of the year.

The figures are the home page's (core/site/figures.py) over the same tally, so a
report never disagrees with the site. A year still running is compared with the
same part of the year before (1 January to today's month and day), not with a
whole year, which would make every December look like a decline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from branchpress.core.organization.summary import SittingSummary
from branchpress.core.people.tally import Standing, VolunteerTally
from branchpress.core.records.activity_types import HONOURS
from branchpress.core.records.model import Record
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.store import RecordStore
from branchpress.core.site.chart import Bar, bar_chart
from branchpress.core.site.figures import Figures, figures
from branchpress.core.text import format_number

FEATURED_IN_FULL = 3  # per type: featured records told in full before the rest in brief


@dataclass(frozen=True)
class Change:
    """A figure of the year and the same figure a year earlier (None: nothing to compare)."""

    label: str
    unit: str
    value: float
    previous: float | None

    @property
    def change_text(self) -> str:
        if self.previous is None:
            return ""
        difference = self.value - self.previous
        if not difference:
            return "持平"
        sign = "+" if difference > 0 else "−"
        return f"{sign}{format_number(abs(difference))}"

    @property
    def trend(self) -> str:
        if self.previous is None or self.value == self.previous:
            return "flat"
        return "up" if self.value > self.previous else "down"


@dataclass(frozen=True)
class TypePart:
    key: str
    label: str
    in_full: tuple[Record, ...]  # featured records first, told with summary and cover
    in_brief: tuple[Record, ...]

    @property
    def count(self) -> int:
        return len(self.in_full) + len(self.in_brief)


@dataclass(frozen=True)
class AnnualReport:
    year: int
    as_of: str  # 截至12月1日 for the year still running, else ""
    compared_with: str  # what the changes are against: 2024年同期, 2024年
    records: tuple[Record, ...]  # the year's published records, oldest first
    figures: tuple[Change, ...]
    types: tuple[Change, ...]  # activities of each type
    sittings: SittingSummary | None
    parts: tuple[TypePart, ...]
    leaderboard: tuple[Standing, ...]
    honours: tuple[Record, ...]
    milestones: tuple[Record, ...]
    moments: tuple[Record, ...]  # records with a cover, featured first
    chart: str  # inline SVG: activities per month

    @property
    def title(self) -> str:
        return f"{self.year}年度党建工作报告"


def report_years(store: RecordStore) -> tuple[int, ...]:
    """Years with published records, newest first: one report each."""
    return store.years


def build_report(
    year: int,
    store: RecordStore,
    settings: SiteSettings,
    tally: VolunteerTally,
    sittings: SittingSummary | None,
    *,
    leaderboard_size: int = 10,
    moments: int = 12,
) -> AnnualReport:
    now = settings.current_time()
    running = now.year == year
    until = now if running else None
    records = _year(store, year, until=None)
    before = _year(store, year - 1, until=until)
    has_before = bool(store.by_year.get(year - 1))
    honours = set(settings.types_playing(HONOURS))
    return AnnualReport(
        year=year,
        as_of=f"截至{now.month}月{now.day}日" if running else "",
        compared_with=f"{year - 1}年同期" if running else f"{year - 1}年",
        records=tuple(reversed(records)),
        figures=_changes(
            _figures(records, tally, year, None),
            _figures(before, tally, year - 1, until) if has_before else None,
        ),
        types=tuple(
            Change(label, "场", len([r for r in records if r.type == key]), _count(before, key, has_before))
            for key, label in settings.types.items()
        ),
        sittings=sittings if sittings is not None and sittings.total else None,
        parts=tuple(_part(key, label, records) for key, label in settings.types.items() if _of(records, key)),
        leaderboard=tuple(tally.leaderboard(year, leaderboard_size)),
        honours=tuple(r for r in reversed(records) if r.type in honours),
        milestones=tuple(r for r in reversed(records) if r.milestone),
        moments=tuple(sorted((r for r in records if r.cover), key=lambda r: not r.featured)[:moments]),
        chart=_chart(year, records),
    )


def _year(store: RecordStore, year: int, until: datetime | None) -> list[Record]:
    """Published records of a year, newest first; with `until`, only up to its month and day."""
    return [
        r
        for r in store.by_year.get(year, ())
        if r.is_published and (until is None or (r.date.month, r.date.day) <= (until.month, until.day))
    ]


def _figures(records: list[Record], tally: VolunteerTally, year: int, until: datetime | None) -> Figures:
    service = tally.totals(year, until=until)
    return figures(records, service.hours, service.volunteers)


def _changes(current: Figures, previous: Figures | None) -> tuple[Change, ...]:
    def change(label: str, unit: str, attribute: str) -> Change:
        earlier = getattr(previous, attribute) if previous is not None else None
        return Change(label, unit, getattr(current, attribute), earlier)

    return (
        change("开展活动", "场", "activities"),
        change("参加人次", "人次", "participants"),
        change("参与志愿者", "人", "volunteers"),
        change("志愿服务时长", "小时", "volunteer_hours"),
        change("服务群众", "人", "beneficiaries"),
    )


def _count(records: list[Record], key: str, known: bool) -> int | None:
    return len(_of(records, key)) if known else None


def _of(records: list[Record], key: str) -> list[Record]:
    return [r for r in records if r.type == key]


def _part(key: str, label: str, records: list[Record]) -> TypePart:
    chronological = list(reversed(_of(records, key)))
    in_full = [r for r in chronological if r.featured][:FEATURED_IN_FULL]
    return TypePart(key, label, tuple(in_full), tuple(r for r in chronological if r not in in_full))


def _chart(year: int, records: list[Record]) -> str:
    counts = [sum(1 for r in records if r.date.month == month) for month in range(1, 13)]
    bars = [Bar(f"{m}月", counts[m - 1], f"{year}年{m}月") for m in range(1, 13)]
    busiest = max(range(12), key=lambda i: counts[i])
    summary = (
        f"最多的是{busiest + 1}月，{counts[busiest]} 场。" if counts[busiest] else "这一年还没有活动记录。"
    )
    return bar_chart(
        bars,
        chart_id=f"bp-report-{year}-months",
        title=f"{year}年每月开展活动场次",
        description=f"柱状图：{year}年1月至12月每月开展的活动场次，共 {len(records)} 场；{summary}",
        unit="场",
    )
