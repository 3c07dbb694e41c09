"""`branchpress ledger`: the private 三会一课 ledger of a year, as HTML and as an A4 PDF.

It reads records as written (absentees, recorder, internal sittings) and writes
`ledger/YYYY.html` and `ledger/YYYY.pdf` beside mkdocs.yml — never into the site.
`--json` prints the summary object of docs/records.md (The ledger) on stdout (messages then go to
stderr), for scripts and for the secretary's own checks.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from .output import CANNOT_RUN, CONTENT_PROBLEMS, messages, shown, write_atomically

LEDGER_DIR = "ledger"
BRAND = "branchpress/brand"


def add_parser(commands) -> None:
    ledger = commands.add_parser("ledger", help="生成三会一课组织生活台账（内部资料，不发布）")
    ledger.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml 的路径")
    ledger.add_argument("--year", type=_year, help="年份，例如 2025；不写为今年")
    ledger.add_argument("--json", action="store_true", help="在标准输出打印台账摘要（JSON）")
    ledger.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from branchpress.core.organization.ledger import build_ledger

    from .loading import open_project

    say = messages(args.json)
    config_file = Path(args.config_file)
    opened = open_project(config_file)
    if opened is None:
        return CANNOT_RUN
    project = opened.project
    result = project.load().result
    if result.errors:
        for problem in result.errors:
            say(str(problem))
        say(f"有 {len(result.errors)} 个错误，台账没有生成：出错的记录会被漏掉。请先修改以上错误。")
        return CONTENT_PROBLEMS
    year = project.settings.current_time().year if args.year is None else args.year
    ledger = build_ledger(result.all_records, project.settings, year)
    folder = project.path(LEDGER_DIR)
    branch = _branch(config_file, opened.config.site_name)
    html, printable = (_render(opened, branch, ledger, folder, for_print) for for_print in (False, True))
    written = [write_atomically(folder / f"{year}.html", html.encode("utf-8"))]
    if (pdf := _print_pdf(printable, folder, f"{branch} {year}年组织生活台账", say)) is not None:
        written.append(write_atomically(folder / f"{year}.pdf", pdf))
    for path in written:
        say(f"已写入 {shown(path)}")
    if ledger.sittings:
        missing = sum(len(row.missing) for row in ledger.rows)
        say(f"{year} 年共 {len(ledger.sittings)} 次会议；应开未开 {missing} 项。")
    else:
        say(f"{year} 年还没有会议记录。")
    say("台账含缺席人员等内部信息，只供支部内部使用，不要上传到网站。")
    if args.json:
        print(json.dumps(ledger.as_json(), ensure_ascii=False))
    return 0


def _year(text: str) -> int:
    """--year as a year a record can have; argparse prints the refusal with the usage line.
    0 is refused like any other: it must not quietly mean this year."""
    from branchpress.core.records.dates import FIRST_YEAR, LAST_YEAR

    try:
        year = int(text)
    except ValueError:
        year = None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"年份“{text}”无效。修改方法：写 {FIRST_YEAR}–{LAST_YEAR} 之间的四位年份，例如 --year 2025；"
            "不写 --year 为今年。"
        )
    return year


def _render(opened, branch: str, ledger, folder: Path, for_print: bool) -> str:
    from branchpress.core.organization.document import ledger_context
    from branchpress.theme import template_env

    config, project = opened.config, opened.project
    # Through the theme's loader, so theme/branchpress/ledger.html overrides ours.
    env = template_env(config)
    docs = os.path.relpath(project.docs_dir.resolve(), folder).replace(os.sep, "/")
    context = ledger_context(ledger, project.settings, branch, docs, config.site_url or "")
    return env.get_template("branchpress/ledger.html").render(context, for_print=for_print)


def _print_pdf(html: str, folder: Path, header: str, say) -> bytes | None:
    """The PDF, or None after saying why this machine cannot print one (the HTML is the ledger;
    the PDF is a convenience)."""
    from branchpress.core.printing.pdf import PdfUnavailable, render_pdf

    try:
        return render_pdf(html, folder, header=header)
    except PdfUnavailable as error:
        say(f"没有生成 PDF：{error}")
        return None


def _branch(config_file: Path, site_name: str) -> str:
    """The branch's name: branchpress/brand's `name`, else the site's."""
    from .loading import plugin_options

    name = plugin_options(config_file, BRAND).get("name")
    return name.strip() if isinstance(name, str) and name.strip() else site_name
