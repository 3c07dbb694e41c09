"""The same content builds byte-identical files (DESIGN: "Output is deterministic").

The demo site (every plugin of mkdocs.yml, plus a record with photos so that the
renditions are covered) is built three times into three folders: cold, then warm
(photo cache filled), then cold again (cache deleted: the encoders themselves must
be deterministic). Every file but compressed archives must be identical.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import REPO
from helpers.imaging import phone_jpeg

RECORD = """---
title: 春晖社区“手机课堂”第十期
date: 2025-09-20 09:00
type: volunteer
location: 春晖社区党群服务中心
cover: shou-ji-ke-tang/cover.jpg
photos:
  - {src: shou-ji-ke-tang/a.jpg, caption: 志愿者手把手教老人用手机}
  - {src: shou-ji-ke-tang/b.jpg, alt: 老人们举着手机合影}
volunteers: [李文博, {name: 陈思雨, hours: 4}]
hours: 3
beneficiaries: 40
tags: [数字助老]
---

第十期“手机课堂”上，志愿者教老人们用手机挂号。

![课堂一角](shou-ji-ke-tang/a.jpg)
"""


def _build(root: Path, site_dir: Path) -> None:
    # MkDocs stamps pages without a date of their own (home, listings, culture pages) in the
    # sitemap with the day of the build; SOURCE_DATE_EPOCH pins that day, as reproducible
    # builds do, so a build that crosses midnight does not fail the test.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1764547200")
    process = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert process.returncode == 0, process.stdout + process.stderr


def _files(site_dir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site_dir).as_posix(): path.read_bytes()
        for path in sorted(site_dir.rglob("*"))
        if path.is_file() and path.suffix != ".gz"
    }


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path):
    root = tmp_path / "demo"
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    folder = root / "content/activities/2025"
    (folder / "2025-09-20-shou-ji-ke-tang.md").write_text(RECORD, encoding="utf-8")
    for seed, name in enumerate(("cover", "a", "b"), start=1):
        path = folder / "shou-ji-ke-tang" / f"{name}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(phone_jpeg(size=(900, 600), seed=seed))

    _build(root, tmp_path / "cold")
    _build(root, tmp_path / "warm")
    shutil.rmtree(root / ".cache")
    _build(root, tmp_path / "again")

    first = _files(tmp_path / "cold")
    assert any(name.endswith(".webp") for name in first), "the photos were not processed"
    assert "activities/2025/09/shou-ji-ke-tang/index.html" in first
    for other in ("warm", "again"):
        files = _files(tmp_path / other)
        assert sorted(files) == sorted(first), f"{other}: different file lists"
        differing = [name for name in first if files[name] != first[name]]
        assert not differing, f"{other}: files differ: {differing[:20]}"
