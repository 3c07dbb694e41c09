"""One branch's project as every part of BranchPress reads it: one loader, no MkDocs.

A project is the folder of a `mkdocs.yml`: its docs folder, the site's settings (from the
options of branchpress/records), the volunteer roster and the records. `Project.load` reads
the roster and every record once and builds the public view of each, with the same
validation everywhere: the build (records/plugin.py), `branchpress check`, `new`, `ledger`
and `wechat` (commands/), and the studio and `deploy` that build on them. Turning
mkdocs.yml into a `Project` is the adapters' part (records/config.py `project_of`, and
commands/loading.py for the commands); nothing here imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .core.deploy.settings import DeploySettings
from .core.people.public import Withholding
from .core.people.roster import DEFAULT_ROSTER, ROSTER_SPELLINGS, Roster, load_roster
from .core.problems import Problem, sort_problems
from .core.records.settings import SiteSettings
from .core.records.store import (
    LoadMemo,
    LoadResult,
    RecordDraft,
    RecordStore,
    content_problems,
    load_records,
)

DEFAULT_CACHE_DIR = ".cache/branchpress"


@dataclass(frozen=True)
class Project:
    """Where a branch's files are and how its records are read."""

    root: Path
    """The folder of mkdocs.yml; relative options (cache, fonts) are relative to it."""

    docs_dir: Path
    site_dir: Path
    settings: SiteSettings
    roster_file: str = DEFAULT_ROSTER
    """The roster, relative to docs_dir (optional: a site without one withholds nobody)."""

    mask_names: bool = False
    """Print every volunteer's name masked (张*明) wherever the site lists volunteers."""

    cache_dir: Path = Path(DEFAULT_CACHE_DIR)
    """The one cache folder of every plugin and command, absolute."""

    deploy: DeploySettings | None = None
    """Where `branchpress deploy` publishes the site (`deploy:`); None when not configured."""

    def path(self, relative: str | Path) -> Path:
        """A path written relative to mkdocs.yml."""
        return self.root / relative

    @property
    def roster_source(self) -> str:
        """The roster file as found: the default name is also found as `volunteers.yaml`."""
        if self.roster_file == DEFAULT_ROSTER and not (self.docs_dir / DEFAULT_ROSTER).is_file():
            for spelling in ROSTER_SPELLINGS[1:]:
                if (self.docs_dir / spelling).is_file():
                    return spelling
        return self.roster_file

    @property
    def private_files(self) -> tuple[str, ...]:
        """Files under docs_dir that are never published whatever plugins run: the roster
        (names some volunteers asked not to publish) in any of its spellings."""
        return tuple(dict.fromkeys((self.roster_source, self.roster_file, *ROSTER_SPELLINGS)))

    def load(self, memo: LoadMemo | None = None, draft: RecordDraft | None = None) -> Content:
        """The roster and every record, read and validated once; never raises for content.

        `memo` is what `mkdocs serve` and the studio keep between loads (core/records/store.py);
        `draft` is a record's text the studio is about to write, read in place of the file.
        """
        roster, roster_problems = load_roster(self.docs_dir, self.roster_source)
        withholding = Withholding(roster, mask=self.mask_names)
        result = load_records(
            self.docs_dir, self.settings, memo and memo.parsed, withholding, memo and memo.views, draft
        )
        return Content(self, roster, tuple(roster_problems), withholding, result)


@dataclass(frozen=True)
class Content:
    """A project's roster and records as one load read them."""

    project: Project
    roster: Roster
    roster_problems: tuple[Problem, ...]
    withholding: Withholding
    """The roster's consent and the masking choice: what the public views were built with."""

    result: LoadResult

    @property
    def store(self) -> RecordStore:
        """The public views of the published records."""
        return self.result.store

    @property
    def roster_unreadable(self) -> bool:
        """Without a readable roster nobody knows whose names are withheld: nothing may publish."""
        return any(p.is_error for p in self.roster_problems)

    def problems(self, pages: list[tuple[str, str]] = ()) -> list[Problem]:
        """Every problem of the records, the other pages (`(source, text)`) and the roster, in
        the order staff read them; the build and `branchpress check` print the same."""
        found = content_problems(self.result, list(pages), self.project.settings)
        return sort_problems([*found, *self.roster_problems])
