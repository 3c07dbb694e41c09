"""What loading the records tells staff about the roster, besides errors (records plugin)."""

from __future__ import annotations

import logging

from ..core.people.checks import check_volunteers
from ..core.people.roster import Roster, withheld_in_urls
from ..core.problems import Problem
from ..core.records.store import LoadResult

MENTIONS = "{source}：有 {count} 处写了名册中不公开姓名（public: false）的志愿者，网站上一律显示为“志愿者”。如需别的说法，请改写这篇记录。"


def log_roster_notices(log: logging.Logger, result: LoadResult, roster: Roster, check_lists: bool) -> None:
    """Warnings about volunteer lists and withheld names in URLs; a note per record whose text
    named a withheld volunteer. Checks of volunteer lists belong to sites that show volunteers."""
    published = [r for r in result.all_records if r.source in result.store.by_source]
    checks = check_volunteers(published, roster) if check_lists else []
    for problem in checks + withheld_in_urls(published, roster):
        log.warning(str(problem))
    for source, count in result.withheld_mentions.items():
        log.info(MENTIONS.format(source=source, count=count))


def roster_summary(roster_file: str, problems: list[Problem]) -> str:
    """Without a readable roster nobody knows whose names are withheld: that stops the build too."""
    errors = sum(1 for p in problems if p.is_error)
    return f"志愿者名册 {roster_file} 有 {errors} 个错误，网站没有生成。" if errors else ""
