"""How long `mkdocs serve` takes to show an edited record, measured from outside like a user.

The server runs as a child process on a free local port. After its first build, the
script changes the title of a recent record, then asks the server for that record's
page every 20 ms until the new title is in it: the time from the file write to that
moment is what staff wait for. It includes MkDocs' file watcher, which polls every
0.5 s, and its 0.1 s wait for further changes.
"""

from __future__ import annotations

import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

POLL = 0.02
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, text: str | None, timeout: float) -> float | None:
    """Seconds until `url` answers (and contains `text`), or None after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and (text is None or text in page):
            return time.perf_counter() - start
        time.sleep(POLL)
    return None


def retitle(path: Path, suffix: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title: (.*?)(（修订\d+）)?$", rf"title: \1{suffix}", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def measure_serve(root: Path, record_path: str, record_url: str, env: dict, edits: int = 5) -> dict:
    """Start `mkdocs serve` in `root`, edit the record at `record_path` `edits` times."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = root / "serve.log"
    source = root / "content" / record_path
    original = source.read_text(encoding="utf-8")
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        try:
            first = wait_for(base, None, timeout=1800)
            if first is None:
                raise RuntimeError(f"mkdocs serve did not answer; see {log}")
            shown: list[float] = []
            for number in range(1, edits + 1):
                marker = f"（修订{number}）"
                time.sleep(1.0)  # let the watcher settle after the previous build
                retitle(source, marker)
                seconds = wait_for(base + record_url, marker, timeout=120)
                if seconds is None:
                    raise RuntimeError(f"the edit never showed at {base + record_url}; see {log}")
                shown.append(seconds)
            listing_ok = (fetch(base + "news/") or "").find(marker) != -1
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            source.write_text(original, encoding="utf-8")
    builds = [float(m) for m in BUILT.findall(log.read_text("utf-8", errors="replace"))]
    return {
        "first_build_s": round(builds[0], 2) if builds else None,
        "edit_shown_s": [round(s, 3) for s in shown],
        "edit_shown_median_s": round(statistics.median(shown), 3),
        "rebuild_median_s": round(statistics.median(builds[1:]), 3) if len(builds) > 1 else None,
        "news_shows_edit": listing_ok,
    }
