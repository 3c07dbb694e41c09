"""Options of the `branchpress/share` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from branchpress.options import moved_cache_dir


class ShareConfig(base.Config):
    color = c.Optional(c.Type(str))
    """Brand colour of cards, posters and the home-screen icon: #rrggbb, #rgb or rgb(r, g, b);
    default: branchpress/brand's primary colour, else #c8102e."""

    accent = c.Optional(c.Type(str))
    """Accent colour: labels on cards, the slogan; default: branchpress/brand's accent, else #e6b422."""

    logo = c.Optional(c.Type(str))
    """Logo, a path in the docs folder (SVG, PNG, JPEG); default: branchpress/brand's logo, else
    theme.favicon, else theme.logo."""

    font = c.Optional(c.Type(str))
    """A font file (relative to mkdocs.yml) to set cards and posters in, instead of the packaged
    Noto Sans CJK SC; it must have Chinese glyphs. Keep it outside the docs folder."""

    slogan = c.Optional(c.Type(str))
    """The line at the foot of cards and posters; default: branchpress/brand's slogan, else site_description."""

    posters = c.Type((str, bool), default="recent")
    """Which records get a 1080×1920 WeChat poster, opened by the 分享海报 button: `recent`
    (records of the last `poster_days` days and featured ones; the others' button opens their
    card), `all` (every record; `true` too) or `none` (`false` too). core/share/posters.py."""

    poster_days = c.Type(int, default=90)
    """With `posters: recent`, how many days back from the build a record gets a poster."""

    cache_dir = moved_cache_dir("branchpress/share")
    """Moved: the one cache folder is `cache_dir` of branchpress/records."""

    workers = c.Type(int, default=0)
    """Processes that render cards and posters; 0 means one per CPU core."""
