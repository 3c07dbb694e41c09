"""The photo pipeline: one phone photo in, small private renditions out.

Pure functions over bytes. Every output is resized (never upscaled), turned the
right way up, converted to sRGB and stripped of all metadata (EXIF, GPS, XMP,
ICC, comments), so nothing about where or with what a photo was taken leaves
the branch. Settings were chosen by measurement on a 12 MP phone JPEG (see
bench/README.md): JPEG draft decoding to the smallest scale that still covers
the largest width, a resize cascade that halves with `reduce` where it can,
rotation after resizing, WebP at method 2 (as small as method 4 within 3 %,
2.5 times faster) and optimised baseline JPEG.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import warnings
from dataclasses import asdict, dataclass, field

from PIL import Image, ImageCms, ImageFile, UnidentifiedImageError

try:  # HEIC/HEIF from iPhones; registered once when the module loads.
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pillow_heif = None

# Bump when the output for the same input and settings changes: it is part of every cache key.
PIPELINE_VERSION = "1"

FORMATS = ("webp", "jpg")
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# EXIF orientation -> the transposes that put the picture upright (applied in order).
_ORIENTATION = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}


@dataclass(frozen=True)
class PhotoSettings:
    widths: tuple[int, ...] = (480, 960, 1600)
    webp_quality: int = 80
    jpeg_quality: int = 82
    max_pixels: int = 100_000_000  # decompression bombs and panoramas nobody needs at full size

    def fingerprint(self) -> str:
        return json.dumps({"version": PIPELINE_VERSION, **asdict(self)}, sort_keys=True)


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # webp | jpg
    name: str  # file name inside the photo's cache folder, e.g. 960.webp

    @property
    def mime_type(self) -> str:
        return "image/webp" if self.format == "webp" else "image/jpeg"


@dataclass(frozen=True)
class ProcessedPhoto:
    key: str
    width: int  # of the largest rendition
    height: int
    renditions: tuple[Rendition, ...] = field(default_factory=tuple)

    def of_format(self, fmt: str) -> list[Rendition]:
        return sorted((r for r in self.renditions if r.format == fmt), key=lambda r: r.width)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ProcessedPhoto:
        data = json.loads(text)
        return cls(
            data["key"], data["width"], data["height"], tuple(Rendition(**r) for r in data["renditions"])
        )


class PhotoError(Exception):
    """A photo that cannot be published, with what is wrong and how to fix it (Chinese)."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def photo_key(content_hash: str, settings: PhotoSettings) -> str:
    """Cache key: the source's content hash, the settings and the pipeline version."""
    return hashlib.sha256(f"{content_hash}|{settings.fingerprint()}".encode()).hexdigest()[:24]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render_photo(data: bytes, key: str, settings: PhotoSettings) -> tuple[ProcessedPhoto, dict[str, bytes]]:
    """Decode one photo and encode every rendition; raises PhotoError for bad input."""
    image = _open(data, settings)
    orientation = _orientation(image)
    rotated = orientation in (5, 6, 7, 8)
    shown_width = image.height if rotated else image.width
    targets = target_widths(shown_width, settings.widths)
    scale = _draft_scale(image, shown_width, targets[-1])
    if scale < 1:
        image.draft(image.mode, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
        # The decoder's scale may leave the largest rendition a little narrower than asked.
        reachable = math.ceil(shown_width * scale)
        targets = sorted({min(width, reachable) for width in targets})
    # WeasyPrint (report PDFs) sets Pillow's global LOAD_TRUNCATED_IMAGES on import, after which a
    # half-sent photo would load as grey: it is refused here whoever imported what before.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        image.load()
    except (OSError, ValueError, SyntaxError) as error:
        raise PhotoError(
            f"照片文件不完整或已损坏（{error}），无法读取。",
            "重新从手机导出或传输这张照片，替换原文件。",
        ) from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    image = _to_srgb(image)
    outputs: dict[str, bytes] = {}
    renditions: list[Rendition] = []
    current = image
    for width in sorted(targets, reverse=True):
        current = _shrink(current, width, rotated)
        upright = current
        for transpose in _ORIENTATION.get(orientation, ()):
            upright = upright.transpose(transpose)
        for fmt, encoded in _encode(upright, settings).items():
            name = f"{upright.width}.{fmt}"
            outputs[name] = encoded
            renditions.append(Rendition(upright.width, upright.height, fmt, name))
    largest = max(renditions, key=lambda r: r.width)
    photo = ProcessedPhoto(
        key, largest.width, largest.height, tuple(sorted(renditions, key=lambda r: (r.format, r.width)))
    )
    return photo, outputs


def target_widths(shown_width: int, widths: tuple[int, ...]) -> list[int]:
    """The configured widths below the photo's own; its own width when it is smaller than the largest."""
    smaller = sorted(w for w in set(widths) if w < shown_width)
    if shown_width <= max(widths):
        smaller.append(shown_width)
    return smaller or [shown_width]


def _open(data: bytes, settings: PhotoSettings) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Our own pixel limit below replaces Pillow's warning with a clear message.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise _too_large(None, settings) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise PhotoError(
            "无法识别这个图片文件：它已损坏，或不是 JPEG、PNG、WebP、HEIC 照片。",
            "用手机或电脑重新导出这张照片（JPEG 格式最稳妥），替换原文件。",
        ) from None
    if image.width * image.height > settings.max_pixels:
        raise _too_large(image, settings)
    return image


