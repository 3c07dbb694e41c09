"""Figures for the home page: activities, participants, volunteer hours, beneficiaries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from branchpress.core.records.model import Record


@dataclass(frozen=True)
class Figures:
    activities: int
    participants: int
    volunteer_hours: float
    beneficiaries: int
    volunteers: int


def figures(records: Iterable[Record], volunteer_hours: float, volunteers: int) -> Figures:
    """Counts of records plus the volunteer totals of the same span (from the volunteer tally,
    which merges aliases and leaves withheld names uncounted twice)."""
    records = list(records)
    return Figures(
        activities=len(records),
        participants=sum(r.participants or 0 for r in records),
        volunteer_hours=volunteer_hours,
        beneficiaries=sum(r.beneficiaries or 0 for r in records),
        volunteers=volunteers,
    )
