"""`branchpress/share`: social cards, WeChat posters and site icons, in the brand.

Every page gets a 1200×630 card (og:image) and Open Graph / Twitter tags in its
head; recent and featured records a 1080×1920 poster with a QR code, opened by the
分享海报 button, older ones a button to their card (core/share/posters.py); the site
favicon.ico and apple-touch-icon from the brand logo.

Records' images are known once the store is loaded and start rendering in
`on_files` (core/share/batch.py); a listing's or culture page's card needs the
page's title, so it is added in `on_post_page` and rendered with the rest in
`on_post_build`, which puts every image from the cache into the site.
"""

from __future__ import annotations

import os
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .. import stages
from ..adapter import records_of, service_of, site_url_of
from ..core.records.model import Record
from ..core.share.batch import ShareBatch, site_path
from ..core.share.cache import ShareCache, render_summary
from ..core.share.look import ShareBrand, ShareBrandError
from ..core.share.poster import COVER
from ..core.share.posters import PosterPolicy, PosterPolicyError
from ..core.share.subjects import PageSubjects, record_card, record_poster, share_tags
from ..core.text import plain_text
from ..services import PhotoLibrary, RecordsContext, SiteSections
from ..theme import add_stylesheet, register_templates
from .brand import share_brand
from .config import ShareConfig

log = get_plugin_logger(__name__)

STYLESHEET = "assets/branchpress/share.css"
NAME = "branchpress/share"
META_TEMPLATE = "branchpress/partials/share-meta.html"


class SharePlugin(BasePlugin[ShareConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._records: RecordsContext | None = None
        self._brand: ShareBrand | None = None
        self._site_url = ""
        self._cache: ShareCache | None = None
        self._batch: ShareBatch | None = None
        self._record_cards: dict[str, str] = {}  # record source -> card key
        self._posters: dict[str, str] = {}  # record source -> poster key
        self._card_buttons: dict[str, str] = {}  # record source -> card a button opens instead
        self._policy = PosterPolicy()
        self._subjects: PageSubjects | None = None
        self._env = None
        self._serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A serve rebuild is not the moment to walk the whole cache: it is pruned at shutdown.
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._records = records_of(config, NAME)
        self._site_url = site_url_of(config, NAME, "分享卡片和海报二维码必须指向完整网址。")
        try:
            self._brand = share_brand(config, self.config)
            self._policy = PosterPolicy.of(self.config.posters, self.config.poster_days)
        except (ShareBrandError, PosterPolicyError) as error:
            raise PluginError(str(error)) from None
        self._cache_root = self._records.cache_dir
        register_templates(config)
        add_stylesheet(config, STYLESHEET)
        return config

    @event_priority(stages.START_SHARE_IMAGES)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._records is not None and self._brand is not None
        store = self._records.store
        if self._cache is None or self._cache.root != self._cache_root / "share":
            self._cache = ShareCache(self._cache_root)
        self._cache.begin()
        self._batch = batch = ShareBatch(self._cache, self._brand, self.config.workers or os.cpu_count() or 1)
        self._record_cards, self._posters, self._card_buttons = {}, {}, {}
        sections = service_of(config, SiteSections)
        culture = sections.culture_dir if sections is not None else "culture"
        settings = self._records.settings
        self._subjects = PageSubjects(store, settings, config.site_name, self._site_url, culture)
        images = service_of(config, PhotoLibrary)
        now = settings.current_time()
        for record in store:
            card = self._record_cards[record.source] = batch.add("card", record_card(record))
            if not self._policy.covers(record, now):
                if self._policy.offers_cards:
                    self._card_buttons[record.source] = site_path("card", card)
                continue
            cover = record.cover.path if record.cover and images else None
            cover_id, cover_path = images.rendition_filling(cover, COVER) if cover else ("", None)
            poster = record_poster(record, urljoin(self._site_url, record.url), cover_id)
            self._posters[record.source] = batch.add("poster", poster, cover_path)
        if (planner := self._records.planner) is not None:
            # A record's page names its card in <head> and its poster or card on the button.
            for record in store:
                source = record.source
                planner.depend(
                    source, NAME, self._record_cards[source], self.poster(record), self.card(record)
                )
        icons = ("favicon.ico", "apple-touch-icon.png")
        if self._brand.logo is not None and not any(name in files for name in icons):
            batch.add_icons()
        batch.start()
        return files

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self._env = env
        env.globals["bp_share_poster"] = self.poster
        env.globals["bp_share_card"] = self.card
        return env

    def poster(self, record: Record) -> str | None:
        """Site path of a record's poster, for templates (`bp_share_poster(record)`)."""
        key = self._posters.get(record.source)
        return site_path("poster", key) if key else None

    def card(self, record: Record) -> str | None:
        """Site path of the card a record's share button opens when it has no poster."""
        return self._card_buttons.get(record.source)

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
            title = config.site_name if page.is_homepage else plain_text(page.title) or config.site_name
            card = self._subjects.card(page.file.src_uri, title, page.is_homepage)
            key = self._batch.add("card", card)
            description = plain_text(page.meta.get("description")) or config.site_description or ""
        share = share_tags(
            site_name=config.site_name,
            page_url=page.canonical_url or urljoin(self._site_url, page.url),
            image_url=urljoin(self._site_url, site_path("card", key)),
            card=card,
            title=title,
            description=description,
            record=record,
        )
        share.update(icons=self._batch.icons is not None, base_url=get_relative_url(".", page.url))
        meta = self._env.get_template(META_TEMPLATE).render(share=share)
        return output[:head_end] + meta + output[head_end:]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        batch = self._batch
        results = batch.finish()
        errors = [result for result in results if result.error]
        for result in errors:
            log.error(f"分享图（{result.job.kind}）生成失败：{result.error}")
        if errors:
            raise PluginError(f"有 {len(errors)} 张分享图无法生成，网站没有生成完整。")
        log.info(render_summary(batch.jobs.values(), results))
        outputs = self._records.outputs
        for job in batch.jobs.values():
            outputs.place(site_path(job.kind, job.key), job.target, NAME)
        if batch.icons is not None:
            for name in sorted(p.name for p in batch.icons.target.iterdir()):
                # Fixed names, not keyed by content: written afresh.
                outputs.write(name, (batch.icons.target / name).read_bytes(), NAME)
        if not self._serving:
            self._prune()

    def _prune(self) -> None:
        pruned = self._cache.prune() if self._cache is not None else 0
        if pruned:
            log.info(f"分享图缓存：清理了 {pruned} 个不再使用的条目。")

    def on_build_error(self, *, error: Exception) -> None:
        if self._batch is not None:
            self._batch.close()

    def on_shutdown(self) -> None:
        if self._batch is not None:
            self._batch.close()
        if self._serving:
            self._prune()
