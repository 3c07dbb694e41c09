"""`branchpress/images`: every photo a record uses becomes small, private, responsive renditions.

`on_files` finds the photos (cover, photos and images in the body), takes what
it can from the cache, processes the rest on all cores, reports every bad photo
together, then publishes the renditions and replaces each original in the site
by a processed copy: an original file never reaches `site/`.
"""

from __future__ import annotations

import html as html_module
import multiprocessing
import os
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from branchpress.core.imaging.cache import JobResult, PhotoCache, PhotoJob, run_job
from branchpress.core.imaging.photos import PhotoSettings, ProcessedPhoto
from branchpress.core.imaging.uses import PhotoUse, find_photo_uses
from branchpress.core.imaging.views import PhotoView, rendition_path
from branchpress.core.problems import Problem, Severity
from branchpress.records.plugin import RecordsPlugin
from branchpress.theme import add_stylesheet, register_templates

from .config import ImagesConfig

log = get_plugin_logger(__name__)

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".tif", ".tiff", ".bmp"}
STYLESHEET = "assets/branchpress/images.css"
# An image alone in its paragraph (becomes a figure with a caption), or inline.
_BODY_IMAGE = re.compile(r"(?P<open><p>\s*)?(?P<img><img\b[^>]*>)(?(open)\s*</p>)")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


