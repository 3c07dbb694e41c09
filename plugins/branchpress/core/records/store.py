"""The record store: every record read once, validated, and indexed for the pages.

The store is immutable; every plugin reads the same instance.
"""

from __future__ import annotations

import dataclasses
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from branchpress.core.imaging.readable import photo_unreadable
from branchpress.core.people.public import Withholding
from branchpress.core.problems import Problem, Severity, sort_problems
from branchpress.core.site import urls

from .dates import status_at
from .model import Record, Status
from .page_checks import check_page
from .settings import SiteSettings
from .slugs import slugify, unique_slug
from .validation import validate_text


class RecordStore:
    """Published (or, in preview, all) records, newest first, with indexes.

    It holds the public view of each record (core/people/public.py): whatever reads the
    store can publish what it reads.
    """

    def __init__(self, records: Iterable[Record]) -> None:
        ordered = sorted(records, key=lambda r: (r.date, r.source), reverse=True)
        self.records: tuple[Record, ...] = tuple(ordered)
        self._position = {record.source: index for index, record in enumerate(self.records)}
        self.by_source: Mapping[str, Record] = MappingProxyType({r.source: r for r in ordered})
        self.by_type = _index(ordered, lambda r: [r.type])
        self.by_tag = _index(ordered, lambda r: r.tags)
        self.by_year = _index(ordered, lambda r: [r.year])
        self.tag_slugs: Mapping[str, str] = MappingProxyType(_unique_slugs(self.by_tag))

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.by_year, reverse=True))

    def newer(self, record: Record) -> Record | None:
        index = self._position[record.source]
        return self.records[index - 1] if index > 0 else None

    def older(self, record: Record) -> Record | None:
        index = self._position[record.source]
        return self.records[index + 1] if index + 1 < len(self.records) else None

    def featured(self) -> tuple[Record, ...]:
        return tuple(r for r in self.records if r.featured)

    def milestones(self) -> tuple[Record, ...]:
        return tuple(r for r in self.records if r.milestone)


def _index(records: list[Record], keys) -> Mapping:
    index: dict = defaultdict(list)
    for record in records:
        for key in keys(record):
            index[key].append(record)
    return MappingProxyType({key: tuple(items) for key, items in sorted(index.items())})


def _unique_slugs(by_tag: Mapping[str, tuple[Record, ...]]) -> dict[str, str]:
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for tag in sorted(by_tag):
        slug = unique_slug(slugify(tag) or "tag", taken.__contains__)
        taken.add(slug)
        slugs[tag] = slug
    return slugs


@dataclass(frozen=True)
class LoadResult:
    store: RecordStore
    problems: tuple[Problem, ...]
    all_records: tuple[Record, ...]  # as written (not the public view), drafts and scheduled ones too
    sources: frozenset[str] = frozenset()  # every record file, valid or not
    # Source -> how many withheld names the public view replaced, for telling staff.
    withheld_mentions: Mapping[str, int] = dataclasses.field(default_factory=dict)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)


def find_record_files(docs_dir: Path, settings: SiteSettings) -> list[str]:
    """Markdown files under the activities folder, as docs-relative posix paths, sorted."""
    root = docs_dir / settings.activities_dir
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        # String work, not Path objects: at 10,000 records this runs on every serve rebuild.
        prefix = Path(folder).relative_to(docs_dir).as_posix() + "/"
        found.extend(
            prefix + name for name in files if name.endswith(".md") and not name.startswith((".", "_"))
        )
    return sorted(found)


@dataclasses.dataclass(frozen=True)
class RecordDraft:
    """One record file's text not yet written, and photos that will be beside it by then."""

    source: str
    text: str
    photos: frozenset[str] = frozenset()


# (source, text) -> (record, problems, the photo checks validation made and their answers)
ParseMemo = dict[tuple[str, str], tuple[Record | None, list[Problem], tuple[tuple[str, bool], ...]]]


@dataclasses.dataclass
class LoadMemo:
    """What `mkdocs serve` keeps between rebuilds to load records faster: validated records by
    file text and their public views, for one set of settings (the clock aside: load_records
    derives each record's status again)."""

    settings: SiteSettings | None = None
    parsed: ParseMemo = dataclasses.field(default_factory=dict)
    views: ViewMemo = dataclasses.field(default_factory=lambda: ViewMemo())

    def for_settings(self, settings: SiteSettings) -> LoadMemo:
        same = dataclasses.replace(settings, now=None)
        if same != self.settings:
            self.settings, self.parsed, self.views = same, {}, ViewMemo()
        return self


@dataclasses.dataclass
class ViewMemo:
    """Public views of the last build by record, kept by `mkdocs serve` with the ParseMemo: the
    same record (as written, with its URL) under the same roster and masking has the same view."""

    withholding: Withholding | None = None
    views: dict[str, tuple[Record, Record, int]] = dataclasses.field(default_factory=dict)


