"""Share images keyed by content under .cache/branchpress/share, and the jobs that render them.

A key is the hash of everything that changes an image's pixels (its text, the
brand, the cover photo's identity, the renderer's version), so a warm build
finds every image by its key alone and renders, decodes and reads nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from branchpress.core.imaging.complete import is_whole_image_file

from .cards import CARD_VERSION, CardText, render_card
from .cards import FORMAT as CARD_FORMAT
from .icons import ICONS, ICONS_VERSION, render_icons
from .look import ShareBrand
from .poster import FORMAT as POSTER_FORMAT
from .poster import POSTER_VERSION, PosterText, render_poster

KINDS = {"card": ("cards", CARD_FORMAT), "poster": ("posters", POSTER_FORMAT), "icons": ("icons", "")}
KEEP_UNUSED = 14 * 24 * 3600  # seconds an image no build used stays in the cache
VERSIONS = {"card": CARD_VERSION, "poster": POSTER_VERSION, "icons": ICONS_VERSION}


@lru_cache(maxsize=1 << 16)  # a `mkdocs serve` rebuild asks again for 2 keys per record
def share_key(kind: str, brand: ShareBrand, spec: CardText | PosterText | None = None) -> str:
    data = {
        "kind": kind,
        "version": VERSIONS[kind],
        "brand": brand.fingerprint,
        "spec": asdict(spec) if spec is not None else None,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:24]


@dataclass(frozen=True)
class ShareJob:
    """One image (or, for icons, one set) to render; picklable for worker processes."""

    kind: str  # card | poster | icons
    key: str
    target: Path  # the cache file; for icons a folder
    brand: ShareBrand
    spec: CardText | PosterText | None = None
    cover_path: str | None = None  # the poster's cover photo on disk


@dataclass(frozen=True)
class ShareResult:
    job: ShareJob
    milliseconds: float
    error: str | None = None


class ShareCache:
    """The cache folder. One instance can serve several builds (`mkdocs serve` keeps it):
    `begin` starts a build's record of what it used; paths and finished images are
    remembered, since within a session nothing deletes an image but `prune`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root) / "share"
        self._used: set[Path] = set()
        self._paths: dict[tuple[str, str], Path] = {}
        self._ready: set[Path] = set()

    def begin(self) -> None:
        self._used = set()

    def target(self, kind: str, key: str) -> Path:
        path = self._paths.get((kind, key))
        if path is None:
            folder, suffix = KINDS[kind]
            path = self.root / folder / key[:2] / (f"{key}.{suffix}" if suffix else key)
            self._paths[(kind, key)] = path
        self._used.add(path)
        return path

    def is_ready(self, job: ShareJob) -> bool:
        if job.target in self._ready:
            return True
        # Whole, not just there: a file cut short (a full disk, a broken CI cache) is rendered
        # again rather than published broken (core/imaging/complete.py).
        paths = [job.target / name for name in ICONS] if job.kind == "icons" else [job.target]
        ready = all(is_whole_image_file(path) for path in paths)
        if ready:
            self._ready.add(job.target)
        return ready

    def prune(self, now: float | None = None) -> int:
        """Mark this build's images as used, and delete those no build has used for a while.

        Not just those this build skipped: `mkdocs serve` puts its own address in posters'
        QR codes (and shows drafts), so preview and publish use different images, and
        each would otherwise delete the other's and render them all again next time.
        """
        now = time.time() if now is None else now
        for path in self._used:
            with contextlib.suppress(OSError):
                os.utime(path, (now, now))
        removed = 0
        self._ready.clear()
        for folder, _suffix in KINDS.values():
            base = self.root / folder
            for shard in base.iterdir() if base.is_dir() else ():
                for entry in shard.iterdir() if shard.is_dir() else ():
                    if entry in self._used or _used_since(entry, now - KEEP_UNUSED):
                        continue
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink(missing_ok=True)
                    removed += 1
        return removed


def _used_since(entry: Path, moment: float) -> bool:
    try:
        return entry.stat().st_mtime >= moment
    except OSError:
        return False


def run_share_job(job: ShareJob) -> ShareResult:
    """Render one job into the cache (runs in a worker process)."""
    started = time.perf_counter()
    try:
        if job.kind == "card":
            outputs = {job.target: render_card(job.spec, job.brand)}  # type: ignore[arg-type]
        elif job.kind == "poster":
            outputs = {job.target: render_poster(job.spec, job.brand, job.cover_path)}  # type: ignore[arg-type]
        else:
            outputs = {job.target / name: data for name, data in render_icons(job.brand).items()}
    except (OSError, ValueError) as error:
        return ShareResult(job, 0.0, str(error))
    for path, data in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed, so a half-written image is never taken from the cache.
        temporary = path.with_name(f"{path.name}.tmp{os.getpid()}")
        temporary.write_bytes(data)
        temporary.replace(path)
    return ShareResult(job, (time.perf_counter() - started) * 1000)


def render_summary(jobs: Iterable[ShareJob], results: list[ShareResult]) -> str:
    """One log line: how many cards and posters, how many rendered now and how fast."""
    jobs = list(jobs)
    parts = []
    for kind, name in (("card", "卡片"), ("poster", "海报")):
        made = [r.milliseconds for r in results if r.job.kind == kind]
        average = f"，平均每张 {sum(made) / len(made):.0f} ms" if made else ""
        count = sum(1 for job in jobs if job.kind == kind)
        parts.append(f"{name} {count} 张（新生成 {len(made)} 张{average}）")
    return "分享图：" + "；".join(parts) + "。"
