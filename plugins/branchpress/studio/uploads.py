"""Photos uploaded from the form, held aside until the record that lists them is saved.

A photo arrives before the record has a file (a new record's folder depends on its
date and title), so it is streamed into a staging folder of the form under the cache,
never held whole in memory, and cut off past the size limit. It is kept only when
Pillow (with pillow-heif for iPhone HEIC) decodes it as a picture. Saving the record
moves it beside the record, as uploaded: the site's image pipeline strips EXIF and GPS
from what it publishes, and the original is never published itself.
"""

from __future__ import annotations

import io
import re
import secrets
import shutil
import time
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from starlette.concurrency import run_in_threadpool

MAX_BYTES = 50 * 1024 * 1024
MAX_PIXELS = 200_000_000  # a panorama from a phone is under 100 MP; more is a decompression bomb
FORM_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEEP_SECONDS = 7 * 24 * 3600  # staged photos of a form never saved go after a week
PICTURE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".jfif", ".avif"}


class UploadRefused(ValueError):
    """Not kept; the message says why, for staff."""


@dataclass(frozen=True)
class Staged:
    form_id: str
    name: str
    path: Path
    width: int
    height: int


def new_form_id() -> str:
    return secrets.token_urlsafe(18)


def safe_name(filename: str) -> str:
    """A file name to keep beside the record: the phone's own name, without any folder,
    control or reserved characters, and with a picture's suffix."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    name = re.sub(r'[<>:"/|?*#%&{}$!`\'=@+\[\]^~]', "", name).strip(" .")
    stem, dot, suffix = name.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in PICTURE_SUFFIXES:
        raise UploadRefused(f"“{filename}”不是照片文件（可上传 JPG、PNG、HEIC、WebP 等）。")
    stem = re.sub(r"\s+", "-", stem)[:60] or "photo"
    return stem + suffix


class Uploads:
    """The staging folders of open forms, under the project's cache."""

    def __init__(self, root: Path, max_bytes: int = MAX_BYTES) -> None:
        self.root, self.max_bytes = root, max_bytes

    def folder(self, form_id: str) -> Path:
        if not FORM_ID.fullmatch(form_id):
            raise UploadRefused("表单编号无效，请刷新页面后重新上传。")
        return self.root / form_id

    async def receive(self, form_id: str, filename: str, chunks: AsyncIterator[bytes]) -> Staged:
        """Stream one upload to disk, then keep it only if it decodes as a picture."""
        folder = self.folder(form_id)
        name = safe_name(filename)
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{secrets.token_hex(8)}.part"
        size = 0
        try:
            with partial.open("wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise UploadRefused(
                            f"“{filename}”超过 {self.max_bytes // (1024 * 1024)} MB，太大了。"
                            "请换一张，或在手机上以“原图”以外的尺寸发送。"
                        )
                    out.write(chunk)
            if size == 0:
                raise UploadRefused(f"“{filename}”是空文件。")
            # Decoding a 50 MB photo takes a while: off the event loop, so other pages still answer.
            width, height = await run_in_threadpool(picture_size, partial, filename)
            target = unique(folder / name)
            partial.replace(target)
            return Staged(form_id, target.name, target, width, height)
        finally:
            partial.unlink(missing_ok=True)

    def staged(self, form_id: str, name: str) -> Path | None:
        path = self.folder(form_id) / PurePosixPath(name).name
        return path if path.is_file() and not path.name.startswith(".") else None

    def prune(self, now: float | None = None) -> None:
        """Forget forms left unsaved for a week."""
        now = time.time() if now is None else now
        if not self.root.is_dir():
            return
        for folder in self.root.iterdir():
            if folder.is_dir() and now - folder.stat().st_mtime > KEEP_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)


def unique(path: Path) -> Path:
    """`path`, or `name-2.jpg`, `name-3.jpg`… when it is taken."""
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def picture_size(path: Path, shown_as: str) -> tuple[int, int]:
    """Decode the file fully (a truncated or disguised file fails here), or UploadRefused."""
    from PIL import Image, ImageFile, UnidentifiedImageError

    from branchpress.core.imaging import photos  # noqa: F401 - registers the HEIC/HEIF opener

    # WeasyPrint sets Pillow's global LOAD_TRUNCATED_IMAGES when imported: a half-sent photo
    # would then load as grey instead of being refused.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(path) as image:
            if image.width * image.height > MAX_PIXELS:
                size = f"{image.width}×{image.height}"
                raise UploadRefused(f"“{shown_as}”的像素太多（{size}），不像是一张照片。")
            image.load()
            return image.width, image.height
    except UploadRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise UploadRefused(f"“{shown_as}”无法作为照片打开，可能已损坏或不是照片。") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def thumbnail(path: Path, width: int = 320) -> bytes:
    """A small upright JPEG of a photo for the form (HEIC shows in every browser this way)."""
    from PIL import Image, ImageOps

    from branchpress.core.imaging import photos  # noqa: F401 - registers the HEIC/HEIF opener

    with Image.open(path) as image:
        image.draft("RGB", (width * 2, width * 2))  # JPEG decodes at a fraction of full size
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((width, width * 2))
        out = io.BytesIO()
        upright.convert("RGB").save(out, "JPEG", quality=80)
        return out.getvalue()
