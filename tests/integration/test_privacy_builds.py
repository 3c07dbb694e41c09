"""The privacy guard in real builds and `branchpress check` runs: they stop on an ID-card or
mobile number with the number masked, never printed in full (the guard itself is unit-tested in
tests/unit/test_privacy.py).
"""

from __future__ import annotations

import re
import subprocess

from helpers.cli import problem_lines, run_cli
from helpers.sites import SiteBuilder, assert_clean_failure

# The GB 11643-1999 example and a mobile number, as in tests/unit/test_privacy.py.
ID_X = "11010519491231002X"
MOBILE_NUMBER = "13812345678"
VALID = "title: 社区志愿服务\ndate: 2025-03-05\ntype: volunteer"

GOOD = "title: 支部召开三月主题党日活动\ndate: 2025-03-04\ntype: theme_day\nparticipants: 18"


def run_check(site: SiteBuilder, *args: str) -> subprocess.CompletedProcess:
    return run_cli(site, "check", *args)


def test_build_and_check_stop_on_numbers_in_records_and_pages(site: SiteBuilder):
    site.record("2025/2025-03-04-good.md", GOOD)
    site.record(
        "2025/2025-03-05-x.md",
        f"{VALID}\nlocation: 春晖社区\nvolunteers: [张三, 'li@example.com']",
        body=f"第一段。\n\n报名请打 138-1234-5678，或 {ID_X}。",
    )
    site.write("culture/join.md", f"---\ntitle: 加入我们\n---\n\n联系人：王老师 {MOBILE_NUMBER}\n")
    result = site.build()
    expected = [
        "activities/2025/2025-03-05-x.md 第 6 行，字段 volunteers：第 2 位志愿者写的不是姓名（像是电子邮箱地址）",
        "activities/2025/2025-03-05-x.md 第 11 行，字段 正文：正文里有手机号码 138****5678",
        "activities/2025/2025-03-05-x.md 第 11 行，字段 正文：正文里有身份证号码 110105********002X",
        "culture/join.md 第 5 行，字段 正文：正文里有手机号码 138****5678",
        "内容检查发现 4 个错误",
    ]
    assert_clean_failure(result, *expected)
    for raw in (MOBILE_NUMBER, "138-1234-5678", ID_X, "li@example.com"):
        assert raw not in result.output, result.output
    assert not result.exists("")

    checked = run_check(site)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "Traceback" not in checked.stdout + checked.stderr
    # The same messages, word for word, as the build printed.
    assert problem_lines(checked.stdout) == problem_lines(result.output)
    assert len(problem_lines(checked.stdout)) == 4


def test_privacy_allow_in_mkdocs_yml_lets_a_hotline_through(site: SiteBuilder):
    site.record("2025/2025-03-05-x.md", f"{VALID}\nsummary: 服务热线 138 1234 5678")
    site.plugin_options("branchpress/records")["privacy_allow"] = ["+86 138-1234-5678", 13900000000]
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    assert "服务热线 138 1234 5678" in result.html("activities/2025/03/x/").get_text()
    assert run_check(site, "--strict").returncode == 0


def test_a_bad_privacy_allow_entry_is_a_clear_configuration_error(site: SiteBuilder):
    site.record("2025/2025-03-05-x.md", VALID)
    site.plugin_options("branchpress/records")["privacy_allow"] = ["热线"]
    result = site.build()
    assert_clean_failure(result, "privacy_allow", "不是号码")
    checked = run_check(site)
    assert checked.returncode == 2 and "privacy_allow" in checked.stderr
    assert "Traceback" not in checked.stderr


def test_numbers_in_mkdocs_yml_stop_the_build_and_check_naming_the_setting(site: SiteBuilder):
    """mkdocs.yml's texts reach every page's head or footer and every feed."""
    site.record("2025/2025-03-04-good.md", GOOD)
    site.config["site_description"] = "联系书记 138 1234 5678"
    site.config["copyright"] = f"版权所有 {ID_X}"
    site.write(
        "assets/brand/logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>',
    )
    brand = {"logo": "assets/brand/logo.svg", "contact": {"phone": "139-0000-0000"}}
    site.config["plugins"].insert(2, {"branchpress/brand": brand})
    result = site.build()
    assert_clean_failure(
        result,
        "字段 copyright：这项设置里有身份证号码 110105********002X",
        "字段 site_description：这项设置里有手机号码 138****5678",
        "字段 plugins → branchpress/brand → contact → phone：这项设置里有手机号码 139****0000",
        "内容检查发现 3 个错误",
    )
    assert not result.exists("")
    assert re.search(r"mkdocs.yml 第 \d+ 行，字段 site_description", result.output)
    for raw in ("138 1234 5678", ID_X, "139-0000-0000"):
        assert raw not in result.output
    checked = run_check(site)
    assert checked.returncode == 1
    # check loads only what it reads (not branchpress/brand): the site's own settings, word for word.
    assert [line for line in problem_lines(checked.stdout) if "brand" not in line] == [
        line for line in problem_lines(result.output) if "brand" not in line
    ]

    site.plugin_options("branchpress/records")["privacy_allow"] = ["13812345678", "13900000000", ID_X]
    assert site.build().returncode == 0
