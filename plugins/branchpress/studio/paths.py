"""Paths the studio is asked for, refused unless they stay inside docs_dir.

Every path in a studio URL or form is written relative to docs_dir with forward
slashes. It is refused when it could point anywhere else: `..` (also as it arrives
percent-decoded), an absolute or drive path, a backslash, NUL or other control
characters, a hidden part, or a symlink on the way that leads out of docs_dir.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath


class PathRefused(ValueError):
    """A path outside what the studio may read or write; the message is for staff."""


def clean_relative(path: str) -> str:
    """The path as docs-relative posix parts, or PathRefused."""
    if not path or len(path) > 400:
        raise PathRefused("路径为空或太长。")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in path) or "\\" in path:
        raise PathRefused("路径里有不允许的字符。")
    pure = PurePosixPath(path)
    if pure.is_absolute() or ":" in pure.parts[0]:
        raise PathRefused("只能使用内容文件夹里的相对路径。")
    parts = pure.parts
    if any(part in ("..", ".") or part.startswith(".") for part in parts):
        raise PathRefused("路径不能包含“..”或隐藏文件夹。")
    return "/".join(parts)


def docs_path(docs_dir: Path, path: str) -> Path:
    """The file under docs_dir that `path` names; PathRefused when it would be elsewhere."""
    relative = clean_relative(path)
    root = docs_dir.resolve()
    target = root.joinpath(*relative.split("/"))
    # resolve() follows every symlink on the way: one leading out of docs_dir is refused.
    resolved = target.resolve()
    if resolved != root and root not in resolved.parents:
        raise PathRefused("这个路径指向内容文件夹以外的位置。")
    return target


def record_path(docs_dir: Path, activities_dir: str, path: str) -> Path:
    """A record file: a Markdown file under the activities folder."""
    relative = clean_relative(path)
    if not relative.endswith(".md") or not relative.startswith(activities_dir.strip("/") + "/"):
        raise PathRefused(f"只能编辑 {activities_dir}/ 下的 .md 记录文件。")
    return docs_path(docs_dir, relative)
