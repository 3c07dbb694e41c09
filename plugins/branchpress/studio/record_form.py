"""What the record form shows: the values in it, and each problem placed next to its field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from branchpress.core.problems import Problem

BODY = "body"
# Problems name the front matter key, or 正文 for the body (core/records/personal_numbers.py).
FIELD_OF_PROBLEM = {"正文": BODY, "cover": "photos"}


@dataclass
class FormView:
    """One record form: what it edits and what it holds."""

    source: str | None  # None: a new record
    type_key: str
    values: dict
    body: str
    base: str | None  # the digest of the file when the form was opened
    form_id: str
    problems: list[Problem] = field(default_factory=list)
    conflict: bool = False
    saved: bool = False

    def value(self, name: str, default: object = "") -> object:
        found = self.values.get(name)
        return default if found is None else found

    def day_and_time(self, name: str) -> tuple[str, str]:
        """A date field as its two controls: the day, and the time of day if written."""
        day, _, time = str(self.value(name)).partition(" ")
        return day, time

    def lines(self, name: str) -> str:
        found = self.values.get(name)
        if isinstance(found, list):
            return "\n".join(str(item) for item in found)
        return "" if found is None else str(found)

    def people(self, name: str, other: str) -> list[tuple[str, str]]:
        """Rows of a list of people: name and hours (or reason)."""
        rows = []
        for item in self.values.get(name) or []:
            if isinstance(item, dict):
                extra = item.get(other)
                rows.append((str(item.get("name") or ""), "" if extra is None else _plain(extra)))
            else:
                rows.append((str(item), ""))
        return rows

    def photos(self) -> list[dict]:
        """Rows of the photo list; a cover that is not in the gallery gets a row of its own."""
        rows = []
        for item in self.values.get("photos") or []:
            item = item if isinstance(item, dict) else {"src": item}
            rows.append(
                {
                    "src": str(item.get("src") or ""),
                    "caption": item.get("caption") or "",
                    "alt": item.get("alt") or "",
                    "role": "gallery",
                }
            )
        cover = self.values.get("cover")
        if isinstance(cover, str) and cover and all(row["src"] != cover for row in rows):
            rows.insert(0, {"src": cover, "caption": "", "alt": "", "role": "cover-only"})
        return rows

    def chosen(self, name: str) -> list[str]:
        found = self.values.get(name)
        return [str(v) for v in found] if isinstance(found, list) else [str(found)] if found else []


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class ProblemRow:
    """A problem as the form shows it: under the field it is about, or at the top."""

    field: str | None  # the form field's name; None for the top of the form
    severity: str
    text: str
    fix: str
    line: int | None

    def as_json(self) -> dict:
        return {
            "field": self.field,
            "severity": self.severity,
            "text": self.text,
            "fix": self.fix,
            "line": self.line,
        }


def problem_rows(problems: Sequence[Problem], fields: Sequence) -> list[ProblemRow]:
    names = {f.name for f in fields}
    rows = []
    for problem in problems:
        name = FIELD_OF_PROBLEM.get(problem.field or "", problem.field)
        if name not in names and name != BODY:
            name = None
        severity = "error" if problem.is_error else "warning"
        where = "" if name is not None or not problem.field else f"（字段 {problem.field}）"
        rows.append(ProblemRow(name, severity, problem.message + where, problem.fix, problem.line))
    return rows
