"""Every photo of a build: from the cache where it is there, the rest processed on all cores.

Problems name each record and field that uses a bad photo, so staff can find it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from branchpress.core.problems import Problem, Severity

from .cache import JobResult, PhotoCache, PhotoJob, run_job
from .photos import ProcessedPhoto
from .uses import PhotoUse

Progress = Callable[[str], None]


def process_photos(
    uses: dict[str, list[PhotoUse]], docs_dir: Path, cache: PhotoCache, workers: int, progress: Progress
) -> tuple[dict[str, ProcessedPhoto], list[Problem]]:
    """Docs path -> processed photo for every usable photo, and the problems of the others."""
    processed: dict[str, ProcessedPhoto] = {}
    problems: list[Problem] = []
    jobs: list[tuple[str, PhotoJob]] = []
    for path in sorted(uses):
        try:
            key = cache.key_for(docs_dir / path)
        except OSError as error:
            problems += _problems(
                uses[path], f"无法读取（{error.strerror}）。", "检查照片文件是否存在、能否打开。"
            )
            continue
        photo = cache.lookup(key)
        if photo is not None:
            processed[path] = photo
        else:
            jobs.append((path, cache.job(docs_dir / path, key)))
    progress(f"照片：共 {len(uses)} 张，{len(uses) - len(jobs)} 张取自缓存，{len(jobs)} 张需要处理。")
    for (path, _job), result in zip(jobs, run_jobs([job for _, job in jobs], workers, progress), strict=True):
        if result.error is not None:
            problems += _problems(uses[path], *result.error)
        elif result.photo is not None:
            processed[path] = result.photo
    return processed, problems + alt_warnings(uses)


def run_jobs(jobs: list[PhotoJob], workers: int, progress: Progress) -> list[JobResult]:
    """Process photos on every core, reporting progress on long runs (also the portal's copies)."""
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        return _collect(map(run_job, jobs), len(jobs), progress)
    # forkserver: mkdocs serve runs threads, and forking a threaded process can hang.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return _collect(pool.map(run_job, jobs, chunksize=1), len(jobs), progress)


def _collect(results: Iterable[JobResult], total: int, progress: Progress) -> list[JobResult]:
    step = max(1, total // 10)
    collected: list[JobResult] = []
    for done, result in enumerate(results, start=1):
        collected.append(result)
        if total >= 20 and (done % step == 0 or done == total):
            progress(f"照片处理进度：{done}/{total}")
    return collected


def _problems(uses: list[PhotoUse], message: str, fix: str) -> list[Problem]:
    return [
        Problem(use.record.source, use.line, use.field, f"照片“{use.src}”：{message}", fix) for use in uses
    ]


def alt_warnings(uses: dict[str, list[PhotoUse]]) -> list[Problem]:
    """Screen readers need words for each gallery photo: alt, else the caption."""
    return [
        Problem(
            use.record.source,
            use.line,
            use.field,
            f"照片“{use.src}”没有说明文字，看不见图片的读者不知道它拍了什么。",
            f"写成 - {{src: {use.src}, caption: 一句话说明}}，或加 alt。",
            Severity.WARNING,
        )
        for path in sorted(uses)
        for use in uses[path]
        if use.field == "photos" and use.photo is not None and not (use.photo.alt or use.photo.caption)
    ]
