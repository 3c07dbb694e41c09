"""Test photos made on the fly: phone-like JPEGs with GPS, HEIC, CMYK, 16-bit, palette, broken."""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def noisy(size: tuple[int, int], seed: int = 1, mode: str = "RGB") -> Image.Image:
    """A picture with real detail, so encoders do real work and renditions differ."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(256), 90, 140))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y, r = rng.randrange(size[0]), rng.randrange(size[1]), rng.randrange(10, max(11, size[0] // 4))
        draw.ellipse(
            [x - r, y - r, x + r, y + r], fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256))
        )
    return image.convert(mode) if mode != "RGB" else image


def phone_jpeg(size=(1200, 900), orientation: int = 1, seed: int = 1) -> bytes:
    """A JPEG as a phone writes it: camera make, orientation and GPS position in EXIF, plus XMP."""
    exif = Image.Exif()
    exif[0x010F] = "BranchPhone"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}
    out = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/>SECRET-XMP</x:xmpmeta>'
    noisy(size, seed).save(out, "JPEG", quality=90, exif=exif.tobytes(), xmp=xmp, comment=b"SECRET-COMMENT")
    return out.getvalue()


def heic(size=(800, 600)) -> bytes:
    import pillow_heif

    out = io.BytesIO()
    pillow_heif.from_pillow(noisy(size, 3)).save(out, quality=80)
    return out.getvalue()


def cmyk_jpeg(size=(800, 600)) -> bytes:
    out = io.BytesIO()
    noisy(size, 4).convert("CMYK").save(out, "JPEG", quality=90)
    return out.getvalue()


def png16(size=(640, 480)) -> bytes:
    image = Image.new("I;16", size)
    image.putdata([(x * 97 + y * 31) % 65536 for y in range(size[1]) for x in range(size[0])])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def palette_png_with_transparency(size=(600, 400)) -> bytes:
    """A palette PNG whose left half is the transparent colour (index 0)."""
    image = Image.new("P", size, 1)
    image.putpalette([0, 0, 0, 200, 30, 30] + [90, 90, 90] * 254)
    ImageDraw.Draw(image).rectangle([0, 0, size[0] // 2, size[1]], fill=0)
    out = io.BytesIO()
    image.save(out, "PNG", transparency=0)
    return out.getvalue()


def truncated_jpeg() -> bytes:
    data = phone_jpeg((800, 600))
    return data[: len(data) // 2]


def bomb_png(width: int = 12000, height: int = 12000) -> bytes:
    """A tiny file that claims 144 megapixels: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\x00" * (1 + width // 8) * height, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
