"""The portal as a hostile member would try it: addresses inside the build machine's network,
redirects and other schemes, servers that send slowly or forever, unusable items, huge feeds.

Every server here is the loopback test server; `StubInternet` lets a test call it public
and gives names their addresses (no real DNS)."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from ipaddress import ip_address
from pathlib import Path

import pytest
from branchpress.core.portal.addresses import AddressPolicy, refusal
from branchpress.core.portal.cache import MemberState, PortalCache
from branchpress.core.portal.feeds import parse_feed
from branchpress.core.portal.fetch import Fetcher, FetchError, Limits, Validators
from branchpress.core.portal.gather import MemberReport, Outcome, gather
from branchpress.core.portal.items import PortalItem, safe_items
from branchpress.core.portal.members import Member
from branchpress.core.portal.network import Network
from helpers.portal import Route, StubInternet, atom, feed_server, item, json_feed, rss, tls_context

SITE = "https://a.example.cn/"
NOW = datetime(2025, 12, 1, 12, tzinfo=UTC)
QUICK = Limits(connect=10, total=10, max_bytes=64_000)
SHORT = Limits(connect=1, total=1.5, max_bytes=5_000_000)
PUBLIC_ONLY = AddressPolicy()


def member(slug: str = "a", feed: str = SITE + "feed.xml") -> Member:
    return Member(name=f"支部{slug}", slug=slug, site=SITE, feed=feed)


def fetch_error(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(FetchError) as caught:
        fetcher.get(url)
    return str(caught.value)


# The rule, range by range (where `ipaddress.is_global` says otherwise, it is noted)


@pytest.mark.parametrize(
    ("address", "label"),
    [
        ("127.0.0.1", "本机回环地址"),
        ("127.8.9.10", "本机回环地址"),
        ("10.1.2.3", "私有网络地址"),
        ("172.16.0.1", "私有网络地址"),
        ("172.31.255.255", "私有网络地址"),
        ("192.168.1.1", "私有网络地址"),
        ("169.254.169.254", "链路本地地址"),  # a cloud's metadata service
        ("100.64.0.1", "CGNAT"),
        ("100.127.255.254", "CGNAT"),
        ("0.0.0.0", "“本网络”保留地址"),
        ("192.0.0.8", "IETF 协议保留地址"),  # is_global: True
        ("192.0.2.1", "文档示例专用地址"),
        ("192.88.99.1", "6to4 中继保留地址"),  # is_global: True
        ("198.18.0.1", "网络测试保留地址"),
        ("224.0.0.1", "组播地址"),  # is_global: True
        ("239.255.255.250", "组播地址"),  # is_global: True
        ("240.0.0.1", "保留地址"),
        ("255.255.255.255", "保留地址"),
        ("::", "未指定地址"),
        ("::1", "本机回环地址"),
        ("::ffff:127.0.0.1", "本机回环地址"),  # IPv4-mapped
        ("::ffff:10.0.0.1", "私有网络地址"),
        ("::127.0.0.1", "已废弃的 IPv4 兼容地址"),  # is_global: True
        ("64:ff9b::7f00:1", "本机回环地址"),  # NAT64 of 127.0.0.1; is_global: True
        ("64:ff9b::a9fe:a9fe", "链路本地地址"),  # NAT64 of 169.254.169.254
        ("64:ff9b:1::1", "私有网络地址"),
        ("2002:7f00:1::1", "本机回环地址"),  # 6to4 of 127.0.0.1; is_global: True
        ("2002:c0a8:101::1", "私有网络地址"),  # 6to4 of 192.168.1.1
        ("2001:0:4136:e378:8000:63bf:f7f7:fbfb", None),  # Teredo, both sides public
        ("2001:0:a00:1::f5ff:fffe", "私有网络地址"),  # Teredo, server 10.0.0.1
        ("2001:db8::1", "文档示例专用地址"),
        ("3fff::1", "文档示例专用地址"),  # is_global: True
        ("fc00::1", "私有网络地址"),
        ("fd12:3456::1", "私有网络地址"),
        ("fe80::1", "链路本地地址"),
        ("fec0::1", "已废弃的站点本地地址"),  # is_global: True
        ("ff02::1", "组播地址"),  # is_global: True
        ("100::1", "保留地址"),
        ("5f00::1", "保留地址"),  # outside global unicast 2000::/3; is_global: True
        ("8.8.8.8", None),
        ("93.184.215.14", None),
        ("::ffff:8.8.8.8", None),
        ("64:ff9b::808:808", None),
        ("2002:808:808::1", None),
        ("2606:4700:4700::1111", None),
        ("240e:1::1", None),
    ],
)
def test_each_range_is_refused_or_allowed_by_an_explicit_rule(address: str, label: str | None) -> None:
    reason = refusal(ip_address(address))
    assert (reason is None) == (label is None), reason
    if label:
        assert label in reason


# Feeds and images on addresses inside the network


def test_a_feed_on_loopback_is_refused_before_any_request() -> None:
    with feed_server() as server:
        server.routes["/f.xml"] = Route(rss([item(1, SITE)]))
        cause = fetch_error(Fetcher(QUICK, "test"), server.url("/f.xml"))
        allowed = Fetcher(QUICK, "test", AddressPolicy(allow_private_networks=True)).get(server.url("/f.xml"))
    assert "127.0.0.1 是本机回环地址" in cause and "allow_private_networks: true" in cause
    assert allowed.status == 200
    assert server.answers("/f.xml") == [200]  # only the allowed fetch reached the server


def test_an_ipv4_mapped_address_is_refused_as_its_ipv4_address() -> None:
    with feed_server() as server:
        server.routes["/f.xml"] = Route(rss([item(1, SITE)]))
        literal = fetch_error(Fetcher(QUICK, "test"), f"http://[::ffff:127.0.0.1]:{server.port}/f.xml")
        named = StubInternet(names={"member.example": ("::ffff:127.0.0.1",)})
        resolved = fetch_error(Fetcher(QUICK, "test", named), f"http://member.example:{server.port}/f.xml")
    assert "::ffff:127.0.0.1 是本机回环地址" in literal
    assert "member.example 解析到的 ::ffff:127.0.0.1 是本机回环地址" in resolved
    assert server.log == []


def test_a_name_with_one_private_address_among_public_ones_is_refused() -> None:
    with feed_server() as server:
        server.routes["/f.xml"] = Route(rss([item(1, SITE)]))
        mixed = StubInternet(names={"member.example": ("127.0.0.1", "10.0.0.7")})
        cause = fetch_error(Fetcher(QUICK, "test", mixed), f"http://member.example:{server.port}/f.xml")
    assert "10.0.0.7 是私有网络地址" in cause
    assert server.log == []


def test_the_checked_address_is_the_one_connected_to_and_the_name_is_still_sent() -> None:
    """One lookup a connection, connected to as checked: no second lookup can rebind the name."""
    internet = StubInternet(names={"member.example": ("127.0.0.1",)}, later={"member.example": ("10.0.0.1",)})
    with feed_server() as server:
        server.routes["/f.xml"] = Route(rss([item(1, SITE)]))
        response = Fetcher(QUICK, "test", internet).get(f"http://member.example:{server.port}/f.xml")
    assert response.status == 200
    assert internet.lookups == ["member.example"]
    assert server.hosts == [f"member.example:{server.port}"]


def test_a_redirect_to_a_private_address_is_refused_on_its_own_hop() -> None:
    internet = StubInternet(names={"member.example": ("127.0.0.1",), "intranet.example": ("192.168.1.10",)})
    with feed_server() as server:
        for path, target in {
            "/to-metadata": "http://169.254.169.254/latest/meta-data/",
            "/to-loopback": f"http://127.0.0.2:{server.port}/admin",
            "/to-intranet": "http://intranet.example/admin",
            "/to-mapped": f"http://[::ffff:127.0.0.2]:{server.port}/admin",
        }.items():
            server.routes[path] = Route(status=302, location=target)
        server.routes["/admin"] = Route(b"secret")
        fetcher = Fetcher(QUICK, "test", internet)
        causes = {
            path: fetch_error(fetcher, f"http://member.example:{server.port}{path}")
            for path in ("/to-metadata", "/to-loopback", "/to-intranet", "/to-mapped")
        }
    assert "169.254.169.254 是链路本地地址" in causes["/to-metadata"]
    assert "127.0.0.2 是本机回环地址" in causes["/to-loopback"]
    assert "intranet.example 解析到的 192.168.1.10 是私有网络地址" in causes["/to-intranet"]
    assert "::ffff:127.0.0.2 是本机回环地址" in causes["/to-mapped"]
    assert server.answers("/admin") == []  # no hop ever reached it


def test_a_name_that_rebinds_between_hops_is_checked_again() -> None:
    internet = StubInternet(names={"member.example": ("127.0.0.1",)}, later={"member.example": ("10.0.0.1",)})
    with feed_server() as server:
        server.routes["/moved"] = Route(status=301, location="/f.xml")
        server.routes["/f.xml"] = Route(rss([item(1, SITE)]))
        cause = fetch_error(Fetcher(QUICK, "test", internet), f"http://member.example:{server.port}/moved")
    assert "member.example 解析到的 10.0.0.1 是私有网络地址" in cause
    assert server.answers("/moved") == [301] and server.answers("/f.xml") == []


@pytest.mark.parametrize(
    "url", ["ftp://a.example.cn/feed.xml", "file:///etc/passwd", "gopher://a.example.cn/"]
)
def test_only_http_and_https_are_fetched(url: str) -> None:
    assert "不是 http 或 https 网址" in fetch_error(Fetcher(QUICK, "test"), url)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml"])
def test_a_redirect_to_another_scheme_is_refused(target: str) -> None:
    with feed_server() as server:
        server.routes["/f.xml"] = Route(status=302, location=target)
        cause = fetch_error(Fetcher(QUICK, "test", StubInternet()), server.url("/f.xml"))
    assert f"服务器重定向到“{target}”，门户只访问 http 和 https 网址" in cause


def test_redirects_are_followed_with_the_same_validators_up_to_a_limit() -> None:
    with feed_server() as server:
        server.routes["/old.xml"] = Route(status=301, location="/new.xml")
        server.routes["/new.xml"] = Route(rss([item(1, SITE)]))
        server.routes["/loop"] = Route(status=302, location="/loop")
        fetcher = Fetcher(QUICK, "test", StubInternet())
        first = fetcher.get(server.url("/old.xml"))
        second = fetcher.get(server.url("/old.xml"), validators=first.validators)
        loop = fetch_error(fetcher, server.url("/loop"))
    assert first.status == 200 and b"<rss" in (first.body or b"")
    assert second.status == 304
    assert [s.if_none_match for s in server.log if s.path == "/new.xml"] == [None, first.validators.etag]
    assert "重定向次数过多" in loop and len(server.answers("/loop")) == 6


def test_an_image_on_another_loopback_port_is_not_requested(tmp_path: Path) -> None:
    from branchpress.core.imaging.cache import PhotoCache
    from branchpress.core.imaging.photos import PhotoSettings
    from branchpress.core.portal.images import copy_images
    from helpers.portal import jpeg

    with feed_server() as server:
        server.routes["/photo.jpg"] = Route(jpeg(), "image/jpeg")
        a = member("a")
        (entry,) = safe_items(
            a, parse_feed(rss([item(1, SITE, 1, image=server.url("/photo.jpg"))]), SITE)
        ).items
        reports = [MemberReport(a, Outcome.UPDATED, (entry,))]
        cache = PortalCache(tmp_path)
        photos = PhotoCache(cache.root, PhotoSettings(widths=(160,)))
        copied = copy_images(reports, cache, photos, Fetcher(QUICK, "test"), QUICK, 1, lambda line: None)
    assert server.log == []
    assert copied.photos == {}
    (warning,) = copied.warnings([a])
    assert warning.startswith("成员支部“支部a”有 1 张图片无法复制（127.0.0.1 是本机回环地址")


def test_https_goes_to_the_checked_address_and_verifies_the_name(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("cryptography")
    context, authority = tls_context(tmp_path, "member.example")
    internet = StubInternet(names={"member.example": ("127.0.0.1",)})
    with feed_server(tls=context) as server:
        server.routes["/f.xml"] = Route(rss([item(1, SITE)]))
        url = f"https://member.example:{server.port}/f.xml"
        untrusted = fetch_error(Fetcher(QUICK, "test", internet), url)
        monkeypatch.setenv("SSL_CERT_FILE", str(authority))
        response = Fetcher(QUICK, "test", internet).get(url)
        wrong_name = fetch_error(
            Fetcher(QUICK, "test", internet), server.url("/f.xml").replace("http", "https")
        )
    assert untrusted == "member.example 的 HTTPS 证书或加密连接有问题"
    assert response.status == 200 and b"<rss" in (response.body or b"")
    assert wrong_name == "127.0.0.1 的 HTTPS 证书或加密连接有问题"  # the certificate is for the name
    assert server.hosts == [f"member.example:{server.port}"]


# One deadline over the whole fetch


def timed(call, seconds: float = 15) -> tuple[float, BaseException | None]:
    """How long `call` took and what it raised; a call still running after `seconds` fails the
    test instead of holding it (a client without a deadline would wait for the server)."""
    outcome: list = []

    def run() -> None:
        start = time.monotonic()
        try:
            call()
            outcome.append((time.monotonic() - start, None))
        except BaseException as error:  # noqa: BLE001 - handed to the test
            outcome.append((time.monotonic() - start, error))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still fetching after {seconds} s"
    return outcome[0]


@pytest.mark.parametrize(
    "route",
    [
        Route(rss([item(1, SITE)]), drip=0.05),  # headers one byte at a time, never a long pause
        Route(b"", endless=True),  # a body that never ends
        Route(status=302, location="/drip"),  # the redirect's hop counts against the same deadline
    ],
    ids=["slow-headers", "endless-body", "redirect-to-slow-headers"],
)
def test_a_slow_or_endless_answer_is_cut_at_the_deadline(route: Route) -> None:
    with feed_server() as server:
        server.routes["/f"] = route
        server.routes["/drip"] = Route(rss([item(1, SITE)]), drip=0.05)
        seconds, error = timed(lambda: Fetcher(SHORT, "test", StubInternet()).get(server.url("/f")))
    assert isinstance(error, FetchError) and "超时（1.5 秒内没有取完）" in str(error), error
    assert 1.4 <= seconds < 3.5


def test_a_tls_handshake_that_never_ends_is_a_connect_timeout() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:  # connects, then never says a word
        url = f"https://127.0.0.1:{listener.getsockname()[1]}/feed.xml"
        seconds, error = timed(lambda: Fetcher(SHORT, "test", StubInternet()).get(url))
    assert str(error) == "连接超时（1 秒内没有连上 127.0.0.1）"
    assert 0.9 <= seconds < 3


# Items that cannot be used


@pytest.mark.parametrize("render", [rss, atom, json_feed])
def test_items_dated_outside_1970_to_2100_are_left_out_with_a_reason(render) -> None:
    items = [
        item(1, SITE, 1),
        item(2, SITE, now=datetime.fromisoformat("0001-01-01T00:00:00+14:00")),
        item(3, SITE, now=datetime.fromisoformat("9999-12-31T23:59:59-12:00")),
    ]
    kept = safe_items(member(), parse_feed(render(items), SITE))
    assert [i.title for i in kept.items] == ["第1次支部活动"]
    if render is json_feed:  # feedparser gives no date for what it cannot convert to UTC
        assert kept.rejected == [
            "第 2 条的日期 0001-01-01T00:00:00+14:00 不在 1970 至 2100 年之间",
            "第 3 条的日期 9999-12-31T23:59:59-12:00 不在 1970 至 2100 年之间",
        ]
    network = Network([member()], {"a": kept.items}, {}, NOW + timedelta(days=1), UTC)
    assert len(network.items) == 1


def test_an_item_with_unreadable_fields_is_left_out_and_the_others_stand() -> None:
    good = {"id": "good", "url": SITE + "good/", "title": "好的", "date_published": "2025-11-30T08:00:00Z"}
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            good,
            {**good, "id": "1", "attachments": 5},  # ignored: no picture from it
            {**good, "id": "2", "url": "http://[broken/"},
            {**good, "id": "3", "content_html": '<a href="http://[broken/">x</a>'},
            "not an item",
            {**good, "id": "5", "title": ["a", "list"], "date_modified": "0001-01-01T00:00:00+14:00"},
        ],
    }
    kept = safe_items(member(), parse_feed(json.dumps(document).encode(), SITE))
    assert [(i.id, i.title) for i in kept.items] == [("good", "好的"), ("1", "好的"), ("5", "（无标题）")]
    assert kept.items[2].updated == kept.items[2].published  # an unusable date_modified is ignored
    assert kept.rejected == [
        "第 3 条的链接或其他字段无法识别",
        "第 4 条的链接或其他字段无法识别",
        "第 5 条不是一组字段",
    ]


def test_a_member_with_bad_items_is_a_warning_naming_it(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    dated = item(2, SITE, now=datetime.fromisoformat("0001-01-01T00:00:00+14:00"))
    feed.write_bytes(json_feed([item(1, SITE, 1), dated]))
    (report,) = gather([member(feed=str(feed))], PortalCache(tmp_path), Fetcher(QUICK, "t"), QUICK, 1, print)
    assert report.outcome is Outcome.UPDATED and len(report.items) == 1
    assert report.warning == (
        "成员支部“支部a”的订阅源有 1 条动态无法收录，已略过（第 2 条的日期 0001-01-01T00:00:00+14:00 "
        "不在 1970 至 2100 年之间）；其余动态照常显示。请该支部检查这些动态的日期和链接。"
    )


def test_a_cache_holding_dates_no_page_can_show_is_not_read_back(tmp_path: Path) -> None:
    cache = PortalCache(tmp_path)
    good = safe_items(member(), parse_feed(rss([item(1, SITE, 1)]), SITE)).items[0]
    bad = PortalItem(
        **{**good.__dict__, "id": "x", "published": datetime.fromisoformat("0001-01-01T00:00:00+14:00")}
    )
    cache.save(member(), MemberState(SITE + "feed.xml", Validators(), (good, bad)))
    state = cache.load(member())
    assert state is not None and state.items == (good,)


# At most the newest 200 items of a member


def test_only_the_newest_items_of_a_member_are_kept(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_bytes(json_feed([item(n, SITE, n / 24) for n in range(1000)]))
    limits = Limits(max_items=200)
    (report,) = gather(
        [member(feed=str(feed))], PortalCache(tmp_path), Fetcher(limits, "t"), limits, 1, print
    )
    assert [i.id for i in report.items] == [f"{SITE}activities/{n}/" for n in range(200)]
    assert report.beyond_cap == 800
    assert "另有 800 条较早的动态未收录，每个成员支部最多收录最新的 200 条" in report.line
    # A cache written under a larger cap is held to the smaller one, offline too.
    smaller = Limits(max_items=50)
    (offline,) = gather([member(feed=str(feed))], PortalCache(tmp_path), None, smaller, 1, print)
    assert len(offline.items) == 50 and offline.items[0].id == f"{SITE}activities/0/"
