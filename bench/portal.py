"""How long a portal build takes, and how much memory it needs, over many member branches.

A loopback server (127.0.0.1 only, in this process) serves N members' feeds of K items each,
RSS, Atom and JSON Feed in turn, every item with its own image URL (20 distinct JPEGs behind
them, so downloads are many and photo encoding is bounded). The portal site builds as a child
process, measured like bench.py measures a branch site (wall time, CPU time, peak memory of
the build from `os.wait4`):

1. cold: no cache; every feed and image fetched, every image re-encoded;
2. warm: the same cache; every feed answers 304 Not Modified, no image is fetched;
3. offline: BRANCHPRESS_OFFLINE=1, the cache alone.

    .venv/bin/python bench/portal.py --members 200 --items 50
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bench as harness

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from helpers.portal import Item, Route, atom, feed_server, jpeg, json_feed, rss  # noqa: E402

NOW = datetime(2026, 11, 27, 4, tzinfo=UTC)
FORMATS = ((rss, "feed.xml", "application/rss+xml"), (atom, "atom.xml", "application/atom+xml"))
FORMATS += ((json_feed, "feed.json", "application/feed+json"),)


def serve(server, members: int, items: int) -> list[dict]:
    pictures = [jpeg((40 + 10 * n, 30, 200 - 8 * n)) for n in range(20)]
    entries = []
    for m in range(members):
        render, name, content_type = FORMATS[m % 3]
        site = f"https://m{m}.example.cn/"
        feed_items = []
        for i in range(items):
            image = f"/img/{m}/{i}.jpg"
            server.routes[image] = Route(pictures[(m + i) % 20], "image/jpeg", conditional=False)
            feed_items.append(
                Item(
                    id=f"{site}activities/{i}/",
                    title=f"第{m}号支部第{i}次活动：党员志愿服务进社区",
                    link=f"{site}activities/{i}/",
                    date=NOW - timedelta(hours=7 * i + m),
                    summary="支部党员走进社区，为群众提供志愿服务，" * 3,
                    content="<p>" + "活动正文。" * 80 + "</p>",
                    image=server.url(image),
                )
            )
        server.routes[f"/{m}/{name}"] = Route(render(feed_items, f"第{m}号支部"), content_type)
        entries.append({"name": f"第{m}号成员支部", "site": site, "feed": server.url(f"/{m}/{name}")})
    return entries


def write_site(root: Path, members: list[dict]) -> None:
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text(
        "---\ntitle: 首页\n---\n\n行业协会党委门户。\n", encoding="utf-8"
    )
    config = {
        "site_name": "门户基准",
        "site_url": "https://portal.example.cn/",
        "docs_dir": "content",
        "theme": {**harness.theme_config(), "custom_dir": str(REPO / "theme")},
        "plugins": [
            {"search": {"lang": "zh"}},
            "branchpress/search",
            {"branchpress/records": {"now": "2026-11-27 12:00"}},
            "branchpress/pages",
            {"branchpress/portal": {"members": members}},
        ],
    }
    harness.write_yaml(root / "mkdocs.yml", config)


def measure(label: str, root: Path, server, env: dict[str, str] | None = None) -> dict:
    before = len(server.log)
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        result = harness.run_build(label, root, harness.mkdocs_build())
    finally:
        os.environ.clear()
        os.environ.update(saved)
    answers = Counter(s.status for s in server.log[before:])
    harness.note(
        f"  {label}: {result.wall_s:.1f} s wall, {result.peak_mib:.0f} MiB peak, answers {dict(answers)}"
    )
    return {
        "wall_s": round(result.wall_s, 2),
        "cpu_s": round(result.cpu_s, 2),
        "peak_mib": round(result.peak_mib, 1),
        "workers_peak_mib": round(result.workers_peak_mib, 1),
        "html_pages": result.pages,
        "requests": dict(sorted(answers.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="build here and keep the site afterwards")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    options = parser.parse_args(argv)
    harness.become_subreaper()
    root = options.keep or Path(tempfile.mkdtemp(prefix="bp-portal-bench-"))
    shutil.rmtree(root, ignore_errors=True)
    results: dict = {"members": options.members, "items_per_member": options.items}
    with feed_server() as server:
        write_site(root, serve(server, options.members, options.items))
        harness.note(f"portal of {options.members} members x {options.items} items in {root}")
        results["cold"] = measure("cold", root, server)
        results["warm"] = measure("warm", root, server)
        results["offline"] = measure("offline", root, server, {"BRANCHPRESS_OFFLINE": "1"})
    cache = root / ".cache" / "branchpress" / "portal"
    results["cache_mib"] = round(sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 2**20, 1)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    if options.keep is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
