"""Every share image of one build: which it publishes, which the cache already has, the rest
rendered on all cores while MkDocs renders the pages.

Images are named by their content key (`assets/cards/<key>.jpg`), so a changed title
is a new URL that WeChat's and other sites' image caches cannot confuse with the old one.
"""

from __future__ import annotations

from .cache import KINDS, ShareCache, ShareJob, ShareResult, share_key
from .cards import CardText
from .look import ShareBrand
from .poster import PosterText
from .renderer import Renderer

SITE_FOLDERS = {"card": "assets/cards", "poster": "assets/posters"}


def site_path(kind: str, key: str) -> str:
    return f"{SITE_FOLDERS[kind]}/{key}.{KINDS[kind][1]}"


class ShareBatch:
    def __init__(self, cache: ShareCache, brand: ShareBrand, workers: int) -> None:
        self.cache = cache
        self.brand = brand
        self.jobs: dict[str, ShareJob] = {}  # key -> job, every card and poster published
        self.icons: ShareJob | None = None
        self._renderer = Renderer(workers)
        self._submitted: set[str] = set()

    def add(self, kind: str, spec: CardText | PosterText, cover_path: str | None = None) -> str:
        """Publish an image of this spec; its key (the same spec twice is one image)."""
        key = share_key(kind, self.brand, spec)
        if key not in self.jobs:
            self.jobs[key] = ShareJob(kind, key, self.cache.target(kind, key), self.brand, spec, cover_path)
        return key

    def add_icons(self) -> None:
        key = share_key("icons", self.brand)
        self.icons = ShareJob("icons", key, self.cache.target("icons", key), self.brand)

    def start(self) -> None:
        """Start rendering what the cache lacks so far (records' images, known from the store)."""
        early = [job for job in self.jobs.values() if not self.cache.is_ready(job)]
        self._submitted = {job.key for job in early}
        self._renderer.submit(early)

    def finish(self) -> list[ShareResult]:
        """Render the rest (pages' cards, the icons) and wait for every image."""
        late = [j for j in self.jobs.values() if j.key not in self._submitted and not self.cache.is_ready(j)]
        if self.icons is not None and not self.cache.is_ready(self.icons):
            late.append(self.icons)
        self._renderer.submit(late)
        return self._renderer.results()

    def close(self) -> None:
        self._renderer.close()
