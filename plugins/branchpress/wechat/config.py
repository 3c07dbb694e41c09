"""Options of the `branchpress/wechat` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class WechatConfig(base.Config):
    button = c.Type(bool, default=True)
    """In `mkdocs serve`, show 复制为公众号文章 on record pages (never in `mkdocs build`)."""
