"""Template context of the volunteer pages, and the names record pages print.

Built from the volunteer tally of public records: consent (public: false shows
志愿者) and masking were decided once, in the public view (core/people/public.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from branchpress.core.records.model import Record
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.slugs import slugify, unique_slug
from branchpress.core.site import urls
from branchpress.core.site.chart import Bar, bar_chart
from branchpress.core.text import format_number

from .tally import MonthTotals, Totals, Volunteer, VolunteerTally

HOME_URL = urls.VOLUNTEERS


def year_url(year: int) -> str:
    return urls.volunteers_year(year)


@dataclass(frozen=True)
class Figure:
    label: str
    unit: str
    value: float
    change: float | None  # against the comparison period; None when there is nothing to compare

    @property
    def trend(self) -> str:
        if not self.change:
            return "flat"
        return "up" if self.change > 0 else "down"

    @property
    def change_text(self) -> str:
        if not self.change:
            return "持平"
        sign = "+" if self.change > 0 else "−"
        return sign + format_number(abs(self.change))


@dataclass(frozen=True)
class Line:
    """A leaderboard line, with the name already made safe to print."""

    rank: int
    name: str
    team: str
    hours: float
    activities: int
    url: str | None


@dataclass(frozen=True)
class Chart:
    title: str
    svg: Markup
    rows: tuple[MonthTotals, ...]


@dataclass(frozen=True)
class Credit:
    """A name on a record page."""

    name: str
    public: bool
    url: str | None


@dataclass(frozen=True)
class HighlightsPage:
    """/volunteers/ (year is None) or /volunteers/YYYY/."""

    url: str
    title: str
    year: int | None
    period: str  # the headline's period: 2026 年
    compare: str  # what the changes are against: 较去年同期, 较 2024 年
    figures: tuple[Figure, ...]
    all_time: Totals | None
    board: tuple[Line, ...]
    chart: Chart
    spotlight: tuple[Record, ...]
    latest: tuple[Record, ...]


@dataclass(frozen=True)
class PersonPage:
    url: str
    name: str
    volunteer: Volunteer
    hours_by_record: dict[str, float]


class Highlights:
    """Builds the volunteer pages from one tally; the `vh` object of their templates."""

    def __init__(self, tally: VolunteerTally, settings: SiteSettings, options) -> None:
        self.tally = tally
        self.settings = settings
        self.options = options
        self.now: datetime = settings.current_time()
        self.years = tally.years
        self.person_urls = _person_urls(tally) if options.volunteer_pages else {}
        # Whether any board leaves someone out, so the page can say why without naming anyone.
        self.withheld = any(not v.public for v in tally.volunteers)

    # -- names ---------------------------------------------------------------------------
    def credits(self, record: Record) -> tuple[Credit, ...]:
        """The record's volunteers as its page prints them, in the order staff listed them."""
        people = {e.person: e for e in reversed(record.volunteers)}  # the first listing wins
        return tuple(
            Credit(people[key].name, people[key].public, self.person_urls.get(key))
            for key in dict.fromkeys(e.person for e in record.volunteers)
        )

    # -- pages ---------------------------------------------------------------------------
    def home(self) -> HighlightsPage:
        this_year = self.now.year
        all_time = self.tally.totals()
        bars = self.tally.recent_months(self.now)
        return HighlightsPage(
            url=HOME_URL,
            title="志愿风采",
            year=None,
            period=f"{this_year} 年",
            compare="较去年同期",
            figures=self._figures(
                self.tally.totals(this_year), self.tally.totals(this_year - 1, until=self.now)
            ),
            all_time=all_time,
            board=self._board(None),
            chart=self._chart("bp-chart-recent", "近 12 个月志愿服务时长", bars, rolling=True),
            spotlight=tuple(r for r in self.tally.activities if r.featured)[: self.options.spotlight],
            latest=self.tally.activities[: self.options.latest],
        )

    def year(self, year: int) -> HighlightsPage:
        current = self.tally.totals(year)
        if year == self.now.year:
            previous, compare = self.tally.totals(year - 1, until=self.now), "较去年同期"
        else:
            previous, compare = self.tally.totals(year - 1), f"较 {year - 1} 年"
        records = tuple(r for r in self.tally.activities if r.year == year)
        return HighlightsPage(
            url=year_url(year),
            title=f"{year} 年志愿风采",
            year=year,
            period=f"{year} 年",
            compare=compare,
            figures=self._figures(
                current, previous if previous.activities or year == self.now.year else None
            ),
            all_time=None,
            board=self._board(year),
            chart=self._chart(f"bp-chart-{year}", f"{year} 年每月志愿服务时长", self.tally.months(year)),
            spotlight=(),
            latest=records[: max(self.options.latest, 12)],
        )

    def people(self) -> list[PersonPage]:
        pages = []
        for key, url in self.person_urls.items():
            volunteer = self.tally.by_key[key]
            hours = {s.record.source: s.hours for s in volunteer.services}
            pages.append(PersonPage(url, volunteer.name, volunteer, hours))
        return pages

    def year_url(self, year: int) -> str:
        return year_url(year)

    # -- parts ---------------------------------------------------------------------------
    def _figures(self, current: Totals, previous: Totals | None) -> tuple[Figure, ...]:
        def figure(label: str, unit: str, attribute: str) -> Figure:
            value = getattr(current, attribute)
            change = None if previous is None else value - getattr(previous, attribute)
            return Figure(label, unit, value, change)

        return (
            figure("服务时长", "小时", "hours"),
            figure("参与志愿者", "人", "volunteers"),
            figure("志愿活动", "场", "activities"),
            figure("服务群众", "人", "beneficiaries"),
        )

    def _board(self, year: int | None) -> tuple[Line, ...]:
        return tuple(
            Line(
                s.rank,
                s.volunteer.name,
                s.volunteer.team,
                s.hours,
                s.activities,
                self.person_urls.get(s.volunteer.key),
            )
            for s in self.tally.leaderboard(year, self.options.leaderboard_size)
        )

    def _chart(self, chart_id: str, title: str, months: list[MonthTotals], rolling: bool = False) -> Chart:
        bars = [
            Bar(
                label=f"{m.month}月",
                value=m.totals.hours,
                caption=f"{m.year}年{m.month}月",
                note=str(m.year) if rolling and (m.month == 1 or index == 0) else "",
            )
            for index, m in enumerate(months)
        ]
        busiest = max(months, key=lambda m: m.totals.hours, default=None)
        total = format_number(sum(m.totals.hours for m in months))
        if busiest is None or not busiest.totals.hours:
            summary = "这段时间还没有志愿服务记录。"
        else:
            summary = (
                f"共 {total} 小时；最多的是 {busiest.year}年{busiest.month}月，"
                f"{format_number(busiest.totals.hours)} 小时。"
            )
        description = (
            f"柱状图：{bars[0].caption}至{bars[-1].caption}每月志愿服务小时数。{summary}数据见图下的表格。"
        )
        svg = bar_chart(bars, chart_id=chart_id, title=title, description=description, unit="小时")
        return Chart(title, Markup(svg), tuple(months))


def _person_urls(tally: VolunteerTally) -> dict[str, str]:
    """volunteers/<pinyin>/ for each public volunteer, from the name as printed (masked on a
    masked site), so the URL gives away no more than the page does."""
    urls: dict[str, str] = {}
    taken: set[str] = set()
    for volunteer in sorted(tally.volunteers, key=lambda v: (v.first, v.name, v.key)):
        if not volunteer.public:
            continue
        base = slugify(volunteer.name) or "volunteer"
        if base.isdigit():  # would collide with the year pages
            base = f"v-{base}"
        slug = unique_slug(base, taken.__contains__)
        taken.add(slug)
        urls[volunteer.key] = f"{HOME_URL}{slug}/"
    return urls
