"""Phone-like photos for the benchmarks: 12 MP JPEGs with detail, noise and EXIF orientation.

python bench/phone.py SITE K    # give the first K records of SITE a cover photo
"""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

PHONE = (4032, 3024)


def phone_photo(seed: int, orientation: int) -> bytes:
    """A 12 MP JPEG with detail and noise like a phone photo, EXIF orientation set."""
    rng = random.Random(seed)
    image = Image.new("RGB", PHONE, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(300):
        x, y, r = rng.randrange(PHONE[0]), rng.randrange(PHONE[1]), rng.randrange(20, 400)
        draw.ellipse(
            [x - r, y - r, x + r, y + r], fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256))
        )
    image = image.filter(ImageFilter.GaussianBlur(2))
    image = Image.blend(image, Image.effect_noise(PHONE, 40).convert("RGB"), 0.15)
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def add_covers(site: Path, photos: list[bytes], count: int) -> None:
    """Give the first `count` records a cover photo beside them (distinct bytes for each)."""
    records = sorted((site / "content" / "activities").rglob("*.md"))[:count]
    for index, record in enumerate(records):
        data = photos[index % len(photos)]
        # A different trailing comment makes each file's content (and cache key) unique.
        (record.parent / f"{record.stem}.jpg").write_bytes(data[:-2] + f"bp{index}".encode() + data[-2:])
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("---\n", f"---\ncover: {record.stem}.jpg\n", 1), encoding="utf-8")


def main(argv: list[str]) -> int:
    site, count = Path(argv[0]), int(argv[1])
    print(f"generating {count} phone photos", file=sys.stderr, flush=True)
    photos = [phone_photo(seed, 6 if seed % 2 else 1) for seed in range(count)]
    add_covers(site, photos, count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
