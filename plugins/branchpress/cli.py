"""The `branchpress` command: authoring tools that need no build.

`branchpress check` validates every record (and the hand-written pages) with the
same code as the build and prints the same messages; the exit status is 1 when
there are errors (or, with --strict, warnings).

`branchpress ledger` writes the private 三会一课 ledger (ledger_command.py).

`branchpress new` writes a new record for a type, title and date (asked for when
not given), with a photo folder beside it; it never overwrites a file.

`branchpress wechat` writes published records as 公众号 articles (branchpress/wechat/export.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from branchpress import __version__, ledger_command
from branchpress.wechat import export

# Exit statuses: 1 for content problems, 2 when the command itself cannot run.
CONTENT_PROBLEMS = 1
CANNOT_RUN = 2
RECORDS = "branchpress/records"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="branchpress", description="BranchPress 内容工具")
    parser.add_argument("--version", action="version", version=f"branchpress {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查所有活动记录，不生成网站")
    check.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml 的路径")
    check.add_argument("--strict", action="store_true", help="有警告也按失败处理")
    new = commands.add_parser("new", help="新建一条活动记录（没给的项会逐项询问）")
    new.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml 的路径")
    new.add_argument("-t", "--type", help="活动类型：英文代号或中文名称，例如 volunteer 或 志愿服务")
    new.add_argument("--title", help="标题")
    new.add_argument("-d", "--date", help="日期，2026-05-12 或 2026-05-12 14:30；不写为今天")
    new.add_argument("--slug", help="网址最后一段（小写英文、数字和连字符）；不写时由标题转成拼音")
    ledger_command.add_parser(commands)
    export.add_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(Path(args.config_file), strict=args.strict)
    if args.command == "ledger":
        return ledger_command.run(Path(args.config_file), args)
    if args.command == "wechat":
        return export.run(Path(args.config_file), args)
    return run_new(Path(args.config_file), args)


def _load(config_file: Path):
    """(MkDocs config, core settings), or None after printing why they cannot be read."""
    # Imported here so `branchpress --help` stays fast.
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from branchpress.adapter import plugin_of
    from branchpress.records.config import settings_from_config
    from branchpress.records.plugin import RecordsPlugin

    try:
        # Only the records plugin: loading every plugin (images, feeds, search...) would cost
        # more than checking a thousand records, and none of them takes part in the check.
        config = load_config(str(config_file), plugins=plugin_entries(config_file, RECORDS))
        plugin = plugin_of(config, RECORDS, RecordsPlugin)
        if plugin is None:
            print(f"{config_file} 没有启用 branchpress/records 插件。", file=sys.stderr)
            return None
        return config, settings_from_config(plugin.config, preview=False, site_url=config.site_url)
    except (ConfigurationError, PluginError, OSError) as error:
        print(f"无法读取配置 {config_file}：{error}", file=sys.stderr)
        return None
    except Abort:  # MkDocs has already logged which option is wrong
        print(f"无法读取配置 {config_file}：请按上面的提示修改。", file=sys.stderr)
        return None


def plugin_entries(config_file: Path, name: str) -> list:
    """The `plugins` entry of one plugin as mkdocs.yml writes it (list or mapping form)."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    with open(config_file, "rb") as handle:
        raw = yaml_load(handle, get_yaml_loader())
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        return [{key: options} for key, options in plugins.items() if key == name]
    return [entry for entry in plugins if entry == name or (isinstance(entry, dict) and name in entry)]


def _roster_file(config_file: Path) -> str:
    """Where the volunteer roster is: branchpress/volunteers' `roster` option, else the default."""
    from branchpress.core.people.roster import DEFAULT_ROSTER

    for entry in plugin_entries(config_file, "branchpress/volunteers"):
        options = entry.get("branchpress/volunteers") if isinstance(entry, dict) else None
        if isinstance(options, dict) and isinstance(options.get("roster"), str):
            return options["roster"]
    return DEFAULT_ROSTER


def read_content(config_file: Path):
    """(MkDocs config, settings, load result, roster problems) read as a build reads them, or None
    after printing why the configuration cannot be read."""
    from branchpress.core.people.public import Withholding
    from branchpress.core.people.roster import load_roster
    from branchpress.core.records.store import load_records

    loaded = _load(config_file)
    if loaded is None:
        return None
    config, settings = loaded
    roster, roster_problems = load_roster(Path(config.docs_dir), _roster_file(config_file))
    result = load_records(Path(config.docs_dir), settings, withholding=Withholding(roster))
    return config, settings, result, roster_problems


def run_check(config_file: Path, strict: bool) -> int:
    from mkdocs.structure.files import get_files

    from branchpress.adapter import pages_to_check
    from branchpress.core.organization.ledger import due_now, reminder
    from branchpress.core.problems import sort_problems
    from branchpress.core.records.store import content_problems

    content = read_content(config_file)
    if content is None:
        return CANNOT_RUN
    config, settings, result, roster_problems = content
    # The same checks as a build: the records, the other pages, and the roster they are read with.
    pages = pages_to_check(get_files(config), result.sources)
    problems = sort_problems(content_problems(result, pages, settings) + roster_problems)
    for problem in problems:
        print(problem)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    files = len(result.all_records) + len({p.file for p in result.errors})
    print(
        f"检查了 {files} 篇记录（可发布 {len(result.store)} 篇）和 {len(pages)} 个其他页面："
        f"{errors} 个错误，{warnings} 个警告。"
    )
    # Information, not a problem: what organization life is due and not yet held.
    if due := reminder(due_now(result.all_records, settings)):
        print(due)
    if errors or (strict and warnings):
        return CONTENT_PROBLEMS
    return 0


