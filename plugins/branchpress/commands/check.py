"""`branchpress check`: every record and hand-written page checked as the build checks them.

It prints the same messages as `mkdocs build`; the exit status is 1 when there are errors
(or, with --strict, warnings). What organization life is due and not yet held follows, as
information.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .output import CANNOT_RUN, CONTENT_PROBLEMS


def add_parser(commands) -> None:
    check = commands.add_parser("check", help="检查所有活动记录，不生成网站")
    check.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml 的路径")
    check.add_argument("--strict", action="store_true", help="有警告也按失败处理")
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mkdocs.structure.files import get_files

    from branchpress.adapter import content_file_paths, keep_private_files, pages_to_check, text_settings
    from branchpress.core.organization.ledger import due_now, reminder
    from branchpress.core.people.exposure import withheld_in_file_names, withheld_in_settings
    from branchpress.core.problems import sort_problems
    from branchpress.core.records.config_checks import config_problems
    from branchpress.records.page_loads import body_problems, config_load_problems, render_body, source_text

    from .loading import open_project

    opened = open_project(Path(args.config_file))
    if opened is None:
        return CANNOT_RUN
    content = opened.project.load()
    result = content.result
    # The same checks as a build: the records, the other pages, and the roster they are read with.
    files = get_files(opened.config)
    keep_private_files(files, result, opened.project.private_files)
    pages = pages_to_check(files, result.sources)
    config_text = Path(args.config_file).read_text(encoding="utf-8", errors="replace")
    settings, texts = opened.project.settings, text_settings(opened.config)
    withheld = content.withholding.forms
    found = [
        *config_problems(texts, settings.privacy_allow, config_text),
        *config_load_problems(opened.config, settings, config_text),
        *withheld_in_settings(texts, withheld, config_text),
        *withheld_in_file_names(content_file_paths(files, result.sources, opened.config.docs_dir), withheld),
    ]
    # Off-host loads and scripts, read from each published page's body rendered as the build does.
    docs = Path(opened.config.docs_dir)
    published = [(source, source_text(str(docs / source)), False) for source, _ in pages]
    published += [(r.source, source_text(str(docs / r.source)), True) for r in result.store]
    for source, text, is_record in published:
        html = render_body(opened.config, text)
        found += body_problems(source, text, html, "", settings, is_record=is_record)
    problems = sort_problems([*content.problems(pages), *found])
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
    if due := reminder(due_now(result.all_records, opened.project.settings)):
        print(due)
    if errors or (args.strict and warnings):
        return CONTENT_PROBLEMS
    return 0
