"""The 三会一课 ledger (组织生活台账) of one year: every sitting, and whether each rule was kept.

It reads the records as written (absentees, recorder, internal sittings), never the
public view, so it is the one output that may hold them; `branchpress ledger` writes
it beside the site, never into it. Drafts and scheduled records are not sittings.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from branchpress.core.records.activity_types import SITTINGS, THEME_DAYS
from branchpress.core.records.model import Record
from branchpress.core.records.settings import SiteSettings

from .kinds import NEEDS_QUORUM, THEME_DAY, holding
from .periods import Period, period_of, periods_of
from .rules import Rule


class CellState(enum.Enum):
    HELD = "held"
    MISSING = "missing"  # the period has ended without a sitting
    PENDING = "pending"  # not held yet, but the period has not ended: never missing


@dataclass(frozen=True)
class Cell:
    period: Period
    state: CellState
    sittings: tuple[Record, ...] = ()


@dataclass(frozen=True)
class Row:
    rule: Rule
    cells: tuple[Cell, ...]

    @property
    def missing(self) -> tuple[Period, ...]:
        return tuple(cell.period for cell in self.cells if cell.state is CellState.MISSING)


@dataclass(frozen=True)
class Ledger:
    year: int
    sittings: tuple[Record, ...]  # oldest first, as written
    rows: tuple[Row, ...]
    quorum_failures: tuple[Record, ...]

    def as_json(self) -> dict:
        """The `--json` object (docs/records.md, The ledger): every rule's key present, periods and
        paths as strings."""
        return {
            "year": self.year,
            "meetings": len(self.sittings),
            "missing": {row.rule.key: [period.key for period in row.missing] for row in self.rows},
            "quorum": [record.source for record in self.quorum_failures],
        }


def is_sitting(record: Record, settings: SiteSettings) -> bool:
    """A record of a type that holds sittings (三会一课, 主题党日) that took place."""
    if not record.is_held:
        return False
    kind = next((t for t in settings.activity_types if t.key == record.type), None)
    return kind is not None and (kind.plays(SITTINGS) or kind.plays(THEME_DAYS))


def counts_for(record: Record, rule: Rule, settings: SiteSettings) -> bool:
    """Whether a sitting counts for a rule; one sitting may count for several."""
    if rule.kind == THEME_DAY:
        return record.type in settings.types_playing(THEME_DAYS)
    sitting = record.sitting
    if sitting is None or rule.kind not in sitting.kinds:
        return False
    return not rule.group or sitting.group == rule.group


def fails_quorum(record: Record) -> bool:
    """A 党员大会 or 支委会 where no more than half of the members came."""
    sitting = record.sitting
    if sitting is None or not NEEDS_QUORUM.intersection(sitting.kinds):
        return False
    if sitting.expected is None or sitting.present is None or sitting.expected == 0:
        return False
    return sitting.present * 2 <= sitting.expected


def build_ledger(records: Iterable[Record], settings: SiteSettings, year: int) -> Ledger:
    zone = settings.timezone
    now = settings.current_time()
    sittings = tuple(
        sorted(
            (r for r in records if is_sitting(r, settings) and r.date.astimezone(zone).year == year),
            key=lambda r: (r.date, r.source),
        )
    )
    rows = tuple(_row(rule, sittings, settings, year, now, zone) for rule in settings.organization.rules)
    return Ledger(year, sittings, rows, tuple(r for r in sittings if fails_quorum(r)))


def _row(
    rule: Rule, sittings: tuple[Record, ...], settings: SiteSettings, year: int, now: datetime, zone: tzinfo
) -> Row:
    counted = [r for r in sittings if counts_for(r, rule, settings)]
    cells = []
    for period in periods_of(year, rule.frequency):
        held = tuple(r for r in counted if period.contains(r.date, zone))
        if held:
            state = CellState.HELD
        elif period.has_ended(now, zone):
            state = CellState.MISSING
        else:
            state = CellState.PENDING
        cells.append(Cell(period, state, held))
    return Row(rule, tuple(cells))


def due_now(records: Iterable[Record], settings: SiteSettings) -> tuple[tuple[Rule, Period], ...]:
    """Rules whose current period has no sitting yet: what `branchpress check` reminds of.

    Monthly and quarterly rules always; yearly ones only in the last quarter, when
    there is still time to hold them and a reminder is worth reading.
    """
    zone = settings.timezone
    now = settings.current_time()
    held = [r for r in records if is_sitting(r, settings)]
    due = []
    for rule in settings.organization.rules:
        period = period_of(now, rule.frequency, zone)
        if rule.frequency.months == 12 and now.astimezone(zone).month < 10:
            continue
        if not any(counts_for(r, rule, settings) and period.contains(r.date, zone) for r in held):
            due.append((rule, period))
    return tuple(due)


def reminder(due: tuple[tuple[Rule, Period], ...]) -> str:
    """One line, the shortest period first: 提醒：本月尚未召开支部委员会，尚未开展主题党日；本季度尚未上党课。"""
    parts = []
    for frequency in sorted({rule.frequency for rule, _ in due}, key=lambda f: f.months):
        by_verb: dict[str, list[str]] = {}
        for rule, _ in due:
            if rule.frequency is frequency:
                verb, what = holding(rule.kind, rule.group)
                by_verb.setdefault(verb, []).append(what)
        doings = "，".join(f"尚未{verb}{'、'.join(whats)}" for verb, whats in by_verb.items())
        parts.append(f"{frequency.this_period}{doings}")
    return "提醒：" + "；".join(parts) + "。" if parts else ""
