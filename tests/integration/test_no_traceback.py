"""Input that used to end in a Python traceback now ends in a clear Chinese message.

Each test writes a real fixture site and runs the real `mkdocs build` or `branchpress`
command, as staff would: the output names the file (and line), the field or option and
the fix (修改方法), the exit status is non-zero, and no traceback is printed.
"""

from __future__ import annotations

import pytest
from helpers.cli import run_cli
from helpers.sites import SiteBuilder, assert_clean_failure

GOOD = "2025/2025-03-04-good.md"
GOOD_FRONT_MATTER = "title: 支部召开三月主题党日活动\ndate: 2025-03-04\ntype: theme_day\nparticipants: 18"


def _clean_failure(process, *fragments: str) -> None:
    output = process.stdout + process.stderr
    assert process.returncode != 0, output
    assert "Traceback" not in output, output
    for fragment in fragments:
        assert fragment in output, f"{fragment!r} not in:\n{output}"


@pytest.mark.parametrize(
    ("field", "value"),
    [("updated", "2206-05-12"), ("date", "2206-05-12"), ("date", "1899-12-31"), ("updated", "2101-01-01")],
)
def test_a_year_outside_1900_to_2100_is_refused_at_validation(site: SiteBuilder, field: str, value: str):
    """2206 for 2026 used to pass and end in `struct.error` writing sitemap.xml.gz (after 2106)."""
    lines = {"date": "2025-03-04", "updated": None}
    lines[field] = value
    front = "title: 支部召开三月主题党日活动\n" + "".join(f"{k}: {v}\n" for k, v in lines.items() if v)
    site.record(GOOD, front + "type: theme_day\nparticipants: 18")
    line = 3 if field == "date" else 4
    result = site.build()
    assert_clean_failure(
        result, f"activities/{GOOD} 第 {line} 行，字段 {field}：", value, "年份超出范围", "1900–2100"
    )
    assert "修改方法" in result.output


@pytest.mark.parametrize("page", ["culture/x.md", "index.md"])
def test_a_hand_written_page_saved_in_gbk_is_named_like_a_record(site: SiteBuilder, page: str):
    site.record(GOOD, GOOD_FRONT_MATTER)
    site.write_bytes(page, "---\ntitle: 支部文化\n---\n\n用记事本保存的页面。\n".encode("gbk"))
    result = site.build()
    assert_clean_failure(result, f"[错误] {page}：", "不是 UTF-8 编码", "另存为 UTF-8")
    checked = run_cli(site, "check")
    _clean_failure(checked, f"[错误] {page}：", "不是 UTF-8 编码")


@pytest.mark.parametrize("page", ["reports/2025.md", "culture/values.md"])
def test_bad_yaml_in_a_hand_written_page_is_an_error_not_a_heading(site: SiteBuilder, page: str):
    """MkDocs takes front matter it cannot parse for body text: it would be published as a heading."""
    site.config["plugins"].append("branchpress/reports")
    site.record(GOOD, GOOD_FRONT_MATTER)
    site.write(
        page, "---\ntitle: 年度报告: 还有冒号\nsummary: 一年的工作。\n---\n\n## 正文\n\n支部的一年。\n"
    )
    result = site.build()
    assert_clean_failure(result, f"[错误] {page} 第 2 行：", "不是合法的 YAML", "修改方法")
    assert not (result.site / "index.html").exists()
    _clean_failure(run_cli(site, "check"), f"[错误] {page} 第 2 行：", "不是合法的 YAML")


def test_a_report_page_not_named_by_a_year_is_an_error(site: SiteBuilder):
    site.config["plugins"].append("branchpress/reports")
    site.record(GOOD, GOOD_FRONT_MATTER)
    site.write("reports/abcd.md", "---\ntitle: 年度报告\n---\n\n支部的一年。\n")
    result = site.build()
    assert_clean_failure(result, "[错误] reports/abcd.md：", "四位年份", "reports/2026.md")
    assert not (result.site / "reports/abcd/index.html").exists()


@pytest.mark.parametrize(
    ("config_text", "expect"),
    [
        ("- site_name: 测试支部\n- docs_dir: content\n", "整个文件应是“名称: 值”的设置"),
        ("测试支部\n", "整个文件应是“名称: 值”的设置"),
        ("site_name: 测试支部\ndocs_dir: content\nplugins: 5\n", "plugins 应是插件列表"),
    ],
    ids=["list", "scalar", "plugins-number"],
)
def test_check_explains_a_config_of_the_wrong_shape(site: SiteBuilder, config_text: str, expect: str):
    site.record(GOOD, GOOD_FRONT_MATTER)
    (site.root / "other.yml").write_text(config_text, encoding="utf-8")
    checked = run_cli(site, "check", "-f", "other.yml")
    _clean_failure(checked, "无法读取配置 other.yml：", expect, "修改方法")
    assert checked.returncode == 2


@pytest.mark.parametrize("year", ["10000", "-5", "0", "二〇二五"])
def test_ledger_refuses_a_year_outside_1900_to_2100(site: SiteBuilder, year: str):
    """`--year 0` used to mean this year silently, 10000 and -5 ended in ValueError."""
    site.record(GOOD, GOOD_FRONT_MATTER)
    made = run_cli(site, "ledger", f"--year={year}")
    _clean_failure(made, f"年份“{year}”无效", "1900–2100", "修改方法")
    assert not (site.root / "ledger").exists()


def _alias_bomb(levels: int) -> str:
    """Nine aliases of the level below on each level: 9**levels tags from a few lines."""
    lines = [
        "bomb0: &a0 [社区服务, 社区服务, 社区服务, 社区服务, 社区服务, 社区服务, 社区服务, 社区服务, 社区服务]"
    ]
    lines += [f"bomb{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines) + f"\ntags: [*a{levels - 1}]"


def test_an_alias_bomb_in_tags_is_refused_quickly_and_briefly(site: SiteBuilder):
    """Nine levels made `branchpress check` run 2 min 48 s and print 2.8 GB."""
    site.record(GOOD, GOOD_FRONT_MATTER)
    site.record(
        "2025/2025-03-05-x.md",
        "title: 社区志愿服务活动\ndate: 2025-03-05\ntype: theme_day\n" + _alias_bomb(9),
    )
    checked = run_cli(site, "check", timeout=30)
    _clean_failure(checked, "[错误] activities/2025/2025-03-05-x.md：", "别名", "修改方法")
    assert len(checked.stdout + checked.stderr) < 2_000, len(checked.stdout + checked.stderr)
    assert_clean_failure(site.build(), "别名（& 和 *）")


def test_a_few_aliases_still_work(site: SiteBuilder):
    site.record(GOOD, GOOD_FRONT_MATTER + "\nlocation: &place 社区服务中心\nsummary: *place")
    assert run_cli(site, "check").returncode == 0


def test_check_cuts_a_long_value_and_says_each_problem_once(site: SiteBuilder):
    pasted = "会议纪要" * 20_000
    site.record(GOOD, GOOD_FRONT_MATTER)
    site.record("2025/2025-03-05-x.md", f"title: 社区志愿服务活动\ndate: 2025-03-05\ntype: {pasted}")
    checked = run_cli(site, "check")
    _clean_failure(
        checked, "[错误] activities/2025/2025-03-05-x.md 第 4 行，字段 type：", "未知的活动类型", "…”"
    )
    output = checked.stdout + checked.stderr
    assert len(output) < 2_000, len(output)
    assert output.count("未知的活动类型") == 1, output
