"""The portal's core without a build: members, fetching from loopback, parsing, sanitising,
the network's order and its feeds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from branchpress.core.portal.addresses import AddressPolicy
from branchpress.core.portal.feeds import NotAFeed, parse_feed
from branchpress.core.portal.fetch import Fetcher, FetchError, Limits, Validators
from branchpress.core.portal.items import safe_items
from branchpress.core.portal.members import Member, build_members
from branchpress.core.portal.network import Network
from helpers.portal import Item, Route, atom, feed_server, item, json_feed, rss

SITE = "https://a.example.cn/"
NOW = datetime(2025, 12, 1, 12, tzinfo=UTC)
# Generous times (a loaded machine must not fail a good fetch); the stall test waits one second.
QUICK = Limits(connect=10, total=10, max_bytes=64_000)
STALL = Limits(connect=1, total=1, max_bytes=64_000)
# The loopback test server is a private address: these tests fetch as an intranet portal does.
LOCAL = AddressPolicy(allow_private_networks=True)


def member(slug: str = "a", feed: str = SITE + "feed.xml") -> Member:
    return Member(name=f"支部{slug}", slug=slug, site=SITE, feed=feed)


# Members as written in mkdocs.yml


def test_members_get_slugs_from_their_chinese_names(tmp_path: Path) -> None:
    members, problems = build_members(
        [
            {
                "name": "青禾数智党支部",
                "site": "https://b.example.cn",
                "feed": "https://b.example.cn/feed.xml",
            },
            {"name": "青禾云栖党支部", "site": SITE, "feed": SITE + "atom.xml", "slug": "yunqi"},
        ],
        tmp_path,
    )
    assert problems == []
    assert [(m.slug, m.site) for m in members] == [
        ("qing-he-shu-zhi-dang-zhi-bu", "https://b.example.cn/"),
        ("yunqi", SITE),
    ]


def test_a_local_feed_file_is_found_beside_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "a.xml").write_bytes(rss([]))
    members, problems = build_members([{"name": "甲", "site": SITE, "feed": "feeds/a.xml"}], tmp_path)
    assert problems == []
    assert members[0].local_feed == (tmp_path / "feeds" / "a.xml").resolve()


@pytest.mark.parametrize(
    ("entries", "fragments"),
    [
        (
            [
                {"name": "甲支部", "site": SITE, "feed": SITE + "1.xml"},
                {"name": "甲支部", "site": SITE, "feed": SITE + "2.xml"},
            ],
            ["成员支部“甲支部”写了两次", "members[2].name"],
        ),
        (
            [{"name": "甲", "site": SITE, "feed": "ftp://a.example.cn/feed.xml"}],
            ["既不是 http(s) 网址，也不是本地文件"],
        ),
        (
            [{"name": "甲", "site": SITE, "feed": "feeds/missing.xml"}],
            ["找不到订阅源文件“feeds/missing.xml”"],
        ),
        ([{"name": "甲", "site": SITE, "feed": 12}], ["既不是 http(s) 网址"]),
        (
            [{"name": "甲", "site": "a.example.cn", "feed": SITE + "f.xml"}],
            ["不是以 http:// 或 https:// 开头的网址"],
        ),
        ([{"site": SITE, "feed": SITE + "f.xml"}], ["缺少名称 name"]),
        ([{"name": "甲", "site": SITE}], ["缺少订阅源 feed"]),
        ([{"name": "甲", "site": SITE, "feed": SITE + "f.xml", "rss": "x"}], ["未知字段“rss”"]),
        (["https://a.example.cn/feed.xml"], ["应写成一组字段"]),
        (
            [
                {"name": "甲", "site": SITE, "feed": SITE + "1.xml", "slug": "a"},
                {"name": "乙", "site": SITE, "feed": SITE + "2.xml", "slug": "a"},
            ],
            ["slug “a”已被另一个成员支部使用"],
        ),
        (
            [
                {"name": "甲", "site": SITE, "feed": SITE + "1.xml"},
                {"name": "乙", "site": SITE, "feed": SITE + "1.xml"},
            ],
            ["订阅源与第 1 项相同"],
        ),
        ([{"name": "甲", "site": SITE, "feed": SITE + "1.xml", "slug": "Bad Slug"}], ["不能用作网址"]),
        ([], ["门户还没有成员支部"]),
    ],
)
def test_each_wrong_member_is_a_chinese_problem(tmp_path: Path, entries: list, fragments: list[str]) -> None:
    _, problems = build_members(entries, tmp_path)
    text = "\n".join(str(p) for p in problems)
    assert problems and all(p.is_error for p in problems), text
    assert "mkdocs.yml" in text and "修改方法" in text
    for fragment in fragments:
        assert fragment in text


# Fetching from a loopback server


def test_a_second_request_is_conditional_and_gets_a_304() -> None:
    with feed_server() as server:
        server.routes["/f.xml"] = Route(rss([item(1, SITE)]))
        fetcher = Fetcher(QUICK, "test", LOCAL)
        first = fetcher.get(server.url("/f.xml"))
        second = fetcher.get(server.url("/f.xml"), validators=first.validators)
    assert first.status == 200 and first.body and first.validators.etag
    assert second.status == 304 and second.body is None
    assert server.log[1].if_none_match == first.validators.etag


@pytest.mark.parametrize(
    ("route", "cause"),
    [
        (None, "HTTP 404"),
        (Route(b"x", status=500), "HTTP 500"),
        (Route(stall=True), "秒内没有取完"),
        (Route(b"<rss>" + b" " * (70 * 1024) + b"</rss>"), "超过 0.064 MB 的上限"),
        (Route(b"<rss>" + b" " * (70 * 1024) + b"</rss>", chunked=True), "超过 0.064 MB 的上限"),
        # A gzip bomb: tiny on the wire, far over the cap once decoded.
        (Route(b" " * (8 * 1024 * 1024), gzip=True, chunked=True), "超过 0.064 MB 的上限"),
    ],
)
def test_fetch_failures_have_a_chinese_cause(route: Route | None, cause: str) -> None:
    with feed_server() as server:
        if route is not None:
            server.routes["/f"] = route
        with pytest.raises(FetchError, match=cause):
            Fetcher(STALL if route and route.stall else QUICK, "test", LOCAL).get(server.url("/f"))


def test_a_server_that_is_not_there_is_a_cause_not_a_traceback() -> None:
    with feed_server() as server:
        url = server.url("/f")
    with pytest.raises(FetchError, match="无法连接 127.0.0.1"):
        Fetcher(STALL, "test", LOCAL).get(url)


def test_validators_of_another_feed_are_not_sent() -> None:
    from branchpress.core.portal.cache import MemberState

    state = MemberState(SITE + "old.xml", Validators('"x"', None), ())
    assert state.usable_validators(member()) is None
    assert MemberState(SITE + "feed.xml", Validators('"x"', None), ()).usable_validators(member())


# Reading feeds


@pytest.mark.parametrize("render", [rss, atom, json_feed])
def test_every_format_gives_the_same_items(render) -> None:
    items = [item(1, SITE, 0, image=SITE + "a.jpg"), item(2, SITE, 3)]
    entries = parse_feed(render(items), SITE + "feed")
    assert [(e.id, e.link, e.title, e.image) for e in entries] == [
        (SITE + "activities/1/", SITE + "activities/1/", "第1次支部活动", SITE + "a.jpg"),
        (SITE + "activities/2/", SITE + "activities/2/", "第2次支部活动", None),
    ]
    assert entries[1].published == NOW - timedelta(days=3)


@pytest.mark.parametrize(
    ("body", "cause"),
    [
        (b"<rss><channel><item><title>cut off", "XML 格式错误"),
        (b"<!doctype html><html><body><p>hello</p></body></html>", "不是 RSS、Atom 或 JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "JSON 格式错误"),
        (b'{"title": "no version"}', "不是 RSS、Atom 或 JSON Feed"),
        (b"/etc/passwd", "不是 RSS、Atom 或 JSON Feed"),
    ],
)
def test_what_is_not_a_feed_says_why(body: bytes, cause: str) -> None:
    with pytest.raises(NotAFeed, match=cause):
        parse_feed(body, SITE)


# Sanitising


XSS = (
    '<p onclick="steal()">正文<script>alert(1)</script>'
    '<img src="x.jpg" onerror="alert(2)"><a href="javascript:alert(3)">链接</a>'
    '<a href="/rel/page/">相对链接</a><iframe src="https://evil.example/"></iframe></p>'
)


@pytest.mark.parametrize("render", [rss, atom, json_feed])
def test_untrusted_markup_is_made_harmless(render) -> None:
    bad = Item(
        id="x1",
        title="<b>标题</b><script>alert(0)</script>",
        link="javascript:alert(4)",
        date=NOW,
        summary="摘要<script>alert(5)</script>",
        content=XSS,
    )
    (safe,) = safe_items(member(), parse_feed(render([bad]), SITE + "feed.xml")).items
    # A JSON Feed summary is plain text: the characters "<script>" are text (escaped where shown).
    summary = "" if render is json_feed else safe.summary
    everything = " ".join([safe.title, summary, safe.content_html, safe.url])
    for payload in ("<script", "alert(", "onerror", "onclick", "javascript:", "<iframe", "<img"):
        assert payload not in everything
    assert safe.title == "标题"
    assert safe.url == SITE  # a link that is no http(s) leads to the member's site
    assert 'href="https://a.example.cn/rel/page/"' in safe.content_html
    assert 'rel="noopener noreferrer nofollow"' in safe.content_html


def test_duplicate_ids_keep_the_first_and_undated_items_are_counted() -> None:
    first = item(1, SITE, 1)
    again = Item(first.id, "重复的条目", first.link, NOW)
    entries = parse_feed(rss([first, again, item(2, SITE, 2)]), SITE)
    entries.append(
        entries[0].__class__(**{**entries[0].__dict__, "id": "u", "published": None, "updated": None})
    )
    kept = safe_items(member(), entries)
    assert [i.title for i in kept.items] == ["第1次支部活动", "第2次支部活动"]
    assert kept.undated == 1


def test_relative_links_resolve_against_the_feed() -> None:
    relative = Item("r", "相对", "/activities/r/", NOW, image="img/r.jpg")
    (entry,) = parse_feed(json_feed([relative]), "https://b.example.cn/news/feed.json")
    assert entry.link == "https://b.example.cn/activities/r/"
    assert entry.image == "https://b.example.cn/news/img/r.jpg"


def test_a_local_feed_reads_images_beside_it_and_nothing_outside(tmp_path: Path) -> None:
    (tmp_path / "feeds" / "img").mkdir(parents=True)
    (tmp_path / "feeds" / "img" / "a.jpg").write_bytes(b"x")
    (tmp_path / "secret.txt").write_text("s")
    local = member(feed=str(tmp_path / "feeds" / "feed.xml"))
    assert local.local_file_for(SITE + "img/a.jpg") == (tmp_path / "feeds" / "img" / "a.jpg").resolve()
    assert local.local_file_for(SITE + "../secret.txt") is None
    assert local.local_file_for(SITE + "img/../../secret.txt") is None
    assert local.local_file_for("https://elsewhere.example/img/a.jpg") is None


# The network


def _network(items_by_member: dict, now: datetime = NOW) -> Network:
    members = [member(slug) for slug in items_by_member]
    return Network(members, items_by_member, {}, now, UTC)


def test_items_dated_in_the_future_wait_for_their_date() -> None:
    future = Item("f", "明天的活动", SITE + "f/", NOW + timedelta(days=1))
    items = safe_items(member(), parse_feed(rss([future, item(1, SITE, 1)]), SITE)).items
    assert [i.title for i in _network({"a": items}).items] == ["第1次支部活动"]
    later = _network({"a": items}, NOW + timedelta(days=2))
    assert [i.title for i in later.items] == ["明天的活动", "第1次支部活动"]


def test_the_network_is_newest_first_with_a_stable_order_for_equal_dates() -> None:
    a = safe_items(member("a"), parse_feed(rss([item(1, SITE, 0), item(2, SITE, 5)]), SITE)).items
    b = safe_items(member("b"), parse_feed(atom([item(3, SITE, 0), item(4, SITE, 400)]), SITE)).items
    network = _network({"b": b, "a": a})
    assert [(i.member, i.title) for i in network.items] == [
        ("a", "第1次支部活动"),
        ("b", "第3次支部活动"),
        ("a", "第2次支部活动"),
        ("b", "第4次支部活动"),
    ]
    assert [b.recent for b in network.branches] == [1, 2]
    home = network.home(latest=10, active=5)
    assert [b.member.slug for b in home.active] == ["a", "b"]
    assert home.year_total == 3
    assert [n for _, n in home.months][-1] == 2  # December 2025
    assert "第 2 页" in network.pages(2)[1].page_title


def test_network_feed_items_credit_their_branch_with_stable_ids() -> None:
    a = safe_items(member("a"), parse_feed(rss([item(1, SITE, 0)]), SITE)).items

    def feed():
        return _network({"a": a}).feed(
            site_url="https://portal.example.cn/",
            title="门户",
            description="d",
            limit=10,
            stylesheet_url=None,
            image_file=lambda item: None,
        )

    first, second = feed(), feed()
    (entry,) = first.items
    assert entry.author == "支部a" and entry.categories == ("支部a",)
    assert entry.id.startswith("https://portal.example.cn/branches/a/#") and entry.id == second.items[0].id
    assert entry.url == SITE + "activities/1/"
    assert "来源：" in entry.content_html and "支部a" in entry.content_html


# Images


def test_the_same_picture_at_two_addresses_is_encoded_once_and_shown_for_both(tmp_path: Path) -> None:
    from branchpress.core.imaging.cache import PhotoCache
    from branchpress.core.imaging.photos import PhotoSettings
    from branchpress.core.portal.cache import PortalCache
    from branchpress.core.portal.gather import MemberReport, Outcome
    from branchpress.core.portal.images import copy_images
    from helpers.portal import jpeg

    picture = jpeg()
    with feed_server() as server:
        reports = []
        for slug in ("a", "b", "c"):
            server.routes[f"/{slug}.jpg"] = Route(picture, "image/jpeg")
            image = server.url(f"/{slug}.jpg") if slug != "c" else server.url("/missing.jpg")
            (entry,) = safe_items(member(slug), parse_feed(rss([item(1, SITE, 1, image=image)]), SITE)).items
            reports.append(MemberReport(member(slug), Outcome.UPDATED, (entry,)))
        cache = PortalCache(tmp_path)
        photos = PhotoCache(cache.root, PhotoSettings(widths=(160,)))
        fetcher = Fetcher(QUICK, "test", LOCAL)
        copied = copy_images(reports, cache, photos, fetcher, QUICK, 2, lambda line: None)
        again = copy_images(reports, cache, photos, fetcher, QUICK, 2, lambda line: None)
        unchanged = [MemberReport(r.member, Outcome.UNCHANGED, r.items) for r in reports]
        later = copy_images(unchanged, cache, photos, fetcher, QUICK, 2, lambda line: None)
    assert set(copied.photos) == {server.url("/a.jpg"), server.url("/b.jpg")}
    assert copied.photos[server.url("/a.jpg")] == copied.photos[server.url("/b.jpg")]
    assert copied.failed == {"c": ["服务器返回 HTTP 404"]}
    # Copied once, then kept. A failed image is tried again when its member's feed changed
    # (the second call), not while the feed is unchanged (the third).
    assert server.answers("/a.jpg") == [200]
    assert server.answers("/missing.jpg") == [404, 404]
    assert again.photos == later.photos == copied.photos
    assert later.failed == copied.failed
