"""`branchpress/images`: every photo a record uses becomes small, private, responsive renditions.

`on_files` finds the photos (cover, photos and images in the body), takes what
it can from the cache, processes the rest on all cores, reports every bad photo
together, then publishes the renditions and replaces each original in the site
by a processed copy: an original file never reaches `site/`.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .. import stages
from ..adapter import Outputs, records_of, stop_on_problems
from ..core.imaging.batch import process_photos
from ..core.imaging.body import upgrade_body_images
from ..core.imaging.cache import PhotoCache
from ..core.imaging.photos import PhotoSettings, ProcessedPhoto
from ..core.imaging.uses import find_photo_uses
from ..core.imaging.views import PhotoView, rendition_path
from ..services import PhotoLibrary
from ..theme import add_stylesheet, register_templates, template_env
from .config import ImagesConfig, photo_settings

log = get_plugin_logger(__name__)

NAME = "branchpress/images"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".tif", ".tiff", ".bmp"}
STYLESHEET = "assets/branchpress/images.css"
SUMMARY = "有 {errors} 张照片无法使用，网站没有生成。请按上面的修改方法处理后再试。"


class ImagesPlugin(BasePlugin[ImagesConfig], PhotoLibrary):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._settings = PhotoSettings()
        self._cache_root = Path(".cache/branchpress")
        self._views: dict[str, PhotoView] = {}
        self._by_url: dict[str, str] = {}  # URL of a replaced original -> its docs path
        self._cache: PhotoCache | None = None
        self._body_template = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._settings = photo_settings(self.config)
        self._cache_root = records_of(config, NAME).cache_dir
        register_templates(config)
        add_stylesheet(config, STYLESHEET)
        return config

    @event_priority(stages.PROCESS_PHOTOS)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        records = records_of(config, NAME)
        docs_dir = Path(config.docs_dir)
        uses = find_photo_uses(records.store, docs_dir)
        cache = PhotoCache(self._cache_root, self._settings)
        processed, problems = process_photos(uses, docs_dir, cache, self.config.workers, log.info)
        stop_on_problems(log, problems, SUMMARY)
        cache.save_index()
        if pruned := cache.prune():
            log.info(f"照片缓存：清理了 {pruned} 个不再使用的条目。")
        self._cache = cache
        self._publish(files, records.outputs, processed, cache)
        # Photos lying in the activities folder that no record uses are not published either.
        prefix = records.settings.activities_dir + "/"
        for file in list(files):
            suffix = Path(file.src_uri).suffix.lower()
            if file.src_uri.startswith(prefix) and suffix in IMAGE_SUFFIXES and file.src_uri not in processed:
                files.remove(file)
        self._views = {path: PhotoView(photo) for path, photo in processed.items()}
        if records.planner is not None:
            # A page shows its photos' renditions, named by the photos' content.
            for path, found in sorted(uses.items()):
                photo = processed.get(path)
                for source in sorted({use.record.source for use in found}):
                    records.planner.depend(source, NAME, path, photo.key if photo else None)
        return files

    def _publish(
        self, files: Files, outputs: Outputs, processed: dict[str, ProcessedPhoto], cache: PhotoCache
    ) -> None:
        self._by_url = {}
        for path, photo in processed.items():
            folder = cache.folder(photo.key)
            for rendition in photo.renditions:
                target = rendition_path(photo, rendition)
                if target not in files:  # two identical photos share renditions
                    outputs.add_file(files, target, NAME, abs_src_path=str(folder / rendition.name))
            # Links in the body keep working, but now lead to a processed, metadata-free copy.
            if (original := files.get_file_from_path(path)) is not None:
                files.remove(original)
            largest = photo.of_format("jpg")[-1]
            dest = posixpath.splitext(path)[0] + ".jpg"
            outputs.add_file(files, path, NAME, abs_src_path=str(folder / largest.name), dest_uri=dest)
            self._by_url[dest] = path

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # mkdocs-glightbox adds its script to every page unless told not to: only galleries need it.
        record = records_of(config, NAME).store.by_source.get(page.file.src_uri)
        if record is None or not (record.photos or "<img" in markdown or "![" in markdown):
            page.meta.setdefault("glightbox", False)
        return markdown

    @event_priority(stages.BODY_PHOTOS)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Body images that are record photos become responsive <picture> elements.

        This runs before MkDocs' on_env, so the theme environment is fetched here;
        the markup still comes from an overridable template.
        """
        if "<img" not in html or not self._by_url:
            return html
        if self._body_template is None:
            self._body_template = template_env(config).get_template("branchpress/partials/body-photo.html")
        context = {"page": page, "base_url": get_relative_url(".", page.url), "sizes": self.config.sizes}

        def photo_at(url: str) -> PhotoView | None:
            path = self._by_url.get(url)
            return self._views.get(path) if path else None

        def render(view: PhotoView, standalone: bool) -> str:
            return self._body_template.render(view=view, standalone=standalone, **context)

        return upgrade_body_images(html, page.file.url, photo_at, render)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        env.globals["bp_photo"] = self.photo
        env.globals["bp_photo_sizes"] = self.config.sizes
        return env

    def photo(self, path: str, alt: str = "", caption: str = "") -> PhotoView | None:
        """The processed photo at a docs path, for templates (`bp_photo(record.cover.path)`)."""
        view = self._views.get(path)
        return view.with_text(alt, caption) if view else None

    def published_file(self, path: str) -> tuple[str, Path] | None:
        """(site path, file on disk) of a photo's largest rendition: what feeds enclose."""
        view = self._views.get(path)
        if view is None or self._cache is None:
            return None
        largest = view.photo.of_format("jpg")[-1]
        return view.largest, self._cache.folder(view.photo.key) / largest.name

    def rendition_filling(self, path: str, frame: tuple[int, int]) -> tuple[str, str | None]:
        """(identity, file) of the smallest rendition of a photo that fills a frame (a poster's
        cover); ("", None) for a photo this build did not process."""
        view, published = self._views.get(path), self.published_file(path)
        if view is None or published is None:
            return "", None
        name = view.filling(frame).name
        return f"{view.photo.key}/{name}", str(published[1].parent / name)
