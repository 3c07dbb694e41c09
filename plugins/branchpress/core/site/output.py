"""The one writer of every site file that is not a page: feeds, the search index, images, icons.

Two producers of one path would silently overwrite each other, so a path belongs to
the first producer that claims it and a second one is refused. Everything written is
built from the public view of records (core/people/public.py); as a last line of
defence, the writer refuses bytes that still spell a withheld name (UTF-8, or JSON's
\\uXXXX escapes), so a new output format cannot leak one by forgetting to use the
view: the build stops and says which output and producer it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from branchpress.core.people.names import normalize_name

from .visible import spells_a_name
from .render_memory import RenderObjects


class OutputConflict(Exception):
    """Two producers want the same site path."""

    def __init__(self, path: str, first: str, second: str) -> None:
        super().__init__(f"{second} 和 {first} 都要生成 {path}：一个网址只能有一个来源。")
        self.path, self.first, self.second = path, first, second


class WithheldNameInOutput(Exception):
    """An output would publish the name of a volunteer who did not consent to it."""

    def __init__(self, path: str, producer: str) -> None:
        super().__init__(
            f"{producer} 生成的 {path} 含有名册中不公开姓名（public: false）的志愿者姓名，已停止生成。"
            "这是 BranchPress 的缺陷：这个输出没有使用记录的公开视图，请报告给开发者。"
        )
        self.path, self.producer = path, producer


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class OutputWriter:
    """Writes into the site folder; one per build."""

    def __init__(
        self, site_dir: Path | str, withheld: tuple[str, ...] = (), objects: RenderObjects | None = None
    ) -> None:
        self.site_dir = Path(site_dir)
        self._producers: dict[str, str] = {}
        # `mkdocs build` keeps what it writes in the render memory (core/site/render_memory.py):
        # a warm build links thousands of unchanged search files instead of writing them.
        self._objects = objects
        self.digests: dict[str, str] = {}  # what `write` wrote: path -> object, for the manifest
        self._folders: set[Path] = set()  # made already: a mkdir per file is slow on some disks
        forms = {name for name in withheld if name}
        # JSON writers may escape Chinese as \uXXXX: both spellings count.
        forms |= {json.dumps(name)[1:-1] for name in forms}
        self._withheld = tuple(sorted(form.encode("utf-8") for form in forms))
        # ...and as a reader sees them: through tags, references, invisible characters (visible.py).
        self._seen = tuple(sorted({normalize_name(name) for name in withheld} - {""}))
        self._letters = frozenset(name[0].encode("utf-8") for name in self._seen)

    def claim(self, path: str, producer: str) -> Path:
        """Reserve a site path for a producer; the same producer may claim it again."""
        first = self._producers.setdefault(path, producer)
        if first != producer:
            raise OutputConflict(path, first, producer)
        return self.site_dir / path

    def check(self, path: str, producer: str, data: bytes) -> None:
        if any(form in data for form in self._withheld):
            raise WithheldNameInOutput(path, producer)
        # Only a text that holds a name's first character or a reference can spell it.
        maybe = b"&#" in data or b"\\u" in data or any(letter in data for letter in self._letters)
        if self._seen and maybe and spells_a_name(data, self._seen):
            raise WithheldNameInOutput(path, producer)

    def write(self, path: str, data: bytes | str, producer: str) -> Path:
        """Write a file of the site (bytes, or text as UTF-8)."""
        target = self.claim(path, producer)
        data = data.encode("utf-8") if isinstance(data, str) else data
        self.check(path, producer, data)
        self._folder(target.parent)
        digest = self.digests[path] = content_digest(data)
        # Never write into an existing file in place: it may be a hard link to a cache object
        # (a page or file put there by the render memory, or MkDocs' copy of a stylesheet).
        target.unlink(missing_ok=True)
        if self._objects is not None:
            try:
                self._objects.put(digest, data)
                if self._objects.link(digest, target):
                    return target
            except OSError:  # the cache cannot be written: the site still can
                self.digests.pop(path, None)
        target.write_bytes(data)
        return target

    def _folder(self, folder: Path) -> None:
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)

    def place(self, path: str, source: Path, producer: str) -> Path:
        """Put a finished file (a cached image) into the site: a hard link where possible, which
        costs no copying. Files placed this way are named by their content, so one already
        there (a `mkdocs serve` rebuild keeps the site folder) is this very file."""
        target = self.claim(path, producer)
        if target.exists():
            return target
        self._folder(target.parent)
        try:
            os.link(source, target)
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(source, target)
        return target

    @property
    def paths(self) -> dict[str, str]:
        """Every claimed path and its producer."""
        return dict(self._producers)
