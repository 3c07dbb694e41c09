"""A record's `cover` and `photos`: files beside the record, named by relative paths.

A photo must lie in the record's folder (or below it), because the folder is
what staff copy, move and delete as one activity; and it must exist, because a
missing photo is a broken page. Its file name becomes part of a URL and its
caption and alt text are printed, so all three are screened for personal numbers.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any

from branchpress.core.fields import FieldCheck

from .model import Photo

UNREADABLE_FIX = "用手机或电脑重新导出这张照片（JPEG 格式最稳妥），替换原文件。"

# True (or "") when the photo is there and readable, False when it is missing, else why it
# cannot be read (core/imaging/readable.py).
PhotoExists = Callable[[str], "bool | str"]


def read_photos(
    check: FieldCheck, data: dict[str, Any], folder: str, photo_exists: PhotoExists
) -> tuple[Photo, ...]:
    value = data.get("photos")
    if value is None:
        return ()
    if not isinstance(value, list):
        check.error(
            "photos",
            "photos 应该是一组照片。",
            "每行写一张照片，例如 - photos/合影.jpg，或 - {src: 合影.jpg, caption: 说明}。",
        )
        return ()
    photos = [
        read_photo(check, "photos", item, folder, photo_exists, f"第 {position} 张照片")
        for position, item in enumerate(value, start=1)
    ]
    return tuple(photo for photo in photos if photo is not None)


def read_photo(
    check: FieldCheck, field: str, item: Any, folder: str, photo_exists: PhotoExists, label: str
) -> Photo | None:
    caption = alt = ""
    if isinstance(item, dict):
        src = item.get("src")
        caption = str(item.get("caption") or "").strip()
        alt = str(item.get("alt") or "").strip()
        # Captions and alt text are printed on the page; the file name becomes part of a URL.
        private = check.screen(field, caption, f"{label}的说明（caption）")
        private = check.screen(field, alt, f"{label}的描述（alt）") or private
        if private:
            return None
        extra = set(item) - {"src", "caption", "alt"}
        if extra:
            check.error(
                field, f"照片有未知项：{'、'.join(map(str, extra))}。", "照片只能写 src、caption、alt。"
            )
            return None
    else:
        src = item
    if src is None or isinstance(src, (dict, list, bool)) or not str(src).strip():
        check.error(field, "照片没有写文件路径。", "写照片文件相对于本记录文件的路径，例如 photos/合影.jpg。")
        return None
    src = str(src).strip()
    if check.screen(field, src, f"{label}的文件名（会出现在网址里）"):
        return None
    if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", src) or "://" in src:
        check.error(
            field,
            f"照片路径“{src}”不是相对路径。",
            "把照片放在本记录所在的文件夹里，写相对路径，例如 photos/合影.jpg。",
        )
        return None
    path = posixpath.normpath(posixpath.join(folder, src.replace("\\", "/")))
    if not _inside(path, folder):
        check.error(
            field,
            f"照片“{src}”在本记录所在文件夹之外。",
            "把照片复制到本记录所在的文件夹（或其子文件夹）里，再写相对路径。",
        )
        return None
    state = photo_exists(path)
    if state is False:
        check.error(
            field,
            f"找不到照片“{src}”（应在 {path}）。",
            "检查文件名（包括大小写和扩展名），或把照片放到这个位置。",
        )
        return None
    if isinstance(state, str) and state:
        check.error(field, f"照片“{src}”{state}", UNREADABLE_FIX)
        return None
    return Photo(src=src, path=path, caption=caption, alt=alt)


def _inside(path: str, folder: str) -> bool:
    """True when a normalised path lies within the record's folder (or a subfolder)."""
    if path.startswith("../") or path == "..":
        return False
    return not folder or path.startswith(folder + "/")
