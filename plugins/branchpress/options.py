"""Option types that several plugins' `Config` classes share."""

from __future__ import annotations

from mkdocs.config import config_options as c


def moved_cache_dir(plugin: str) -> c.Deprecated:
    """A plugin's old `cache_dir`: every plugin now uses the one of branchpress/records.

    Still accepted, so an old mkdocs.yml builds; MkDocs prints the notice (a warning, so
    `mkdocs build --strict` asks for the line to go)."""
    return c.Deprecated(
        message=(
            f"{plugin} 的 {{}} 选项已不再使用：所有 BranchPress 插件共用 branchpress/records 的 cache_dir。"
            "修改方法：删掉这一行；要换缓存文件夹，在 branchpress/records 下写 cache_dir。"
        ),
        option_type=c.Type(str),
    )
