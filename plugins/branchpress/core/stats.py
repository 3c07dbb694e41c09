"""Figures for the home page: activities, participants, volunteer hours, beneficiaries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Record


@dataclass(frozen=True)
class Figures:
    activities: int
    participants: int
    volunteer_hours: float
    beneficiaries: int
    volunteers: int


def figures(records: Iterable[Record]) -> Figures:
    records = list(records)
    names = {v.name for r in records for v in r.volunteers}
    return Figures(
        activities=len(records),
        participants=sum(r.participants or 0 for r in records),
        volunteer_hours=sum(r.volunteer_hours for r in records),
        beneficiaries=sum(r.beneficiaries or 0 for r in records),
        volunteers=len(names),
    )
