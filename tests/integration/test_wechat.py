"""`branchpress wechat`: a published record as a paste-ready 公众号 article, read back with a real
HTML parser; refusals and limits write nothing; the serve-only button leaves no trace in a build."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from helpers.cli import run_cli
from helpers.sites import SiteBuilder
from helpers.wechat import (
    EXTERNAL,
    PUBLIC,
    PUNCTUATION,
    RECORD,
    SITE_URL,
    SLUG,
    WECHAT_LINK,
    WITHHELD,
    article_of,
    notes_text,
    site_path,
    wechat_site,
)

EXPORT = f"exports/wechat/{SLUG}.html"


@pytest.fixture
def exported(site: SiteBuilder):
    wechat_site(site)
    process = run_cli(site, "wechat", SLUG)
    assert process.returncode == 0, process.stdout + process.stderr
    return site, process


def exports(site: SiteBuilder) -> list[str]:
    folder = site.root / "exports"
    return sorted(p.relative_to(site.root).as_posix() for p in folder.rglob("*") if p.is_file())


def test_the_article_has_inline_styles_only(exported):
    site, _process = exported
    soup = article_of(site.root / EXPORT)
    assert soup.find_all(["style", "script", "link", "iframe"]) == []
    body = soup.body
    assert [e.name for e in body.find_all(attrs={"class": True})] == []
    assert [e.name for e in body.find_all(attrs={"id": True})] == []
    assert [e.name for e in body.find_all(lambda e: any(a.startswith("on") for a in e.attrs))] == []
    # The brand's look arrived as style attributes: headings in the brand colour, list markers as text.
    heading = body.find("h2", string="今年的新课")
    assert "color: #c8102e" in heading["style"]
    paragraphs = body.find_all("p")
    assert paragraphs and all("style" in p.attrs for p in paragraphs)
    items = [li.get_text().strip() for li in body.find_all("li")]
    assert items[0].startswith("1. 医保异地就医备案") and items[2].startswith("3. ")
    assert items[3].startswith("• 上一期")
    assert "alert" not in body.get_text() and "最后一段。" in body.get_text()


def test_links_leave_only_for_wechat_and_become_numbered_notes(exported):
    site, _process = exported
    soup = article_of(site.root / EXPORT)
    hosts = {urlsplit(a["href"]).hostname for a in soup.body.find_all("a", href=True)}
    assert hosts == {"mp.weixin.qq.com"}
    assert soup.body.find("a", href=WECHAT_LINK).get_text() == "支部公众号的报道"
    text = notes_text(soup)
    # The same URL linked twice keeps one number; a record link leads to its public page.
    assert "国务院的政策解读[1]" in text and "政策原文[1]" in text
    assert f"[1] 国务院的政策解读：{EXTERNAL}" in text
    assert (
        f"[2] 去年的手机课堂：{SITE_URL}activities/2024/03/last-year/" not in text
    )  # the link text is the author's
    assert f"[2] 去年的课堂：{SITE_URL}activities/2024/03/last-year/" in text
    assert "[3] dangjian@example.org.cn" in text and "mailto:" not in text
    assert "回到顶部" in text and "[4]" not in text  # an in-page anchor is not a note


def test_images_are_the_published_renditions(exported):
    site, _process = exported
    soup = article_of(site.root / EXPORT)
    sources = [img["src"] for img in soup.body.find_all("img")]
    assert len(sources) == 4  # logo, cover, the body photo, the gallery photo
    assert all(src.startswith(SITE_URL) for src in sources), sources
    built = site.build()
    assert built.returncode == 0, built.output
    for src in sources:
        assert (built.site / site_path(src)).is_file(), f"{src} is not in the built site"
    # The photos are the very JPEGs the record page's <img> loads.
    page = built.html(RECORD)
    page_sources = {urlsplit(img["src"]).path.rsplit("/assets/", 1)[-1] for img in page.select("main img")}
    for src in sources[1:]:
        assert site_path(src).removeprefix("assets/") in page_sources, src
    assert (
        soup.body.find("img", alt="老人们在学习用手机").find_next("figcaption").get_text()
        == "老人们在学习用手机"
    )


def test_withheld_names_are_masked_and_the_figures_shown(exported):
    site, _process = exported
    raw = (site.root / EXPORT).read_text(encoding="utf-8")
    assert WITHHELD not in raw
    text = notes_text(article_of(site.root / EXPORT))
    assert f"志愿者名单：{PUBLIC}、志愿者" in text
    assert "志愿者带着老人们练习视频通话" in text
    assert "服务人数：86 人" in text and "志愿者：2 人 · 共 6 小时" in text
    assert "#数字助老" in text and "党建引领 · 服务行业" in text and "example.org/branch" in text
    assert "志愿服务" in text and "2025年3月5日 09:00 · 春晖社区党群服务中心" in text


def test_chinese_punctuation_reaches_the_file_as_written(exported):
    site, _process = exported
    raw = (site.root / EXPORT).read_text(encoding="utf-8")
    assert PUNCTUATION in raw
    assert "&ldquo;" not in raw and "&#8220;" not in raw


def test_the_command_prints_where_it_wrote_and_the_original_link(exported):
    _site, process = exported
    assert f"已写出 {EXPORT}" in process.stdout
    assert f"原文链接：{SITE_URL}{RECORD}" in process.stdout
    assert "全选" in process.stdout and "粘贴" in process.stdout


def test_a_record_is_found_by_its_file_or_its_url_and_since_a_date(site: SiteBuilder):
    wechat_site(site)
    for target in (f"content/activities/2025/2025-03-05-{SLUG}.md", f"{SITE_URL}{RECORD}"):
        process = run_cli(site, "wechat", target)
        assert process.returncode == 0, process.stderr
        assert exports(site) == [EXPORT]
    process = run_cli(site, "wechat", "--since", "2024-01-01")
    assert process.returncode == 0, process.stderr
    # Published records only: the draft, the scheduled and the internal record are not asked for.
    assert exports(site) == ["exports/wechat/last-year.html", EXPORT]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("activities/2025/2025-06-01-draft.md", "这是草稿（draft: true），草稿不对外发布"),
        ("scheduled", "定时于 2026年1月10日 发布，现在还没有发布"),
        ("committee", "这是内部记录（internal: true），内部记录不对外发布"),
        ("no-such-record", "找不到记录“no-such-record”"),
    ],
    ids=["draft", "scheduled", "internal", "unknown"],
)
def test_unpublished_and_unknown_records_are_refused_and_nothing_is_written(
    site: SiteBuilder, target: str, message: str
):
    wechat_site(site)
    process = run_cli(site, "wechat", SLUG, target)
    assert process.returncode == 1
    assert message in process.stderr and "修改方法" in process.stderr
    assert "没有写出任何文章" in process.stderr and "Traceback" not in process.stderr
    assert not (site.root / "exports").exists()  # the good record is not written either


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("长" * 20_100, "超过公众号每篇 20,000 字的上限"),
        ("<table><tr>" + "<td></td>" * 15_000 + "</tr></table>", "超过公众号每篇 1 MB 的上限"),
    ],
    ids=["text", "size"],
)
def test_articles_over_the_editor_limits_are_refused(site: SiteBuilder, body: str, message: str):
    wechat_site(site)
    site.record("2025/2025-04-01-long.md", "title: 很长的记录\ndate: 2025-04-01\ntype: news", body)
    process = run_cli(site, "wechat", "long")
    assert process.returncode == 1
    assert "activities/2025/2025-04-01-long.md" in process.stderr and message in process.stderr
    assert not (site.root / "exports").exists()


def test_an_invalid_record_is_refused_with_its_problems(site: SiteBuilder):
    wechat_site(site)
    site.record("2025/2025-04-02-bad.md", "title: 坏记录\ndate: 2025-02-30\ntype: news")
    process = run_cli(site, "wechat", "activities/2025/2025-04-02-bad.md")
    assert process.returncode == 1
    assert re.search(r"\[错误\] activities/2025/2025-04-02-bad\.md 第 \d+ 行，字段 date", process.stderr)


def test_a_site_without_site_url_cannot_export(site: SiteBuilder):
    wechat_site(site)
    del site.config["site_url"]
    process = run_cli(site, "wechat", SLUG)
    assert process.returncode == 2 and "site_url" in process.stderr and "Traceback" not in process.stderr


def test_the_serve_button_leaves_no_trace_in_a_build(site: SiteBuilder):
    wechat_site(site)
    built = site.build()
    assert built.returncode == 0, built.output
    for path, text in built.all_text_files().items():
        assert "复制为公众号文章" not in text and "bp-wechat" not in text, path
