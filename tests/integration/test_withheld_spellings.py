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
from helpers.sites import BuildResult, SiteBuilder

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
