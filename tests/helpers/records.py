"""Record files written straight into a docs folder, for tests of the record store (no build)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

NOW = datetime(2025, 12, 1, tzinfo=ZoneInfo("Asia/Shanghai"))


def write(root: Path, relative: str, front: str, body: str = "正文。") -> None:
    """Write root/activities/<relative> with the given front matter lines and body."""
    path = root / "activities" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n\n{body}\n", encoding="utf-8")
