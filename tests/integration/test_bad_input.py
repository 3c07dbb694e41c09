"""Bad record input: every kind of mistake stops the build with a clear Chinese message.

Each test writes a real fixture site (one valid record next to the bad one), runs
the real `mkdocs build`, and checks that the message names the file (relative to
content/), the line where it is known, the field, and how to fix it (修改方法).
The message format comes from core/problems.py:

    [错误] activities/2025/2025-03-05-x.md 第 3 行，字段 date：… 修改方法：…
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from helpers.imaging import phone_jpeg
from helpers.sites import DESIGN_TYPES, BuildResult, SiteBuilder, assert_clean_failure

GOOD = "activities/2025/2025-03-04-good.md"
BAD = "activities/2025/2025-03-05-x.md"

GOOD_FRONT_MATTER = """
title: 支部召开三月主题党日活动
date: 2025-03-04
type: theme_day
location: 支部活动室
participants: 18
"""

# The valid lines of a bad record; record() puts `---` on line 1, so title is line 2,
# date line 3, type line 4 and the first extra line 5.
TITLE = "title: 社区志愿服务活动"
DATE = "date: 2025-03-05"
TYPE = "type: volunteer"
VALID = f"{TITLE}\n{DATE}\n{TYPE}"


def where(line: int | None, field_name: str | None) -> str:
    """The location part of a problem line, exactly as core/problems.py writes it."""
    text = BAD if line is None else f"{BAD} 第 {line} 行"
    if field_name:
        text += f"，字段 {field_name}"
    return text + "："


@dataclass
class Case:
    id: str
    front_matter: str | None = None  # written with site.record() under activities/
    raw: str | bytes | None = None  # written as the whole file instead
    expect: list = field(default_factory=list)  # fragments (str) or regexes, all in the error line
    extra_files: dict = field(default_factory=dict)  # content/-relative path -> bytes

    def write(self, site: SiteBuilder) -> None:
        relative = BAD.removeprefix("activities/")
        if self.front_matter is not None:
            site.record(relative, self.front_matter, body="活动正文，记录了当天的情况。")
        elif isinstance(self.raw, bytes):
            site.write_bytes(BAD, self.raw)
        else:
            site.write(BAD, self.raw or "")
        for path, data in self.extra_files.items():
            site.write_bytes(path, data)


PHOTO = b"\xff\xd8\xff\xe0 not really a jpeg"

CASES = [
    # --- front matter that cannot be read -----------------------------------------------
    Case(
        "yaml-colon-in-title",
        front_matter=f"title: 标题: 还有冒号\n{DATE}\n{TYPE}",
        expect=[where(2, None), "不是合法的 YAML"],
    ),
    Case(
        "yaml-unclosed-bracket",
        front_matter=f"{VALID}\ntags: [社区服务, 志愿者\nlocation: 社区服务中心",
        # The `[` opens on line 5; YAML notices on line 6, and the hint says
        # "检查这一行及上一行", so either line leads the reader to the mistake.
        expect=[re.compile(re.escape(BAD) + r" 第 [56] 行："), "不是合法的 YAML", "引号要成对"],
    ),
    Case(
        "no-front-matter",
        raw="# 社区志愿服务活动\n\n没有信息区的正文。\n",
        expect=[where(1, None), "没有 front matter", "第一行写 ---"],
    ),
    Case(
        "front-matter-not-closed",
        raw=f"---\n{VALID}\n\n活动正文，忘了写结束标记。\n",
        expect=[BAD, "没有结束标记", "单独写一行 ---"],
    ),
    Case(
        "not-utf8",
        raw=f"---\n{VALID}\n---\n\n用 GBK 保存的正文。\n".encode("gbk"),
        expect=[f"[错误] {BAD}：", "UTF-8", "另存为 UTF-8"],
    ),
    # --- required fields, each missing on its own ----------------------------------------
    Case(
        "missing-title",
        front_matter=f"{DATE}\n{TYPE}",
        expect=[where(None, "title"), "缺少必填字段 title", "title: 活动标题"],
    ),
    Case(
        "missing-date",
        front_matter=f"{TITLE}\n{TYPE}",
        expect=[where(None, "date"), "缺少必填字段 date", "2026-05-12"],
    ),
    Case(
        "missing-type",
        front_matter=f"{TITLE}\n{DATE}",
        expect=[where(None, "type"), "缺少必填字段 type", "type: volunteer"],
    ),
    Case(
        "empty-title",
        front_matter=f'title: ""\n{DATE}\n{TYPE}',
        expect=[where(2, "title"), "缺少必填字段 title"],
    ),
    # --- dates ---------------------------------------------------------------------------
    Case(
        "date-impossible-day",
        front_matter=f"{TITLE}\ndate: 2025-02-30\n{TYPE}",
        expect=[where(3, "date"), "2025-02-30", "不存在", "真实存在的日期"],
    ),
    Case(
        "date-unparseable",
        front_matter=f"{TITLE}\ndate: 下周三\n{TYPE}",
        expect=[where(3, "date"), "下周三", "格式无法识别", "2026-05-12 14:30"],
    ),
    Case(
        "date-impossible-hour",
        front_matter=f"{TITLE}\ndate: 2025-05-12 25:00\n{TYPE}",
        expect=[where(3, "date"), "2025-05-12 25:00", "不存在", "真实存在的日期"],
    ),
    # --- type ----------------------------------------------------------------------------
    Case(
        "type-unknown",
        front_matter=f"{TITLE}\n{DATE}\ntype: 会议",
        expect=[where(4, "type"), "未知的活动类型“会议”", *(f"{k}（{v}）" for k, v in DESIGN_TYPES.items())],
    ),
    # --- numbers -------------------------------------------------------------------------
    Case(
        "hours-negative", front_matter=f"{VALID}\nhours: -3", expect=[where(5, "hours"), "不能是负数", "-3"]
    ),
    Case(
        "beneficiaries-negative",
        front_matter=f"{VALID}\nbeneficiaries: -40",
        expect=[where(5, "beneficiaries"), "不能是负数", "-40"],
    ),
    Case(
        "participants-negative",
        front_matter=f"{VALID}\nparticipants: -12",
        expect=[where(5, "participants"), "不能是负数", "-12"],
    ),
    Case(
        "volunteer-hours-negative",
        front_matter=f"{VALID}\nvolunteers:\n  - {{name: 张三, hours: -2}}",
        expect=[where(5, "volunteers"), "第 1 位志愿者", "不能是负数", "-2"],
    ),
    Case(
        "participants-not-a-number",
        front_matter=f"{VALID}\nparticipants: 二十",
        expect=[where(5, "participants"), "必须是整数", "二十", "不带单位"],
    ),
    Case(
        "participants-not-an-integer",
        front_matter=f"{VALID}\nparticipants: 2.5",
        expect=[where(5, "participants"), "必须是整数", "2.5"],
    ),
    # --- flags ---------------------------------------------------------------------------
    Case(
        "featured-not-boolean",
        front_matter=f"{VALID}\nfeatured: 是",
        expect=[where(5, "featured"), "只能是 true 或 false", "“是”", "featured: true"],
    ),
    # --- photos --------------------------------------------------------------------------
    Case(
        "cover-missing",
        front_matter=f"{VALID}\ncover: 封面.jpg",
        expect=[where(5, "cover"), "找不到照片“封面.jpg”", "activities/2025/封面.jpg", "检查文件名"],
    ),
    Case(
        "photos-missing",
        front_matter=f"{VALID}\nphotos:\n  - photos/现场.jpg\n  - {{src: photos/合影.jpg, caption: 合影}}",
        # 现场.jpg is a real photo: a corrupt one would be a second error (checked with the first).
        extra_files={"activities/2025/photos/现场.jpg": phone_jpeg((64, 48))},
        expect=[where(5, "photos"), "找不到照片“photos/合影.jpg”", "activities/2025/photos/合影.jpg"],
    ),
    Case(
        "photos-outside-record-folder",
        front_matter=f"{VALID}\nphotos:\n  - ../other/x.jpg",
        # The photo exists, so only the "outside the folder" rule can stop it.
        extra_files={"activities/other/x.jpg": PHOTO},
        expect=[where(5, "photos"), "../other/x.jpg", "在本记录所在文件夹之外", "复制到本记录所在的文件夹"],
    ),
    Case(
        "cover-outside-record-folder",
        front_matter=f"{VALID}\ncover: photos/../../other/x.jpg",
        extra_files={"activities/other/x.jpg": PHOTO},
        expect=[where(5, "cover"), "在本记录所在文件夹之外"],
    ),
    Case(
        "cover-absolute-path",
        front_matter=f"{VALID}\ncover: /activities/2025/封面.jpg",
        extra_files={"activities/2025/封面.jpg": PHOTO},
        expect=[where(5, "cover"), "/activities/2025/封面.jpg", "不是相对路径", "写相对路径"],
    ),
    Case(
        "photos-absolute-path",
        front_matter=f"{VALID}\nphotos:\n  - {{src: /activities/2025/合影.jpg, caption: 合影}}",
        extra_files={"activities/2025/合影.jpg": PHOTO},
        expect=[where(5, "photos"), "不是相对路径"],
    ),
    # --- volunteers ----------------------------------------------------------------------
    Case(
        "volunteer-without-name",
        front_matter=f"{VALID}\nvolunteers:\n  - 张三\n  - {{hours: 3}}",
        expect=[where(5, "volunteers"), "第 2 位志愿者没有姓名", "name: 张三"],
    ),
]


def _site_with(site: SiteBuilder, case: Case) -> SiteBuilder:
    site.record(GOOD.removeprefix("activities/"), GOOD_FRONT_MATTER)
    case.write(site)
    return site


def _error_lines(result: BuildResult, source: str) -> list[str]:
    return [line for line in result.output.splitlines() if "[错误]" in line and source in line]


def _assert_one_clear_error(result: BuildResult, expect: list) -> None:
    assert_clean_failure(result, "内容检查发现 1 个错误", "网站没有生成")
    lines = _error_lines(result, BAD)
    assert len(lines) == 1, f"expected one error line for {BAD}:\n{result.output}"
    line = lines[0]
    for fragment in expect:
        if isinstance(fragment, re.Pattern):
            assert fragment.search(line), f"{fragment.pattern!r} does not match:\n{line}"
        else:
            assert fragment in line, f"{fragment!r} not in:\n{line}"
    hint = line.split("修改方法：", 1)
    assert len(hint) == 2 and hint[1].strip(), f"no fix hint (修改方法) in:\n{line}"
    # The valid record is not blamed, and no half-built site is left behind.
    assert GOOD not in result.output, result.output
    assert not result.exists(""), "a failed build left site/index.html behind"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_record_stops_the_build_with_a_clear_message(site: SiteBuilder, case: Case) -> None:
    result = _site_with(site, case).build()
    _assert_one_clear_error(result, case.expect)


@pytest.mark.parametrize(
    ("line", "expect"),
    [
        ("participants: .inf", [where(6, "participants"), "必须是整数"]),
        ("participants: .nan", [where(6, "participants"), "必须是整数"]),
        ("beneficiaries: .inf", [where(6, "beneficiaries"), "必须是整数"]),
        ("hours: .nan", [where(6, "hours"), "hours"]),
        ("hours: .inf", [where(6, "hours"), "hours"]),
    ],
    ids=["participants-inf", "participants-nan", "beneficiaries-inf", "hours-nan", "hours-inf"],
)
def test_non_finite_numbers_are_rejected(site: SiteBuilder, line: str, expect: list) -> None:
    """YAML spells infinity and not-a-number as .inf and .nan; neither is a count or a duration."""
    case = Case("non-finite", front_matter=f"{VALID}\nvolunteers: [张三]\n{line}", expect=expect)
    result = _site_with(site, case).build()
    _assert_one_clear_error(result, case.expect)


def test_all_problems_are_reported_in_one_run(site: SiteBuilder) -> None:
    site.record(GOOD.removeprefix("activities/"), GOOD_FRONT_MATTER)
    site.record("2025/2025-03-05-x.md", f"title: 标题: 还有冒号\n{DATE}\n{TYPE}")
    site.record("2025/2025-04-01-y.md", f"{TITLE}\n{TYPE}")
    site.write_bytes(
        "activities/2024/2024-01-02-z.md",
        f"---\n{TITLE}\ndate: 2024-01-02\n{TYPE}\n---\n\n正文。\n".encode("gbk"),
    )
    result = site.build()

    assert_clean_failure(result, "内容检查发现 3 个错误（另有 0 个警告）")
    expected = {
        "activities/2025/2025-03-05-x.md": "不是合法的 YAML",
        "activities/2025/2025-04-01-y.md": "缺少必填字段 date",
        "activities/2024/2024-01-02-z.md": "不是 UTF-8 编码",
    }
    for source, message in expected.items():
        lines = _error_lines(result, source)
        assert len(lines) == 1, f"{source} not reported exactly once:\n{result.output}"
        assert message in lines[0] and "修改方法：" in lines[0], lines[0]
    assert GOOD not in result.output, result.output


def test_unknown_key_is_a_warning_that_fails_only_strict_builds(site: SiteBuilder) -> None:
    site.record(GOOD.removeprefix("activities/"), GOOD_FRONT_MATTER)
    typo = site.record(BAD.removeprefix("activities/"), f"{VALID}\ntitel: 社区志愿服务活动")

    result = site.build()
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output, result.output
    warnings = [line for line in result.output.splitlines() if "[警告]" in line and BAD in line]
    assert len(warnings) == 1, result.output
    for fragment in (where(5, "titel"), "未知字段“titel”", "是不是想写 title", "修改方法："):
        assert fragment in warnings[0], f"{fragment!r} not in:\n{warnings[0]}"
    assert "[错误]" not in result.output, result.output
    assert result.html("activities/2025/03/x/").find("h1").get_text(strip=True) == "社区志愿服务活动"

    strict = site.build("--strict")
    assert strict.returncode != 0, strict.output
    assert "Traceback" not in strict.output, strict.output
    assert "是不是想写 title" in strict.output, strict.output

    # The same site without the typo passes --strict: the warning alone made it fail.
    typo.unlink()
    site.record(BAD.removeprefix("activities/"), VALID)
    clean = site.build("--strict")
    assert clean.returncode == 0, clean.output


@pytest.mark.parametrize(
    ("first", "second", "warning_line"),
    [
        # Same slug from the file names: no line in the second file says it.
        (
            ("2025-03-05-lei-feng.md", VALID),
            ("2025-03-20-lei-feng.md", f"title: 学雷锋回访\ndate: 2025-03-20\n{TYPE}"),
            None,
        ),
        # Same slug written in front matter: line 5 of the second file says it.
        (
            ("2025-03-05-a.md", f"{VALID}\nslug: lei-feng"),
            ("2025-03-20-b.md", f"title: 学雷锋回访\ndate: 2025-03-20\n{TYPE}\nslug: lei-feng"),
            5,
        ),
    ],
    ids=["from-file-names", "from-slug-field"],
)
def test_slug_collision_in_one_month_is_resolved_with_a_warning(
    site: SiteBuilder, first: tuple[str, str], second: tuple[str, str], warning_line: int | None
) -> None:
    site.record(f"2025/{first[0]}", first[1])
    site.record(f"2025/{second[0]}", second[1])
    result = site.build()

    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output, result.output
    assert result.html("activities/2025/03/lei-feng/").find("h1").get_text(strip=True) == "社区志愿服务活动"
    assert result.html("activities/2025/03/lei-feng-2/").find("h1").get_text(strip=True) == "学雷锋回访"
    news_links = {a["href"] for a in result.html("news/").select(".bp-card__title a")}
    assert any(h.rstrip("/").endswith("activities/2025/03/lei-feng") for h in news_links), news_links
    assert any(h.rstrip("/").endswith("activities/2025/03/lei-feng-2") for h in news_links), news_links

    second_source = f"activities/2025/{second[0]}"
    warnings = [line for line in result.output.splitlines() if "[警告]" in line]
    assert len(warnings) == 1, result.output
    location = second_source if warning_line is None else f"{second_source} 第 {warning_line} 行"
    for fragment in (f"{location}，字段 slug：", "activities/2025/03/lei-feng-2/", "修改方法："):
        assert fragment in warnings[0], f"{fragment!r} not in:\n{warnings[0]}"
    assert f"activities/2025/{first[0]}" not in result.output, result.output


def test_a_key_written_twice_is_an_error(site: SiteBuilder) -> None:
    """YAML silently keeps the last of two equal keys; staff would never notice the lost title."""
    site.record("2025/2025-03-05-x.md", "title: 第一个标题\ndate: 2025-03-05\ntype: news\ntitle: 第二个标题")
    result = site.build()
    assert_clean_failure(
        result,
        "activities/2025/2025-03-05-x.md 第 5 行，字段 title：",
        "写了两次（第 2 行和第 5 行）",
        "修改方法",
    )
