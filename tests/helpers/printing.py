"""PDF tests need Pango from the OS (WeasyPrint). Where it is missing they skip with the reason,
so README's test command passes anywhere; CI (BRANCHPRESS_REQUIRE_BROWSER=1, set by .ci/run,
which installs Pango) turns that skip into a failure, so every PDF test runs there."""

from __future__ import annotations

import os

import pytest
from branchpress.core.printing.pdf import pdf_available

REQUIRE_ENV = "BRANCHPRESS_REQUIRE_BROWSER"


def require_pango() -> None:
    missing = pdf_available()
    if not missing:
        return
    reason = f"PDF 测试需要 Pango（apt-get install libpango-1.0-0 libpangoft2-1.0-0）：{missing}"
    if os.environ.get(REQUIRE_ENV, "") not in ("", "0"):
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1: CI runs every test)", pytrace=False)
    # Pango is a system library: without it nothing can print, and README's test command must
    # pass anywhere; CI installs it and fails instead of skipping.
    pytest.skip(reason)
