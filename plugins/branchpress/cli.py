"""The `branchpress` command: authoring tools that need no build.

Each subcommand is a module of commands/ (check, new, ledger, wechat, deploy, studio); this module only
builds the parser and dispatches.
"""

from __future__ import annotations

import argparse
import sys

from branchpress import __version__
from branchpress.commands import check, deploy, ledger, new, studio, wechat

COMMANDS = (check, new, ledger, wechat, deploy, studio)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="branchpress", description="BranchPress 内容工具")
    parser.add_argument("--version", action="version", version=f"branchpress {__version__}")
    subcommands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(subcommands)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
