"""What the printed ledger says, ready for its template: grid cells, sittings, totals.

The template (`branchpress/ledger.html`, overridable from `theme/`) only lays it out;
every judgement — which cell is missing, who failed quorum, what a link points at —
is made here, where unit tests can see it.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass

from branchpress.core.records.model import Record
from branchpress.core.records.settings import SiteSettings
from branchpress.core.text import format_date, format_datetime

from .kinds import MEETING_KINDS, labels
from .ledger import Ledger, fails_quorum
from .periods import Frequency, periods_of


@dataclass(frozen=True)
class SittingEntry:
    anchor: str
    record: Record
    when: str
    kinds: str
    attendance: str
    quorum_failed: bool
    file_link: str  # the record file, relative to the ledger
    page_link: str  # its public page, when it is published and the site has an address


@dataclass(frozen=True)
class GridCell:
    state: str  # held, missing, pending
    span: int  # months the cell covers
    text: str
    links: tuple[tuple[str, str, bool], ...]  # (anchor, day, failed quorum) of each sitting held


def ledger_context(
    ledger: Ledger, settings: SiteSettings, branch: str, docs_from_ledger: str, site_url: str
) -> dict:
    """The template's context. `docs_from_ledger`: the docs folder as a path relative to the
    ledger's folder (`../content`); `site_url` may be empty."""
    zone = settings.timezone
    now = settings.current_time().astimezone(zone)
    entries = [
        _entry(index, r, zone, docs_from_ledger, site_url) for index, r in enumerate(ledger.sittings, 1)
    ]
    anchors = {entry.record.source: entry.anchor for entry in entries}
    rows = [(row.rule.label, row.rule.frequency.label, _cells(row, anchors, zone)) for row in ledger.rows]
    by_kind = Counter(kind for r in ledger.sittings for kind in (r.sitting.kinds if r.sitting else ()))
    return {
        "branch": branch,
        "year": ledger.year,
        "as_of": f"截至{format_date(now)}" if now.year == ledger.year else f"{ledger.year}年全年",
        "months": [period.label for period in periods_of(ledger.year, Frequency.MONTH)],
        "rows": rows,
        "sittings": entries,
        "totals": {
            "sittings": len(ledger.sittings),
            "internal": sum(1 for r in ledger.sittings if r.internal),
            "by_kind": [(label, by_kind[key]) for key, label in MEETING_KINDS.items() if by_kind[key]],
            "theme_days": sum(1 for r in ledger.sittings if r.type in settings.types_playing("theme_days")),
            "missing": sum(len(row.missing) for row in ledger.rows),
            "quorum": len(ledger.quorum_failures),
        },
    }


def _entry(index: int, record: Record, zone, docs_from_ledger: str, site_url: str) -> SittingEntry:
    sitting = record.sitting
    moment = record.date.astimezone(zone)
    kinds = labels(sitting.kinds) if sitting and sitting.kinds else record.type_label
    attendance = ""
    if sitting and sitting.expected is not None:
        attendance = f"应到 {sitting.expected} 人"
        if sitting.present is not None:
            attendance += f"，实到 {sitting.present} 人"
    page = f"{site_url.rstrip('/')}/{record.url}" if site_url and record.is_published and record.url else ""
    return SittingEntry(
        anchor=f"s{index}",
        record=record,
        when=format_datetime(moment) if record.has_time else format_date(moment),
        kinds=kinds,
        attendance=attendance,
        quorum_failed=fails_quorum(record),
        file_link=posixpath.join(docs_from_ledger, record.source),
        page_link=page,
    )


def _cells(row, anchors: dict[str, str], zone) -> list[GridCell]:
    cells = []
    for cell in row.cells:
        links = tuple(
            (
                anchors[r.source],
                f"{r.date.astimezone(zone).month}/{r.date.astimezone(zone).day}",
                fails_quorum(r),
            )
            for r in cell.sittings
        )
        text = {"held": "", "missing": "未开", "pending": "—"}[cell.state.value]
        cells.append(GridCell(cell.state.value, row.rule.frequency.months, text, links))
    return cells
