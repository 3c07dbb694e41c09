"""The same content builds byte-identical files (docs/architecture.md, "Deterministic output").

The demo site (every plugin of mkdocs.yml, plus a record with photos so that the
renditions are covered) is built three times into three folders: cold, then warm
(photo cache filled), then cold again (cache deleted: the encoders themselves must
be deterministic). Every file but compressed archives must be identical.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.demo import build_pinned, demo_with_photos, site_files


@pytest.mark.slow  # about 22 s: three builds of the demo
def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path):
    root = demo_with_photos(tmp_path / "demo")

    build_pinned(root, "-d", str(tmp_path / "cold"))
    build_pinned(root, "-d", str(tmp_path / "warm"))
    shutil.rmtree(root / ".cache")
    build_pinned(root, "-d", str(tmp_path / "again"))

    first = site_files(tmp_path / "cold")
    assert any(name.endswith(".webp") for name in first), "the photos were not processed"
    assert "activities/2025/09/shou-ji-ke-tang/index.html" in first
    for other in ("warm", "again"):
        files = site_files(tmp_path / other)
        assert sorted(files) == sorted(first), f"{other}: different file lists"
        differing = [name for name in first if files[name] != first[name]]
        assert not differing, f"{other}: files differ: {differing[:20]}"
