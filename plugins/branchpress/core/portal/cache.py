"""The portal's cache under .cache/branchpress/portal: each member's last good items and
validators, and the images copied from members' items.

A member's state is plain JSON (never pickled), rewritten only after a good fetch, so a
failing or offline build reads the last good items back. The same cache builds the same
site: the state holds no clock and the items keep the member's own dates.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .fetch import Validators
from .items import PortalItem, is_shown_date
from .members import Member

# Bump when the items made from the same feed change (sanitising, parsing): a cached
# state of another version is still shown, but fetched again without validators.
# 2: dates outside 1970-2100 left out, the newest 200 items only.
VERSION = 2


@dataclass(frozen=True)
class MemberState:
    feed: str
    validators: Validators
    items: tuple[PortalItem, ...]
    version: int = VERSION

    def usable_validators(self, member: Member) -> Validators | None:
        """Validators for a conditional request: only for the same feed, read the same way."""
        return self.validators if self.feed == member.feed and self.version == VERSION else None


class PortalCache:
    def __init__(self, root: Path) -> None:
        self.root = Path(root) / "portal"
        self._members = self.root / "members"
        self.images = self.root / "images"

    def load(self, member: Member) -> MemberState | None:
        try:
            data = json.loads((self._members / f"{member.slug}.json").read_text(encoding="utf-8"))
            return MemberState(
                feed=data["feed"],
                validators=Validators(data.get("etag"), data.get("last_modified")),
                # An older cache may hold dates no page can show: they are never read back.
                items=tuple(
                    item
                    for item in map(PortalItem.from_json, data["items"])
                    if is_shown_date(item.published) and is_shown_date(item.updated)
                ),
                version=data.get("version", 0),
            )
        except (OSError, ValueError, KeyError, TypeError, OverflowError):
            return None

    def save(self, member: Member, state: MemberState) -> None:
        data = {
            "version": state.version,
            "feed": state.feed,
            "etag": state.validators.etag,
            "last_modified": state.validators.last_modified,
            "items": [item.to_json() for item in state.items],
        }
        _write_atomically(
            self._members / f"{member.slug}.json", json.dumps(data, ensure_ascii=False, sort_keys=True)
        )

    def image_path(self, url: str) -> Path:
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.images / digest[:2] / digest

    def save_image(self, url: str, data: bytes) -> Path:
        path = self.image_path(url)
        _write_atomically(path, data)
        return path

    def failed_images(self) -> dict[str, str]:
        """Image URLs that could not be copied, with the cause: tried again when their
        member's feed changes, not on every build."""
        try:
            data = json.loads((self.images / "failed.json").read_text(encoding="utf-8"))
            return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def save_failed_images(self, failed: dict[str, str]) -> None:
        text = json.dumps(dict(sorted(failed.items())), ensure_ascii=False, indent=0)
        _write_atomically(self.images / "failed.json", text)

    def prune_images(self, used: set[Path]) -> int:
        """Delete copied images no item of this build names; returns how many."""
        removed = 0
        if not self.images.is_dir():
            return removed
        for path in self.images.glob("??/*"):
            if path.is_file() and path not in used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def _write_atomically(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.tmp{os.getpid()}")
    if isinstance(data, str):
        temporary.write_text(data, encoding="utf-8")
    else:
        temporary.write_bytes(data)
    temporary.replace(path)
