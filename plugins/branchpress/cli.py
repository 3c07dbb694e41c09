"""The `branchpress` command: content checks without a build.

`branchpress check` validates every record with the same code as the build and
prints the same messages; the exit status is 1 when there are errors (or, with
--strict, warnings).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="branchpress", description="BranchPress 内容工具")
    parser.add_argument("--version", action="version", version=f"branchpress {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查所有活动记录，不生成网站")
    check.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml 的路径")
    check.add_argument("--strict", action="store_true", help="有警告也按失败处理")
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(Path(args.config_file), strict=args.strict)
    return 2  # pragma: no cover - argparse rejects unknown commands


def run_check(config_file: Path, strict: bool) -> int:
    # Imported here so `branchpress --help` stays fast.
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError, PluginError

    from .core.store import load_records
    from .records.plugin import RecordsPlugin, settings_from_config

    try:
        config = load_config(str(config_file))
        plugin = config.plugins.get("branchpress/records")
        if not isinstance(plugin, RecordsPlugin):
            print(f"{config_file} 没有启用 branchpress/records 插件。", file=sys.stderr)
            return 2
        settings = settings_from_config(plugin.config, preview=False)
    except (ConfigurationError, PluginError, OSError) as error:
        print(f"无法读取配置 {config_file}：{error}", file=sys.stderr)
        return 2
    result = load_records(Path(config.docs_dir), settings)
    for problem in result.problems:
        print(problem)
    published = len(result.store)
    print(
        f"检查了 {len(result.all_records) + _unreadable(result)} 篇记录（可发布 {published} 篇）："
        f"{len(result.errors)} 个错误，{len(result.warnings)} 个警告。"
    )
    if result.errors or (strict and result.warnings):
        return 1
    return 0


def _unreadable(result) -> int:
    """Files that produced no record because of errors, so the count covers every file."""
    return len({p.file for p in result.errors})


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
