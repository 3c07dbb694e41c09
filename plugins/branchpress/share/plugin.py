"""`branchpress/share`: social cards, WeChat posters and site icons, in the brand.

Every page gets a 1200×630 card (og:image) and Open Graph / Twitter tags in its
head; every record a 1080×1920 poster with a QR code, opened by the 分享海报
button; the site favicon.ico and apple-touch-icon from the brand logo.

Images are named by their content key (`assets/cards/<key>.jpg`,
`assets/posters/<key>.jpg`), so a changed title is a new URL that WeChat's and
other sites' image caches cannot confuse with the old one. Records' images are
known once the store is loaded and start rendering in worker processes in
`on_files`, overlapping MkDocs' page rendering; a listing's or culture page's card
needs the page's title, so it is described in `on_post_page` and rendered with the
rest in `on_post_build`, which copies every image from the cache into the site.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .. import stages
from ..adapter import plugin_of, project_path, records_of, site_url_of
from ..brand.plugin import BrandPlugin
from ..core.records.model import Record
from ..core.share.cache import KINDS, ShareCache, ShareJob, render_summary, share_key
from ..core.share.cards import CardText
from ..core.share.look import BrandDefaults, ShareBrand, ShareBrandError, resolve_share_brand
from ..core.share.poster import COVER, PosterText
from ..core.share.subjects import PageSubjects, record_card, record_poster, share_tags
from ..images.plugin import ImagesPlugin
from ..pages.plugin import PagesPlugin
from ..records.plugin import RecordsPlugin
from ..theme import add_stylesheet, register_templates
from .config import ShareConfig
from .renderer import Renderer

log = get_plugin_logger(__name__)

STYLESHEET = "assets/branchpress/share.css"
NAME = "branchpress/share"
META_TEMPLATE = "branchpress/partials/share-meta.html"
SITE_FOLDERS = {"card": "assets/cards", "poster": "assets/posters"}


class SharePlugin(BasePlugin[ShareConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._records: RecordsPlugin | None = None
        self._brand: ShareBrand | None = None
        self._site_url = ""
        self._cache: ShareCache | None = None
        self._renderer: Renderer | None = None
        self._jobs: dict[str, ShareJob] = {}  # key -> job, every image this build publishes
        self._record_cards: dict[str, str] = {}  # record source -> card key
        self._posters: dict[str, str] = {}  # record source -> poster key
        self._icons: ShareJob | None = None
        self._submitted: set[str] = set()  # keys already handed to the renderer in on_files
        self._subjects: PageSubjects | None = None
        self._env = None
        self._serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A serve rebuild is not the moment to walk the whole cache: it is pruned at shutdown.
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._records = records_of(config, NAME)
        self._site_url = site_url_of(config, NAME, "分享卡片和海报二维码必须指向完整网址。")
        self._brand = self._load_brand(config)
        self._cache_root = project_path(config, self.config.cache_dir)
        register_templates(config)
        add_stylesheet(config, STYLESHEET)
        return config

    def _load_brand(self, config: MkDocsConfig) -> ShareBrand:
        # One brand for the whole site: branchpress/brand (listed earlier, so configured by now)
        # supplies whatever this plugin's own options leave out.
        brand_plugin = plugin_of(config, "branchpress/brand", BrandPlugin)
        site_brand = brand_plugin.configured_brand if brand_plugin is not None else None
        # The favicon is the coloured mark; theme.logo is often a white variant for the header.
        theme_logos = (config.theme.get("favicon"), config.theme.get("logo"))
        defaults = BrandDefaults.of_site(site_brand, config.site_description or "", theme_logos)
        options = self.config
        try:
            return resolve_share_brand(
                color=options.color,
                accent=options.accent,
                logo=options.logo,
                font=options.font,
                slogan=options.slogan,
                defaults=defaults,
                site_name=config.site_name,
                docs_dir=Path(config.docs_dir),
                project=project_path(config, "."),
            )
        except ShareBrandError as error:
            raise PluginError(str(error)) from None

    @event_priority(stages.START_SHARE_IMAGES)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._records is not None and self._brand is not None
        store = self._records.store
        if self._cache is None or self._cache.root != self._cache_root / "share":
            self._cache = ShareCache(self._cache_root)
        self._cache.begin()
        self._jobs, self._record_cards, self._posters = {}, {}, {}
        pages = plugin_of(config, "branchpress/pages", PagesPlugin)
        culture = pages.config.culture_dir if pages is not None else "culture"
        self._subjects = PageSubjects(
            store, self._records.settings, config.site_name, self._site_url, culture
        )
        images = plugin_of(config, "branchpress/images", ImagesPlugin)
        for record in store:
            self._record_cards[record.source] = self._add("card", record_card(record))
            if self.config.posters:
                cover_id, cover_path = _cover(images, record)
                poster = record_poster(record, urljoin(self._site_url, record.url), cover_id)
                self._posters[record.source] = self._add("poster", poster, cover_path)
        self._icons = None
        if self._brand.logo is not None and not any(
            name in files for name in ("favicon.ico", "apple-touch-icon.png")
        ):
            key = share_key("icons", self._brand)
            self._icons = ShareJob("icons", key, self._cache.target("icons", key), self._brand)
        self._renderer = Renderer(self.config.workers or os.cpu_count() or 1)
        early = [job for job in self._jobs.values() if not self._cache.is_ready(job)]
        self._submitted = {job.key for job in early}
        self._renderer.submit(early)
        return files

    def _add(self, kind: str, spec: CardText | PosterText, cover_path: str | None = None) -> str:
        assert self._brand is not None and self._cache is not None
        key = share_key(kind, self._brand, spec)
        if key not in self._jobs:
            self._jobs[key] = ShareJob(
                kind, key, self._cache.target(kind, key), self._brand, spec, cover_path
            )
        return key

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self._env = env
        env.globals["bp_share_poster"] = self.poster
        return env

    def poster(self, record: Record) -> str | None:
        """Site path of a record's poster, for templates (`bp_share_poster(record)`)."""
        key = self._posters.get(record.source)
        return f"{SITE_FOLDERS['poster']}/{key}.{KINDS['poster'][1]}" if key else None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Open Graph and Twitter tags and icon links, added to <head>.

        Injected here rather than through a `main.html` block so that a site overriding
        main.html keeps them; the tags come from an overridable template all the same.
        """
        head_end = output.find("</head>")
        if head_end == -1 or self._records is None or self._subjects is None:
            return output
        record = self._records.store.by_source.get(page.file.src_uri)
        if record is not None:
            card, key = record_card(record), self._record_cards[record.source]
            title, description = record.title, record.summary
        else:
            title = config.site_name if page.is_homepage else _plain(page.title) or config.site_name
            card = self._subjects.card(page.file.src_uri, title, page.is_homepage)
            key = self._add("card", card)
            description = _plain(page.meta.get("description")) or config.site_description or ""
        share = share_tags(
            site_name=config.site_name,
            page_url=page.canonical_url or urljoin(self._site_url, page.url),
            image_url=urljoin(self._site_url, f"{SITE_FOLDERS['card']}/{key}.{KINDS['card'][1]}"),
            card=card,
            title=title,
            description=description,
            record=record,
        )
        share.update(icons=self._icons is not None, base_url=get_relative_url(".", page.url))
        meta = self._env.get_template(META_TEMPLATE).render(share=share)
        return output[:head_end] + meta + output[head_end:]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self._cache is not None and self._renderer is not None
        late = [
            job
            for job in self._jobs.values()
            if job.key not in self._submitted and not self._cache.is_ready(job)
        ]
        if self._icons is not None and not self._cache.is_ready(self._icons):
            late.append(self._icons)
        self._renderer.submit(late)
        results = self._renderer.results()
        errors = [r for r in results if r.error]
        for result in errors:
            log.error(f"分享图（{result.job.kind}）生成失败：{result.error}")
        if errors:
            raise PluginError(f"有 {len(errors)} 张分享图无法生成，网站没有生成完整。")
        log.info(render_summary(self._jobs.values(), results))
        outputs = self._records.outputs
        for job in self._jobs.values():
            outputs.place(f"{SITE_FOLDERS[job.kind]}/{job.key}.{KINDS[job.kind][1]}", job.target, NAME)
        if self._icons is not None:
            for name in sorted(p.name for p in self._icons.target.iterdir()):
                # Fixed names, not keyed by content: written afresh.
                outputs.write(name, (self._icons.target / name).read_bytes(), NAME)
        if not self._serving:
            self._prune()

    def _prune(self) -> None:
        pruned = self._cache.prune() if self._cache is not None else 0
        if pruned:
            log.info(f"分享图缓存：清理了 {pruned} 个不再使用的条目。")

    def on_build_error(self, *, error: Exception) -> None:
        if self._renderer is not None:
            self._renderer.close()

    def on_shutdown(self) -> None:
        if self._renderer is not None:
            self._renderer.close()
        if self._serving:
            self._prune()


def _cover(images: ImagesPlugin | None, record: Record) -> tuple[str, str | None]:
    """Identity and file of the cover rendition a poster uses."""
    if record.cover is None or images is None:
        return "", None
    view, published = images.photo(record.cover.path), images.published_file(record.cover.path)
    if view is None or published is None:
        return "", None
    name = view.filling(COVER).name
    return f"{view.photo.key}/{name}", str(published[1].parent / name)


def _plain(value) -> str:
    """Titles are escaped Markup for Material's templates; cards and tags want the text."""
    if value is None:
        return ""
    return str(value.unescape()) if isinstance(value, Markup) else str(value)
