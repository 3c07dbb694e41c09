"""Feeds read back as subscribers' readers read them: feedparser, lxml, json."""

from __future__ import annotations

import json
import re

import feedparser
import pytest
from helpers.imaging import phone_jpeg
from helpers.sites import SiteBuilder
from lxml import etree
from PIL import Image

RFC822 = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0800$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")
NS = {"atom": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/elements/1.1/"}
SITE = "https://example.org/branch/"


COVER = phone_jpeg((64, 48))


def populate(site: SiteBuilder) -> None:
    site.config["site_description"] = "党建引领 · 数字向善"
    site.config["plugins"].append({"branchpress/feeds": {"limit": 3}})
    site.record(
        "2025/2025-03-05-lei-feng.md",
        """
        title: 学雷锋志愿服务
        date: 2025-03-05 09:30
        type: volunteer
        cover: photos/cover.jpg
        tags: [志愿者]
        updated: 2025-03-08
        """,
        "正文见[党课](2025-04-10-lesson.md)和![合影](photos/cover.jpg)。",
    )
    site.write_bytes("activities/2025/photos/cover.jpg", COVER)  # real: validation opens photos
    site.record("2025/2025-04-10-lesson.md", "title: 讲党课\ndate: 2025-04-10\ntype: meeting\nmeeting: 党课")
    site.record("2025/2025-05-10-visit.md", "title: 走访企业\ndate: 2025-05-10 15:00\ntype: industry")
    site.record("2025/2025-06-10-study.md", "title: 专题学习\ndate: 2025-06-10\ntype: study")
    site.record("2025/2025-02-10-old.md", "title: 更早的会议\ndate: 2025-02-10\ntype: meeting\nmeeting: 党课")
    site.record(
        "2025/2025-11-20-draft.md", "title: 草稿不应出现\ndate: 2025-11-20\ntype: meeting\ndraft: true"
    )
    site.record(
        "2026/2026-01-05-future.md", "title: 定时不应出现\ndate: 2026-01-05\ntype: meeting\nmeeting: 党课"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = SiteBuilder(tmp_path_factory.mktemp("feeds") / "src")
    populate(site)
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    return site, result


def read(result, path: str) -> bytes:
    return (result.site / path).read_bytes()


@pytest.mark.parametrize(
    "path", ["feed.xml", "atom.xml", "activities/meeting/feed.xml", "activities/meeting/atom.xml"]
)
def test_feeds_parse_cleanly(built, path):
    _, result = built
    parsed = feedparser.parse(read(result, path))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.feed.language == "zh-CN"


def test_rss_channel_and_items(built):
    _, result = built
    root = etree.fromstring(read(result, "feed.xml"))
    channel = root.find("channel")
    assert root.get("version") == "2.0"
    assert channel.findtext("title") == "测试支部"
    assert channel.findtext("link") == SITE
    assert channel.findtext("description") == "党建引领 · 数字向善"
    assert channel.find("atom:link[@rel='self']", NS).get("href") == SITE + "feed.xml"
    items = channel.findall("item")
    # Newest first, limited to 3; the draft and the scheduled record are absent.
    assert [i.findtext("title") for i in items] == ["专题学习", "走访企业", "讲党课"]
    for item in items:
        assert RFC822.match(item.findtext("pubDate")), item.findtext("pubDate")
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "true" and guid.text == item.findtext("link")
        assert item.find("author") is None  # a bare name is invalid there
        assert item.findtext("dc:creator", namespaces=NS) == "测试支部"
    assert items[1].findtext("pubDate") == "Sat, 10 May 2025 15:00:00 +0800"
    # The channel date is the newest item's, never the build time.
    assert channel.findtext("lastBuildDate") == "Tue, 10 Jun 2025 00:00:00 +0800"
    assert [c.text for c in items[1].findall("category")] == ["行业服务"]


def test_atom_follows_rfc4287(built):
    _, result = built
    root = etree.fromstring(read(result, "activities/volunteer/atom.xml"))
    assert root.findtext("atom:id", namespaces=NS) == SITE + "activities/volunteer/"
    assert root.findtext("atom:title", namespaces=NS) == "测试支部 · 志愿服务"
    assert root.findtext("atom:updated", namespaces=NS) == "2025-03-08T00:00:00+08:00"
    assert root.find("atom:link[@rel='self']", NS).get("href") == SITE + "activities/volunteer/atom.xml"
    assert root.findtext("atom:author/atom:name", namespaces=NS) == "测试支部"
    (entry,) = root.findall("atom:entry", NS)
    assert entry.findtext("atom:id", namespaces=NS) == SITE + "activities/2025/03/lei-feng/"
    assert RFC3339.match(entry.findtext("atom:published", namespaces=NS))
    assert entry.findtext("atom:published", namespaces=NS) == "2025-03-05T09:30:00+08:00"
    assert entry.findtext("atom:updated", namespaces=NS) == "2025-03-08T00:00:00+08:00"
    assert entry.find("atom:content", NS).get("type") == "html"
    enclosure = entry.find("atom:link[@rel='enclosure']", NS)
    assert enclosure.get("type") == "image/jpeg" and enclosure.get("length") == str(len(COVER))
    assert {c.get("term") for c in entry.findall("atom:category", NS)} == {"志愿服务", "志愿者"}


def test_content_links_are_absolute_and_enclosure_is_real(built):
    _, result = built
    root = etree.fromstring(read(result, "activities/volunteer/feed.xml"))
    item = root.find("channel/item")
    content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    urls = re.findall(r'(?:href|src)="([^"]+)"', content)
    assert urls and all(u.startswith("https://") for u in urls), urls
    assert SITE + "activities/2025/04/lesson/" in urls
    assert SITE + "activities/2025/photos/cover.jpg" in urls
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == SITE + "activities/2025/photos/cover.jpg"
    assert enclosure.get("length") == str(len(COVER)) and enclosure.get("type") == "image/jpeg"


def test_type_feeds_hold_only_their_type(built):
    _, result = built
    parsed = feedparser.parse(read(result, "activities/meeting/feed.xml"))
    assert [e.title for e in parsed.entries] == ["讲党课", "更早的会议"]
    empty = feedparser.parse(read(result, "activities/welfare/atom.xml"))
    assert empty.bozo == 0 and empty.entries == []
    assert empty.feed.updated == "2025-06-10T00:00:00+08:00"  # the site's newest date, not now


def test_json_feed(built):
    _, result = built
    document = json.loads(read(result, "feed.json"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] == "测试支部" and document["home_page_url"] == SITE
    assert document["feed_url"] == SITE + "feed.json"
    assert [item["title"] for item in document["items"]] == ["专题学习", "走访企业", "讲党课"]
    for item in document["items"]:
        assert item["id"] == item["url"] and item["url"].startswith(SITE)
        assert item["content_html"] and RFC3339.match(item["date_published"])


def test_nothing_unpublished_in_any_feed(built):
    _, result = built
    files = [path for path in result.site.rglob("*") if path.suffix in {".xml", ".json"}]
    # The unpublished records are meetings: their type's feeds are among the files read.
    names = {path.relative_to(result.site).as_posix() for path in files}
    assert {"feed.xml", "atom.xml", "feed.json", "activities/meeting/feed.xml", "sitemap.xml"} <= names
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "草稿不应出现" not in text and "定时不应出现" not in text, path


def test_guids_are_unique_and_builds_are_identical(built):
    site, result = built
    feeds = {
        p: p.read_bytes() for p in result.site.rglob("*") if p.name in {"feed.xml", "atom.xml", "feed.json"}
    }
    assert len(feeds) == 1 + 2 * 8 + 2
    guids = [e.id for e in feedparser.parse(feeds[result.site / "feed.xml"]).entries]
    assert len(set(guids)) == len(guids)
    second = site.build()
    assert second.returncode == 0, second.output
    for path, data in feeds.items():
        assert path.read_bytes() == data, f"{path} changed between two builds"


def test_autodiscovery_links(built):
    _, result = built
    for url in ["", "news/", "activities/2025/04/lesson/", "subscribe/"]:
        head = result.html(url).head
        types = {link["type"]: link["href"] for link in head.select('link[rel="alternate"]')}
        assert types == {
            "application/rss+xml": SITE + "feed.xml",
            "application/atom+xml": SITE + "atom.xml",
            "application/feed+json": SITE + "feed.json",
        }, url
    # docs/records.md, Public URLs: page 1 of a type is /activities/<type>/
    listing = result.html("activities/meeting/")
    hrefs = {link["href"] for link in listing.head.select('link[rel="alternate"]')}
    assert SITE + "activities/meeting/feed.xml" in hrefs and SITE + "activities/meeting/atom.xml" in hrefs


def test_subscribe_page_lists_every_feed(built):
    _, result = built
    page = result.html("subscribe/")
    listed = {a["href"] for a in page.select(".bp-feed__links a")}
    feeds = {
        SITE + p.relative_to(result.site).as_posix()
        for p in result.site.rglob("*")
        if p.name in {"feed.xml", "atom.xml", "feed.json"}
    }
    assert listed == feeds
    assert "RSS 阅读器" in page.get_text()
    nav = [a.get_text(strip=True) for a in result.html("news/").select("nav.md-nav--primary a.md-nav__link")]
    assert "订阅" in nav


def test_browsers_get_a_css_stylesheet_in_chinese_that_points_to_subscribe(built):
    _, result = built
    for path in ["feed.xml", "atom.xml", "activities/meeting/feed.xml"]:
        xml = read(result, path)
        assert b'<?xml-stylesheet type="text/css" href="/branch/assets/branchpress/feed.css"?>' in xml, path
        assert b"text/xsl" not in xml
        etree.fromstring(xml)  # still well-formed XML
    css = (result.site / "assets/branchpress/feed.css").read_text(encoding="utf-8")
    assert css.startswith('@charset "utf-8";')
    assert "测试支部" in css and "订阅源" in css and f"{SITE}subscribe/" in css
    assert not (result.site / "assets/branchpress/feed.xsl").exists()


def test_the_rss_channel_image_is_a_png_rendition_of_an_svg_logo(site: SiteBuilder):
    populate(site)
    site.write(
        "assets/logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4" fill="#c8102e"/></svg>',
    )
    site.config["theme"]["favicon"] = "assets/logo.svg"
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    channel = etree.fromstring(read(result, "feed.xml")).find("channel")
    image = channel.find("image")
    assert image.findtext("url") == SITE + "assets/branchpress/feed-logo.png"
    assert (image.findtext("width"), image.findtext("height")) == ("144", "144")
    with Image.open(result.site / "assets/branchpress/feed-logo.png") as png:
        assert (png.format, png.size) == ("PNG", (144, 144))
    atom = etree.fromstring(read(result, "atom.xml"))
    assert atom.findtext("atom:logo", namespaces=NS) == SITE + "assets/branchpress/feed-logo.png"
    assert json.loads(read(result, "feed.json"))["icon"] == SITE + "assets/logo.svg"


def test_missing_site_url_is_a_clear_error(site: SiteBuilder):
    populate(site)
    del site.config["site_url"]
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "site_url" in result.output


def test_absolutize_resolves_href_src_and_srcset_against_the_page():
    from branchpress.core.feeds.render import absolutize

    page = "https://example.org/branch/activities/2025/03/x/"
    html = (
        '<p><a href="../../04/y/">y</a> <a href="#top">top</a> <a href="mailto:a@b.cn">m</a></p>'
        '<img src="a.webp" srcset="a-480.webp 480w, /branch/a-960.webp 960w" alt="合影">'
    )
    result = absolutize(html, page)
    assert 'href="https://example.org/branch/activities/2025/04/y/"' in result
    assert 'href="https://example.org/branch/activities/2025/03/x/#top"' in result
    assert 'href="mailto:a@b.cn"' in result
    assert 'src="https://example.org/branch/activities/2025/03/x/a.webp"' in result
    assert (
        'srcset="https://example.org/branch/activities/2025/03/x/a-480.webp 480w, '
        'https://example.org/branch/a-960.webp 960w"'
    ) in result
    assert "合影" in result
