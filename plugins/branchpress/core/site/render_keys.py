"""Which pages a `mkdocs serve` rebuild has to render again, and which it can keep.

A preview rebuild after an edit renders only the pages whose inputs changed.
Every page that can be skipped carries a render key: a hash of everything its
output depends on (a record page: the record and its neighbours; a listing page:
the records it lists). A page without a key is always rendered. The site key
covers what every page shows (configuration, theme, navigation, hand-written
pages, the roster); when it changes, everything is rendered again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from branchpress.core.records.model import Record


def digest(*parts: object) -> str:
    """A short stable hash of the parts' `repr` (records are frozen dataclasses)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=12).hexdigest()


def record_identity(record: Record) -> tuple[str, str]:
    """What a neighbouring page shows of a record: its link and title."""
    return record.url, record.title


def file_stamps(paths: Iterable[Path]) -> list[tuple[str, int, int]]:
    """(path, size, mtime) of files, so a changed photo or logo changes a key."""
    stamps = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            stamps.append((str(path), -1, -1))
            continue
        stamps.append((str(path), stat.st_size, stat.st_mtime_ns))
    return stamps


def tree_stamps(root: Path, skip_folder: str = "") -> list[tuple[str, int, int]]:
    """Stamps of every file under `root`, except in the folder `skip_folder` (relative)."""
    skipped = root / skip_folder if skip_folder else None
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if Path(folder, d) != skipped)
        found.extend(Path(folder, name) for name in sorted(names))
    return file_stamps(found)


@dataclass(frozen=True)
class RenderPlan:
    full: bool  # render every page (first build, or the site key changed)
    render: frozenset[str]  # pages (source URIs) to render
    removed: frozenset[str]  # output files (dest URIs) of pages that no longer exist

    def must_render(self, src_uri: str) -> bool:
        return self.full or src_uri in self.render


@dataclass
class RenderMemory:
    """What the previous successful build rendered, kept by the plugin between rebuilds."""

    site_key: str | None = None
    keys: dict[str, str] = field(default_factory=dict)  # source URI -> render key
    outputs: dict[str, str] = field(default_factory=dict)  # source URI -> dest URI

    def plan(self, site_key: str, keys: Mapping[str, str | None], outputs: Mapping[str, str]) -> RenderPlan:
        """`keys` holds every page of this build; None for a page that is always rendered."""
        full = self.site_key != site_key
        render = frozenset(
            src for src, key in keys.items() if full or key is None or self.keys.get(src) != key
        )
        kept = set(outputs.values())
        removed = frozenset(dest for src, dest in self.outputs.items() if dest not in kept)
        return RenderPlan(full, render, removed)

    def remember(self, site_key: str, keys: Mapping[str, str | None], outputs: Mapping[str, str]) -> None:
        self.site_key = site_key
        self.keys = {src: key for src, key in keys.items() if key is not None}
        self.outputs = dict(outputs)

    def forget(self) -> None:
        """After a failed build nothing is known about the site folder: render all next time."""
        self.site_key, self.keys, self.outputs = None, {}, {}
