"""Options of the `branchpress/images` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

from branchpress.core.imaging.photos import PhotoSettings
from branchpress.options import moved_cache_dir


class ImagesConfig(base.Config):
    widths = c.ListOfItems(c.Type(int), default=[480, 960, 1600])
    """Rendition widths in pixels; a photo is never enlarged."""

    webp_quality = c.Type(int, default=80)
    jpeg_quality = c.Type(int, default=82)

    max_megapixels = c.Type((int, float), default=100)
    """Larger photos are refused (decompression bombs, stitched panoramas)."""

    cache_dir = moved_cache_dir("branchpress/images")
    """Moved: the one cache folder is `cache_dir` of branchpress/records."""

    workers = c.Type(int, default=0)
    """Processes that encode photos; 0 means one per CPU core."""

    sizes = c.Type(str, default="(min-width: 76.25em) 800px, 100vw")
    """The `sizes` attribute of record photos: how wide they show at each screen width."""


def photo_settings(options: ImagesConfig) -> PhotoSettings:
    """Core photo settings from the options; shared with `branchpress wechat`, which must name
    the same renditions the site publishes."""
    widths = tuple(sorted(set(options.widths)))
    if not widths or min(widths) < 16:
        raise PluginError(
            "branchpress/images 的 widths 必须是一组不小于 16 的像素宽度，例如 [480, 960, 1600]。"
        )
    return PhotoSettings(
        widths=widths,
        webp_quality=options.webp_quality,
        jpeg_quality=options.jpeg_quality,
        max_pixels=int(options.max_megapixels * 1_000_000),
    )
