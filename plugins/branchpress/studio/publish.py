"""发布: the studio builds the site and publishes it, the way staff would from a terminal.

Two commands, never through a shell: `mkdocs build`, then `branchpress deploy` when mkdocs.yml
says where to publish (`branchpress/records` → `deploy:`). Both run as child processes, so a
build's memory and plugin state never stay in the studio, and their output is what the
commands print anyway: the build's Chinese problems, deploy's one line per object when not on
a terminal (tqdm's bar only draws on one). The state keeps the recent lines for the page and
one sentence that says what happened.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..commands.loading import plugin_options
from .processes import child_env

KEPT_LINES = 200
LINE_LENGTH = 300
ERROR_LINE = re.compile(r"\[错误\].*")
LOGGED_ERROR = re.compile(r"^ERROR\s+-\s+(.*)")  # MkDocs' own errors (mkdocs.yml), in English
DEPLOYED = re.compile(r"发布完成：(.*)")
BUILT_ONLY = (
    "已生成网站（未配置发布目标：在 mkdocs.yml 的 branchpress/records 下写上 deploy 后，才能发布到网上）。"
)
BUILD_FAILED = "网站没有生成，所以没有发布：{reason}"
BUILD_FAILED_UNSAID = "网站没有生成，所以没有发布（mkdocs build 退出码 {code}），原因见下面的输出。"
DEPLOY_FAILED_UNSAID = "网站已生成，但没有发布（branchpress deploy 退出码 {code}），原因见下面的输出。"
CANNOT_RUN = "无法运行 {what}（{error}）。请检查 BranchPress 是否安装完整。"


@dataclass(frozen=True)
class PublishState:
    running: bool
    step: str | None  # "build" | "deploy" | "done" | "failed"; None before the first run
    lines: tuple[str, ...]  # the last lines the commands printed
    ok: bool | None
    started_at: float | None
    finished_at: float | None
    message: str  # one sentence for staff: 已发布…, 已生成网站（未配置发布目标…）, or what failed


NEVER_RUN = PublishState(False, None, (), None, None, None, "")


@dataclass(frozen=True)
class Finished:
    code: int
    complaints: tuple[str, ...]  # the command's stderr lines: where it says what went wrong


class Publisher:
    def __init__(self, config_file: Path) -> None:
        self.config_file = Path(config_file).resolve()
        self._lock = threading.Condition()
        self._state = NEVER_RUN
        self._lines: deque[str] = deque(maxlen=KEPT_LINES)

    def start(self) -> bool:
        """Start a run in the background; False (and nothing started) while one is going."""
        with self._lock:
            if self._state.running:
                return False
            self._lines.clear()
            self._state = PublishState(True, "build", (), None, time.time(), None, "正在生成网站…")
        threading.Thread(target=self._run, name="publish", daemon=True).start()
        return True

    def state(self) -> PublishState:
        with self._lock:
            return PublishState(**{**self._state.__dict__, "lines": tuple(self._lines)})

    def wait(self, timeout: float | None = None) -> PublishState:
        """The state once the run has ended (or after `timeout` seconds)."""
        with self._lock:
            self._lock.wait_for(lambda: not self._state.running, timeout)
        return self.state()

    def _run(self) -> None:
        try:
            ok, message = self._publish()
        except Exception as error:  # the state must end, or 发布 stays "running" forever
            ok, message = False, f"发布出错（{type(error).__name__}：{error}）。"
        with self._lock:
            step = "done" if ok else "failed"
            self._state = PublishState(False, step, (), ok, self._state.started_at, time.time(), message)
            self._lock.notify_all()

    def _publish(self) -> tuple[bool, str]:
        config = str(self.config_file)
        built = self._command("mkdocs build", [sys.executable, "-m", "mkdocs", "build", "-f", config])
        if built.code != 0:
            ours = [m.group(0) for line in built.complaints if (m := ERROR_LINE.search(line))]
            engines = [m.group(1) for line in built.complaints if (m := LOGGED_ERROR.match(line))]
            if ours or engines:
                return False, BUILD_FAILED.format(reason=(ours or engines)[0])
            return False, BUILD_FAILED_UNSAID.format(code=built.code)
        if not plugin_options(self.config_file, "branchpress/records").get("deploy"):
            return True, BUILT_ONLY
        self._step("deploy", "网站已生成，正在发布…")
        deployed = self._command(
            "branchpress deploy", [sys.executable, "-m", "branchpress.cli", "deploy", "-f", config]
        )
        if deployed.code != 0:
            said = [line for line in deployed.complaints if line and not line.startswith("[警告]")]
            return False, said[-1] if said else DEPLOY_FAILED_UNSAID.format(code=deployed.code)
        summary = next((m.group(1) for line in reversed(self._lines) if (m := DEPLOYED.search(line))), "")
        return True, f"已发布：{summary}" if summary else "已发布。"

    def _step(self, step: str, message: str) -> None:
        with self._lock:
            self._state = PublishState(True, step, (), None, self._state.started_at, None, message)

    def _command(self, what: str, argv: list[str]) -> Finished:
        """Run one command in the project folder; its output, line by line, into the state."""
        self._add(f"$ {what}")
        try:
            process = subprocess.Popen(
                argv,
                cwd=self.config_file.parent,
                env=child_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
            )
        except OSError as error:
            text = CANNOT_RUN.format(what=what, error=error)
            self._add(text)
            return Finished(127, (text,))
        complaints: deque[str] = deque(maxlen=KEPT_LINES)
        readers = [
            threading.Thread(target=self._read, args=(process.stdout, None), daemon=True),
            threading.Thread(target=self._read, args=(process.stderr, complaints.append), daemon=True),
        ]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
        return Finished(process.wait(), tuple(complaints))

    def _read(self, stream, also: Callable[[str], None] | None) -> None:
        with stream:
            for line in stream:
                text = line.rstrip("\r\n")
                self._add(text)
                if also is not None:
                    also(text)

    def _add(self, line: str) -> None:
        with self._lock:
            self._lines.append(line if len(line) <= LINE_LENGTH else line[: LINE_LENGTH - 1] + "…")
