"""Whether an image file we wrote earlier is still whole, before it is published again.

Share cards, posters, icons and brand-kit logos are kept in .cache/branchpress between
builds and placed in the site by their key alone. A cache filled on a full disk, or restored
from a broken CI cache, holds files cut short (or padded with zeros), which used to be
published without a word. Reading each file's first and last bytes finds both, at the cost of
one small read per file: JPEG ends with its EOI marker, PNG with the IEND chunk, an ICO's
last image ends at the end of the file. (Our encoders write nothing after those.)
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_JPEG_START, _JPEG_END = b"\xff\xd8", b"\xff\xd9"
_ICO_START = b"\x00\x00\x01\x00"
_ICO_ENTRY = 16
_HEAD = 6 + 16 * _ICO_ENTRY  # an ICO's directory of up to 16 sizes


def is_whole_image(head: bytes, tail: bytes, size: int) -> bool:
    """A PNG, JPEG or ICO whose first bytes (`head`) and last (`tail`) say it is complete."""
    if head.startswith(_PNG_SIGNATURE):
        return tail.endswith(_PNG_END)
    if head.startswith(_JPEG_START):
        return tail.endswith(_JPEG_END)
    if head.startswith(_ICO_START) and len(head) >= 6:
        count = struct.unpack_from("<H", head, 4)[0]
        if count == 0 or len(head) < 6 + count * _ICO_ENTRY:
            return False
        ends = [sum(struct.unpack_from("<II", head, 6 + n * _ICO_ENTRY + 8)) for n in range(count)]
        return max(ends) == size and tail.endswith(_PNG_END)  # Pillow stores each size as PNG
    return False


def is_whole_image_file(path: Path) -> bool:
    """`is_whole_image` for a file on disk; False when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(_HEAD)
            handle.seek(max(0, size - len(_PNG_END)))
            tail = handle.read()
    except OSError:
        return False
    return is_whole_image(head, tail, size)


def is_whole_image_bytes(data: bytes) -> bool:
    return is_whole_image(data[:_HEAD], data[-len(_PNG_END) :], len(data))
