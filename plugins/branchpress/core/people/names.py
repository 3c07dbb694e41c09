"""People's names as the site handles them: one identity per spelling, masking, withholding."""

from __future__ import annotations

import unicodedata

# What the site shows instead of the name of a volunteer who did not consent to it.
ANONYMOUS = "志愿者"


def normalize_name(name: str) -> str:
    """Fold full-width forms and drop inner spaces, so 张 三 and 张三 are one person."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def mask_name(name: str) -> str:
    """张三明 -> 张*明, 张三 -> 张*, 欧阳娜娜 -> 欧**娜: enough to recognise, not to identify."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def redact(text: str, names: tuple[str, ...]) -> tuple[str, int]:
    """Replace each withheld name (see `Roster.withheld_names`) by 志愿者; returns the count too."""
    count = 0
    for name in names:
        found = text.count(name)
        if found:
            count += found
            text = text.replace(name, ANONYMOUS)
    return text, count
