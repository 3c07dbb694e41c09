"""The project as the studio sees it: opened once, records listed and checked the build's way.

The studio reads mkdocs.yml through the commands' loader (commands/loading.py) and the
records through the project layer, so a record the studio saves is checked by exactly
what `mkdocs build` and `branchpress check` run. One lock serialises loads and writes:
two tabs saving at once cannot interleave a check and a write.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from branchpress.core.problems import Problem, Severity
from branchpress.core.records.model import Record, Status
from branchpress.core.records.store import LoadMemo, RecordDraft, find_record_files
from branchpress.project import Content, Project

from .paths import PathRefused, docs_path

STATE_LABELS = {
    "published": "已发布",
    "draft": "草稿",
    "scheduled": "定时",
    "internal": "内部",
    "broken": "有错误",
}


@dataclass(frozen=True)
class Entry:
    """One record file in the studio's list."""

    source: str
    title: str
    date: str
    year: int | None
    type_key: str
    type_label: str
    state: str
    errors: int
    warnings: int
    url: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class Saved:
    """What a save did: the file written (or not), and every problem of the record."""

    written: bool
    problems: tuple[Problem, ...]
    conflict: bool = False
    digest: str = ""


def text_digest(data: bytes | str) -> str:
    """Identifies a file's content: the form remembers it to notice a change on disk."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


class Workspace:
    """The opened project: its records listed, one record checked and written."""

    def __init__(self, config_file: Path, project: Project) -> None:
        self.config_file = config_file
        self.project = project
        self._lock = threading.RLock()
        self._memo = LoadMemo().for_settings(project.settings)

    @property
    def docs_dir(self) -> Path:
        return self.project.docs_dir

    def content(self, draft: RecordDraft | None = None) -> Content:
        with self._lock:
            return self.project.load(self._memo, draft)

    def entries(self) -> list[Entry]:
        """Every record file, newest first, with its state and how many problems it has."""
        content = self.content()
        by_source = {record.source: record for record in content.result.all_records}
        counts: dict[str, list[int]] = {}
        for problem in content.problems():
            tally = counts.setdefault(problem.file, [0, 0])
            tally[0 if problem.is_error else 1] += 1
        entries = [
            _entry(source, by_source.get(source), counts.get(source, [0, 0]), self.project)
            for source in find_record_files(self.docs_dir, self.project.settings)
        ]
        return sorted(entries, key=lambda e: (e.date, e.source), reverse=True)

    def record(self, source: str) -> Record | None:
        return next((r for r in self.content().result.all_records if r.source == source), None)

    def read(self, source: str) -> tuple[str, str]:
        """A record's text and its digest; raises PathRefused or OSError/UnicodeDecodeError."""
        data = docs_path(self.docs_dir, source).read_bytes()
        return data.decode("utf-8"), text_digest(data)

    def check(self, source: str, text: str, photos: frozenset[str] = frozenset()) -> list[Problem]:
        """The problems the build would report for this record if its file held `text`."""
        content = self.content(RecordDraft(source, text, photos))
        return [p for p in content.problems() if p.file == source]

    def save(
        self, source: str, text: str, base: str | None, photos: frozenset[str] = frozenset(), place=None
    ) -> Saved:
        """Write the record unless it has an error, or the file changed since the form read
        it (`base`: the digest it read; None for a new record, which must not exist yet).
        `place` puts staged photos beside it first (called only when the text is written)."""
        with self._lock:
            path = docs_path(self.docs_dir, source)
            current = text_digest(path.read_bytes()) if path.exists() else None
            if current != base:
                return Saved(False, (), conflict=True, digest=current or "")
            problems = tuple(self.check(source, text, photos))
            if any(p.severity is Severity.ERROR for p in problems):
                return Saved(False, problems, digest=current or "")
            if place is not None:
                place()
            data = text.encode("utf-8")
            _write(path, data)
            return Saved(True, problems, digest=text_digest(data))


def _write(path: Path, data: bytes) -> None:
    """Written beside the record and renamed: a reader (the preview's build) never sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.studio-{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _entry(source: str, record: Record | None, counts: list[int], project: Project) -> Entry:
    if record is None:
        stem = Path(source).stem
        return Entry(source, stem, stem[:10], _year(stem), "", "", "broken", counts[0], counts[1], "")
    if record.internal:
        state = "internal"
    elif record.status is Status.DRAFT:
        state = "draft"
    elif record.status is Status.SCHEDULED:
        state = "scheduled"
    else:
        state = "published"
    shown = record.date.strftime("%Y-%m-%d %H:%M" if record.has_time else "%Y-%m-%d")
    label = project.settings.label(record.type)
    return Entry(
        source, record.title, shown, record.year, record.type, label, state, counts[0], counts[1], record.url
    )


def _year(stem: str) -> int | None:
    head = stem[:4]
    return int(head) if head.isdigit() else None


__all__ = ["Entry", "PathRefused", "Saved", "Workspace", "text_digest"]
