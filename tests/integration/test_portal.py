"""A portal site built for real over member branches served from a loopback server: every feed
format, every way a member fails, untrusted content, conditional requests, offline builds, and
what a hostile member tries (the portal's own network, endless feeds, impossible dates).

The loopback server is a private address: the fixture portal is an intranet portal
(`allow_private_networks: true`) unless a test says otherwise."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from helpers import REPO
from helpers.portal import FeedServer, Item, Route, atom, feed_server, item, jpeg, json_feed, rss
from helpers.sites import MKDOCS, SiteBuilder, assert_clean_failure

NOW = datetime(2025, 12, 1, 4, tzinfo=UTC)  # the fixture sites' clock: 2025-12-01 12:00 in Shanghai
RSS_SITE = "https://rss.example.cn/"
XSS = '<p>正文<script>alert(1)</script><img src="x.jpg" onerror="alert(2)"><a href="javascript:alert(3)">坏链接</a></p>'
LOADED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}
FAILING = {
    "丢失支部": ("/missing.xml", "服务器返回 HTTP 404"),
    "卡住支部": ("/stall.xml", "超时（2 秒内没有取完）"),
    # Headers one byte at a time: each wait is short, the whole answer is not.
    "慢速支部": ("/drip.xml", "超时（2 秒内没有取完）"),
    "损坏支部": ("/broken.xml", "XML 格式错误"),
    "超大支部": ("/huge.xml", "内容有 0.2 MB，超过 0.1 MB 的上限"),
}


def serve_members(server: FeedServer) -> None:
    rss_items = [
        item(1, RSS_SITE, 1, NOW, image=server.url("/img/1.jpg")),
        Item("xss", "<b>注入</b><script>alert(0)</script>", "javascript:alert(4)", NOW, "摘要", XSS),
        Item("future", "明年的活动", RSS_SITE + "future/", datetime(2026, 6, 1, tzinfo=UTC), "未来"),
        Item(
            "relative", "相对链接的活动", "/activities/relative/", datetime(2025, 11, 2, tzinfo=UTC), "相对"
        ),
    ]
    atom_first = item(1, "https://atom.example.cn/", 2, NOW)
    atom_items = [
        atom_first,
        Item(atom_first.id, "同一条目又出现一次", atom_first.link, NOW),
        item(2, "https://atom.example.cn/", 40, NOW),
    ]
    json_items = [item(n, "https://json.example.cn/", n + 2, NOW) for n in range(1, 26)]
    server.routes.update(
        {
            "/rss.xml": Route(rss(rss_items), "application/rss+xml"),
            "/atom.xml": Route(atom(atom_items), "application/atom+xml"),
            "/feed.json": Route(json_feed(json_items), "application/feed+json"),
            "/img/1.jpg": Route(jpeg(), "image/jpeg", conditional=False),
            "/stall.xml": Route(stall=True),
            "/drip.xml": Route(rss([item(8, RSS_SITE, 1, NOW)]), drip=0.05),
            "/broken.xml": Route(b"<?xml version='1.0'?><rss version='2.0'><channel><item><title>cut"),
            "/huge.xml": Route(rss([item(9, RSS_SITE, 1, NOW)]) + b" " * 200_000),
        }
    )


def portal_site(root: Path, server: FeedServer, failing: bool = False, **options) -> SiteBuilder:
    """Three good members, and with `failing` one member for each way of failing. Only a build
    with the stalling member waits out its (short) timeout; the others allow a loaded machine
    ten seconds a member, so a slow moment is never taken for a failure."""
    site = SiteBuilder(root)
    members = [
        {"name": "青禾数智党支部", "slug": "shuzhi", "site": RSS_SITE, "feed": server.url("/rss.xml")},
        {
            "name": "青禾云栖党支部",
            "slug": "yunqi",
            "site": "https://atom.example.cn/",
            "feed": server.url("/atom.xml"),
        },
        {
            "name": "青禾星火党支部",
            "slug": "xinghuo",
            "site": "https://json.example.cn/",
            "feed": server.url("/feed.json"),
        },
    ]
    for name, (path, _cause) in FAILING.items() if failing else ():
        members.append(
            {"name": name, "site": f"https://{len(members)}.example.cn/", "feed": server.url(path)}
        )
    site.config["plugins"].append(
        {
            "branchpress/portal": {
                "members": members,
                "page_size": 10,
                "timeout": 2 if failing else 10,
                "connect_timeout": 2 if failing else 10,
                "max_megabytes": 0.1,
                "allow_private_networks": True,
                **options,
            }
        }
    )
    return site


@pytest.fixture
def server():
    with feed_server() as running:
        serve_members(running)
        yield running


def portal_outputs(site: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(site)): path.read_bytes()
        for folder in ("branches", "network", "assets/photos")
        for path in sorted((site / folder).rglob("*"))
        if path.is_file()
    }


def foreign_loads(page) -> list[str]:
    """What a browser would load from another host for this page (links clicked are fine)."""
    found = []
    for tag in page.find_all(["img", "source", "script", "iframe", "link", "video", "audio"]):
        for attribute in ("src", "srcset", "href"):
            value = tag.get(attribute) or ""
            if tag.name == "link" and not set(tag.get("rel") or ()) & LOADED_LINKS:
                continue  # canonical and alternate links are addresses, not loads
            if "://" in value or value.startswith("//"):
                found.append(f"<{tag.name} {attribute}={value}>")
    return found


def test_a_portal_shows_its_members_and_warns_about_the_failing_ones(tmp_path: Path, server) -> None:
    result = portal_site(tmp_path, server, failing=True).build()
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output
    # A progress line per member; each failure named with its cause.
    for name in ("青禾数智党支部", "青禾云栖党支部", "青禾星火党支部"):
        assert f"成员支部“{name}”：已更新" in result.output
    for name, (_path, cause) in FAILING.items():
        assert f"WARNING -  branchpress: 成员支部“{name}”的订阅源无法更新：{cause}" in result.output

    branches = result.html("branches/")
    assert [h.get_text(strip=True) for h in branches.select(".bp-branch__name")][:3] == [
        "青禾数智党支部",
        "青禾云栖党支部",
        "青禾星火党支部",
    ]
    card = branches.select(".bp-branch")[2]
    assert "25" in card.select_one(".bp-branch__count").get_text()  # all 25 within 12 months
    assert card.select_one(".bp-branch__latest a")["href"] == "https://json.example.cn/activities/1/"

    network = result.html("network/")
    titles = [a.get_text(strip=True) for a in network.select(".bp-card__title a")]
    assert len(titles) == 10 and result.exists("network/page/3/") and not result.exists("network/page/4/")
    everything = "".join(p.read_text(encoding="utf-8") for p in result.site.rglob("*.html"))
    assert "明年的活动" not in everything  # held back until its date
    assert "同一条目又出现一次" not in everything  # a duplicate id
    for payload in ("alert(", "onerror", "javascript:", "<script>alert"):
        assert payload not in everything
    shuzhi = result.html("branches/shuzhi/")
    links = {a.get_text(strip=True): a["href"] for a in shuzhi.select(".bp-card__title a")}
    # Relative to the feed's own address (on a real member's site, that site).
    assert links["相对链接的活动"] == server.url("/activities/relative/")
    assert links["注入"] == RSS_SITE  # its javascript: link leads to the member's site instead
    # The first image is the portal's own re-encoded copy: nothing loads from another host.
    picture = shuzhi.select_one(".bp-card__cover img")
    assert picture["src"].startswith("../../assets/photos/") and picture["src"].endswith(".jpg")
    for url in ("", "branches/", "branches/shuzhi/", "network/", "network/page/2/"):
        assert foreign_loads(result.html(url)) == [], url

    home = result.html("")
    assert home.select_one("#bp-portal-figures-title").get_text(strip=True) == "2025 年动态"
    active = [a.get_text(strip=True) for a in home.select(".bp-active a")]
    assert active[0] == "青禾星火党支部"
    assert home.select_one("svg.bp-chart") is not None
    nav = [a.get_text(strip=True) for a in home.select(".md-nav--primary .md-nav__link")]
    assert "成员支部" in nav and "行业动态" in nav


def test_network_feeds_credit_each_branch_with_stable_ids(tmp_path: Path, server) -> None:
    result = portal_site(tmp_path, server, feed_limit=6).build()
    assert result.returncode == 0, result.output
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((result.site / "network" / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert len(parsed.entries) == 6
        by_link = {entry.link: entry for entry in parsed.entries}
        assert by_link[RSS_SITE + "activities/1/"].author == "青禾数智党支部", name
        entry = by_link["https://json.example.cn/activities/1/"]
        assert entry.author == "青禾星火党支部", name
        assert entry.id.startswith("https://example.org/branch/branches/xinghuo/#")
        assert "来源：" in (entry.get("content") or [{"value": entry.summary}])[0]["value"]
    document = json.loads((result.site / "network" / "feed.json").read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    by_url = {entry["url"]: entry for entry in document["items"]}
    assert by_url["https://json.example.cn/activities/1/"]["authors"] == [{"name": "青禾星火党支部"}]
    assert len(by_url) == 6
    rss_text = (result.site / "network" / "feed.xml").read_text(encoding="utf-8")
    assert "127.0.0.1" not in rss_text


def test_a_second_build_asks_conditionally_gets_304s_and_writes_the_same_files(
    tmp_path: Path, server
) -> None:
    site = portal_site(tmp_path, server)
    first = site.build()
    assert first.returncode == 0, first.output
    before = portal_outputs(first.site)
    second = site.build()
    assert second.returncode == 0, second.output
    for path in ("/rss.xml", "/atom.xml", "/feed.json"):
        assert server.answers(path) == [200, 304], path
    assert all(s.if_none_match for s in server.log if s.status == 304)
    assert "没有变化（HTTP 304）" in second.output
    assert server.answers("/img/1.jpg") == [200]  # copied once, kept in the cache
    assert portal_outputs(second.site) == before


def test_a_member_that_starts_failing_keeps_its_last_good_items(tmp_path: Path, server) -> None:
    site = portal_site(tmp_path, server)
    assert site.build().returncode == 0
    server.routes["/rss.xml"] = Route(b"oops", status=500)
    result = site.build()
    assert result.returncode == 0, result.output
    assert (
        "成员支部“青禾数智党支部”的订阅源无法更新：服务器返回 HTTP 500。本次沿用上次取得的 4 条。"
        in result.output
    )
    titles = [a.get_text(strip=True) for a in result.html("branches/shuzhi/").select(".bp-card__title a")]
    assert "第1次支部活动" in titles


def test_an_offline_build_reads_the_cache_alone(tmp_path: Path, server, monkeypatch) -> None:
    site = portal_site(tmp_path, server)
    first = site.build()
    assert first.returncode == 0, first.output
    before = portal_outputs(first.site)
    served = len(server.log)
    monkeypatch.setenv("BRANCHPRESS_OFFLINE", "1")
    offline = site.build()
    assert offline.returncode == 0, offline.output
    assert len(server.log) == served  # nothing fetched
    assert "成员支部“青禾星火党支部”：离线生成，取自缓存 25 条。" in offline.output
    assert portal_outputs(offline.site) == before


def test_offline_without_a_cache_builds_empty_branches(tmp_path: Path, server) -> None:
    result = portal_site(tmp_path, server, offline=True).build()
    assert result.returncode == 0, result.output
    assert server.log == []
    assert "成员支部“青禾数智党支部”：离线生成，缓存里没有它的内容。" in result.output
    assert "成员支部还没有发布动态" in result.html("network/").get_text()


def test_wrong_members_stop_the_build_with_chinese_problems(tmp_path: Path) -> None:
    site = SiteBuilder(tmp_path)
    site.config["plugins"].append(
        {
            "branchpress/portal": {
                "members": [
                    {
                        "name": "甲支部",
                        "site": "https://a.example.cn/",
                        "feed": "https://a.example.cn/feed.xml",
                    },
                    {
                        "name": "甲支部",
                        "site": "https://b.example.cn/",
                        "feed": "https://b.example.cn/feed.xml",
                    },
                    {"name": "乙支部", "site": "https://c.example.cn/", "feed": "mailto:someone@example.cn"},
                    {"name": "丙支部", "site": "https://d.example.cn/", "feed": "feeds/none.xml"},
                ]
            }
        }
    )
    assert_clean_failure(
        site.build(),
        "成员支部“甲支部”写了两次",
        "既不是 http(s) 网址，也不是本地文件",
        "找不到订阅源文件“feeds/none.xml”",
        "门户配置有 3 处错误",
    )


def test_the_example_portal_builds_from_the_files_in_the_repository(tmp_path: Path) -> None:
    """examples/portal/ as the README builds it, with a stand-in for the demo's own feed."""
    shutil.copytree(REPO / "examples" / "portal", tmp_path / "examples" / "portal")
    shutil.copytree(REPO / "theme", tmp_path / "theme")
    demo = [
        item(n, "https://dangjian.qhsia.example.cn/", n * 20, datetime(2026, 11, 20, tzinfo=UTC))
        for n in range(3)
    ]
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "feed.json").write_bytes(json_feed(demo))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    command = [*MKDOCS, "build", "-f", "examples/portal/mkdocs.yml"]
    proc = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "WARNING" not in output, output
    built = tmp_path / "examples" / "portal" / "site"
    assert sorted(p.name for p in (built / "branches").iterdir() if p.is_dir()) == [
        "qhsia",
        "shuzhi",
        "yunqi",
    ]
    for page in ("index.html", "branches/index.html", "network/index.html", "branches/shuzhi/index.html"):
        html = BeautifulSoup((built / page).read_text(encoding="utf-8"), "lxml")
        assert foreign_loads(html) == [], page
    shuzhi = BeautifulSoup((built / "branches/shuzhi/index.html").read_text(encoding="utf-8"), "lxml")
    assert len(shuzhi.select(".bp-card__cover picture")) == 3  # every image beside the feed file, copied


