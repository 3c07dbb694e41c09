"""Every page of the demo site through the Nu HTML Checker (vnu.jar from npm, run on Java).

Material's drawer and search toggles carry autocomplete="off" on checkboxes, which the checker
calls an error; that one is Material's own and excepted. Everything else, ours or written by
Material because of our configuration, must be valid (the overrides are in theme/partials/).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from . import harness
from .harness import require

VNU = harness.NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIALS_OWN = "Attribute “autocomplete” is only allowed when the input type is"
# One page of every type (docs/records.md, Public URLs), so that the run cannot pass on too few pages.
PAGE_TYPES = [
    "index.html",
    "404.html",
    "news/index.html",
    "news/page/2/index.html",
    "activities/meeting/index.html",
    "archive/index.html",
    "archive/2025/index.html",
    "volunteers/index.html",
    "culture/index.html",
    "culture/brand-story/index.html",
    "culture/timeline/index.html",
    "culture/brand/index.html",
    "subscribe/index.html",
    "reports/index.html",
    "reports/2025/index.html",
]


def missing_java() -> str | None:
    if shutil.which("java") is None:
        return "Java (`java`) not found: the Nu HTML Checker runs on it (apt-get install default-jre-headless, as .ci/run does)"
    return None


def record_types(site: Path) -> set[str]:
    """The activity type of every record page, from its badge link."""
    found = set()
    for page in site.glob("activities/[0-9][0-9][0-9][0-9]/*/*/index.html"):
        html = page.read_text(encoding="utf-8")
        start = html.find('class="bp-badge" href="')
        if start != -1:
            found.add(html[start:].split('"')[3].rstrip("/").rsplit("/", 1)[-1])
    return found


@pytest.fixture(scope="session")
def vnu_messages(demo_site: Path) -> list[dict]:
    require(missing_java() or harness.missing_node_package(VNU, "vnu-jar"))
    proc = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(demo_site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.stderr.strip().startswith("{"), f"vnu gave no report (exit {proc.returncode}):\n{proc.stderr}"
    return json.loads(proc.stderr)["messages"]


def test_every_page_type_of_the_demo_is_there(demo_site: Path) -> None:
    missing = [page for page in PAGE_TYPES if not (demo_site / page).is_file()]
    assert missing == []
    assert list(demo_site.glob("tags/*/index.html")), "no tag page"
    types = {path.parent.name for path in demo_site.glob("activities/*/index.html")} - {"page"}
    assert record_types(demo_site) == types, "the demo has no record of some type"


def test_no_html_errors_but_materials_own_autocomplete(demo_site: Path, vnu_messages: list[dict]) -> None:
    errors = [m for m in vnu_messages if m.get("type") == "error" and MATERIALS_OWN not in m["message"]]
    lines = [
        f"{Path(m['url'].removeprefix('file:')).relative_to(demo_site)}:{m.get('lastLine')}: {m['message']}"
        for m in errors
    ]
    harness.report(f"Nu HTML Checker: {len(errors)} errors in {len(list(demo_site.rglob('*.html')))} pages")
    assert lines == [], "\n".join(lines[:40])
