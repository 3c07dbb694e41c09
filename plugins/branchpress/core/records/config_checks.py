"""Personal numbers in mkdocs.yml: the site's description, copyright, brand contact and every
other text setting reach the footer or the head of every page, and every feed.

The settings are read as the adapters hand them over (a key path and its text); a finding is
reported against mkdocs.yml with the line where the number is written, when it can be found.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from branchpress.core.problems import Problem

from .personal_numbers import number_problem
from .privacy import find_personal_numbers

CONFIG_FILE = "mkdocs.yml"
# Settings that name numbers meant to be checked against, not published.
NOT_PUBLISHED = ("plugins → branchpress/records → privacy_allow",)


def config_problems(
    values: Iterable[tuple[str, str]], allowed: Collection[str], config_text: str = ""
) -> list[Problem]:
    """A problem for each personal number in the text settings (key path, text)."""
    problems = []
    lines = config_text.splitlines()
    for key, text in values:
        if key.startswith(NOT_PUBLISHED):
            continue
        for finding in find_personal_numbers(text, allowed):
            written = text[finding.start : finding.end]
            line = next((n for n, row in enumerate(lines, 1) if written in row), None)
            problems.append(number_problem(CONFIG_FILE, line, key, "这项设置", finding))
    return problems
