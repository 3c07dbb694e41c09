"""How long the studio's preview takes to show a saved record (studio/preview.py), at N records.

The site is bench.py's (the same generator, the demo's mkdocs.yml). A PreviewSite builds it
in its worker process twice from scratch: COLD (no `.cache/`) and WARM-CACHE (a new worker over
the cache the first one left: photos, share posters, search segments). Then, with that worker
warm, the newest record's title is changed in its file five times, as the studio's 保存 writes
it; each time `rebuild()` is called and the record's page in the preview folder is read back
for the new title. The time from the write to that page is what staff wait for after 保存.

With --profile, one such rebuild also runs under cProfile in this process (the worker's own
builder class, preview_worker.PreviewBuilder) and its 40 most expensive calls are printed.

Usage:
    python bench/studio.py --records 1000 [--edits 5] [--keep DIR] [--json FILE] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from branchpress.studio.preview import PreviewSite
from branchpress.studio.preview_worker import PreviewBuilder, warm_up
from serve import retitle

from bench import OUT_DIR, make_cold, make_records, note, write_full_site

BASE_URL = "http://127.0.0.1:8001/preview/"
PREVIEW_DIR = Path(".cache") / "branchpress" / "studio" / "preview"
PAUSE = 1.0  # before each edit: staff take longer than this to type one, and the worker warms up


def first_build(root: Path) -> tuple[PreviewSite, float, float]:
    """A new PreviewSite's first build: (the site, wall seconds, the worker's build seconds)."""
    preview = PreviewSite(root / "mkdocs.yml", root / PREVIEW_DIR, BASE_URL)
    start = time.perf_counter()
    state = preview.rebuild()
    wall = time.perf_counter() - start
    if not state.ok:
        raise SystemExit("the preview's first build failed:\n" + "\n".join(state.messages))
    return preview, wall, state.seconds


def shows(preview: PreviewSite, url: str, marker: str) -> bool:
    page = preview.page_path(url)
    return page is not None and marker in page.read_text(encoding="utf-8")


def measure_edits(
    preview: PreviewSite, source: Path, url: str, edits: int
) -> tuple[list[float], list[float]]:
    """(seconds from the write to the page, the worker's build seconds) of each edit."""
    shown, builds = [], []
    for number in range(1, edits + 1):
        marker = f"（修订{number}）"
        time.sleep(PAUSE)
        start = time.perf_counter()
        retitle(source, marker)
        state = preview.rebuild()
        if not state.ok or not shows(preview, url, marker):
            raise SystemExit(f"edit {number} did not show at {url}: {state}")
        shown.append(time.perf_counter() - start)
        builds.append(state.seconds)
    return shown, builds


def profile_rebuild(root: Path, source: Path, top: int = 40) -> Path:
    """One warm rebuild after an edit under cProfile, with the worker's own builder."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    builder = PreviewBuilder(str(root / "mkdocs.yml"), str(root / PREVIEW_DIR), BASE_URL)
    builder.build()
    warm_up()  # as the worker does after its first build
    retitle(source, "（剖析）")
    profiler = cProfile.Profile()
    profiler.runcall(builder.build)
    builder.shutdown()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / "studio-rebuild.pstats"
    profiler.dump_stats(out)
    pstats.Stats(str(out), stream=sys.stderr).sort_stats("cumulative").print_stats(top)
    return out


def run(count: int, edits: int, work: Path, profile: bool) -> dict:
    root = work / "site"
    records = make_records(count)
    note(f"[{count}] writing {count} records")
    write_full_site(root, records)
    newest = max(records, key=lambda r: (r.day, r.time, r.index))
    source = root / "content" / newest.path
    url = f"activities/{newest.day.year}/{newest.day.month:02d}/{newest.slug}/"

    make_cold(root)
    note(f"[{count}] preview: cold first build")
    cold, cold_wall, cold_build = first_build(root)
    cold.close()
    note(f"[{count}] preview: first build of a new worker over the cache")
    preview, warm_wall, warm_build = first_build(root)
    try:
        note(f"[{count}] preview: {edits} edits of the newest record's title")
        shown, builds = measure_edits(preview, source, url, edits)
        news = preview.page_path("news/")
        listed = news is not None and f"（修订{edits}）" in news.read_text(encoding="utf-8")
    finally:
        preview.close()
    result = {
        "records": count,
        "cold_first_build_s": round(cold_wall, 2),
        "cold_worker_build_s": cold_build,
        "warm_cache_first_build_s": round(warm_wall, 2),
        "warm_cache_worker_build_s": warm_build,
        "save_to_page_s": [round(s, 3) for s in shown],
        "save_to_page_median_s": round(statistics.median(shown), 3),
        "save_to_page_min_s": round(min(shown), 3),
        "save_to_page_max_s": round(max(shown), 3),
        "rebuild_median_s": round(statistics.median(builds), 3),
        "news_shows_edit": listed,
    }
    if profile:
        note(f"[{count}] preview: one rebuild under cProfile")
        result["profile"] = str(profile_rebuild(root, source))
    return result


def report(result: dict) -> str:
    return (
        f"studio preview, {result['records']} records:\n"
        f"  first build: cold {result['cold_first_build_s']} s (worker {result['cold_worker_build_s']} s), "
        f"warm cache {result['warm_cache_first_build_s']} s (worker {result['warm_cache_worker_build_s']} s)\n"
        f"  保存 to page shown: {result['save_to_page_s']}, median {result['save_to_page_median_s']} s, "
        f"min {result['save_to_page_min_s']} s, max {result['save_to_page_max_s']} s "
        f"(worker's rebuild median {result['rebuild_median_s']} s; news page shows the edit: "
        f"{'yes' if result['news_shows_edit'] else 'NO'})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000, metavar="N", help="number of records (1000)")
    parser.add_argument("--edits", type=int, default=5, help="title edits to time (5)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build in DIR and keep it afterwards")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--profile", action="store_true", help="profile one rebuild (bench/out/)")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bp-studio-bench-"))
    if args.keep:
        shutil.rmtree(work / "site", ignore_errors=True)
    try:
        result = run(args.records, args.edits, work, args.profile)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(report(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
