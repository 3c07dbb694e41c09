"""A `file://` target: the branch's own web server serves a folder.

Files are written as built (a server sets its own headers and compresses on the fly), each
atomically (beside it, then renamed), so a visitor never gets half a page. The manifest is
kept in the folder like in a bucket; hidden files (a certificate tool's `.well-known/`) are
neither listed nor deleted.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .headers import Headers
from .plan import MANIFEST, RemoteObject, hidden
from .publish import DeployError


class FolderBackend:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _fail(self, error: OSError, what: str) -> DeployError:
        reason = error.strerror or str(error)
        return DeployError(
            f"{what}失败（{reason}）：请检查文件夹 {self.folder} 是否存在、是否有写入权限、磁盘是否已满，"
            "处理后再运行一次 branchpress deploy。"
        )

    def list(self) -> dict[str, RemoteObject]:
        if not self.folder.parent.is_dir():
            raise DeployError(f"发布的文件夹 {self.folder} 的上级文件夹不存在：请检查 deploy 的 target。")
        found = {}
        for folder, dirs, names in os.walk(self.folder):
            dirs[:] = [d for d in dirs if not d.startswith(".") and not Path(folder, d).is_symlink()]
            for name in names:
                path = Path(folder, name)
                relative = path.relative_to(self.folder).as_posix()
                if not hidden(relative) and not path.is_symlink():
                    found[relative] = RemoteObject(path.stat().st_size)
        return found

    def read_manifest(self) -> bytes | None:
        try:
            return (self.folder / MANIFEST).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise self._fail(error, "读取发布记录") from None

    def put(self, path: str, body: bytes, headers: Headers, md5: str) -> None:
        self._write(self.folder / path, body, f"写入 {path} ")

    def delete(self, path: str) -> None:
        target = self.folder / path
        try:
            target.unlink(missing_ok=True)
            for parent in target.parents:
                if parent == self.folder or any(parent.iterdir()):
                    break
                parent.rmdir()
        except OSError as error:
            raise self._fail(error, f"删除 {path} ") from None

    def write_manifest(self, body: bytes) -> None:
        self._write(self.folder / MANIFEST, body, "写入发布记录")

    def _write(self, path: Path, body: bytes, what: str) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(body)
                os.chmod(temporary, 0o644)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise self._fail(error, what) from None
