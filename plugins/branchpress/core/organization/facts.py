"""What a record page says of its sitting: kind, 党小组, attendance, chair and lecturer.

It reads the public view, where absentees and the recorder are already gone;
those two stay in the ledger (docs/records.md, Organization life).
"""

from __future__ import annotations

from branchpress.core.records.model import Sitting

from .kinds import labels


def sitting_facts(sitting: Sitting | None) -> list[tuple[str, str]]:
    if sitting is None:
        return []
    facts = []
    if sitting.kinds:
        facts.append(("会议类别", labels(sitting.kinds)))
    if sitting.group:
        facts.append(("党小组", sitting.group))
    if sitting.expected is not None and sitting.present is not None:
        facts.append(("应到 / 实到", f"{sitting.expected} 人 / {sitting.present} 人"))
    elif sitting.expected is not None:
        facts.append(("应到", f"{sitting.expected} 人"))
    if sitting.chair:
        facts.append(("主持人", sitting.chair))
    if sitting.lecturer:
        facts.append(("授课人", sitting.lecturer))
    return facts