def run_new(config_file: Path, args: argparse.Namespace) -> int:
    from branchpress.core.records.dates import DATE_FORMAT_HINT, parse_date
    from branchpress.core.records.privacy import find_personal_numbers
    from branchpress.core.records.scaffold import record_stem, record_text

    loaded = _load(config_file)
    if loaded is None:
        return CANNOT_RUN
    config, settings = loaded
    types = settings.types
    # Missing answers are asked for only at a terminal; a script gets an error naming the option.
    interactive = sys.stdin.isatty()
    today = datetime.now(settings.timezone).strftime("%Y-%m-%d")
    try:
        type_key = _ask_type(args.type, types, interactive)
        if type_key is None:
            return CANNOT_RUN
        title = args.title
        if title is None:
            title = _ask("标题：", "标题", "--title", interactive)
        date_text = args.date
        if date_text is None:
            date_text = (
                _ask(f"日期（直接回车为今天 {today}）：", "日期", "--date", interactive)
                if interactive
                else today
            )
    except _MissingAnswer as missing:
        print(
            f"缺少{missing.what}。修改方法：用 {missing.option} 给出，或在终端里运行以便逐项回答。",
            file=sys.stderr,
        )
        return CANNOT_RUN
    title = " ".join(title.split())
    if not title:
        print("标题不能为空。修改方法：用 --title 写上活动标题。", file=sys.stderr)
        return CANNOT_RUN
    # A likely mistyped ID number is only a warning: `branchpress check` reports it later.
    for finding in (f for f in find_personal_numbers(title, settings.privacy_allow) if f.certain):
        print(
            f"标题里有{finding.kind} {finding.masked}，不能发布。修改方法：从标题中删掉它。", file=sys.stderr
        )
        return CANNOT_RUN
    date_text = date_text.strip() or today
    moment, has_time, problem = parse_date(date_text, settings.timezone)
    if moment is None:
        what = "格式无法识别" if problem == "format" else "不存在"
        print(f"日期“{date_text}”{what}。修改方法：{DATE_FORMAT_HINT}。", file=sys.stderr)
        return CANNOT_RUN
    date_text = moment.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")

    stem = record_stem(moment.date(), title, args.slug, fallback=type_key)
    folder = Path(config.docs_dir) / settings.activities_dir / f"{moment.year:04d}"
    path, photos = folder / f"{stem}.md", folder / stem
    text = record_text(type_key, types[type_key], title, date_text, stem)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite a record
            handle.write(text)
    except FileExistsError:
        print(
            f"{_shown(path)} 已经存在，没有改动它。修改方法：直接编辑这个文件，或用 --slug 换一个文件名。",
            file=sys.stderr,
        )
        return CONTENT_PROBLEMS
    except OSError as error:
        print(f"无法写入 {_shown(path)}（{error.strerror}）。修改方法：检查文件夹权限。", file=sys.stderr)
        return CANNOT_RUN
    photos.mkdir(exist_ok=True)
    print(f"已新建 {_shown(path)}")
    print(f"照片请放进 {_shown(photos)}{os.sep}")
    print("这条记录现在是草稿（draft: true），不会发布：写完正文、检查无误后删掉 draft 这一行。")
    return 0


class _MissingAnswer(Exception):
    def __init__(self, what: str, option: str) -> None:
        super().__init__(option)
        self.what, self.option = what, option


def _ask(prompt: str, what: str, option: str, interactive: bool) -> str:
    if not interactive:
        raise _MissingAnswer(what, option)
    try:
        return input(prompt)
    except EOFError:  # Ctrl-D: the author gave up on the question
        raise _MissingAnswer(what, option) from None


def _ask_type(given: str | None, types: Mapping[str, str], interactive: bool) -> str | None:
    """The type from --type, or asked for by number, key or label until it is one."""
    from branchpress.core.records.record_fields import resolve_type, unknown_type_fix

    if given is not None:
        key = resolve_type(given.strip(), types)
        if key is None:
            print(f"未知的活动类型“{given}”。修改方法：{unknown_type_fix(given, types)}", file=sys.stderr)
        return key
    if not interactive:
        raise _MissingAnswer("活动类型", "--type")
    keys = list(types)
    print("活动类型：")
    for number, key in enumerate(keys, start=1):
        print(f"  {number}. {types[key]}（{key}）")
    while True:
        answer = _ask("选择类型（写编号、英文代号或中文名称）：", "活动类型", "--type", True).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(keys):
            return keys[int(answer) - 1]
        key = resolve_type(answer, types)
        if key is not None:
            return key
        print(f"未知的活动类型“{answer}”。{unknown_type_fix(answer, types)}")


def _shown(path: Path) -> str:
    """A path as the author would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
