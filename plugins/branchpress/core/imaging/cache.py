"""The photo cache under .cache/branchpress/photos: processed renditions keyed by content.

A warm build must not decode any image, and should not even read the originals:
a small stat index (path, size, mtime) -> content hash lets it find cached
renditions from `os.stat` alone; the hash is recomputed only when a file changed.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .photos import PhotoError, PhotoSettings, ProcessedPhoto, content_hash, photo_key, render_photo

META = "photo.json"


@dataclass(frozen=True)
class PhotoJob:
    """One source photo to look up or process; picklable for worker processes."""

    source: Path
    cache_dir: Path
    key: str
    settings: PhotoSettings


@dataclass(frozen=True)
class JobResult:
    source: Path
    photo: ProcessedPhoto | None
    error: tuple[str, str] | None = None  # (message, fix)


class PhotoCache:
    def __init__(self, root: Path, settings: PhotoSettings) -> None:
        self.root = Path(root) / "photos"
        self.settings = settings
        self._index_path = self.root / "index.json"
        self._index: dict[str, list] = self._load_index()
        self._used: set[str] = set()

    def _load_index(self) -> dict[str, list]:
        try:
            data = json.loads(self._index_path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def key_for(self, source: Path) -> str:
        """The cache key of a source file; reads the file only when its size or mtime changed."""
        stat = source.stat()
        entry = self._index.get(str(source))
        if entry and entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns:
            digest = entry[2]
        else:
            digest = content_hash(source.read_bytes())
            self._index[str(source)] = [stat.st_size, stat.st_mtime_ns, digest]
        return photo_key(digest, self.settings)

    def folder(self, key: str) -> Path:
        return self.root / key[:2] / key

    def lookup(self, key: str) -> ProcessedPhoto | None:
        try:
            photo = ProcessedPhoto.from_json((self.folder(key) / META).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not all((self.folder(key) / r.name).is_file() for r in photo.renditions):
            return None
        self._used.add(key)
        return photo

    def job(self, source: Path, key: str) -> PhotoJob:
        self._used.add(key)
        return PhotoJob(source, self.folder(key), key, self.settings)

    def save_index(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        # Only files still present: the index must not grow forever.
        live = {path: entry for path, entry in self._index.items() if os.path.exists(path)}
        temporary = self._index_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(live, sort_keys=True), encoding="utf-8")
        temporary.replace(self._index_path)

    def prune(self) -> int:
        """Delete cached photos this build did not use; returns how many."""
        removed = 0
        if not self.root.is_dir():
            return removed
        for shard in self.root.iterdir():
            if not shard.is_dir():
                continue
            for folder in shard.iterdir():
                if folder.name not in self._used:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed += 1
        return removed


def run_job(job: PhotoJob) -> JobResult:
    """Process one photo into its cache folder (runs in a worker process)."""
    try:
        data = job.source.read_bytes()
    except OSError as error:
        return JobResult(
            job.source, None, (f"无法读取照片（{error.strerror}）。", "检查文件是否存在、能否打开。")
        )
    try:
        photo, outputs = render_photo(data, job.key, job.settings)
    except PhotoError as error:
        return JobResult(job.source, None, (error.message, error.fix))
    except MemoryError:
        return JobResult(job.source, None, ("照片太大，处理时内存不足。", "把照片缩小后再放进来。"))
    # Write into a temporary folder and rename, so a half-written entry is never used.
    temporary = job.cache_dir.with_name(job.cache_dir.name + f".tmp{os.getpid()}")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    for name, encoded in outputs.items():
        (temporary / name).write_bytes(encoded)
    (temporary / META).write_text(photo.to_json(), encoding="utf-8")
    shutil.rmtree(job.cache_dir, ignore_errors=True)
    temporary.replace(job.cache_dir)
    return JobResult(job.source, photo)
