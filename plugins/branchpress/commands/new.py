"""`branchpress new`: a new record for a type, title and date, with a photo folder beside it.

What is not given on the command line is asked for at a terminal; a script gets an error
naming the option instead. It never overwrites a file.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .output import CANNOT_RUN, CONTENT_PROBLEMS, complain, shown


def add_parser(commands) -> None:
    new = commands.add_parser("new", help="新建一条活动记录（没给的项会逐项询问）")
    new.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml 的路径")
    new.add_argument("-t", "--type", help="活动类型：英文代号或中文名称，例如 volunteer 或 志愿服务")
    new.add_argument("--title", help="标题")
    new.add_argument("-d", "--date", help="日期，2026-05-12 或 2026-05-12 14:30；不写为今天")
    new.add_argument("--slug", help="网址最后一段（小写英文、数字和连字符）；不写时由标题转成拼音")
    new.set_defaults(run=run)


@dataclass(frozen=True)
class Answers:
    type_key: str
    title: str
    date_text: str


class _MissingAnswer(Exception):
    def __init__(self, what: str, option: str) -> None:
        super().__init__(option)
        self.what, self.option = what, option


class _Refused(Exception):
    """An answer that cannot make a record; the message says how to fix it."""


def run(args: argparse.Namespace) -> int:
    from branchpress.core.records.scaffold import record_stem, record_text

    from .loading import open_project

    opened = open_project(Path(args.config_file))
    if opened is None:
        return CANNOT_RUN
    project = opened.project
    settings = project.settings
    try:
        answers = _answers(args, settings)
        moment, date_text = _moment(answers.date_text, settings.timezone)
    except _MissingAnswer as missing:
        complain(f"缺少{missing.what}。修改方法：用 {missing.option} 给出，或在终端里运行以便逐项回答。")
        return CANNOT_RUN
    except _Refused as refused:
        complain(str(refused))
        return CANNOT_RUN
    stem = record_stem(moment.date(), answers.title, args.slug, fallback=answers.type_key)
    folder = project.docs_dir / settings.activities_dir / f"{moment.year:04d}"
    text = record_text(answers.type_key, settings.types[answers.type_key], answers.title, date_text, stem)
    return _write_record(folder / f"{stem}.md", folder / stem, text)


def _answers(args: argparse.Namespace, settings) -> Answers:
    """The type, title and date, from the options or asked for; raises _MissingAnswer or _Refused."""
    # Missing answers are asked for only at a terminal; a script gets an error naming the option.
    interactive = sys.stdin.isatty()
    today = datetime.now(settings.timezone).strftime("%Y-%m-%d")
    type_key = _ask_type(args.type, settings.types, interactive)
    title = args.title if args.title is not None else _ask("标题：", "标题", "--title", interactive)
    date_text = args.date
    if date_text is None:
        prompt = f"日期（直接回车为今天 {today}）："
        date_text = _ask(prompt, "日期", "--date", interactive) if interactive else today
    return Answers(type_key, _checked_title(title, settings), date_text.strip() or today)


def _checked_title(title: str, settings) -> str:
    from branchpress.core.records.privacy import find_personal_numbers

    title = " ".join(title.split())
    if not title:
        raise _Refused("标题不能为空。修改方法：用 --title 写上活动标题。")
    # A likely mistyped ID number is only a warning: `branchpress check` reports it later.
    for finding in find_personal_numbers(title, settings.privacy_allow):
        if finding.certain:
            raise _Refused(f"标题里有{finding.kind} {finding.masked}，不能发布。修改方法：从标题中删掉它。")
    return title


def _moment(date_text: str, zone) -> tuple[datetime, str]:
    """The record's moment, and its date as the front matter writes it."""
    from branchpress.core.records.dates import DATE_FORMAT_HINT, YEAR_RANGE_HINT, parse_date

    moment, has_time, problem = parse_date(date_text, zone)
    if moment is None:
        what = {"format": "格式无法识别", "range": "的年份超出范围"}.get(problem, "不存在")
        hint = YEAR_RANGE_HINT if problem == "range" else DATE_FORMAT_HINT
        raise _Refused(f"日期“{date_text}”{what}。修改方法：{hint}。")
    return moment, moment.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")


def _write_record(path: Path, photos: Path, text: str) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite a record
            handle.write(text)
    except FileExistsError:
        complain(
            f"{shown(path)} 已经存在，没有改动它。修改方法：直接编辑这个文件，或用 --slug 换一个文件名。"
        )
        return CONTENT_PROBLEMS
    except OSError as error:
        complain(f"无法写入 {shown(path)}（{error.strerror}）。修改方法：检查文件夹权限。")
        return CANNOT_RUN
    photos.mkdir(exist_ok=True)
    print(f"已新建 {shown(path)}")
    print(f"照片请放进 {shown(photos)}{os.sep}")
    print("这条记录现在是草稿（draft: true），不会发布：写完正文、检查无误后删掉 draft 这一行。")
    return 0


def _ask(prompt: str, what: str, option: str, interactive: bool) -> str:
    if not interactive:
        raise _MissingAnswer(what, option)
    try:
        return input(prompt)
    except EOFError:  # Ctrl-D: the author gave up on the question
        raise _MissingAnswer(what, option) from None


def _ask_type(given: str | None, types: Mapping[str, str], interactive: bool) -> str:
    """The type from --type, or asked for by number, key or label until it is one."""
    from branchpress.core.records.record_fields import resolve_type, unknown_type_fix

    if given is not None:
        key = resolve_type(given.strip(), types)
        if key is None:
            raise _Refused(f"未知的活动类型“{given}”。修改方法：{unknown_type_fix(given, types)}")
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
