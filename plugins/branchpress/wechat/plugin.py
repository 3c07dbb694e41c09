"""`branchpress/wechat`: in `mkdocs serve` only, a 复制为公众号文章 button on each record page.

The button copies the record's 公众号 article, the very one `branchpress wechat` writes
(both come from wechat/edition.py), to the clipboard as rich text and shows a preview.
It exists only while staff preview: `mkdocs build` output carries nothing of it, so
this plugin does nothing at all outside `mkdocs serve`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..adapter import records_of, service_of
from ..core.wechat.article import ArticleRefused, Edition
from ..services import BrandSource, PhotoLibrary
from ..theme import register_templates
from .config import WechatConfig
from .edition import default_brand, edition, published_site_url

NAME = "branchpress/wechat"


@dataclass(frozen=True)
class Copyable:
    """What the record page's button offers: the article, or why there is none."""

    html: str = ""
    url: str = ""
    site_url: str = ""
    refusal: str = ""


class WechatPlugin(BasePlugin[WechatConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._serving = False
        self._site_url: str | None = None
        self._site_url_stamp: object = None  # of mkdocs.yml when site_url was read from it
        self._edition: Edition | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # The same test as branchpress/records' preview: only `mkdocs serve` shows the button.
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        records_of(config, NAME)
        if self._serving and self.config.button:
            register_templates(config)
            # Reading mkdocs.yml again costs about 60 ms: only when it changed between rebuilds.
            stamp = _stamp(config.config_file_path)
            if stamp is None or stamp != self._site_url_stamp:
                self._site_url, self._site_url_stamp = published_site_url(config), stamp
        return config

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Every plugin that publishes photos and the brand has set up by now."""
        self._edition = None
        if self._serving and self.config.button and self._site_url:
            records = records_of(config, NAME)
            brand_plugin = service_of(config, BrandSource)
            images = service_of(config, PhotoLibrary)
            self._edition = edition(
                config,
                site_url=self._site_url,
                brand=brand_plugin.brand if brand_plugin is not None else default_brand(config),
                has_kit=brand_plugin is not None,
                store=records.store,
                photo_at=images.photo if images is not None else (lambda path: None),
            )
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if not (self._serving and self.config.button):
            return context
        record = records_of(config, NAME).store.by_source.get(page.file.src_uri)
        if record is None:
            return context
        if self._edition is None:
            context["wechat_copy"] = Copyable(
                refusal="公众号文章里的图片要用网站的完整网址：请在 mkdocs.yml 里写 site_url。"
            )
            return context
        try:
            article = self._edition.article(record)
        except ArticleRefused as refused:
            problem = refused.problem
            context["wechat_copy"] = Copyable(refusal=f"{problem.message} {problem.fix}")
            return context
        context["wechat_copy"] = Copyable(article.html, article.url, self._edition.site_url)
        return context


def _stamp(path: str | None) -> tuple[str, int] | None:
    try:
        return (path, os.stat(path).st_mtime_ns) if path else None
    except OSError:
        return None
