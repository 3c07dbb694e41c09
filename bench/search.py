"""What a visitor downloads to search a built site: Chromium types queries into Material's search box.

Serves a built site (`site/` of a `bench.py --keep` folder) from 127.0.0.1 like a static host that
does not compress, opens its home page in a fresh browser context per query, opens search, types
the query, waits for Material's results, and counts the bytes of every response from the moment
search was opened: the index (manifest, term shards, pages) and the search worker's scripts.

Usage:
    python bench/search.py SITE_DIR [--query 志愿服务 --query ...] [--json FILE]

Needs Playwright and Debian's Chromium (as the browser tests do).
"""

from __future__ import annotations

import argparse
import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Words of bench.py's synthetic records, common and rare, and a phrase of several words.
QUERIES = ("志愿服务", "社区", "党课", "春晖", "召开支委会扩大会议")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def measure(site: Path, queries: tuple[str, ...]) -> list[dict]:
    handler = functools.partial(Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    found = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for query in queries:
                context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
                page = context.new_page()
                page.goto(url, wait_until="load")
                page.wait_for_load_state("networkidle")
                # Material's bundle has mounted the search box (its last statement sets component$).
                page.wait_for_function("() => window.component$ !== undefined")
                responses: list = []
                context.on("response", lambda response, into=responses: into.append(response))
                page.locator("label[for=__search]").first.click()
                # Material reads the box on keyup; Chinese arrives as text input (as from an IME),
                # which has no keyup here, so a key that types nothing follows, as in test_material.
                page.locator("[data-md-component=search-query]").fill(query)
                page.keyboard.press("End")
                results = page.locator("[data-md-component=search-result] .md-search-result__item")
                results.first.wait_for(state="visible", timeout=120_000)
                page.wait_for_load_state("networkidle")
                sizes = {urlsplit(r.url).path: len(r.body()) for r in responses if r.status == 200}
                index = {path: size for path, size in sizes.items() if path.startswith("/search/")}
                found.append(
                    {
                        "query": query,
                        "shown": page.locator(".md-search-result__meta").inner_text(),
                        "bytes": sum(sizes.values()),
                        "index_bytes": sum(index.values()),
                        "term_shards": len([p for p in index if p.startswith("/search/terms/")]),
                        "pages": len([p for p in index if p.startswith("/search/pages/")]),
                        "requests": len(sizes),
                    }
                )
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", action="append", dest="queries")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    found = measure(args.site, tuple(args.queries or QUERIES))
    for row in found:
        print(
            f"{row['query']:<12} {row['shown']:<14} {row['bytes'] / 2**20:6.2f} MiB in all"
            f" ({row['index_bytes'] / 2**20:.2f} MiB of index: {row['term_shards']} term shards,"
            f" {row['pages']} pages; {row['requests']} requests)"
        )
    if args.json:
        args.json.write_text(json.dumps(found, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
