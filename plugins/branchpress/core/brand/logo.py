"""The brand logo as pixels, for share images, icons and the brand kit: one rasteriser.

SVG goes through resvg (a self-contained renderer, no system fonts, so the same logo
renders the same on every machine); rasters through Pillow.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from branchpress.core.imaging.complete import is_whole_image_bytes

LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")


class LogoError(Exception):
    """A logo file that cannot be drawn, with what is wrong and how to fix it (Chinese)."""


@dataclass(frozen=True)
class Logo:
    path: str  # on disk; not part of the fingerprint, so moving the project keeps the cache
    digest: str  # sha256 of the file


def load_logo_file(path: Path) -> Logo:
    """Check that a logo file can be drawn; raises LogoError with the fix."""
    if path.suffix.lower() not in LOGO_SUFFIXES:
        raise LogoError(f"标志文件 {path.name} 的格式不支持：请用 SVG、PNG、JPEG 或 WebP。")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LogoError(f"无法读取标志文件 {path}（{error.strerror}）。") from None
    logo = Logo(str(path), hashlib.sha256(data).hexdigest())
    try:
        logo_image(logo, 64)
    except (ValueError, OSError, UnidentifiedImageError) as error:
        raise LogoError(f"标志文件 {path.name} 无法读取（{error}）：请重新导出这个文件。") from None
    return logo


@lru_cache(maxsize=16)
def logo_image(logo: Logo, size: int) -> Image.Image:
    """The logo as RGBA, fitted into a size × size square and centred (kept per process: share
    images draw the same small sizes many times)."""
    return render_logo(logo, size)


def render_logo(logo: Logo, size: int) -> Image.Image:
    """The logo as RGBA, fitted into a size × size square and centred."""
    if logo.path.lower().endswith(".svg"):
        import resvg_py  # imported here: only SVG logos need it

        # No system fonts: the same logo renders the same on every machine.
        options = {"svg_path": logo.path, "skip_system_fonts": True}
        image = Image.open(io.BytesIO(bytes(resvg_py.svg_to_bytes(**options, width=size))))
        if image.height > size:
            image = Image.open(io.BytesIO(bytes(resvg_py.svg_to_bytes(**options, height=size))))
        image = image.convert("RGBA")
    else:
        with Image.open(logo.path) as source:
            source.load()
            image = source.convert("RGBA")
        scale = size / max(image.size)
        fitted = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(fitted, Image.Resampling.LANCZOS)
    square = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    square.alpha_composite(image, ((size - image.width) // 2, (size - image.height) // 2))
    return square


def stored_logo_png(logo: Logo, size: int, folder: Path) -> bytes:
    """`logo_png`, kept in `folder` between builds by the logo's digest and the size: rendering
    an SVG logo at 1024 px and compressing it is a tenth of a second a size, every build."""
    stored = folder / f"{logo.digest[:32]}-{size}.png"
    try:
        data = stored.read_bytes()
        if is_whole_image_bytes(data):  # a file cut short is made again, not published
            return data
    except OSError:
        pass
    data = logo_png(logo, size)
    folder.mkdir(parents=True, exist_ok=True)
    partial = stored.with_suffix(".tmp")
    partial.write_bytes(data)
    partial.replace(stored)
    return data


@lru_cache(maxsize=16)
def logo_png(logo: Logo, size: int) -> bytes:
    """A square PNG of `size` pixels with the logo centred on a transparent background.

    Remembered as compressed bytes, so a `mkdocs serve` rebuild does not render the brand kit
    again, without keeping megabytes of pixels (a 1024 px image is 4 MiB) for the whole build.
    """
    out = io.BytesIO()
    render_logo(logo, size).save(out, "PNG", optimize=True)
    return out.getvalue()
