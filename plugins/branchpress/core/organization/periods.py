"""Periods of the regularity rules: months, quarters and years in the site's time zone.

A rule is due once in each period (`YYYY-MM`, `YYYY-Qn`, `YYYY`, written as in
docs/records.md, The ledger). A period that has not ended yet is never missing: the branch may still hold
the sitting before its last day.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, tzinfo


class Frequency(enum.Enum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def months(self) -> int:
        return {Frequency.MONTH: 1, Frequency.QUARTER: 3, Frequency.YEAR: 12}[self]

    @property
    def label(self) -> str:
        return {Frequency.MONTH: "每月", Frequency.QUARTER: "每季度", Frequency.YEAR: "每年"}[self]

    @property
    def this_period(self) -> str:
        return {Frequency.MONTH: "本月", Frequency.QUARTER: "本季度", Frequency.YEAR: "今年"}[self]


@dataclass(frozen=True, order=True)
class Period:
    year: int
    first_month: int  # 1-12
    frequency: Frequency

    @property
    def key(self) -> str:
        if self.frequency is Frequency.MONTH:
            return f"{self.year}-{self.first_month:02d}"
        if self.frequency is Frequency.QUARTER:
            return f"{self.year}-Q{(self.first_month - 1) // 3 + 1}"
        return str(self.year)

    @property
    def label(self) -> str:
        """Chinese column heading: 3月, 第二季度, 全年."""
        if self.frequency is Frequency.MONTH:
            return f"{self.first_month}月"
        if self.frequency is Frequency.QUARTER:
            return f"第{'一二三四'[(self.first_month - 1) // 3]}季度"
        return "全年"

    @property
    def months(self) -> range:
        return range(self.first_month, self.first_month + self.frequency.months)

    def start(self, zone: tzinfo) -> datetime:
        return datetime(self.year, self.first_month, 1, tzinfo=zone)

    def end(self, zone: tzinfo) -> datetime:
        """The first moment after the period."""
        month = self.first_month + self.frequency.months
        return datetime(self.year + (month - 1) // 12, (month - 1) % 12 + 1, 1, tzinfo=zone)

    def has_ended(self, now: datetime, zone: tzinfo) -> bool:
        return now >= self.end(zone)

    def contains(self, moment: datetime, zone: tzinfo) -> bool:
        local = moment.astimezone(zone)
        return local.year == self.year and local.month in self.months


def periods_of(year: int, frequency: Frequency) -> tuple[Period, ...]:
    step = frequency.months
    return tuple(Period(year, month, frequency) for month in range(1, 13, step))


def period_of(moment: datetime, frequency: Frequency, zone: tzinfo) -> Period:
    local = moment.astimezone(zone)
    step = frequency.months
    return Period(local.year, (local.month - 1) // step * step + 1, frequency)
