"""Fixtures for every test folder. The helpers they use live in tests/helpers/."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.printing import require_pango
from helpers.sites import SiteBuilder


@pytest.fixture
def site(tmp_path: Path) -> SiteBuilder:
    """A fixture site in a temporary folder, built with the real `mkdocs build`."""
    return SiteBuilder(tmp_path / "site-src")


@pytest.fixture
def pango() -> None:
    """For a test that makes or reads a PDF: skips without Pango (fails in CI, helpers/printing.py)."""
    require_pango()
