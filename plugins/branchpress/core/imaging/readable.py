"""Whether a photo file can be read at all, checked cheaply while records are validated.

Records are validated before photos are processed, and a build stops on the first
stage with errors: a photo that is no image (a renamed document, a half-copied file)
used to be reported only after every other record's problems were fixed, and
`branchpress check`, which processes no photo, never reported it. So validation opens
each photo's header (a few kilobytes, no decoding) and, for PNG, checks every chunk's
checksum, which finds a truncated file without decoding it. A JPEG cut short still opens;
the full decode in the photo pipeline (photos.py) reports it.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

try:  # HEIC/HEIF from iPhones, as the photo pipeline reads them.
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pillow_heif = None

# The photo pipeline's own words (photos.py), so a photo is named the same in either stage.
UNREADABLE = "：无法识别这个图片文件：它已损坏，或不是 JPEG、PNG、WebP、HEIC 照片。"
UNREADABLE_FIX = "用手机或电脑重新导出这张照片（JPEG 格式最稳妥），替换原文件。"


def photo_unreadable(path: Path) -> str:
    """Why the photo at `path` cannot be read, or "" when its header (and PNG chunks) are sound."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a huge photo is the pipeline's message, not ours
            with Image.open(path) as image:
                if image.format == "PNG":
                    image.verify()
    except Image.DecompressionBombError:
        return ""  # readable, and too large: the pipeline says so with the limit
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return UNREADABLE
    return ""
