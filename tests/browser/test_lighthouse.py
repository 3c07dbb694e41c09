"""Lighthouse scores of the home page and a record page (mobile), against the issue's thresholds,
served as a host that compresses text (gzip) and as one that does not (object storage without a
CDN serves files as they are)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from . import harness, lighthouse
from .harness import require


@pytest.fixture(scope="session")
def plain_server(demo_site: Path) -> Iterator[harness.SiteServer]:
    with harness.SiteServer(demo_site, compress=False) as running:
        yield running


@pytest.mark.lighthouse
@pytest.mark.slow
# Audits time the page on this machine's CPU: no other test runs meanwhile (tests/conftest.py).
@pytest.mark.alone
@pytest.mark.parametrize("serving", ["gzip", "uncompressed"])
@pytest.mark.parametrize("name", ["home", "record"])
def test_lighthouse(request, site_pages, name: str, serving: str) -> None:
    require(lighthouse.missing())
    server = request.getfixturevalue("server" if serving == "gzip" else "plain_server")
    audit = lighthouse.audit(f"{name}-{serving}", urljoin(server.url, site_pages[name]))
    harness.report(audit.summary())
    failures = audit.failures()
    explanation = "\n".join(
        f"{category} {score} below {lighthouse.THRESHOLDS[category]}:\n{audit.explain(category)}"
        for category, score in failures.items()
    )
    if failures:
        harness.report(explanation)
    assert not failures, f"{audit.summary()}\n{explanation}"
