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
import shutil
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from branchpress.brand.plugin import BrandPlugin
from branchpress.core.brand.logo import LogoError, load_logo_file
from branchpress.core.records.model import Record
from branchpress.core.share.cache import KINDS, ShareCache, ShareJob, ShareResult, share_key
from branchpress.core.share.cards import MIME_TYPE as CARD_MIME_TYPE
from branchpress.core.share.cards import CardText
from branchpress.core.share.fonts import FontError, custom_face, missing_glyphs, packaged_face
from branchpress.core.share.look import ShareBrand, parse_color
from branchpress.core.share.poster import COVER, PosterText
from branchpress.core.share.subjects import PageSubjects, record_card
from branchpress.core.text import format_date
from branchpress.records.plugin import RecordsPlugin
from branchpress.theme import add_stylesheet, register_templates

from .config import ShareConfig
from .renderer import Renderer

log = get_plugin_logger(__name__)

STYLESHEET = "assets/branchpress/share.css"
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
        self._site_brand = None
        self._serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A serve rebuild is not the moment to walk the whole cache: it is pruned at shutdown.
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        records = config.plugins.get("branchpress/records")
        if not isinstance(records, RecordsPlugin):
            raise PluginError(
                "branchpress/share 需要 branchpress/records：请在 mkdocs.yml 的 plugins 里加上它。"
            )
        if not config.site_url:
            raise PluginError(
                "branchpress/share 需要网站的完整网址：请在 mkdocs.yml 里写 site_url，"
                "例如 site_url: https://dangjian.example.cn/ 。分享卡片和海报二维码必须指向完整网址。"
            )
        self._records = records
        self._site_url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        project = Path(config.config_file_path or ".").resolve().parent
        self._brand = self._load_brand(config, project)
        self._cache_root = project / self.config.cache_dir
        register_templates(config)
        add_stylesheet(config, STYLESHEET)
        return config

    def _load_brand(self, config: MkDocsConfig, project: Path) -> ShareBrand:
        # One brand for the whole site: branchpress/brand (listed earlier, so configured by now)
        # supplies whatever this plugin's own options leave out.
        site_brand = None
        brand_plugin = config.plugins.get("branchpress/brand")
        if isinstance(brand_plugin, BrandPlugin):
            try:
                site_brand = brand_plugin.brand
            except PluginError:
                site_brand = None  # listed after this plugin: not configured yet
        fallback = {
            "color": site_brand.palette.primary if site_brand else "#c8102e",
            "accent": site_brand.palette.accent if site_brand else "#e6b422",
        }
        self._site_brand = site_brand
        colors = {}
        for option in ("color", "accent"):
            value = self.config[option] or fallback[option]
            try:
                colors[option] = parse_color(value)
            except ValueError:
                raise PluginError(
                    f"branchpress/share 的 {option}“{value}”不是颜色：请写成 #c8102e 这样的十六进制颜色。"
                ) from None
        face = packaged_face()
        if self.config.font:
            path = project / self.config.font
            if not path.is_file():
                raise PluginError(
                    f"branchpress/share 的 font 指向的字体文件 {self.config.font} 不存在"
                    "（路径相对于 mkdocs.yml）：请检查文件名，或删掉 font 使用自带的思源黑体。"
                )
            try:
                face = custom_face(path)
            except FontError as error:
                raise PluginError(f"branchpress/share 的 font：{error}") from None
            missing = missing_glyphs(face, config.site_name + "活动分享长按识别二维码")
            if missing:
                raise PluginError(
                    f"branchpress/share 的 font {self.config.font} 不含中文字形（缺少“{missing[:8]}”）："
                    "请换用含中文的字体，例如 Noto Sans SC，或删掉 font 使用自带字体。"
                )
        return ShareBrand(
            color=colors["color"],
            accent=colors["accent"],
            logo=self._load_logo(config),
            face=face,
            site_name=config.site_name,
            slogan=self._slogan(config),
        )

    def _slogan(self, config: MkDocsConfig) -> str:
        if self.config.slogan is not None:
            return self.config.slogan
        if self._site_brand is not None:
            return self._site_brand.slogan
        return config.site_description or ""

    def _load_logo(self, config: MkDocsConfig):
        chosen = self.config.logo or (self._site_brand.logo if self._site_brand else None)
        if chosen:
            path = Path(config.docs_dir) / chosen
            if not path.is_file():
                raise PluginError(
                    f"branchpress/share 的 logo 指向的文件 {chosen} 在 {config.docs_dir} 里不存在："
                    "请写 docs 文件夹里标志文件的路径，例如 assets/brand/logo.svg。"
                )
        else:
            # The favicon is the coloured mark; theme.logo is often a white variant for the header.
            # Either may be Material's own default, which lies outside the docs folder: no logo then.
            candidates = [config.theme.get("favicon"), config.theme.get("logo")]
            found = [
                Path(config.docs_dir) / c for c in candidates if c and (Path(config.docs_dir) / c).is_file()
            ]
            if not found:
                return None
            path = found[0]
        try:
            return load_logo_file(path)
        except LogoError as error:
            raise PluginError(f"branchpress/share 的 logo：{error}") from None

    @event_priority(20)  # after branchpress/images has processed the covers, before the pages
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._records is not None and self._brand is not None
        store = self._records.store
        if self._cache is None or self._cache.root != self._cache_root / "share":
            self._cache = ShareCache(self._cache_root)
        self._cache.begin()
        self._jobs, self._record_cards, self._posters = {}, {}, {}
        culture = getattr(config.plugins.get("branchpress/pages"), "config", {}).get("culture_dir", "culture")
        self._subjects = PageSubjects(
            store, self._records.settings, config.site_name, self._site_url, culture
        )
        images = config.plugins.get("branchpress/images")
        for record in store:
            self._record_cards[record.source] = self._add("card", record_card(record))
            if self.config.posters:
                cover_id, cover_path = _cover(images, record)
                self._posters[record.source] = self._add(
                    "poster", self._poster_text(record, cover_id), cover_path
                )
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

    def _poster_text(self, record: Record, cover_id: str) -> PosterText:
        return PosterText(
            label=record.type_label,
            title=record.title,
            date=format_date(record.date),
            summary=record.summary,
            url=urljoin(self._site_url, record.url),
            cover=cover_id,
        )

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
        base = get_relative_url(".", page.url)
        meta = self._env.get_template(META_TEMPLATE).render(
            share={
                "type": "article" if record is not None else "website",
                "site_name": config.site_name,
                "title": title,
                "description": description,
                "url": page.canonical_url or urljoin(self._site_url, page.url),
                "image": urljoin(self._site_url, f"{SITE_FOLDERS['card']}/{key}.{KINDS['card'][1]}"),
                "image_type": CARD_MIME_TYPE,
                "image_alt": f"{card.label}：{card.title}" if card.label else card.title,
                "published": record.date.isoformat() if record is not None else "",
                "modified": record.updated.isoformat() if record is not None and record.updated else "",
                "icons": self._icons is not None,
                "base_url": base,
            }
        )
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
        self._report(results)
        site = Path(config.site_dir)
        for job in self._jobs.values():
            _copy(job.target, site / SITE_FOLDERS[job.kind] / f"{job.key}.{KINDS[job.kind][1]}")
        if self._icons is not None:
            for name in sorted(p.name for p in self._icons.target.iterdir()):
                # Fixed names, not keyed by content: copied afresh.
                shutil.copyfile(self._icons.target / name, site / name)
        if not self._serving:
            self._prune()

    def _prune(self) -> None:
        pruned = self._cache.prune() if self._cache is not None else 0
        if pruned:
            log.info(f"分享图缓存：清理了 {pruned} 个不再使用的条目。")

    def _report(self, results: list[ShareResult]) -> None:
        errors = [r for r in results if r.error]
        for result in errors:
            log.error(f"分享图（{result.job.kind}）生成失败：{result.error}")
        if errors:
            raise PluginError(f"有 {len(errors)} 张分享图无法生成，网站没有生成完整。")
        counts = {
            kind: sum(1 for job in self._jobs.values() if job.kind == kind) for kind in ("card", "poster")
        }
        rendered = {
            kind: [r.milliseconds for r in results if r.job.kind == kind] for kind in ("card", "poster")
        }
        parts = []
        for kind, name in (("card", "卡片"), ("poster", "海报")):
            made = rendered[kind]
            average = f"，平均每张 {sum(made) / len(made):.0f} ms" if made else ""
            parts.append(f"{name} {counts[kind]} 张（新生成 {len(made)} 张{average}）")
        log.info("分享图：" + "；".join(parts) + "。")

    def on_build_error(self, *, error: Exception) -> None:
        if self._renderer is not None:
            self._renderer.close()

    def on_shutdown(self) -> None:
        if self._renderer is not None:
            self._renderer.close()
        if self._serving:
            self._prune()


def _cover(images, record: Record) -> tuple[str, str | None]:
    """Identity and file of the cover rendition a poster uses: the smallest that fills the frame."""
    if record.cover is None or not hasattr(images, "photo") or not hasattr(images, "published_file"):
        return "", None
    view, published = images.photo(record.cover.path), images.published_file(record.cover.path)
    if view is None or published is None:
        return "", None
    jpegs = view.photo.of_format("jpg")
    fitting = [r for r in jpegs if r.width >= COVER[0] and r.height >= COVER[1]]
    chosen = fitting[0] if fitting else jpegs[-1]
    return f"{view.photo.key}/{chosen.name}", str(published[1].parent / chosen.name)


def _plain(value) -> str:
    """Titles are escaped Markup for Material's templates; cards and tags want the text."""
    if value is None:
        return ""
    return str(value.unescape()) if isinstance(value, Markup) else str(value)


def _copy(source: Path, target: Path) -> None:
    """Put a cached image into the site: a hard link where possible, which costs no copying
    (2,000 images are 250 MB at 1,000 records). Images are named by content, so one already
    there (a `mkdocs serve` rebuild keeps the site folder) is this very image."""
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)
