"""The studio's preview: the site's own build, kept warm in a worker process, rebuilt after each 保存.

`PreviewSite` owns one worker (preview_worker.py) and one thread that talks to it, so builds
never overlap and requests that arrive during a build are served by one build after it. A
worker that died (a crash, a kill) is started again on the next build; its first build is
then a full one again. The studio serves `site_dir` at the preview's base URL.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from .processes import child_env

WORKER = "branchpress.studio.preview_worker"
BUILD_TIMEOUT = 600.0  # a first build of 10,000 records takes minutes; past this the worker is stuck
LOG_LIMIT = 4 * 1024 * 1024  # the worker's log is kept across restarts (why one died), up to this
STOP_TIMEOUT = 20.0  # the worker saves its caches (on_shutdown) before it exits
WORKER_DIED = "预览程序意外退出，下次保存时会自动重新启动。详情见预览日志 {log}。"
WORKER_STUCK = "预览生成超过 {seconds:.0f} 秒没有结束，已停止；下次保存时会重新生成。详情见预览日志 {log}。"
CANNOT_START = "预览程序无法启动（{error}）。请检查 BranchPress 是否安装完整。"


@dataclass(frozen=True)
class PreviewState:
    building: bool
    ready: bool  # a build has succeeded at least once: the folder has a site to show
    ok: bool | None  # the last finished build; None before the first one ends
    seconds: float | None
    messages: tuple[str, ...]  # the last build's warnings and errors, in Chinese
    built_at: float | None  # time.time() when the last successful build ended


IDLE = PreviewState(building=False, ready=False, ok=None, seconds=None, messages=(), built_at=None)


class PreviewSite:
    def __init__(self, config_file: Path, site_dir: Path, base_url: str) -> None:
        self.config_file = Path(config_file).resolve()
        self.site_dir = Path(site_dir).resolve()
        self.base_url = base_url
        self.log_file = self.site_dir.parent / f"{self.site_dir.name}-worker.log"
        self._changed = threading.Condition()
        self._requested = 0  # requests so far; a build serves every request made before it began
        self._served = 0
        self._state = IDLE
        self._closing = False
        self._thread: threading.Thread | None = None
        self._worker: subprocess.Popen | None = None
        self._answers: queue.Queue[bytes | None] = queue.Queue()
        atexit.register(self.close)

    def start(self) -> None:
        """Start the worker and its first build in the background."""
        self.request_rebuild()

    def request_rebuild(self) -> None:
        self._request()

    def rebuild(self) -> PreviewState:
        """Build now (or join the build that will serve this request) and wait for it."""
        wanted = self._request()
        with self._changed:
            self._changed.wait_for(lambda: self._served >= wanted or self._closing)
            return self._state

    def state(self) -> PreviewState:
        with self._changed:
            return self._state

    @property
    def worker_pid(self) -> int | None:
        worker = self._worker
        return worker.pid if worker is not None and worker.poll() is None else None

    def page_path(self, record_url: str) -> Path | None:
        """The built page of a site URL path such as "activities/2026/05/slug/", if there is one."""
        page = (self.site_dir / record_url.strip("/") / "index.html").resolve()
        if not page.is_relative_to(self.site_dir) or not page.is_file():
            return None
        return page

    def close(self) -> None:
        """Stop the worker (it saves its caches first); waiting callers get the last state."""
        atexit.unregister(self.close)
        with self._changed:
            if self._closing:
                return
            self._closing = True
            self._changed.notify_all()
            building = self._state.building
        worker = self._worker
        if building and worker is not None:
            worker.terminate()  # a build half done is not worth waiting for
        if self._thread is not None:
            self._thread.join(timeout=STOP_TIMEOUT + 5)
        self._stop_worker()

    # The thread that owns the worker.

    def _request(self) -> int:
        with self._changed:
            if self._closing:
                return self._requested
            self._requested += 1
            self._state = replace(self._state, building=True)
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="preview-builds", daemon=True)
                self._thread.start()
            self._changed.notify_all()
            return self._requested

    def _serve(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._requested > self._served or self._closing)
                if self._closing:
                    return
                serving = self._requested
            try:
                reply = self._build()
            except Exception as error:  # the thread must live on, or every later rebuild() waits forever
                reply = {"ok": False, "messages": [f"预览生成出错（{type(error).__name__}：{error}）。"]}
            with self._changed:
                self._served = serving
                self._state = self._next_state(reply, more=self._requested > serving)
                self._changed.notify_all()

    def _next_state(self, reply: dict, more: bool) -> PreviewState:
        ok = bool(reply.get("ok"))
        previous = self._state
        return PreviewState(
            building=more,
            ready=previous.ready or ok,
            ok=ok,
            seconds=reply.get("seconds"),
            messages=tuple(str(line) for line in reply.get("messages", ())),
            built_at=time.time() if ok else previous.built_at,
        )

    def _build(self) -> dict:
        """One build; a worker found dead (killed while idle, say) is replaced and asked once more."""
        for attempt in (1, 2):
            try:
                worker = self._running_worker()
            except OSError as error:
                return {"ok": False, "messages": [CANNOT_START.format(error=error)]}
            start = time.monotonic()
            try:
                worker.stdin.write(b'{"build": true}\n')
                worker.stdin.flush()
                line = self._answer(start + BUILD_TIMEOUT)
            except OSError:
                line = None
            if line is not None:
                try:
                    return json.loads(line)
                except json.JSONDecodeError:
                    line = None
            timed_out = worker.poll() is None and time.monotonic() - start >= BUILD_TIMEOUT
            self._stop_worker(kill=True)
            if timed_out:
                return {
                    "ok": False,
                    "messages": [WORKER_STUCK.format(seconds=BUILD_TIMEOUT, log=self.log_file)],
                }
            if attempt == 2 or self._closing:
                break
        return {"ok": False, "messages": [WORKER_DIED.format(log=self.log_file)]}

    def _running_worker(self) -> subprocess.Popen:
        if self._worker is not None and self._worker.poll() is None:
            return self._worker
        self._stop_worker(kill=True)
        self.site_dir.mkdir(parents=True, exist_ok=True)
        _rotate(self.log_file)
        with self.log_file.open("ab") as log:
            self._worker = subprocess.Popen(
                [sys.executable, "-m", WORKER, str(self.config_file), str(self.site_dir), self.base_url],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=self.config_file.parent,
                env=child_env(),
            )
        # Answers are read by a thread of their own: a pipe cannot be waited on with a timeout
        # everywhere (select() takes only sockets on Windows).
        self._answers = answers = queue.Queue()
        threading.Thread(target=_pump, args=(self._worker.stdout, answers), daemon=True).start()
        return self._worker

    def _answer(self, deadline: float) -> bytes | None:
        """The worker's next answer; None if it ended or the deadline passed."""
        try:
            return self._answers.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None

    def _stop_worker(self, kill: bool = False) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        if worker.poll() is None and not kill:
            try:
                worker.stdin.write(b'{"stop": true}\n')
                worker.stdin.close()
                worker.wait(timeout=STOP_TIMEOUT)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        for stream in (worker.stdin, worker.stdout):
            with contextlib.suppress(OSError):
                stream.close()


def _rotate(log_file: Path) -> None:
    """The log of earlier workers stays (it tells why one died), but not without end."""
    try:
        if log_file.stat().st_size > LOG_LIMIT:
            log_file.replace(log_file.with_suffix(".old.log"))
    except FileNotFoundError:
        pass


def _pump(stream, answers: queue.Queue) -> None:
    """Every line the worker writes, then None when it has ended."""
    with contextlib.suppress(OSError, ValueError):
        for line in stream:
            answers.put(line)
    answers.put(None)
