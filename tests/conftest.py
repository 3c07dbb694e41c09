"""Fixtures for every test folder. The helpers they use live in tests/helpers/."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import REPO
from helpers.printing import require_pango
from helpers.sites import SiteBuilder

# What the browser tests leave for people to look at (tests/browser/harness.py).
ARTIFACTS = REPO / "test-artifacts"
REPORT_FILE = ARTIFACTS / "browser-report.txt"


def running_the_session(config: pytest.Config) -> bool:
    """True in the process that runs the session: pytest alone, or the controller of its workers
    (pytest-xdist gives each worker a `workerinput`), not in a worker."""
    return not hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    # Screenshots and the report describe this run only; cleared once, before any worker starts.
    if running_the_session(config):
        shutil.rmtree(ARTIFACTS / "screenshots", ignore_errors=True)
        REPORT_FILE.unlink(missing_ok=True)


# Tests marked `alone` (Lighthouse's audits: they time the page on this machine's CPU) run with
# no other test of the run beside them. Each worker holds the run's lock shared around each of
# its tests, an `alone` test holds it exclusively; a turnstile taken on the way in stops new
# shared holders from overtaking an exclusive one that waits.
def _lock_base(config: pytest.Config) -> Path | None:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None:
        return None  # one process: its tests never overlap
    return Path(tempfile.gettempdir()) / f"branchpress-tests-{workerinput['testrunuid']}"


@contextmanager
def _turn(item: pytest.Item) -> Iterator[None]:
    base = _lock_base(item.config)
    try:
        import fcntl  # noqa: PLC0415 - POSIX only; elsewhere tests are not kept apart
    except ImportError:
        base = None
    if base is None:
        yield
        return
    alone = item.get_closest_marker("alone") is not None
    with open(f"{base}.turnstile", "a") as turnstile, open(f"{base}.lock", "a") as lock:
        fcntl.flock(turnstile, fcntl.LOCK_EX)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        finally:
            if not alone:
                fcntl.flock(turnstile, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            fcntl.flock(turnstile, fcntl.LOCK_UN)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    # Around setup, call and teardown: a session fixture built for the test counts too.
    with _turn(item):
        yield


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    if running_the_session(config) and REPORT_FILE.is_file():
        terminalreporter.section(f"browser measurements (also in {REPORT_FILE.relative_to(REPO)})")
        for line in REPORT_FILE.read_text(encoding="utf-8").splitlines():
            terminalreporter.write_line(line)


@pytest.fixture
def site(tmp_path: Path) -> SiteBuilder:
    """A fixture site in a temporary folder, built with the real `mkdocs build`."""
    return SiteBuilder(tmp_path / "site-src")


@pytest.fixture
def pango() -> None:
    """For a test that makes or reads a PDF: skips without Pango (fails in CI, helpers/printing.py)."""
    require_pango()
