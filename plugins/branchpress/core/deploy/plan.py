"""What a deploy does: the site folder read into files, compared with the target, in order.

A file is left alone only when the target is proven to hold it: the manifest the last deploy
wrote (`MANIFEST`, beside the objects) records the digest of the file as built and the headers
it was stored with, and the listing shows the object still there with the size (and, where
the ETag is an MD5, the bytes) the manifest recorded. Anything not proven equal is uploaded,
so a lost or stale manifest costs uploads, never a stale site. ETags alone cannot prove it:
a multipart upload's ETag is not an MD5, and a header change keeps the bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .headers import Headers, Kind, deterministic_gzip, headers_of, kind_of

MANIFEST = ".branchpress-deploy.json"
MANIFEST_VERSION = 1
# Folders a branch keeps beside the site and never publishes (README, 八、九).
PRIVATE_FOLDERS = ("ledger", "exports")
PLAIN_MD5 = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class SiteFile:
    path: str
    """Relative to the site folder, "/"-separated: the object's key after the prefix."""
    source: Path
    digest: str
    """sha256 of the file as built."""
    headers: Headers

    @property
    def kind(self) -> Kind:
        return kind_of(self.path)

    def body(self) -> bytes:
        """The bytes to store: the file, gzip-compressed when its headers say so."""
        data = self.source.read_bytes()
        return deterministic_gzip(data) if self.headers.gzip else data


@dataclass(frozen=True)
class Scan:
    files: tuple[SiteFile, ...]
    skipped: tuple[str, ...] = ()
    """Chinese warnings: symlinks leading out of the site, hidden files."""


def hidden(path: str) -> bool:
    """A dot-file or a file in a dot-folder: never ours to upload or delete (`.well-known/` of a
    certificate tool, our own manifest, an editor's `.DS_Store`)."""
    return any(part.startswith(".") for part in path.split("/"))


def scan_site(site_dir: Path, compress: bool) -> Scan:
    """Every file under `site_dir`, sorted; nothing outside it is read, whatever a symlink says."""
    root = site_dir.resolve()
    files, skipped = [], []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        for name in list(dirs):
            if (here / name).is_symlink():
                skipped.append(
                    f"跳过符号链接的文件夹 {(here / name).relative_to(root).as_posix()}/（不发布链接指向的内容）。"
                )
                dirs.remove(name)
        dirs.sort()
        for name in sorted(names):
            path = here / name
            relative = path.relative_to(root).as_posix()
            if hidden(relative):
                if not relative.startswith(".branchpress-"):
                    skipped.append(f"跳过隐藏文件 {relative}（以“.”开头的文件不发布）。")
                continue
            if path.is_symlink():
                target = path.resolve()
                if root not in target.parents or not target.is_file():
                    skipped.append(f"跳过符号链接 {relative}：它指向网站文件夹以外，不发布。")
                    continue
            elif not path.is_file():
                continue
            files.append(SiteFile(relative, path, _sha256(path), headers_of(relative, compress)))
    files.sort(key=lambda f: f.path)
    return Scan(tuple(files), tuple(skipped))


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@dataclass(frozen=True)
class Stored:
    """What the target holds for one file, as the manifest records it."""

    digest: str
    """sha256 of the file as built (before compression)."""
    size: int
    """Size of the stored bytes."""
    md5: str
    """MD5 of the stored bytes (a single-part upload's ETag)."""
    headers: Headers

    @classmethod
    def of(cls, file: SiteFile, body: bytes) -> Stored:
        return cls(file.digest, len(body), hashlib.md5(body).hexdigest(), file.headers)


@dataclass(frozen=True)
class RemoteObject:
    size: int
    etag: str | None = None


Manifest = dict[str, Stored]


def manifest_bytes(manifest: Manifest) -> bytes:
    files = {path: asdict(manifest[path]) for path in sorted(manifest)}
    text = json.dumps({"version": MANIFEST_VERSION, "files": files}, ensure_ascii=False, indent=0)
    return text.encode("utf-8")


def read_manifest(data: bytes | None) -> Manifest:
    """The manifest, or an empty one when there is none or it cannot be read (then everything is
    uploaded again: safe)."""
    if not data:
        return {}
    try:
        raw = json.loads(data)
        if raw.get("version") != MANIFEST_VERSION:
            return {}
        return {
            path: Stored(e["digest"], int(e["size"]), e["md5"], Headers(**e["headers"]))
            for path, e in raw["files"].items()
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}


@dataclass(frozen=True)
class Upload:
    file: SiteFile
    new: bool
    """Not on the target yet (else: changed)."""


@dataclass
class Plan:
    uploads: list[Upload] = field(default_factory=list)
    """In deploy order: assets, pages, feeds and the sitemap; by path within each."""
    deletions: list[str] = field(default_factory=list)
    unchanged: list[SiteFile] = field(default_factory=list)

    def phases(self) -> Iterator[tuple[Kind, list[Upload]]]:
        for kind in Kind:
            batch = [u for u in self.uploads if u.file.kind is kind]
            if batch:
                yield kind, batch

    @property
    def empty(self) -> bool:
        return not self.uploads and not self.deletions


def proven_equal(file: SiteFile, stored: Stored | None, remote: RemoteObject | None) -> bool:
    if stored is None or remote is None:
        return False
    if stored.digest != file.digest or stored.headers != file.headers or remote.size != stored.size:
        return False
    etag = (remote.etag or "").strip('"').lower()
    return not PLAIN_MD5.fullmatch(etag) or etag == stored.md5


def make_plan(files: tuple[SiteFile, ...], manifest: Manifest, listing: dict[str, RemoteObject]) -> Plan:
    """Uploads of what is not proven equal, deletions of what the site no longer has."""
    plan = Plan()
    for file in files:
        if proven_equal(file, manifest.get(file.path), listing.get(file.path)):
            plan.unchanged.append(file)
        else:
            plan.uploads.append(Upload(file, file.path not in listing))
    plan.uploads.sort(key=lambda u: (u.file.kind, u.file.path))
    present = {f.path for f in files}
    plan.deletions = sorted(p for p in listing if p not in present and not hidden(p))
    return plan


def too_many_deletions(plan: Plan, max_deletes: int) -> str | None:
    """Why the plan is refused, or None."""
    count = len(plan.deletions)
    if count <= max_deletes:
        return None
    return (
        f"这次发布要删除 {count} 个文件，超过了 max_deletes（{max_deletes}），所以没有发布。"
        f"先用 branchpress deploy --dry-run 看看要删除哪些；如果确实要删除（例如整理过栏目或换了发布位置），"
        f"运行 branchpress deploy --max-deletes {count}，或者在 mkdocs.yml 的 branchpress/records → deploy 下"
        f"写 max_deletes: {count}。"
    )
