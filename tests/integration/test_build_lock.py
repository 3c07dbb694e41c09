"""Two `mkdocs build` in one folder at once: the second waits for the first, both succeed.

Before the build lock, the two shared the cache and the site folder, and one died with
FileNotFoundError on a temporary file the other had renamed (2 of 5 tries).
"""

from __future__ import annotations

import os
import subprocess

import yaml
from helpers.sites import MKDOCS, SiteBuilder


def _records(site: SiteBuilder, count: int) -> None:
    for day in range(1, count + 1):
        site.record(
            f"2025/2025-03-{day:02d}-r{day}.md",
            f"title: 支部第{day}次主题党日活动\ndate: 2025-03-{day:02d}\ntype: theme_day\nparticipants: 18",
        )


def _start(site: SiteBuilder) -> subprocess.Popen:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    return subprocess.Popen(
        [*MKDOCS, "build"],
        cwd=site.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_second_build_in_the_same_folder_waits_for_the_first(site: SiteBuilder):
    _records(site, 28)
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config, allow_unicode=True), encoding="utf-8")
    rounds = 3  # started together, they overlap; three rounds make sure
    for _ in range(rounds):
        builds = [_start(site), _start(site)]
        outputs = [build.communicate(timeout=300)[0] for build in builds]
        for build, output in zip(builds, outputs, strict=True):
            assert build.returncode == 0, output
            assert "Traceback" not in output and "FileNotFoundError" not in output, output
        waited = [output for output in outputs if "另一个生成正在进行" in output]
        assert len(waited) <= 1, outputs
        if waited:
            break
    assert waited, f"the two builds never met in {rounds} rounds:\n{outputs}"
    # What they left is a whole site: every record page there.
    pages = sorted((site.root / "site/activities").rglob("index.html"))
    assert len([p for p in pages if "/2025/03/" in p.as_posix() and p.parent.name.startswith("r")]) == 28, (
        pages
    )
