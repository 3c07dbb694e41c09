"""Volunteer service tallied from published records: people, hours, months and years.

The tally reads the public view of records (core/people/public.py): a person is the
entry's `person` identity, which already merges spellings (张 三 and 张三) and the
roster's aliases, and names are already withheld or masked. An entry's hours are its
own, else the record's, else zero (the record still counts as an activity of that
person, and a warning says so). The checks at the end read the records as written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from branchpress.core.records.model import Record


@dataclass(frozen=True)
class Service:
    """One person's part in one record."""

    record: Record
    hours: float


@dataclass(frozen=True)
class Volunteer:
    key: str  # the public view's `person`: an identity that spells no name
    name: str  # as the site prints it: canonical, masked, or 志愿者 when withheld
    team: str
    public: bool
    services: tuple[Service, ...]  # newest first

    @property
    def hours(self) -> float:
        return sum(s.hours for s in self.services)

    @property
    def activities(self) -> int:
        return len(self.services)

    @property
    def first(self) -> datetime:
        return self.services[-1].record.date

    @property
    def last(self) -> datetime:
        return self.services[0].record.date

    @property
    def types(self) -> tuple[str, ...]:
        """Labels of the activity types served, most often first."""
        counts = Counter(s.record.type_label for s in self.services)
        return tuple(label for label, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def services_in(self, year: int | None) -> tuple[Service, ...]:
        return self.services if year is None else self._by_year.get(year, ())

    @cached_property
    def _by_year(self) -> dict[int, tuple[Service, ...]]:
        """Services by year, once: leaderboards and highlights ask per volunteer per year."""
        years: dict[int, list[Service]] = {}
        for service in self.services:
            years.setdefault(service.record.year, []).append(service)
        return {year: tuple(services) for year, services in years.items()}


@dataclass(frozen=True)
class Totals:
    volunteers: int = 0
    hours: float = 0.0
    activities: int = 0
    beneficiaries: int = 0


@dataclass(frozen=True)
class Standing:
    """A line of a leaderboard; equal hours share a rank (1, 2, 2, 4)."""

    rank: int
    volunteer: Volunteer
    hours: float
    activities: int


@dataclass(frozen=True)
class MonthTotals:
    year: int
    month: int
    totals: Totals


class VolunteerTally:
    """Everything the site says about volunteers, from published records only."""

    def __init__(self, records: Iterable[Record]) -> None:
        # Newest first; a record counts when it lists anyone, whatever its type.
        self.activities: tuple[Record, ...] = tuple(
            sorted(
                (r for r in records if r.is_published and r.volunteers),
                key=lambda r: (r.date, r.source),
                reverse=True,
            )
        )
        self._credits = {r.source: self._credit(r) for r in self.activities}
        services: dict[str, list[Service]] = {}
        for record in self.activities:
            for key, hours in self._credits[record.source].items():
                services.setdefault(key, []).append(Service(record, hours))
        people = [self._volunteer(key, tuple(items)) for key, items in services.items()]
        self.volunteers: tuple[Volunteer, ...] = tuple(
            sorted(people, key=lambda v: (-v.hours, -v.activities, v.name, v.key))
        )
        self.by_key = {v.key: v for v in self.volunteers}

    def credit(self, record: Record) -> dict[str, float]:
        """Hours per person on one published record (empty for any other record)."""
        return dict(self._credits.get(record.source, {}))

    def _credit(self, record: Record) -> dict[str, float]:
        # A person listed twice (say as 张三 and as an alias) served once: keep the larger hours.
        credit: dict[str, float] = {}
        for entry in record.volunteers:
            credit[entry.person] = max(credit.get(entry.person, 0.0), record.hours_of(entry))
        return credit

    @staticmethod
    def _volunteer(key: str, services: tuple[Service, ...]) -> Volunteer:
        entry = next(e for e in services[0].record.volunteers if e.person == key)
        return Volunteer(key, entry.name, entry.team, entry.public, services)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({r.year for r in self.activities}, reverse=True))

    def totals(
        self, year: int | None = None, month: int | None = None, until: datetime | None = None
    ) -> Totals:
        """Totals of all time, a year or a month; `until` keeps only records on or before its
        month and day, for comparing this year so far with the same part of an earlier year."""
        records = [
            r
            for r in self.activities
            if (year is None or r.year == year)
            and (month is None or r.date.month == month)
            and (until is None or (r.date.month, r.date.day) <= (until.month, until.day))
        ]
        people = {key for r in records for key in self._credits[r.source]}
        return Totals(
            volunteers=len(people),
            hours=sum(sum(self._credits[r.source].values()) for r in records),
            activities=len(records),
            beneficiaries=sum(r.beneficiaries or 0 for r in records),
        )

    def months(self, year: int) -> list[MonthTotals]:
        return [MonthTotals(year, m, self.totals(year, m)) for m in range(1, 13)]

    def recent_months(self, until: datetime, count: int = 12) -> list[MonthTotals]:
        """The `count` months ending with the month of `until`, oldest first."""
        index = until.year * 12 + until.month - 1
        months = [divmod(i, 12) for i in range(index - count + 1, index + 1)]
        return [MonthTotals(y, m + 1, self.totals(y, m + 1)) for y, m in months]

    def leaderboard(self, year: int | None = None, size: int = 10) -> list[Standing]:
        """Public volunteers by hours served (all time or in one year); withheld names never rank."""
        lines = []
        for volunteer in self.volunteers:
            services = volunteer.services_in(year)
            hours = sum(s.hours for s in services)
            if volunteer.public and hours > 0:
                lines.append((hours, len(services), volunteer))
        lines.sort(key=lambda line: (-line[0], -line[1], line[2].name, line[2].key))
        board: list[Standing] = []
        for position, (hours, activities, volunteer) in enumerate(lines[:size], start=1):
            rank = board[-1].rank if board and board[-1].hours == hours else position
            board.append(Standing(rank, volunteer, hours, activities))
        return board
