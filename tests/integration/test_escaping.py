"""Record fields are staff input: they reach every output as text, never as markup.

One fixture site, built once, holds a record whose every field carries markup,
quotes that would end an attribute, and ampersands. Each test reads one kind of
output the way its consumer does: HTML pages with an HTML parser, feeds with an
XML parser, the JSON feed and the search index with a JSON parser.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers.sites import BuildResult, SiteBuilder
from lxml import etree
from PIL import Image

TITLE = "<script>alert(1)</script> \"引号\" '单引号' & 符号 &amp; </title>"
SUMMARY = '摘要 <img src=x onerror=alert(2)> "q" & amp'
LOCATION = '地点 <b>粗</b> "引" &'
TAGS = ["<b>标签</b>", 'a"b&c']
VOLUNTEER = "<i>张三</i>"
CAPTION = '说明 <img src=x onerror=alert(3)> "&"'
ALT = '描述 "><script>alert(4)</script>'
URL = "activities/2025/05/xss/"

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _jpeg(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (320, 240), (180, 40, 40)).save(path, "JPEG")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BuildResult:
    site = SiteBuilder(tmp_path_factory.mktemp("escaping") / "site-src")
    site.config["plugins"][2:2] = ["branchpress/images"]
    site.config["plugins"] += ["branchpress/volunteers", "branchpress/feeds"]
    front_matter = {
        "title": TITLE,
        "date": "2025-05-01",
        "type": "volunteer",
        "summary": SUMMARY,
        "location": LOCATION,
        "tags": TAGS,
        "volunteers": [VOLUNTEER],
        "hours": 2,
        "cover": "xss/a.jpg",
        "photos": [{"src": "xss/a.jpg", "caption": CAPTION, "alt": ALT}],
    }
    site.record(
        "2025/2025-05-01-xss.md",
        yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False),
        "活动正文。",
    )
    _jpeg(site.root / "content/activities/2025/xss/a.jpg")
    # Neighbours and listings print the title too.
    site.record("2025/2025-04-01-before.md", "title: 四月活动\ndate: 2025-04-01\ntype: news")
    site.record("2025/2025-06-01-after.md", "title: 六月活动\ndate: 2025-06-01\ntype: news")
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    return result


def _pages(built: BuildResult) -> dict[Path, BeautifulSoup]:
    return {
        path: BeautifulSoup(text, "html.parser")
        for path, text in built.all_text_files().items()
        if path.suffix == ".html"
    }


def test_no_field_becomes_markup_in_any_page(built: BuildResult):
    pages = _pages(built)
    assert len(pages) > 10
    for path, page in pages.items():
        for script in page.find_all("script"):
            assert "alert(" not in script.get_text(), path
        for element in page.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, (path, element)
        assert not [b for b in page.find_all("b") if b.get_text() in {"粗", "标签"}], path
        assert not [i for i in page.find_all("i") if i.get_text() == "张三"], path
        assert not page.find_all("img", src="x"), path


def test_record_page_shows_every_field_as_written(built: BuildResult):
    page = built.html(URL)
    assert page.select_one("article h1").get_text() == TITLE
    assert page.title.get_text().startswith(TITLE)
    assert page.find("meta", attrs={"name": "description"})["content"] == SUMMARY
    assert page.select_one(".bp-record__lead").get_text() == SUMMARY
    assert LOCATION in [dd.get_text() for dd in page.select(".bp-facts dd")]
    assert [a.get_text() for a in page.select(".bp-tags a")] == [f"#{tag}" for tag in TAGS]
    assert VOLUNTEER in page.select_one(".bp-crew").get_text()
    # Photo text lands in attributes (alt) and in captions; quotes must not end the attribute.
    alts = [img["alt"] for img in page.select("article img") if img.get("alt", "").startswith("描述")]
    assert alts and set(alts) == {ALT}
    assert CAPTION in [caption.get_text() for caption in page.select("figcaption")]


def test_listings_and_neighbours_show_the_title_as_text(built: BuildResult):
    card = next(
        c
        for c in built.html("news/").select(".bp-card")
        if c.select_one(".bp-card__title a")["href"].endswith("xss/")
    )
    assert card.select_one(".bp-card__title").get_text() == TITLE
    assert card.select_one(".bp-card__summary").get_text() == SUMMARY
    neighbour = built.html("activities/2025/04/before/").select_one(".bp-neighbours a[rel=next]")
    assert neighbour.get_text() == "下一篇" + TITLE
    tag_page = built.html("tags/")
    assert {a.get_text() for a in tag_page.select("main a")} >= {f"#{TAGS[0]}1", f"#{TAGS[1]}1"}


def test_lightbox_captions_stay_text(built: BuildResult):
    # The lightbox shows data-description and data-title as HTML: they must hold escaped text.
    elements = built.html(URL).select("[data-description], [data-title]")
    assert any(element.has_attr("data-description") for element in elements), "no lightbox caption"
    for element in elements:
        for name in ("data-description", "data-title"):
            if name in element.attrs:
                inner = BeautifulSoup(element[name], "html.parser")
                assert inner.find() is None and inner.get_text() == CAPTION, element[name]


def _item(built: BuildResult, feed: str, tag: str):
    tree = etree.parse(str(built.site / feed))
    return next(
        item
        for item in tree.iter(tag)
        if (item.findtext("link") or item.find(f"{ATOM}link").get("href", "")).endswith(URL)
    )


def test_rss_and_atom_carry_fields_as_text(built: BuildResult):
    rss = _item(built, "feed.xml", "item")
    assert rss.findtext("title") == TITLE
    assert {c.text for c in rss.findall("category")} >= set(TAGS)

    atom = _item(built, "atom.xml", f"{ATOM}entry")
    title = atom.find(f"{ATOM}title")
    assert title.text == TITLE and title.get("type", "text") == "text"
    summary = atom.find(f"{ATOM}summary")
    if summary.get("type", "text") == "text":
        assert summary.text == SUMMARY
    else:  # escaped HTML is as good, as long as it reads as the summary
        assert BeautifulSoup(summary.text, "html.parser").get_text() == SUMMARY
    assert {c.get("term") for c in atom.findall(f"{ATOM}category")} >= set(TAGS)


def test_rss_description_reads_as_the_summary(built: BuildResult):
    description = _item(built, "feed.xml", "item").findtext("description")
    inner = BeautifulSoup(description, "html.parser")
    assert inner.find() is None and inner.get_text() == SUMMARY


def test_json_feed_carries_fields_as_plain_text(built: BuildResult):
    # JSON Feed 1.1: title and summary are plain text; JSON escaping is all they need.
    feed = json.loads((built.site / "feed.json").read_text(encoding="utf-8"))
    item = next(i for i in feed["items"] if i["url"].endswith(URL))
    assert item["title"] == TITLE and item["summary"] == SUMMARY
    assert set(item["tags"]) >= set(TAGS)
    assert "<script" not in item["content_html"]


def test_search_index_holds_the_title_escaped_once(built: BuildResult):
    # Material renders search results as HTML, so the index holds HTML: escaped exactly once.
    # (Material's search splits Chinese into words with zero-width spaces.)
    doc = next(d for d in built.search_entries if d["location"] == URL)
    title = doc["title"].replace("\u200b", "")
    assert "<" not in title and html.unescape(title) == TITLE
    for entry in built.search_entries:
        assert not re.search(r"<script|<img src=x|<b>粗", entry["title"] + entry["text"]), entry


def test_xml_outputs_parse_and_hold_the_record(built: BuildResult):
    # A field that broke the markup would make the (strict) parser raise; each file must also
    # still hold the record, with its title read back as written.
    sitemap = etree.parse(str(built.site / "sitemap.xml")).getroot()
    assert sitemap.tag == f"{SITEMAP}urlset"
    assert any(loc.text.endswith(URL) for loc in sitemap.iter(f"{SITEMAP}loc"))
    for name in ("feed.xml", "activities/volunteer/feed.xml"):
        rss = etree.parse(str(built.site / name)).getroot()
        assert rss.tag == "rss", name
        assert TITLE in [item.findtext("title") for item in rss.iter("item")], name
    atom = etree.parse(str(built.site / "atom.xml")).getroot()
    assert atom.tag == f"{ATOM}feed"
    assert TITLE in [entry.findtext(f"{ATOM}title") for entry in atom.iter(f"{ATOM}entry")]


@pytest.fixture(scope="module")
def reported(tmp_path_factory) -> BuildResult:
    """A site with annual reports, whose record titles and summaries carry markup."""
    site = SiteBuilder(tmp_path_factory.mktemp("escaping-reports") / "site-src")
    site.config["plugins"] += ["branchpress/volunteers", "branchpress/reports"]
    front_matter = {
        "title": "学习<img src=x onerror=alert(document.domain)>体会" + TITLE,
        "date": "2025-05-01",
        "type": "volunteer",
        "summary": SUMMARY,
        "volunteers": [VOLUNTEER],
        "hours": 2,
        "featured": True,
        "milestone": True,
    }
    site.record("2025/2025-05-01-xss.md", yaml.safe_dump(front_matter, allow_unicode=True), "活动正文。")
    site.record(
        "2025/2025-06-01-after.md",
        "title: 六月<b>活动</b>\ndate: 2025-06-01\ntype: meeting\nmeeting: general",
    )
    result = site.build()
    assert result.returncode == 0, result.output
    return result


@pytest.mark.usefixtures("pango")
def test_report_pages_and_their_pdf_show_record_text_as_text(reported: BuildResult) -> None:
    """partials/report-body.html printed titles from a macro outside any autoescape block:
    an <img onerror> in a title ran for every visitor and WeasyPrint fetched its URL."""
    for url in ("reports/", "reports/2025/"):
        page = reported.html(url)
        assert not page.find_all("img", src="x"), url
        assert not [e for e in page.find_all(True) if any(a.lower().startswith("on") for a in e.attrs)], url
        assert not [b for b in page.find_all("b") if b.get_text() == "活动"], url
        for script in page.find_all("script"):
            assert "alert(" not in script.get_text(), url
    assert "学习<img src=x onerror=alert(document.domain)>体会" in reported.html("reports/2025/").get_text()
    from pypdf import PdfReader

    text = "".join(
        p.extract_text() for p in PdfReader(reported.site / "reports/2025/annual-report-2025.pdf").pages
    )
    assert "onerror=alert(document.domain)" in " ".join(text.split())
