"""mkdocs.yml settings that make Material load from another host on every page stop the build
(and `branchpress check`) with the key, its line and the fix (core/records/config_checks.py)."""

from __future__ import annotations

import pytest
from helpers.cli import run_cli
from helpers.sites import SiteBuilder, assert_clean_failure


def without_font(config: dict) -> None:
    del config["theme"]["font"]  # Material's default: Roboto from Google Fonts


def analytics(config: dict) -> None:
    config["extra"] = {"analytics": {"provider": "google", "property": "G-XXXXXXXXXX"}}


def github_repo(config: dict) -> None:
    config["repo_url"] = "https://github.com/example/branch-site"


def cdn_script(config: dict) -> None:
    config["extra_javascript"] = ["https://cdn.example.com/mathjax/tex-mml-chtml.js"]


def cdn_stylesheet(config: dict) -> None:
    config["extra_css"] = ["//cdn.example.com/katex/katex.min.css"]


def remote_logo(config: dict) -> None:
    config["theme"]["logo"] = "https://img.example.com/logo.png"


CASES = [
    (without_font, "theme → font", "fonts.googleapis.com", "font: false"),
    (analytics, "extra → analytics", "统计脚本", "删掉 mkdocs.yml 中 extra 下的 analytics"),
    (github_repo, "repo_url", "api.github.com", "删掉 mkdocs.yml 中的 repo_url"),
    (cdn_script, "extra_javascript", "cdn.example.com", "assets/tex-mml-chtml.js"),
    (cdn_stylesheet, "extra_css", "cdn.example.com", "assets/katex.min.css"),
    (remote_logo, "theme → logo", "img.example.com", "assets/logo.png"),
]


@pytest.mark.parametrize(("change", "key", "said", "fix"), CASES, ids=[c[0].__name__ for c in CASES])
def test_a_setting_that_loads_from_another_host_stops_build_and_check(
    site: SiteBuilder, change, key, said, fix
):
    change(site.config)
    result = site.build()
    assert_clean_failure(result, "mkdocs.yml", f"字段 {key}：", said, fix, "内容检查发现 1 个错误")
    assert not (site.root / "site" / "index.html").exists()
    checked = run_cli(site, "check")
    assert checked.returncode == 1 and f"字段 {key}：" in checked.stdout, checked.stdout + checked.stderr


def test_the_line_of_the_setting_is_named(site: SiteBuilder):
    github_repo(site.config)
    result = site.build()
    written = (site.root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(written, 1) if row.startswith("repo_url:"))
    assert f"mkdocs.yml 第 {line} 行，字段 repo_url：" in result.output, result.output


def test_a_repository_elsewhere_is_only_a_link_and_builds(site: SiteBuilder):
    site.config["repo_url"] = "https://gitee.com/example/branch-site"  # Material asks no API there
    result = site.build()
    assert result.returncode == 0, result.output
