"""Lighthouse scores of the home page and a record page (mobile), against the issue's thresholds."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from . import harness, lighthouse
from .harness import require


@pytest.mark.lighthouse
@pytest.mark.parametrize("name", ["home", "record"])
def test_lighthouse(server, site_pages, name: str) -> None:
    require(lighthouse.missing())
    audit = lighthouse.audit(name, urljoin(server.url, site_pages[name]))
    harness.report(audit.summary())
    failures = audit.failures()
    explanation = "\n".join(
        f"{category} {score} below {lighthouse.THRESHOLDS[category]}:\n{audit.explain(category)}"
        for category, score in failures.items()
    )
    if failures:
        harness.report(explanation)
    assert not failures, f"{audit.summary()}\n{explanation}"
