"""Personal numbers are refused as a reader would see them, in real builds and `branchpress check`.

Each spelling of the issue (ID numbers grouped 6-4-4-4 or in fours, mobiles with two spaces,
dots, an em dash or grouped 4-3-4, mathematical and Arabic-Indic digits, numbers split by `**`,
a character reference or U+200B) is written into its own record's body, summary or location, and
into mkdocs.yml's settings; the build must name each one by file, line and field, print none of
them in full, and write no site. Dates, counts, years and ISBNs build as they are.
"""

from __future__ import annotations

import pytest
from helpers.cli import problem_lines, run_cli
from helpers.sites import BuildResult, SiteBuilder, assert_clean_failure


def _digits(number: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) for c in number)


FRONT = "title: 社区志愿服务\ndate: 2025-03-05\ntype: volunteer"
# (case id, field the number is written in, how it is written, masked form in the message)
CASES = [
    ("id-6-4-4-4", "正文", "110105 1949 1231 002X", "110105********002X"),
    ("id-in-fours", "正文", "1101 0519 4912 3100 2X", "110105********002X"),
    ("id-dots", "summary", "110105.19491231.002X", "110105********002X"),
    ("mobile-two-spaces", "正文", "138  1234  5678", "138****5678"),
    ("mobile-dots", "location", "138.1234.5678", "138****5678"),
    ("mobile-em-dash", "正文", "138—1234—5678", "138****5678"),
    ("mobile-4-3-4", "summary", "1381 234 5678", "138****5678"),
    ("mobile-mathematical", "正文", _digits("13812345678", 0x1D7CE), "138****5678"),
    ("mobile-arabic-indic", "正文", _digits("13812345678", 0x660), "138****5678"),
    ("mobile-split-by-emphasis", "正文", "138**1234**5678", "138****5678"),
    ("mobile-split-by-a-reference", "正文", "138&#49;2345678", "138****5678"),
    ("mobile-split-by-zwsp", "正文", "138\u200b1234\u200b5678", "138****5678"),
    ("mobile-split-by-a-tag", "正文", "138<span>1234</span>5678", "138****5678"),
]


def _write(site: SiteBuilder, n: int, field: str, number: str) -> None:
    relative = f"2025/2025-03-{n + 10:02d}-case.md"
    if field == "正文":
        site.record(relative, FRONT, body=f"第一段。\n\n报名请联系王老师，{number}。")
    else:
        site.record(relative, f"{FRONT}\n{field}: '报名 {number}'")


@pytest.fixture(scope="module")
def refused(tmp_path_factory) -> tuple[BuildResult, SiteBuilder]:
    site = SiteBuilder(tmp_path_factory.mktemp("numbers") / "site-src")
    for n, (_, field, number, _) in enumerate(CASES):
        _write(site, n, field, number)
    site.config["site_description"] = "联系书记 139—0000—0000"
    site.config["copyright"] = "版权所有 1101 0519 4912 3100 2X"
    return site.build(), site


@pytest.mark.parametrize(("n", "case"), list(enumerate(CASES)), ids=[case[0] for case in CASES])
def test_each_spelling_is_refused_naming_the_file_line_and_field(refused, n: int, case) -> None:
    result, _ = refused
    _, field, number, masked = case
    source = f"activities/2025/2025-03-{n + 10:02d}-case.md"
    line = 9 if field == "正文" else 5  # the body's second paragraph; the field's own line
    assert_clean_failure(result, f"{source} 第 {line} 行，字段 {field}：")
    message = next(m for m in problem_lines(result.output) if m.startswith(f"[错误] {source} "))
    assert masked in message
    assert number not in result.output


@pytest.mark.parametrize(
    ("key", "masked"),
    [("site_description", "139****0000"), ("copyright", "110105********002X")],
)
def test_each_setting_of_mkdocs_yml_is_refused_by_key(refused, key: str, masked: str) -> None:
    result, _ = refused
    assert_clean_failure(result, f"字段 {key}：这项设置里有", masked)


def test_all_are_reported_in_one_run_and_no_site_is_written(refused) -> None:
    result, site = refused
    assert f"内容检查发现 {len(CASES) + 2} 个错误" in result.output, result.output
    assert not result.site.exists()
    checked = run_cli(site, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stdout + checked.stderr
    assert problem_lines(checked.stdout) == problem_lines(result.output)


def test_dates_counts_years_and_isbns_are_published_as_they_are(site: SiteBuilder) -> None:
    body = (
        "2025-03-05 至 2025.03.06，14:00—16:30。\n\n共 138 人参加，服务 1234 小时，捐款 5678 元。\n\n"
        "第 13 期，2025 年，ISBN 978-7-01-012345-6。订单号 2025031313812345678。\n\n"
        "办公电话 010 6512 3456，0571-8888 8888。"
    )
    site.record("2025/2025-03-05-ok.md", f"{FRONT}\nsummary: 2025 年 3 月 5 日 13 时", body=body)
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    assert "ISBN 978-7-01-012345-6" in result.html("activities/2025/03/ok/").get_text()
