"""Find personal numbers that must never be published: Chinese ID-card and mainland mobile numbers.

What is published stays public forever (caches, archives, screenshots), so the
build refuses text that carries one. Numbers meant to be public (a service
hotline) are passed as `allowed`. Findings carry the number masked, because the
build log itself is read and pasted by other people.

An 18-digit number with a real region code and birth date whose check character
is wrong is most likely an ID number typed with one digit wrong: it still names
its holder (the region, the birthday and most of the sequence are right), so it
is found too, as `certain=False`, and staff are warned rather than stopped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from .digit_runs import Run, digit_runs, spans

MOBILE = "手机号码"
ID_CARD = "身份证号码"
LIKELY_ID_CARD = "疑似输错的身份证号码"

# Mainland mobile numbers: 11 digits starting 13 to 19.
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
MOBILE_DIGITS = 11

# GB 11643-1999: weights of the first 17 digits; the check character indexed by sum mod 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# GB/T 2260: the provinces, autonomous regions and municipalities an ID number's region code
# starts with (71 Taiwan, 81 Hong Kong, 82 Macao and 83 Taiwan on residence permits).
_PROVINCES = frozenset(
    str(code)
    for code in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46)
    + (50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83)
)


@dataclass(frozen=True)
class Finding:
    """A personal number in a text: what it is, masked for messages, and where it is."""

    kind: str  # MOBILE, ID_CARD or LIKELY_ID_CARD
    masked: str
    start: int
    end: int

    @property
    def certain(self) -> bool:
        """False for a likely mistyped ID number: staff are warned, the build goes on."""
        return self.kind != LIKELY_ID_CARD


def id_check_character(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _is_birth_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return year >= 1800


def is_id_number(digits: str) -> bool:
    """An 18-character number with a real birth date and the right check character,
    or a 15-digit number of the old form (born 19YYMMDD, no check character)."""
    digits = digits.upper()
    if len(digits) == 18:
        return (
            digits[:17].isdigit()
            and _is_birth_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
            and id_check_character(digits[:17]) == digits[17]
        )
    if len(digits) == 15 and digits.isdigit():
        return _is_birth_date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    return False


def is_mistyped_id_number(digits: str) -> bool:
    """18 characters with a real region code and birth date, but the wrong check character."""
    digits = digits.upper()
    return (
        len(digits) == 18
        and digits[:17].isdigit()
        and digits[:2] in _PROVINCES
        and _is_birth_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
        and id_check_character(digits[:17]) != digits[17]
    )


def normalize_number(text: str) -> str:
    """Digits (and an ID's X) only, without a +86 prefix: the form allow-lists compare."""
    digits = "".join(
        "X" if ch in "Xx\uff38\uff58" else str(unicodedata.digit(ch))
        for ch in str(text)
        if ch in "Xx\uff38\uff58" or unicodedata.digit(ch, None) is not None
    )
    if len(digits) == 13 and digits.startswith("86"):
        return digits[2:]
    if len(digits) == 15 and digits.startswith("0086"):
        return digits[4:]
    return digits


def find_personal_numbers(text: str, allowed: Collection[str] = ()) -> list[Finding]:
    """Every ID-card and mobile number in `text` as a reader sees it (any separators, digit
    scripts, emphasis, references or invisible characters between the digits: see
    digit_runs.py), in order, except those in `allowed` (compared as normalize_number gives
    them); likely mistyped ID numbers too (not `certain`)."""
    findings: list[Finding] = []
    # Most text has only short numbers (dates, counts): only runs long enough to be a phone
    # number are looked at, which keeps `branchpress check` fast.
    for run in digit_runs(text, MOBILE_DIGITS):
        findings.extend(_numbers_in(run, allowed))
    return findings


def _numbers_in(run: Run, allowed: Collection[str]) -> list[Finding]:
    found: list[Finding] = []
    for number, start, end in spans(run, (15, 18)):
        if number in allowed or "X" in number[:-1]:
            continue
        if is_id_number(number):
            found.append(Finding(ID_CARD, _mask_id(number), start, end))
        elif is_mistyped_id_number(number):
            found.append(Finding(LIKELY_ID_CARD, _mask_id(number), start, end))
    for number, start, end in spans(run, (MOBILE_DIGITS, 13, 15)):
        number = _without_country_code(number)
        if not _MOBILE.fullmatch(number) or number in allowed:
            continue
        if any(f.start < end and start < f.end for f in found):
            continue  # inside an ID number, or the same number with its +86
        found.append(Finding(MOBILE, f"{number[:3]}****{number[-4:]}", start, end))
    return sorted(found, key=lambda f: f.start)


def _without_country_code(number: str) -> str:
    if len(number) == 13 and number.startswith("86"):
        return number[2:]
    if len(number) == 15 and number.startswith("0086"):
        return number[4:]
    return number


def _mask_id(number: str) -> str:
    """Region code and the last four (three for the old form) stay; the birth date never shows."""
    tail = 4 if len(number) == 18 else 3
    return number[:6] + "*" * (len(number) - 6 - tail) + number[-tail:]


def line_of(text: str, position: int) -> int:
    """0-based line of a position, for adding to the line where the text starts in its file."""
    return text.count("\n", 0, position)
