"""The studio's preview build, in a process of its own: `python -m branchpress.studio.preview_worker`.

It builds the site the way `mkdocs serve` does (records/incremental.py): plugins started once
with command "serve" (drafts, scheduled and internal records shown with a banner), a full
first build, then every rebuild reloads mkdocs.yml and renders only the pages an edit changed.
MkDocs keeps plugin instances that define on_startup across `load_config` calls in one
process; a process of its own keeps those instances away from the studio's own reading of
mkdocs.yml, and a build that crashes takes only this process down (preview.py restarts it).

Protocol, one JSON object a line: the studio writes {"build": true} or {"stop": true} on
stdin; the worker answers each build on stdout with {"ok", "seconds", "messages"}. Everything
else the build prints or logs goes to stderr (the studio keeps it in a log file), so nothing
but answers reaches the protocol. The end of stdin is a stop too.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from typing import IO

from branchpress.runtime import BUILD_LOGGERS

PLUGIN_PREFIX = "branchpress: "
# The engines' root loggers: build messages and every plugin's (mkdocs.plugins.*) are under them.
ENGINE_LOGGERS = tuple(dict.fromkeys(name.split(".")[0] for name in BUILD_LOGGERS))
ABORTED = "预览没有生成：请按上面的提示修改后再保存。"


class BuildMessages(logging.Handler):
    """The warnings and errors of one build, as staff read them (BranchPress writes them in Chinese)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().strip()
        self.lines.append(text.removeprefix(PLUGIN_PREFIX))

    def take(self) -> list[str]:
        lines, self.lines = self.lines, []
        return list(dict.fromkeys(lines))  # MkDocs repeats a plugin's error as the build's


class PreviewBuilder:
    """The warm preview build: a full first build, then incremental ones as serve does them."""

    def __init__(self, config_file: str, site_dir: str, site_url: str) -> None:
        self.config_file, self.site_dir, self.site_url = config_file, site_dir, site_url
        self._rebuild: Callable[[], None] | None = None
        self._plugins = None

    def build(self) -> None:
        from mkdocs.commands.build import build

        if self._rebuild is not None:
            self._rebuild()
            return
        config = self._load()
        if self._plugins is None:
            config.plugins.on_startup(command="serve", dirty=False)
            self._plugins = config.plugins
        build(config, serve_url=self.site_url, dirty=False)
        self._rebuild = self._incremental(config)

    def _load(self):
        from mkdocs.config import load_config

        config = load_config(config_file=self.config_file, site_dir=self.site_dir)
        config.site_url = self.site_url
        return config

    def _incremental(self, first) -> Callable[[], None]:
        """serve's own rebuild (reload mkdocs.yml, dirty build); a full one when the render cache
        is turned off (BRANCHPRESS_FULL_REBUILD=1), as serve then does."""
        from mkdocs.commands.build import build

        from branchpress.records.incremental import env_allows_incremental, incremental_builder

        if env_allows_incremental():
            return incremental_builder(first)
        return lambda: build(self._load(), serve_url=self.site_url, dirty=False)

    def shutdown(self) -> None:
        if self._plugins is not None:
            self._plugins.on_shutdown()


def answer(builder: PreviewBuilder, messages: BuildMessages) -> dict:
    from mkdocs.exceptions import Abort, ConfigurationError

    start = time.monotonic()
    ok = False
    try:
        builder.build()
        ok = True
    except Abort:
        pass  # MkDocs and the plugins have logged why, in the lines taken below
    except ConfigurationError as error:
        logging.getLogger(ENGINE_LOGGERS[0]).error(f"无法读取配置 {builder.config_file}：{error}")
    except Exception as error:  # a bug must not end the preview: say what it was, keep running
        traceback.print_exc(file=sys.stderr)
        logging.getLogger(ENGINE_LOGGERS[0]).error(
            f"预览生成出错（{type(error).__name__}：{error}）。再保存一次通常可以恢复；"
            "如果每次都出错，请把这段话和预览日志发给技术人员。"
        )
    lines = messages.take()
    if not ok and not any(line.startswith("[错误]") or "没有生成" in line for line in lines):
        lines.append(ABORTED)
    return {"ok": ok, "seconds": round(time.monotonic() - start, 3), "messages": lines}


def protocol_stream() -> IO[str]:
    """The real stdout, for answers only; fd 1 itself (print, child processes) goes to stderr."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return answers


def setup_logging(messages: BuildMessages) -> None:
    log = logging.StreamHandler(sys.stderr)
    log.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ENGINE_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.addHandler(log)
        logger.addHandler(messages)
        logger.propagate = False


def warm_up() -> None:
    """While staff look at the first preview: load what the first 保存 would otherwise wait for.
    Every save changes some text, and new text needs jieba's dictionary for the search index
    (core/site/search.py segments it), which a build over a warm segment cache never loads:
    about half a second at the first save."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(60)  # as core/site/search.py does: its chatter is not for staff
    jieba.initialize()


def serve_requests(builder: PreviewBuilder, messages: BuildMessages, answers: IO[str]) -> None:
    warm = False
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(request, dict) or request.get("stop"):
            break
        if request.get("build"):
            reply = answer(builder, messages)
            answers.write(json.dumps(reply, ensure_ascii=False) + "\n")
            if reply["ok"] and not warm:
                warm_up()
                warm = True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="preview_worker")
    parser.add_argument("config_file")
    parser.add_argument("site_dir")
    parser.add_argument("site_url")
    args = parser.parse_args(argv)
    answers = protocol_stream()
    messages = BuildMessages()
    setup_logging(messages)
    builder = PreviewBuilder(args.config_file, args.site_dir, args.site_url)
    try:
        serve_requests(builder, messages, answers)
    finally:
        builder.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
