"""`branchpress ledger`: the private 三会一课 ledger of a year, as HTML and as an A4 PDF.

It reads records as written (absentees, recorder, internal sittings) and writes
`ledger/YYYY.html` and `ledger/YYYY.pdf` beside mkdocs.yml — never into the site.
`--json` prints DESIGN.md's summary object on stdout (messages then go to stderr),
for scripts and for the secretary's own checks.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

LEDGER_DIR = "ledger"
CONTENT_PROBLEMS = 1
CANNOT_RUN = 2


def add_parser(commands) -> None:
    ledger = commands.add_parser("ledger", help="生成三会一课组织生活台账（内部资料，不发布）")
    ledger.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml 的路径")
    ledger.add_argument("--year", type=int, help="年份，例如 2025；不写为今年")
    ledger.add_argument("--json", action="store_true", help="在标准输出打印台账摘要（JSON）")


def run(config_file: Path, args: argparse.Namespace) -> int:
    from branchpress.cli import read_content
    from branchpress.core.organization.ledger import build_ledger

    say = _messages(args.json)
    content = read_content(config_file)
    if content is None:
        return CANNOT_RUN
    config, settings, result, _ = content
    if result.errors:
        for problem in result.errors:
            say(str(problem))
        say(f"有 {len(result.errors)} 个错误，台账没有生成：出错的记录会被漏掉。请先修改以上错误。")
        return CONTENT_PROBLEMS
    year = args.year or settings.current_time().year
    ledger = build_ledger(result.all_records, settings, year)
    folder = config_file.resolve().parent / LEDGER_DIR
    html, printable = (_render(config, config_file, settings, ledger, folder, p) for p in (False, True))
    written = [_write(folder / f"{year}.html", html.encode("utf-8"))]
    status = _print_pdf(printable, folder, year, _branch(config_file, config), say, written)
    for path in written:
        say(f"已写入 {_shown(path)}")
    if ledger.sittings:
        say(
            f"{year} 年共 {len(ledger.sittings)} 次会议；应开未开 {sum(len(r.missing) for r in ledger.rows)} 项。"
        )
    else:
        say(f"{year} 年还没有会议记录。")
    say("台账含缺席人员等内部信息，只供支部内部使用，不要上传到网站。")
    if args.json:
        print(json.dumps(ledger.as_json(), ensure_ascii=False))
    return status


def _render(config, config_file: Path, settings, ledger, folder: Path, for_print: bool) -> str:
    from branchpress.core.organization.document import ledger_context
    from branchpress.theme import register_templates

    # Through the theme's loader, so theme/branchpress/ledger.html overrides ours.
    register_templates(config)
    env = config.theme.get_env()
    docs = os.path.relpath(Path(config.docs_dir).resolve(), folder).replace(os.sep, "/")
    context = ledger_context(ledger, settings, _branch(config_file, config), docs, config.site_url or "")
    return env.get_template("branchpress/ledger.html").render(context, for_print=for_print)


def _print_pdf(html: str, folder: Path, year: int, branch: str, say, written: list[Path]) -> int:
    from branchpress.core.printing.pdf import PdfUnavailable, render_pdf

    try:
        pdf = render_pdf(html, folder, header=f"{branch} {year}年组织生活台账")
    except PdfUnavailable as error:
        say(f"没有生成 PDF：{error}")
        return 0  # the HTML is the ledger; the PDF is a convenience the machine cannot make
    written.append(_write(folder / f"{year}.pdf", pdf))
    return 0


def _branch(config_file: Path, config) -> str:
    from branchpress.cli import plugin_entries

    for entry in plugin_entries(config_file, "branchpress/brand"):
        options = entry.get("branchpress/brand") if isinstance(entry, dict) else None
        if isinstance(options, dict) and isinstance(options.get("name"), str) and options["name"].strip():
            return options["name"].strip()
    return config.site_name


def _write(path: Path, data: bytes) -> Path:
    """All or nothing: a reader never sees half a ledger."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)
    return path


def _messages(json_on_stdout: bool):
    stream = sys.stderr if json_on_stdout else sys.stdout
    return lambda text: print(text, file=stream)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
