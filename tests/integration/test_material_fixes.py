"""`branchpress/material`: what it writes into built pages (its behaviour in a browser is tested
in tests/browser: search loads on demand, no sitemap look-ups, no console errors)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from branchpress.material.plugin import MARKER, correct
from branchpress.material.script import SCRIPT
from helpers.sites import SiteBuilder

BUNDLE_TAG = '<script src="../assets/javascripts/bundle.0123abcd.min.js"></script>'


@pytest.fixture
def built(site: SiteBuilder):
    site.config["plugins"].append("branchpress/material")
    site.record("2025/2025-03-05-lei-feng.md", "title: 学雷锋\ndate: 2025-03-05\ntype: volunteer")
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    return result


@pytest.mark.parametrize("page", ["index.html", "404.html", "activities/2025/03/lei-feng/index.html"])
def test_script_runs_before_materials_bundle_once(built, page: str) -> None:
    html = (built.site / page).read_text(encoding="utf-8")
    assert html.count(MARKER) == 1
    assert html.index(MARKER) < html.index("assets/javascripts/bundle.")
    assert html.index('id="__config"') < html.index(MARKER), "the script reads Material's config"


@pytest.mark.parametrize("page", ["index.html", "404.html", "activities/2025/03/lei-feng/index.html"])
def test_search_dialog_has_a_name(built, page: str) -> None:
    dialog = built.html(page).select_one("[role=dialog].md-search")
    assert dialog is not None
    assert dialog["aria-label"] == "搜索"


def test_pages_of_other_themes_are_left_alone() -> None:
    html = "<html><body><p>hi</p><script src='x.js'></script></body></html>"
    assert correct(html) == html


def test_correcting_twice_changes_nothing() -> None:
    html = f'<div class="md-search" data-md-component="search" role="dialog"><input aria-label="搜索" data-md-component="search-query"></div>{BUNDLE_TAG}'
    once = correct(html)
    assert once.count(MARKER) == 1 and 'role="dialog" aria-label="搜索"' in once
    assert correct(once) == once


# Node.js is a system program like Chromium: a machine without it skips, and CI (which installs it
# and sets BRANCHPRESS_REQUIRE_BROWSER=1) runs the check, failing if node is missing there.
@pytest.mark.skipif(
    shutil.which("node") is None and os.environ.get("BRANCHPRESS_REQUIRE_BROWSER") != "1",
    reason="Node.js not found: cannot check the script's syntax",
)
def test_script_is_valid_javascript(tmp_path) -> None:
    path = tmp_path / "script.js"
    path.write_text(SCRIPT, encoding="utf-8")
    proc = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_indentation_goes_but_preformatted_text_and_scripts_keep_their_spaces():
    from branchpress.material.plugin import strip_indentation

    html = "<div>\n      <p>一\n        二</p>\n\n\n    <pre>  a\n    b</pre>\n  <script>var s = `x\n   y`;</script>\n  <code>  c\n  d</code></div>"
    assert strip_indentation(html) == (
        "<div>\n<p>一\n二</p>\n<pre>  a\n    b</pre>\n<script>var s = `x\n   y`;</script>\n<code>  c\n  d</code></div>"
    )
