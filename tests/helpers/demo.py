"""The demo site copied into a test folder, with a record whose photos are real phone JPEGs,
so that photo renditions are covered too (the demo's own content has none)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import REPO
from helpers.imaging import phone_jpeg

PHOTO_RECORD_FILE = "content/activities/2025/2025-09-20-shou-ji-ke-tang.md"
PHOTO_RECORD = """---
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


def demo_with_photos(root: Path) -> Path:
    """Copy content/, theme/ and mkdocs.yml into `root` and add the photo record."""
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    record = root / PHOTO_RECORD_FILE
    record.write_text(PHOTO_RECORD, encoding="utf-8")
    for seed, name in enumerate(("cover", "a", "b"), start=1):
        path = record.parent / "shou-ji-ke-tang" / f"{name}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(phone_jpeg(size=(900, 600), seed=seed))
    return root


def build_pinned(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """`mkdocs build --strict` in `root`; returns its log. MkDocs stamps pages without a date of
    their own (home, listings, culture pages) in the sitemap with the day of the build;
    SOURCE_DATE_EPOCH pins that day, as reproducible builds do, so that a build crossing
    midnight does not make two sites differ."""
    environment = dict(
        os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1764547200", PYTHONIOENCODING="utf-8"
    )
    environment.pop("BRANCHPRESS_FULL_REBUILD", None)
    environment.update(env or {})
    process = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )
    assert process.returncode == 0, process.stdout + process.stderr
    return process.stdout + process.stderr


def site_files(site_dir: Path) -> dict[str, bytes]:
    """Every file of a built site but compressed copies (gzip stamps them), by site path."""
    return {
        path.relative_to(site_dir).as_posix(): path.read_bytes()
        for path in sorted(site_dir.rglob("*"))
        if path.is_file() and path.suffix != ".gz"
    }
