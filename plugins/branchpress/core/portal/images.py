"""Each item's first image, copied into the portal: never hot-linked from the member's host.

An image is downloaded once (same limits as feeds), kept by URL in the portal cache and
re-encoded through the photo pipeline (core/imaging: resized, metadata stripped, WebP
and JPEG), so a page of the portal requests nothing from another host. An image that
cannot be copied leaves its item without a picture; it is tried again when its
member's feed changes, not on every build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from branchpress.core.imaging.batch import run_jobs
from branchpress.core.imaging.cache import PhotoCache, PhotoJob
from branchpress.core.imaging.photos import ProcessedPhoto

from .cache import PortalCache
from .fetch import IMAGE_ACCEPT, Fetcher, FetchError, Limits, read_file
from .gather import MemberReport, Outcome
from .members import Member


@dataclass
class CopiedImages:
    photos: dict[str, ProcessedPhoto] = field(default_factory=dict)  # image URL -> its copy
    files: dict[str, Path] = field(default_factory=dict)  # image URL -> downloaded file
    failed: dict[str, list[str]] = field(default_factory=dict)  # member slug -> causes

    def warnings(self, members: Sequence[Member]) -> list[str]:
        """One line per member with images that could not be copied, in the members' order."""
        return [
            f"成员支部“{m.name}”有 {len(self.failed[m.slug])} 张图片无法复制（{self.failed[m.slug][0]}），"
            "这些条目不显示图片。"
            for m in members
            if m.slug in self.failed
        ]


def copy_images(
    reports: Sequence[MemberReport],
    cache: PortalCache,
    photos: PhotoCache,
    fetcher: Fetcher | None,
    limits: Limits,
    workers: int,
    progress: Callable[[str], None],
) -> CopiedImages:
    """The portal's copy of every item's first image that can be had; `fetcher` None: offline."""
    owners: dict[str, MemberReport] = {}
    for report in reports:
        for item in report.items:
            if item.image:
                owners.setdefault(item.image, report)
    failed_before = cache.failed_images()
    failed: dict[str, str] = {}
    copied = CopiedImages()
    to_fetch: list[str] = []
    for url, report in owners.items():
        path = cache.image_path(url)
        if path.is_file():
            copied.files[url] = path
        elif url in failed_before and (fetcher is None or report.outcome is not Outcome.UPDATED):
            failed[url] = failed_before[url]  # not tried again until the feed changes
        elif fetcher is not None:
            to_fetch.append(url)
    if to_fetch:
        progress(f"成员支部图片：{len(owners)} 张，{len(to_fetch)} 张需要下载。")

    def download(url: str) -> tuple[str, Path | None, str]:
        try:
            return url, cache.save_image(url, _image_bytes(owners[url].member, url, fetcher, limits)), ""
        except FetchError as error:
            return url, None, str(error)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for url, path, cause in pool.map(download, to_fetch):
            if path is not None:
                copied.files[url] = path
            else:
                failed[url] = cause
    fetched = set(to_fetch)
    # One job per photo key: items of several members may carry the very same picture.
    jobs: dict[str, tuple[PhotoJob, list[str]]] = {}
    for url, path in sorted(copied.files.items()):
        if url in failed_before and url not in fetched and owners[url].outcome is not Outcome.UPDATED:
            failed[url] = failed_before[url]  # downloaded, but no picture Pillow could read
            continue
        key = photos.key_for(path)
        photo = photos.lookup(key)
        if photo is not None:
            copied.photos[url] = photo
        elif key in jobs:
            jobs[key][1].append(url)
        else:
            jobs[key] = (photos.job(path, key), [url])
    results = run_jobs([job for job, _ in jobs.values()], 0, progress)
    for (_job, urls), result in zip(jobs.values(), results, strict=True):
        for url in urls:
            if result.photo is not None:
                copied.photos[url] = result.photo
            else:
                failed[url] = "不是可用的图片"
    for url, cause in sorted(failed.items()):
        copied.failed.setdefault(owners[url].member.slug, []).append(cause)
    cache.save_failed_images(failed)
    return copied


def _image_bytes(member: Member, url: str, fetcher: Fetcher | None, limits: Limits) -> bytes:
    if member.local_feed is not None:
        path = member.local_file_for(url)
        if path is None:
            raise FetchError("本地订阅源旁边没有这张图片")
        return read_file(path, limits)
    if fetcher is None:  # pragma: no cover - offline builds download nothing
        raise FetchError("离线生成")
    response = fetcher.get(url, accept=IMAGE_ACCEPT)
    if not response.body:
        raise FetchError("图片是空的")
    return response.body