def test_without_allow_private_networks_a_feed_on_loopback_is_refused(tmp_path: Path, server) -> None:
    result = portal_site(tmp_path, server, allow_private_networks=False).build()
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output
    for name in ("青禾数智党支部", "青禾云栖党支部", "青禾星火党支部"):
        assert (
            f"WARNING -  branchpress: 成员支部“{name}”的订阅源无法更新：127.0.0.1 是本机回环地址，"
            "门户只访问公网地址；门户架在内网上时，可在 mkdocs.yml 的 branchpress/portal 下写 "
            "allow_private_networks: true。缓存里也没有它的内容。"
        ) in result.output
    assert server.log == []  # not one request reached the private address


def one_member_site(root: Path, server: FeedServer, items: list[Item], **options) -> SiteBuilder:
    server.routes["/member.json"] = Route(json_feed(items), "application/feed+json")
    site = SiteBuilder(root)
    member = {"name": "青禾大户党支部", "slug": "dahu", "site": RSS_SITE, "feed": server.url("/member.json")}
    site.config["plugins"].append(
        {"branchpress/portal": {"members": [member], "allow_private_networks": True, **options}}
    )
    return site


def test_impossible_dates_in_one_item_are_a_warning_about_its_member(tmp_path: Path, server) -> None:
    items = [
        item(1, RSS_SITE, 1, NOW),
        item(2, RSS_SITE, now=datetime.fromisoformat("0001-01-01T00:00:00+14:00")),
        item(3, RSS_SITE, now=datetime.fromisoformat("9999-12-31T23:59:59-12:00")),
        item(4, RSS_SITE, 3, NOW),
    ]
    result = one_member_site(tmp_path, server, items).build()
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output and "OverflowError" not in result.output
    assert (
        "WARNING -  branchpress: 成员支部“青禾大户党支部”的订阅源有 2 条动态无法收录，已略过"
        "（第 2 条的日期 0001-01-01T00:00:00+14:00 不在 1970 至 2100 年之间）"
    ) in result.output
    titles = [a.get_text(strip=True) for a in result.html("branches/dahu/").select(".bp-card__title a")]
    assert titles == ["第1次支部活动", "第4次支部活动"]


def test_a_member_with_a_thousand_items_shows_its_newest_200(tmp_path: Path, server) -> None:
    items = [item(n, RSS_SITE, n / 8, NOW) for n in range(1, 1001)]  # eight a day, newest first
    result = one_member_site(tmp_path, server, items, page_size=20).build()
    assert result.returncode == 0, result.output
    assert "成员支部“青禾大户党支部”：已更新，200 条" in result.output
    assert "另有 800 条较早的动态未收录，每个成员支部最多收录最新的 200 条" in result.output
    branch = result.html("branches/dahu/")
    titles = [a.get_text(strip=True) for a in branch.select(".bp-card__title a")]
    assert len(titles) == 200 and titles[0] == "第1次支部活动" and titles[-1] == "第200次支部活动"
    assert "共 200 条动态" in branch.get_text()
    assert result.exists("network/page/10/") and not result.exists("network/page/11/")
