"""The render memory's files: every page and other output a build wrote, kept by content.

A warm `mkdocs build` must not depend on the last site folder still being there (a CI job
that caches only `.cache/`, `-d` into another folder, `gh-deploy`, staff who deleted
`site/`). So each output is also kept under `.cache/branchpress/render/objects/`, named by
the digest of its bytes, and put into whatever the site folder is by a hard link (a copy
across file systems). The manifest (`RenderMemory` in render_keys.py) says which object
each page and file is.

Hard links share one file: a later write into a site file in place (`mkdocs build
--dirty`, an editor) would change the cache object too. The manifest therefore records
each object's size and modification time as written, and an object whose stat differs is
never trusted (its page is rendered again, its object written anew). Objects are written
through a temporary file and `os.replace`, so a killed build leaves whole objects or none,
and a trusted object is never written to: the last manifest stays true until the next
build replaces it. Objects no manifest names are pruned after a successful build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

Stamp = tuple[int, int]  # (size, mtime_ns) of an object as written
SITE_FILE_MODE = 0o644


class RenderObjects:
    """Content-addressed outputs of the last build and this one."""

    def __init__(self, folder: Path, known: Mapping[str, Stamp]) -> None:
        self.folder = folder
        self._known = dict(known)  # from the last manifest, plus what this build wrote
        self.used: dict[str, Stamp] = {}  # what this build's site is made of: the next manifest
        self._linkable = True  # false after a link failed (another file system): copy
        self._folders: set[Path] = set()

    def path(self, digest: str) -> Path:
        # Two levels: tens of thousands of files in one folder make listing it slow.
        return self.folder / digest[:2] / digest

    def trusted(self, digest: str) -> bool:
        """The object exists and nobody changed it since it was written (a stat, no reading)."""
        if digest in self.used:
            return True
        stamp = self._known.get(digest)
        if stamp is None:
            return False
        try:
            stat = self.path(digest).stat()
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == tuple(stamp)

    def put(self, digest: str, data: bytes) -> None:
        """Keep `data` as the object `digest` unless a trusted one is there already."""
        if self.trusted(digest):
            self.used[digest] = self._known[digest]
            return
        target = self.path(digest)
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
        try:
            # mkstemp makes files only their owner reads; a linked object is a site file that a
            # web server serving site/ must read, as it could MkDocs' own files.
            os.fchmod(handle, SITE_FILE_MODE)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)  # a new file: links to an old one keep their bytes
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        stat = target.stat()
        self._known[digest] = self.used[digest] = (stat.st_size, stat.st_mtime_ns)

    def link(self, digest: str, target: Path) -> bool:
        """Put a trusted object at `target` (its folder exists); False when there is none."""
        if not self.trusted(digest):
            return False
        source = self.path(digest)
        # Never open an existing site file for writing: it may be a link to another object.
        target.unlink(missing_ok=True)
        if self._linkable:
            try:
                os.link(source, target)
                self.used[digest] = self._known[digest]
                return True
            except OSError:  # another file system, or links not allowed there
                self._linkable = False
        shutil.copyfile(source, target)
        self.used[digest] = self._known[digest]
        return True

    def prune(self) -> int:
        """After the manifest is saved: delete every object it does not name (and temporary
        files a killed build left). Returns how many files went."""
        removed = 0
        try:
            folders = list(os.scandir(self.folder))
        except OSError:
            return 0
        for folder in folders:
            if not folder.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(folder.path):
                if entry.name not in self.used:
                    try:
                        os.unlink(entry.path)
                        removed += 1
                    except OSError:
                        pass
        return removed
