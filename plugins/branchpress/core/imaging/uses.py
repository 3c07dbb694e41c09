"""Which photos the published records use, and where (for messages that name the line)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from branchpress.core.records.model import Photo, Record
from branchpress.core.records.store import RecordStore

# ![alt](path "title") and <img src="path">: local photos written into the body.
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*\bsrc=[\"']([^\"']+)[\"']", re.IGNORECASE)


@dataclass(frozen=True)
class PhotoUse:
    record: Record
    field: str  # cover | photos | body
    src: str  # as the record wrote it
    line: int | None
    photo: Photo | None = None  # the front-matter entry, with caption and alt


def find_photo_uses(store: RecordStore, docs_dir: Path) -> dict[str, list[PhotoUse]]:
    """Docs path of each photo -> every use of it by a record in the store."""
    uses: dict[str, list[PhotoUse]] = {}
    for record in store:
        if record.cover is not None:
            _add(
                uses,
                record.cover.path,
                PhotoUse(record, "cover", record.cover.src, record.field_lines.get("cover"), record.cover),
            )
        for photo in record.photos:
            _add(
                uses,
                photo.path,
                PhotoUse(record, "photos", photo.src, record.field_lines.get("photos"), photo),
            )
        for src, line in _body_images(record):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(record.source), src))
            if not path.startswith("../") and (docs_dir / path).is_file():
                _add(uses, path, PhotoUse(record, "body", src, line))
    return uses


def _add(uses: dict[str, list[PhotoUse]], path: str, use: PhotoUse) -> None:
    uses.setdefault(path, []).append(use)


def _body_images(record: Record) -> list[tuple[str, int]]:
    found = []
    for offset, text in enumerate(record.body.splitlines()):
        for pattern in (_MARKDOWN_IMAGE, _HTML_IMAGE):
            for match in pattern.finditer(text):
                src = match.group(1).split("#", 1)[0].split("?", 1)[0]
                if src and "://" not in src and not src.startswith(("/", "data:")):
                    found.append((src, record.body_line + offset))
    return found
