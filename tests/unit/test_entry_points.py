"""Every plugin is registered for MkDocs and for ProperDocs (its maintained fork) alike."""

from __future__ import annotations

import tomllib

from helpers import REPO


def test_properdocs_registers_the_same_plugins_as_mkdocs():
    entry_points = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "entry-points"
    ]
    assert entry_points["properdocs.plugins"] == entry_points["mkdocs.plugins"]
