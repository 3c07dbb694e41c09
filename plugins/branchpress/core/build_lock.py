"""One build at a time in a site folder: a lock file in the cache folder.

Two `mkdocs build` (or a build and `mkdocs serve`, or Studio's preview) in the same
folder share the cache and the site folder: one would clean or rename a temporary file
the other was writing, and die with FileNotFoundError (2 of 5 tries). The second build
now says that another one is running and waits for it. The lock is the operating
system's (filelock: fcntl on Linux and macOS, msvcrt on Windows), so a build that crashes
or is killed releases it with its process: there is never a stale lock to delete by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = "build.lock"
WAITING = "另一个生成正在进行（同一文件夹里的 mkdocs build、mkdocs serve 或工作台预览），等它结束后再开始……"
# Longer than any real build of a large site; a build waiting longer is told why it stopped.
LONGEST_WAIT = 30 * 60


class BuildBusy(Exception):
    """Another build held the folder for longer than LONGEST_WAIT."""


class BuildLock:
    """Held from the start of a build to its end (success or error)."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / LOCK_NAME
        self._lock: FileLock | None = None

    def acquire(self, say: Callable[[str], None], longest_wait: float = LONGEST_WAIT) -> None:
        if self._lock is not None and self._lock.is_locked:
            return  # this build holds it already (on_pre_build after a failed one)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.path)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            say(WAITING)
            try:
                lock.acquire(timeout=longest_wait)
            except Timeout:
                raise BuildBusy(
                    f"另一个生成占用这个文件夹已超过 {longest_wait // 60:.0f} 分钟，本次没有生成。"
                    "修改方法：等另一个 mkdocs build 或 mkdocs serve 结束（或在它的窗口按 Ctrl+C）后再试。"
                ) from None
        self._lock = lock

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release(force=True)
            self._lock = None
