"""A withheld name is withheld however it is spelled, as a reader would see it.

Text pasted from a WeChat group carries zero-width spaces; Chinese lists align two-character
names with a full-width space; a body may spell a name through emphasis, a tag or a character
reference. Every output is read back as a reader sees it: tags stripped, entities resolved,
invisible characters and white space removed.
"""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
from helpers.sites import BuildResult, SiteBuilder, assert_clean_failure

WITHHELD, ALIGNED = "周建国", "何静"
ROSTER = "- name: 周建国\n  public: false\n- name: '何\u3000静\u200b'\n  public: false\n- name: 张三\n"
SPELLINGS = [
    "周\u200b建国",
    "周**建国**",
    "周<span>建国</span>",
    "周&#24314;国",
    "周\u00ad建\u2060国",
    "周 建国",
    "周\u3000建国",
]


def seen(text: str) -> str:
    """What a reader sees of a text output: no tags, entities resolved, no invisible or space."""
    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    text = html.unescape(text)  # escaped once more inside feeds
    return "".join(c for c in text if unicodedata.category(c) not in {"Cf", "Zs", "Zl", "Zp", "Cc"})


@pytest.fixture(scope="module", params=["volunteers.yml", "volunteers.yaml"])
def built(request, tmp_path_factory) -> BuildResult:
    site = SiteBuilder(tmp_path_factory.mktemp("withheld") / "site-src")
    site.config["plugins"] += ["branchpress/volunteers", "branchpress/feeds"]
    site.write(request.param, ROSTER)
    body = "\n\n".join(f"第 {n} 段：{spelling}到场服务。" for n, spelling in enumerate(SPELLINGS, 1))
    site.record(
        "2025/2025-03-05-a.md",
        'title: "周\u200b建国带队学雷锋"\ndate: 2025-03-05\ntype: volunteer\nhours: 2\n'
        'summary: 何　静和张三一起服务。\nvolunteers: [张三, "周\u200b建国", "何\u3000静"]',
        body=body,
    )
    site.write("culture/team.md", "---\ntitle: 队伍\n---\n\n骨干：周<em>建国</em>、何&#38745;。\n")
    result = site.build()
    assert result.returncode == 0, result.output
    return result


def test_no_output_shows_a_withheld_name_however_it_was_spelled(built: BuildResult) -> None:
    files = built.all_text_files()
    assert len(files) > 10
    shown = {
        path.relative_to(built.site).as_posix() for path, text in files.items() if WITHHELD in seen(text)
    }
    assert shown == set()
    shown = {path.relative_to(built.site).as_posix() for path, text in files.items() if ALIGNED in seen(text)}
    assert shown == set()


def test_the_record_says_volunteer_where_the_names_were(built: BuildResult) -> None:
    page = built.html("activities/2025/03/a/")
    assert page.h1.get_text(strip=True) == "志愿者带队学雷锋"
    body = page.select_one("article").get_text()
    assert body.count("志愿者到场服务") == len(SPELLINGS)
    assert "张三" in body  # public names stay


def test_the_roster_is_read_in_either_spelling_and_never_published(built: BuildResult) -> None:
    assert not (built.site / "volunteers.yml").exists() and not (built.site / "volunteers.yaml").exists()
    assert "张三" in built.html("volunteers/").get_text()  # the roster's public member


# Where no public view reaches: a setting of mkdocs.yml is on every page and the 404 page; a file
# name is its URL. Each is refused naming mkdocs.yml's key or the file, and no site is written.
OUT_OF_REACH = [
    ("site_description", "周&#24314;国的支部", "mkdocs.yml 第 {line} 行，字段 site_description："),
    ("copyright", "版权所有 周\u200b建国", "mkdocs.yml 第 {line} 行，字段 copyright："),
    ("photo", "周建国.jpg", "activities/2025/周建国.jpg，字段 文件名：文件名“周建国.jpg”"),
    ("culture page", "culture/周 建国.md", "culture/周 建国.md，字段 文件名："),
]


@pytest.mark.parametrize(("where", "text", "message"), OUT_OF_REACH, ids=[case[0] for case in OUT_OF_REACH])
def test_a_withheld_name_out_of_the_public_views_reach_is_refused(
    site: SiteBuilder, where, text, message
) -> None:
    from helpers.cli import problem_lines, run_cli
    from helpers.imaging import phone_jpeg

    site.write("volunteers.yml", ROSTER)
    front = "title: 学书法\ndate: 2025-03-05\ntype: volunteer\nhours: 2\nvolunteers: [张三]"
    if where == "photo":
        site.record("2025/2025-03-05-a.md", f"{front}\nphotos: [{text}]")
        site.write_bytes(f"activities/2025/{text}", phone_jpeg((640, 480)))
    else:
        site.record("2025/2025-03-05-a.md", front)
    if where == "culture page":
        site.write(text, "---\ntitle: 书法\n---\n\n书法小组。\n")
    elif where != "photo":
        site.config[where] = text
    result = site.build()
    line = 0
    if where in {"site_description", "copyright"}:
        line = next(
            n
            for n, row in enumerate(site.root.joinpath("mkdocs.yml").read_text().splitlines(), 1)
            if where in row
        )
    assert_clean_failure(result, message.format(line=line), "周*国", "修改方法")
    assert "这是 BranchPress 的缺陷" not in result.output
    assert not result.site.exists()
    checked = run_cli(site, "check")
    assert checked.returncode == 1
    assert problem_lines(checked.stdout) == problem_lines(result.output)


def test_the_pinyin_of_a_withheld_name_in_a_slug_or_file_name_is_a_warning(site: SiteBuilder) -> None:
    site.write("volunteers.yml", ROSTER)
    front = "title: 学书法\ndate: 2025-03-05\ntype: volunteer\nhours: 2\nvolunteers: [张三]"
    site.record("2025/2025-03-05-a.md", f"{front}\nslug: zhoujianguo-shufa")
    site.write("culture/zhou-jian-guo.md", "---\ntitle: 书法\n---\n\n书法小组。\n")
    site.write("culture/zhoujiang.md", "---\ntitle: 周江\n---\n\n不是同一个名字。\n")
    result = site.build()
    assert result.returncode == 0, result.output
    warnings = [line for line in result.output.splitlines() if "[警告]" in line and "拼音" in line]
    assert len(warnings) == 2, result.output
    assert "字段 slug：这篇记录的网址 /activities/2025/03/zhoujianguo-shufa/" in warnings[0] + warnings[1]
    assert "culture/zhou-jian-guo.md，字段 文件名" in warnings[0] + warnings[1]