def _too_large(image: Image.Image | None, settings: PhotoSettings) -> PhotoError:
    size = (
        f"（{image.width}×{image.height}，约 {image.width * image.height / 1e6:.0f} 百万像素）"
        if image
        else ""
    )
    return PhotoError(
        f"照片太大{size}，超过上限 {settings.max_pixels / 1e6:.0f} 百万像素。",
        "把照片缩小到长边 8000 像素以内再放进来；手机原图一般不会超过这个大小。",
    )


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except (ValueError, TypeError, OSError):
        return 1


# How much narrower than configured the largest rendition may come out when that lets
# the JPEG decoder work at 1/2, 1/4 or 1/8 scale: a 12 MP portrait photo decoded at half
# size gives 1512 px instead of 1600 px, invisible on a phone, in half the time.
DRAFT_TOLERANCE = 0.9


def _draft_scale(image: Image.Image, shown_width: int, largest: int) -> float:
    """The smallest JPEG decoding scale that still covers (nearly) the largest rendition."""
    if image.format != "JPEG":
        return 1.0
    for scale in (1 / 8, 1 / 4, 1 / 2):
        if shown_width * scale >= largest * DRAFT_TOLERANCE:
            return scale
    return 1.0


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB or RGBA in sRGB, whatever came in (CMYK, 16-bit, palette, grey, embedded profiles)."""
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        image = image.point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode in ("LA", "PA", "La"):
        image = image.convert("RGBA")
    elif image.mode == "1":
        image = image.convert("L")
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            output = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB, outputMode=output
            )
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken embedded profile: fall back to the plain conversion below
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGB")
    return image


def _shrink(image: Image.Image, width: int, rotated: bool) -> Image.Image:
    """Resize so the upright picture is `width` wide; halve first with reduce() when it is far larger."""
    current_width = image.height if rotated else image.width
    while current_width >= 2 * width and min(image.size) >= 2:
        image = image.reduce(2)
        current_width = image.height if rotated else image.width
    if current_width == width:
        return image
    scale = width / current_width
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    if rotated:
        size = (max(1, round(image.width * scale)), width)
    else:
        size = (width, max(1, round(image.height * scale)))
    # reducing_gap: box-reduce by an integer factor first, then Lanczos over the last stretch;
    # indistinguishable at these sizes and about twice as fast on a 12 MP source.
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def _encode(image: Image.Image, settings: PhotoSettings) -> dict[str, bytes]:
    """WebP (alpha kept) and JPEG (alpha flattened on white), with no metadata at all."""
    image.info = {}  # resize() copies info; nothing from the source may reach the output
    webp = io.BytesIO()
    image.save(webp, "WEBP", quality=settings.webp_quality, method=2, exif=b"", xmp=b"")
    flat = image
    if image.mode == "RGBA":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
    jpeg = io.BytesIO()
    flat.save(jpeg, "JPEG", quality=settings.jpeg_quality, optimize=True)
    return {"webp": webp.getvalue(), "jpg": jpeg.getvalue()}
