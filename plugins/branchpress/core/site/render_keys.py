"""Which pages a build has to render again, and which it can keep from the last build.

A `mkdocs serve` rebuild after an edit, and a `mkdocs build` after the last one,
render only the pages whose inputs changed. Every page that can be kept carries
a render key: a hash of everything its output depends on (a record page: the
record, its photos, its neighbours, its tags' links, its volunteers' credits,
its share images; a listing page: the records it lists and the type counts).
A page without a key is always rendered. The site key covers what every page
shows (configuration, theme, code, navigation, hand-written pages, the roster,
the brand); when it changes, everything is rendered again.

`mkdocs build` keeps what it needs of the last build in a file (`RenderMemory.save`):
each kept page's key, output path, title, anchors, content (feeds and search
read a page's content whether or not it was rendered again) and the object holding
its HTML (core/site/render_memory.py), the object of every other file written, and
each object's stamp.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from branchpress.core.records.model import Record


def digest(*parts: object) -> str:
    """A short stable hash of the parts' `repr` (records are frozen dataclasses)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=12).hexdigest()


def html_digest(html: str) -> str:
    """The digest of a page's HTML as written (UTF-8): what memos of pages are keyed by."""
    return hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def record_identity(record: Record) -> tuple[str, str]:
    """What a neighbouring page shows of a record: its link and title."""
    return record.url, record.title


def file_stamps(paths: Iterable[Path], root: Path | None = None) -> list[tuple[str, int, int]]:
    """(path, size, mtime) of files, so a changed photo or logo changes a key. Paths are
    relative to `root` when given, so a project moved or copied elsewhere keeps its keys."""
    stamps = []
    for path in paths:
        name = os.path.relpath(path, root) if root is not None else str(path)
        try:
            stat = path.stat()
        except OSError:
            stamps.append((name, -1, -1))
            continue
        stamps.append((name, stat.st_size, stat.st_mtime_ns))
    return stamps


def tree_stamps(root: Path, skip_folder: str = "") -> list[tuple[str, int, int]]:
    """Stamps of every file under `root` (relative to it), except in the folder `skip_folder`."""
    skipped = root / skip_folder if skip_folder else None
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if Path(folder, d) != skipped)
        found.extend(Path(folder, name) for name in sorted(names))
    return file_stamps(found, root)


MEMORY_FORMAT = 4


@dataclass(frozen=True)
class RenderPlan:
    full: bool  # render every page (first build, or the site key changed)
    render: frozenset[str]  # pages (source URIs) to render
    removed: frozenset[str]  # output files (dest URIs) of pages that no longer exist

    def must_render(self, src_uri: str) -> bool:
        return self.full or src_uri in self.render


@dataclass(frozen=True)
class RenderedPage:
    """What a later build needs of a page that it does not render again."""

    title: str | None  # the title found while rendering (the first heading), if any
    anchors: tuple[str, ...]  # ids other pages' links may point to
    content: str | None  # the page's HTML body, for pages whose body feeds or search read
    digest: str = ""  # of the HTML file written (html_digest)


@dataclass
class RenderMemory:
    """What the previous successful build rendered: kept in memory by `mkdocs serve`
    between rebuilds, and in a file between `mkdocs build` runs."""

    site_key: str | None = None
    keys: dict[str, str] = field(default_factory=dict)  # source URI -> render key
    outputs: dict[str, str] = field(default_factory=dict)  # source URI -> dest URI
    rendered: dict[str, RenderedPage] = field(default_factory=dict)  # source URI -> kept data
    files: dict[str, str] = field(default_factory=dict)  # other files written: site path -> digest
    objects: dict[str, tuple[int, int]] = field(default_factory=dict)  # digest -> (size, mtime_ns)

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
        self.site_key, self.keys, self.outputs, self.rendered, self.files = None, {}, {}, {}, {}
        self.objects = {}

    def save(self, path: Path) -> None:
        """Written last in a successful build, through a temporary file (never half a memory)."""
        pages = {
            src: [key, self.outputs.get(src), page.title, list(page.anchors), page.content, page.digest]
            for src, key in self.keys.items()
            if (page := self.rendered.get(src)) is not None
        }
        data = {
            "format": MEMORY_FORMAT,
            "site_key": self.site_key,
            "pages": pages,
            "files": self.files,
            "objects": self.objects,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(partial, path)

    @classmethod
    def load(cls, path: Path) -> RenderMemory:
        """The memory a previous build saved; an empty one (render everything) when there is
        none, it cannot be read, or an older BranchPress wrote it."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != MEMORY_FORMAT:
                return cls()
            objects = {name: (int(size), int(mtime)) for name, (size, mtime) in data["objects"].items()}
            memory = cls(site_key=data["site_key"], files=dict(data["files"]), objects=objects)
            for src, (key, dest, title, anchors, content, written) in data["pages"].items():
                memory.keys[src], memory.outputs[src] = key, dest
                memory.rendered[src] = RenderedPage(title, tuple(anchors), content, written)
            return memory
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls()
