"""What the studio's child processes (the preview worker, 发布's build and deploy) share."""

from __future__ import annotations

import os
from pathlib import Path

import branchpress


def child_env() -> dict[str, str]:
    """The studio's environment (deploy credentials come from it), with the same BranchPress
    on the path as the studio's own, wherever that was imported from, and UTF-8 output."""
    package_root = str(Path(branchpress.__file__).resolve().parents[1])
    paths = [package_root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(dict.fromkeys(paths)), PYTHONIOENCODING="utf-8")
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env
