"""Organization life as numbers, for public outputs (the annual report).

Internal sittings count here — docs/records.md (Drafts, scheduled and internal records)
lets them show only as a number of sittings held — but nothing else of them does: the
summary holds no record, title, date or name, so whatever prints it cannot leak one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from branchpress.core.records.activity_types import THEME_DAYS
from branchpress.core.records.model import Record
from branchpress.core.records.settings import SiteSettings

from .kinds import MEETING_KINDS, RULE_LABELS, THEME_DAY
from .ledger import CellState, build_ledger


@dataclass(frozen=True)
class Regularity:
    label: str  # 支部委员会, 第一党小组
    frequency: str  # 每月
    held: int  # periods with a sitting
    due: int  # periods that have ended or were held


@dataclass(frozen=True)
class SittingSummary:
    year: int
    total: int
    internal: int
    by_kind: tuple[tuple[str, int], ...]  # (label, sittings), 主题党日 included
    # Empty for a year the branch did not keep its meetings in the records (fewer than half of
    # the rules have any sitting): a grid of zeros would report gaps that are only gaps in typing.
    regularity: tuple[Regularity, ...]

    @property
    def public(self) -> int:
        return self.total - self.internal


def summarize_sittings(records: Iterable[Record], settings: SiteSettings, year: int) -> SittingSummary:
    """Counts of the year's sittings from records as written (drafts and scheduled excluded)."""
    ledger = build_ledger(records, settings, year)
    theme_days = set(settings.types_playing(THEME_DAYS))
    counts: Counter[str] = Counter()
    for record in ledger.sittings:
        if record.type in theme_days:
            counts[THEME_DAY] += 1
        for kind in record.sitting.kinds if record.sitting else ():
            counts[kind] += 1
    regularity = tuple(
        Regularity(
            row.rule.label,
            row.rule.frequency.label,
            sum(1 for cell in row.cells if cell.state is CellState.HELD),
            sum(1 for cell in row.cells if cell.state is not CellState.PENDING),
        )
        for row in ledger.rows
    )
    if sum(1 for rule in regularity if rule.held) * 2 < len(regularity):
        regularity = ()
    return SittingSummary(
        year=year,
        total=len(ledger.sittings),
        internal=sum(1 for r in ledger.sittings if r.internal),
        by_kind=tuple((RULE_LABELS[key], counts[key]) for key in (*MEETING_KINDS, THEME_DAY) if counts[key]),
        regularity=regularity,
    )
