"""Personal numbers are found as a reader sees them (core/records/digit_runs.py): whatever the
separators, digit scripts, emphasis, references or invisible characters between the digits.
Dates, counts, years and other numbers stay unflagged."""

from __future__ import annotations

import pytest
from branchpress.core.records.privacy import ID_CARD, MOBILE, find_personal_numbers, normalize_number

ID_X = "11010519491231002X"  # the GB 11643-1999 example


def _script(number: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in number)


SEEN = [
    ("ID 6-4-4-4", "110105 1949 1231 002X", ID_CARD),
    ("ID in fours", "1101 0519 4912 3100 2X", ID_CARD),
    ("ID 6-8-4 with dots", "110105.19491231.002X", ID_CARD),
    ("ID with em dashes", "110105—19491231—002X", ID_CARD),
    ("ID with U+3000", "110105\u300019491231\u3000002x", ID_CARD),
    ("ID split by emphasis", "110105**19491231**002X", ID_CARD),
    ("mobile, two spaces", "138  1234  5678", MOBILE),
    ("mobile, dots", "138.1234.5678", MOBILE),
    ("mobile, em dash", "138—1234—5678", MOBILE),
    ("mobile, spaced em dash", "138 — 1234 — 5678", MOBILE),
    ("mobile 4-3-4", "1381 234 5678", MOBILE),
    ("mobile, mathematical digits", _script("13812345678", 0x1D7CE), MOBILE),
    ("mobile, Arabic-Indic digits", _script("13812345678", 0x660), MOBILE),
    ("mobile, full-width digits", _script("13812345678", 0xFF10), MOBILE),
    ("mobile split by **", "138**1234**5678", MOBILE),
    ("mobile split by a reference", "138&#49;2345678", MOBILE),
    ("mobile split by a hex reference", "138&#x31;2345678", MOBILE),
    ("mobile split by U+200B", "138\u200b1234\u200b5678", MOBILE),
    ("mobile split by a tag", "138<span>1234</span>5678", MOBILE),
    ("mobile split by &nbsp;", "138&nbsp;1234&nbsp;5678", MOBILE),
    ("mobile across a line break", "请拨 138 1234\n5678 报名", MOBILE),
]


@pytest.mark.parametrize(("text", "kind"), [case[1:] for case in SEEN], ids=[case[0] for case in SEEN])
def test_a_number_is_found_however_it_is_spelled(text: str, kind: str) -> None:
    findings = find_personal_numbers(f"联系人：{text}。")
    assert [f.kind for f in findings] == [kind]
    finding = findings[0]
    # The span covers the number as written, from its first digit to its last.
    written = f"联系人：{text}。"[finding.start : finding.end]
    assert normalize_number(written.replace("&#49;", "1").replace("&#x31;", "1"))[-4:] in {"5678", "002X"}


NOT_PERSONAL = [
    "2025-03-05 至 2025-03-06",
    "2025.03.05 14:00—16:30",
    "共 138 人参加，1234 小时，5678 元",
    "第 13 期 2025 年 3 月 1234 号",
    "ISBN 978-7-01-012345-6",
    "ISBN 978 7 5135 1234 5",
    "13，14，15，1234，5678",
    "订单号 2025031313812345678",  # eleven digits inside a longer number: not a phone number
    "电话 010 6512 3456",
    "0571-8888 8888",
    "138 1234 567",
    "138\n\n1234 5678",  # a blank line is a new paragraph
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_dates_counts_years_and_other_numbers_are_not_flagged(text: str) -> None:
    assert find_personal_numbers(text) == []


def test_a_mistyped_id_number_grouped_in_fours_is_a_warning() -> None:
    (finding,) = find_personal_numbers("1101 0519 4912 3100 21")
    assert not finding.certain


def test_allowed_numbers_are_compared_whatever_their_digits() -> None:
    hotline = _script("13812345678", 0x660)
    assert find_personal_numbers(f"热线 {hotline}", {normalize_number("138-1234-5678")}) == []
    assert normalize_number(hotline) == "13812345678"