class ImagesPlugin(BasePlugin[ImagesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._records: RecordsPlugin | None = None
        self._settings = PhotoSettings()
        self._cache_root = Path(".cache/branchpress")
        self._views: dict[str, PhotoView] = {}
        self._by_url: dict[str, str] = {}  # URL of a replaced original -> its docs path
        self._cache: PhotoCache | None = None
        self._body_template = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        records = config.plugins.get("branchpress/records")
        if not isinstance(records, RecordsPlugin):
            raise PluginError(
                "branchpress/images 需要 branchpress/records：请在 mkdocs.yml 的 plugins 里加上它。"
            )
        widths = tuple(sorted(set(self.config.widths)))
        if not widths or min(widths) < 16:
            raise PluginError(
                "branchpress/images 的 widths 必须是一组不小于 16 的像素宽度，例如 [480, 960, 1600]。"
            )
        self._records = records
        self._settings = PhotoSettings(
            widths=widths,
            webp_quality=self.config.webp_quality,
            jpeg_quality=self.config.jpeg_quality,
            max_pixels=int(self.config.max_megapixels * 1_000_000),
        )
        self._cache_root = Path(config.config_file_path or ".").resolve().parent / self.config.cache_dir
        register_templates(config)
        add_stylesheet(config, STYLESHEET)
        return config

    @event_priority(90)  # right after the store is loaded, before pages and feeds use photos
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._records is not None
        docs_dir = Path(config.docs_dir)
        uses = find_photo_uses(self._records.store, docs_dir)
        cache = PhotoCache(self._cache_root, self._settings)
        processed, problems = self._process(uses, docs_dir, cache)
        problems += _alt_warnings(uses)
        for problem in problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        errors = [p for p in problems if p.is_error]
        if errors:
            raise PluginError(
                f"有 {len(errors)} 张照片无法使用，网站没有生成。请按上面的修改方法处理后再试。"
            )
        cache.save_index()
        pruned = cache.prune()
        if pruned:
            log.info(f"照片缓存：清理了 {pruned} 个不再使用的条目。")
        self._cache = cache
        self._publish(files, config, processed, cache)
        self._drop_unused_originals(files, processed)
        self._views = {path: PhotoView(photo) for path, photo in processed.items()}
        return files

    def _process(
        self, uses: dict[str, list[PhotoUse]], docs_dir: Path, cache: PhotoCache
    ) -> tuple[dict[str, ProcessedPhoto], list[Problem]]:
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
        log.info(f"照片：共 {len(uses)} 张，{len(uses) - len(jobs)} 张取自缓存，{len(jobs)} 张需要处理。")
        for (path, _job), result in zip(jobs, self._run([job for _, job in jobs]), strict=True):
            if result.error is not None:
                problems += _problems(uses[path], *result.error)
            elif result.photo is not None:
                processed[path] = result.photo
        return processed, problems

    def _run(self, jobs: list[PhotoJob]) -> list[JobResult]:
        """Process photos on every core, reporting progress on long runs."""
        workers = min(self.config.workers or os.cpu_count() or 1, len(jobs))
        step = max(1, len(jobs) // 10)
        if workers <= 1:
            return self._collect(map(run_job, jobs), len(jobs), step)
        # forkserver: mkdocs serve runs threads, and forking a threaded process can hang.
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return self._collect(pool.map(run_job, jobs, chunksize=1), len(jobs), step)

    @staticmethod
    def _collect(results, total: int, step: int) -> list[JobResult]:
        collected: list[JobResult] = []
        for done, result in enumerate(results, start=1):
            collected.append(result)
            if total >= 20 and (done % step == 0 or done == total):
                log.info(f"照片处理进度：{done}/{total}")
        return collected

    def _publish(
        self, files: Files, config: MkDocsConfig, processed: dict[str, ProcessedPhoto], cache: PhotoCache
    ) -> None:
        added: set[str] = set()
        self._by_url = {}
        for path, photo in processed.items():
            folder = cache.folder(photo.key)
            for rendition in photo.renditions:
                target = rendition_path(photo, rendition)
                if target not in added:  # two identical photos share renditions
                    added.add(target)
                    files.append(File.generated(config, target, abs_src_path=str(folder / rendition.name)))
            # Links in the body keep working, but now lead to a processed, metadata-free copy.
            original = files.get_file_from_path(path)
            if original is not None:
                files.remove(original)
            largest = photo.of_format("jpg")[-1]
            replacement = File.generated(
                config, path, abs_src_path=str(folder / largest.name), inclusion=InclusionLevel.NOT_IN_NAV
            )
            replacement.dest_uri = posixpath.splitext(path)[0] + ".jpg"
            replacement.url = replacement.dest_uri
            files.append(replacement)
            self._by_url[replacement.url] = path

    def _drop_unused_originals(self, files: Files, processed: dict[str, ProcessedPhoto]) -> None:
        """Photos lying in the activities folder that no record uses are not published either."""
        prefix = self._records.settings.activities_dir + "/"  # type: ignore[union-attr]
        for file in list(files):
            if (
                file.src_uri.startswith(prefix)
                and Path(file.src_uri).suffix.lower() in IMAGE_SUFFIXES
                and file.src_uri not in processed
            ):
                files.remove(file)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # mkdocs-glightbox adds its script to every page unless told not to: only galleries need it.
        record = self._records.store.by_source.get(page.file.src_uri) if self._records else None
        if record is None or not (record.photos or "<img" in markdown or "![" in markdown):
            page.meta.setdefault("glightbox", False)
        return markdown

    @event_priority(50)  # before mkdocs-glightbox wraps plain <img> elements
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Body images that are record photos become responsive <picture> elements.

        This runs before MkDocs' on_env, so the theme environment is fetched here;
        the markup still comes from an overridable template.
        """
        if "<img" not in html or not self._by_url:
            return html
        if self._body_template is None:
            self._body_template = config.theme.get_env().get_template("branchpress/partials/body-photo.html")
        base = posixpath.dirname(page.file.url.rstrip("/") + "/x")
        context = {"page": page, "base_url": get_relative_url(".", page.url), "sizes": self.config.sizes}

        def upgrade(match: re.Match) -> str:
            attributes = dict(_ATTRIBUTE.findall(match.group("img")))
            src = attributes.get("src", "")
            if "://" in src or src.startswith(("/", "data:")):
                return match.group(0)
            path = self._by_url.get(posixpath.normpath(posixpath.join(base, src)))
            view = self._views.get(path) if path else None
            if view is None:
                return match.group(0)
            alt = html_module.unescape(attributes.get("alt", ""))
            standalone = match.group("open") is not None
            return self._body_template.render(view=view.with_text(alt, alt), standalone=standalone, **context)

        return _BODY_IMAGE.sub(upgrade, html)

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


def _problems(uses: list[PhotoUse], message: str, fix: str) -> list[Problem]:
    return [
        Problem(use.record.source, use.line, use.field, f"照片“{use.src}”：{message}", fix) for use in uses
    ]


def _alt_warnings(uses: dict[str, list[PhotoUse]]) -> list[Problem]:
    """Screen readers need words for each gallery photo: alt, else the caption."""
    warnings = []
    for path in sorted(uses):
        for use in uses[path]:
            if use.field == "photos" and use.photo is not None and not (use.photo.alt or use.photo.caption):
                warnings.append(
                    Problem(
                        use.record.source,
                        use.line,
                        use.field,
                        f"照片“{use.src}”没有说明文字，看不见图片的读者不知道它拍了什么。",
                        f"写成 - {{src: {use.src}, caption: 一句话说明}}，或加 alt。",
                        Severity.WARNING,
                    )
                )
    return warnings