def load_records(
    docs_dir: Path,
    settings: SiteSettings,
    memo: ParseMemo | None = None,
    withholding: Withholding | None = None,
    views: ViewMemo | None = None,
    draft: RecordDraft | None = None,
) -> LoadResult:
    """Read, validate and index every record under the docs folder; never raises for content.

    The store holds the public view of each record under `withholding` (the roster's
    consent and masking); `all_records` keeps them as written, for checks and the ledger.

    With a `memo` (kept by `mkdocs serve` between rebuilds), a file whose text is unchanged
    is not validated again unless a photo it names appeared or disappeared; entries of
    files that are gone or changed are dropped from it.

    A `draft` (the studio's 保存) is a record's text as it would be written, checked in the
    company of every other record exactly as the build would check it, before it is written.
    """
    docs_dir = Path(docs_dir)
    used: set[tuple[str, str]] = set()
    problems: list[Problem] = []
    records: list[Record] = []

    def photo_exists(path: str) -> bool | str:
        """True, False when missing, or why the file cannot be read: all in this one pass."""
        if draft is not None and path in draft.photos:
            return True
        if not (docs_dir / path).is_file():
            return False
        return photo_unreadable(docs_dir / path) or True

    sources = find_record_files(docs_dir, settings)
    if draft is not None and draft.source not in sources:
        sources = sorted([*sources, draft.source])
    for source in sources:
        if draft is not None and source == draft.source:
            text, problem = draft.text, None
        else:
            text, problem = _read(docs_dir / source, source)
        if text is None:
            problems.append(problem)  # type: ignore[arg-type]
            continue
        record, found = _validated(source, text, settings, photo_exists, memo)
        used.add((source, text))
        problems.extend(found)
        if record is not None:
            records.append(record)

    if memo is not None:
        for key in memo.keys() - used:
            del memo[key]
    records, slug_problems = assign_urls(records)
    problems.extend(slug_problems)
    visible, mentions = _public_views(records, settings, withholding or Withholding(), views or ViewMemo())
    return LoadResult(
        RecordStore(visible), tuple(sort_problems(problems)), tuple(records), frozenset(sources), mentions
    )


def _read(path: Path, source: str) -> tuple[str | None, Problem | None]:
    try:
        return path.read_bytes().decode("utf-8"), None
    except UnicodeDecodeError:
        return None, Problem(
            source, None, None, "文件不是 UTF-8 编码，无法读取。", "用编辑器把文件另存为 UTF-8 编码。"
        )
    except OSError as error:
        return None, Problem(source, None, None, f"无法读取文件（{error.strerror}）。", "检查文件权限。")


def _public_views(
    records: list[Record], settings: SiteSettings, withholding: Withholding, memo: ViewMemo
) -> tuple[list[Record], Mapping[str, int]]:
    """The public view of every record this build shows, and how many withheld names each had."""
    if memo.withholding != withholding:
        memo.withholding, memo.views = withholding, {}
    known, memo.views = memo.views, {}
    visible, mentions = [], {}
    for record in records:
        if record.is_published or settings.include_unpublished:
            kept = known.get(record.source)
            if kept is not None and kept[0] == record:
                view, count = kept[1], kept[2]
            else:
                view, count = withholding.record(record)
            memo.views[record.source] = (record, view, count)
            visible.append(view)
            if count:
                mentions[record.source] = count
    return visible, MappingProxyType(mentions)


def _validated(
    source: str, text: str, settings: SiteSettings, photo_exists, memo: ParseMemo | None
) -> tuple[Record | None, list[Problem]]:
    known = memo.get((source, text)) if memo is not None else None
    if known is not None and all(photo_exists(path) == exists for path, exists in known[2]):
        record = known[0]
        # The clock moves between rebuilds: a scheduled record may have come due.
        if record is not None and record.status is not Status.DRAFT:
            status = status_at(record.date, settings.current_time())
            if status is not record.status:
                record = dataclasses.replace(record, status=status)
        return record, known[1]
    checks: list[tuple[str, bool]] = []

    def checked_exists(path: str) -> bool:
        exists = photo_exists(path)
        checks.append((path, exists))
        return exists

    record, found = validate_text(source, text, settings, checked_exists)
    if memo is not None:
        memo[(source, text)] = (record, found, tuple(checks))
    return record, found


def assign_urls(records: list[Record]) -> tuple[list[Record], list[Problem]]:
    """Give each record activities/YYYY/MM/slug/; later records that collide get -2, -3, ..."""
    problems: list[Problem] = []
    taken: set[str] = set()
    result: list[Record] = []
    for record in sorted(records, key=lambda r: (r.date, r.source)):
        slug = unique_slug(record.slug, lambda s, r=record: urls.record(r.date, s) in taken)
        url = urls.record(record.date, slug)
        if slug != record.slug:
            problems.append(
                Problem(
                    record.source,
                    record.field_lines.get("slug"),
                    "slug",
                    f"网址与同月另一篇记录重复，已自动改为 {url}。",
                    "在 front matter 里写一个不同的 slug，让网址固定下来。",
                    Severity.WARNING,
                )
            )
        taken.add(url)
        result.append(dataclasses.replace(record, slug=slug, url=url))
    return result, problems


def content_problems(
    result: LoadResult, pages: list[tuple[str, str | bytes]], settings: SiteSettings
) -> list[Problem]:
    """Problems of the records and of the other pages (`(source, text)`), in one report; the
    build and `branchpress check` print the same."""
    found = list(result.problems)
    for source, text in pages:
        found.extend(check_page(source, text, settings))
    return sort_problems(found)
