"""core/wechat: a body made fit for the 公众号 editor, and refusals, without a build."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from branchpress.core.imaging.photos import ProcessedPhoto, Rendition
from branchpress.core.imaging.views import PhotoView
from branchpress.core.records.model import Record, Status
from branchpress.core.wechat.article import refusal
from branchpress.core.wechat.body import Notes, Place, prepare_body
from bs4 import BeautifulSoup

SITE = "https://example.org/branch/"
PAGE = SITE + "activities/2025/03/x/"
PHOTO = ProcessedPhoto(
    "abcdef",
    1600,
    1200,
    tuple(Rendition(w, w * 3 // 4, "jpg", f"{w}.jpg") for w in (480, 960, 1600)),
)


def place() -> Place:
    photos = {"activities/2025/photos/a.jpg": PhotoView(PHOTO)}
    return Place(
        "activities/2025/2025-03-05-x.md",
        PAGE,
        SITE,
        photos.get,
        lambda path: path.removesuffix(".md") + "/",
    )


def prepared(html: str) -> tuple[BeautifulSoup, Notes]:
    notes = Notes()
    return BeautifulSoup(prepare_body(html, place(), notes), "lxml"), notes


def test_links_outside_wechat_become_numbered_notes_and_wechat_links_stay():
    soup, notes = prepared(
        '<p><a href="https://a.example/x">甲</a>、<a href="https://mp.weixin.qq.com/s/1">乙</a>、'
        '<a href="https://a.example/x">丙</a>、<a href="#top">丁</a>。</p>'
    )
    assert [a["href"] for a in soup.find_all("a")] == ["https://mp.weixin.qq.com/s/1"]
    assert soup.get_text() == "甲[1]、乙、丙[1]、丁。"
    assert [(n.number, n.text, n.url) for n in notes.items] == [(1, "甲", "https://a.example/x")]


def test_relative_links_resolve_like_the_site():
    soup, notes = prepared(
        '<p><a href="../2024/y.md">去年</a> <a href="photos/a.jpg">大图</a> <a href="/about/">关于</a></p>'
    )
    assert [n.url for n in notes.items] == [
        SITE + "activities/2024/y/",
        SITE + "assets/photos/ab/abcdef-1600.jpg",
        "https://example.org/about/",
    ]


def test_record_photos_become_the_published_rendition_and_stand_alone_as_figures():
    soup, _notes = prepared('<p><img src="photos/a.jpg" alt="合影" srcset="x 1w" loading="lazy"></p>')
    image = soup.find("img")
    assert image.attrs == {"src": SITE + "assets/photos/ab/abcdef-960.jpg", "alt": "合影"}
    assert image.parent.name == "figure" and soup.find("figcaption").get_text() == "合影"


def test_scripts_styles_frames_and_handlers_are_removed():
    soup, _notes = prepared(
        '<script>alert(1)</script><style>p{}</style><link rel="stylesheet" href="x.css">'
        '<iframe src="https://v.example/"></iframe><!-- note --><p onclick="x()" onmouseover="y()">正文</p>'
    )
    assert soup.find_all(["script", "style", "link", "iframe"]) == []
    assert soup.find("p").attrs == {} and soup.get_text() == "正文"


def test_list_markers_are_text():
    soup, _notes = prepared(
        '<ol start="3"><li>甲</li><li><p>乙</p></li></ol><ul><li>丙<ul><li>丁</li></ul></li></ul>'
    )
    assert [li.get_text() for li in soup.find_all("li")] == ["3. 甲", "4. 乙", "• 丙◦ 丁", "◦ 丁"]


def record(**changes) -> Record:
    base = Record(
        source="activities/2025/2025-03-05-x.md",
        title="标题",
        date=datetime(2025, 3, 5, tzinfo=ZoneInfo("Asia/Shanghai")),
        has_time=False,
        type="news",
        type_label="支部动态",
        slug="x",
        body="正文",
        body_line=5,
    )
    return dataclasses.replace(base, **changes)


@pytest.mark.parametrize(
    ("status", "message"),
    [(Status.DRAFT, "这是草稿"), (Status.SCHEDULED, "定时于 2025年3月5日 发布")],
)
def test_unpublished_records_are_refused(status: Status, message: str):
    problem = refusal(record(status=status))
    assert problem is not None and message in problem.message and problem.file.endswith("x.md")
    assert refusal(record()) is None


def test_an_internal_record_is_refused_even_on_its_date():
    problem = refusal(record(internal=True))
    assert problem is not None and "内部记录不对外发布" in problem.message and problem.field == "internal"
