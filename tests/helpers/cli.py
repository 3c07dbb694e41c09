"""Run the `branchpress` command in a fixture site, as staff would type it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from helpers.sites import SiteBuilder

BIN = Path(sys.executable).parent / "branchpress"
COMMAND = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "branchpress.cli"]


def write_config(site: SiteBuilder) -> None:
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config, allow_unicode=True), encoding="utf-8")


def run_cli(site: SiteBuilder, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run `branchpress ARGS` in the fixture site, without a terminal (stdin closed)."""
    write_config(site)
    return subprocess.run(
        [*COMMAND, *args],
        cwd=site.root,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def problem_lines(output: str) -> list[str]:
    """The problem lines of a build or check output, without the logger's prefix."""
    return sorted(re.findall(r"\[(?:错误|警告)\][^\n]*", output))
