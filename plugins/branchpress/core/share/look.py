"""The branch's brand as share images use it: colours, logo, typeface, name and slogan."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from PIL import Image, ImageColor, UnidentifiedImageError

from .fonts import FontFace

RGB = tuple[int, int, int]
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")


class LogoError(Exception):
    """A logo file that cannot be drawn, with what is wrong and how to fix it (Chinese)."""


@dataclass(frozen=True)
class Logo:
    path: str  # on disk; not part of the fingerprint, so moving the project keeps the cache
    digest: str  # sha256 of the file


@dataclass(frozen=True)
class ShareBrand:
    color: RGB
    accent: RGB
    logo: Logo | None
    face: FontFace
    site_name: str
    slogan: str

    @cached_property  # asked for every image's key; the brand does not change in a build
    def fingerprint(self) -> str:
        """Everything about the brand that changes pixels, for cache keys."""
        data = asdict(self)
        data["logo"] = self.logo.digest if self.logo else None
        data["face"] = self.face.fingerprint
        return json.dumps(data, sort_keys=True, ensure_ascii=False)


def parse_color(value: str) -> RGB:
    """#c8102e, #c12, rgb(200, 16, 46) or a CSS colour name; raises ValueError otherwise."""
    red, green, blue, *_ = ImageColor.getrgb(str(value).strip())
    return red, green, blue


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
    """The logo as RGBA, fitted into a size × size square and centred (kept per process)."""
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
