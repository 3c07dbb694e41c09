"""A photo published as it is on a page that is not a record (a culture or home page): the same
picture without what a phone writes into it (GPS position, camera, time, XMP), so that nothing
but the picture is published. EXIF orientation is applied first, so it stays upright.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from branchpress.core.problems import Problem

from . import photos as _photos  # noqa: F401  (registers the HEIC/HEIF opener with Pillow)


def stripped_copy(source: Path, cache: Path, path: str) -> tuple[Path | None, Problem | None]:
    """The photo re-encoded without metadata into `cache` (named by its content); None when it
    cannot be decoded."""
    data = source.read_bytes()
    target = cache / (hashlib.sha256(data).hexdigest()[:32] + source.suffix.lower())
    if target.exists():
        return target, None
    try:
        with Image.open(source) as image:
            kind = image.format or "JPEG"
            animated = getattr(image, "n_frames", 1) > 1
            picture = image if animated else ImageOps.exif_transpose(image)
            options: dict = {"format": kind}
            if picture.info.get("icc_profile"):
                options["icc_profile"] = picture.info["icc_profile"]  # colours, not personal data
            if kind == "JPEG":
                options["quality"] = 92
                picture = picture.convert("RGB") if picture.mode not in ("RGB", "L", "CMYK") else picture
            cache.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".part")
            picture.save(partial, save_all=animated, **options)
            partial.replace(target)
    except (UnidentifiedImageError, OSError, ValueError):
        # Not a picture Pillow can decode (nor, then, one a browser shows): nothing readable to
        # strip. It is published as it is; the images plugin refuses such a photo of a record.
        return None, None
    return target, None
