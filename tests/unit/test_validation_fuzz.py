"""Property tests: no front matter, however odd, makes validation raise.

Validation's contract is to return problems for bad content and never a Python
exception (a traceback in front of publicity staff is a bug). Hypothesis feeds it
random mappings, random YAML and random text; every answer must be a record or
problems, and every problem must name the file and a fix.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import yaml
from branchpress.core.problems import Problem
from branchpress.core.records.frontmatter import ParsedFile
from branchpress.core.records.page_checks import check_page
from branchpress.core.records.privacy import find_personal_numbers
from branchpress.core.records.record_fields import FIELDS, THEME_FIELDS
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.validation import validate, validate_text
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

SETTINGS = SiteSettings(
    now=datetime(2025, 12, 1, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
    privacy_allow=frozenset({"13800138000"}),
)
SOURCE = "activities/2025/2025-03-05-x.md"

# Values that look like what staff write, and what they get wrong.
dates = st.builds(
    lambda y, m, d, t: f"{y:04d}-{m:02d}-{d:02d}" + t,
    st.integers(0, 9999),
    st.integers(0, 14),
    st.integers(0, 33),
    st.sampled_from(["", " 09:30", " 25:61", "T14:00:00"]),
)
numbers_in_text = st.sampled_from(["13812345678", "138 1234 5678", "11010519491231002X", "110105491231002"])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    dates,
    numbers_in_text,
    st.sampled_from(["volunteer", "志愿服务", "photos/a.jpg", "../x.jpg", "/abs.jpg", "a@b.cn", ""]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(["name", "hours", "src", "caption", "alt", "x"]) | st.text(max_size=5),
            children,
            max_size=4,
        ),
    ),
    max_leaves=12,
)
keys = st.one_of(st.sampled_from(FIELDS + THEME_FIELDS), st.text(max_size=12), st.integers(), st.none())
front_matters = st.dictionaries(keys, values, max_size=12)
bodies = st.one_of(
    st.text(max_size=200), st.builds(lambda t, n: f"{t}\n{n}\n", st.text(max_size=50), numbers_in_text)
)


def _assert_answer(record, problems) -> None:
    assert isinstance(problems, list)
    assert all(isinstance(p, Problem) for p in problems)
    if record is None:
        assert any(p.is_error for p in problems)
    else:
        assert not any(p.is_error for p in problems)
    for problem in problems:
        assert problem.file == SOURCE and problem.message and problem.fix
        assert problem.line is None or problem.line >= 1
        str(problem)


def _exists(path: str) -> bool:
    return path.endswith("a.jpg")


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matters, bodies)
def test_random_front_matter_only_ever_returns_problems(data, body):
    key_lines = {str(key): line for line, key in enumerate(data, start=2) if isinstance(key, str)}
    parsed = ParsedFile(data=data, key_lines=key_lines, body=body, body_line=len(data) + 3)
    _assert_answer(*validate(SOURCE, parsed, SETTINGS, _exists))


@settings(max_examples=300, deadline=None, database=None)
@given(front_matters, bodies)
def test_random_yaml_files_only_ever_return_problems(data, body):
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, ValueError):
        return  # not every Python mapping can be written as YAML
    _assert_answer(*validate_text(SOURCE, f"---\n{text}---\n\n{body}", SETTINGS, _exists))


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(max_size=300), st.text(max_size=100))
def test_random_text_only_ever_returns_problems(front, body):
    _assert_answer(*validate_text(SOURCE, f"---\n{front}\n---\n{body}", SETTINGS, _exists))
    _assert_answer(*validate_text(SOURCE, front + body, SETTINGS, _exists))
    for problem in check_page("culture/x.md", front + body, SETTINGS):
        assert problem.line is not None and problem.line >= 1


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from("0123456789１３８ -+Xx86\n张"), max_size=60))
# Random digits rarely make a valid number: these examples make sure masks are always checked.
@example("13812345678")
@example("+86 138-1234-5678 张 11010519491231002X")
@example("１３８１２３４５６７８ 110105491231002")
def test_masks_never_show_a_whole_number(text):
    for finding in find_personal_numbers(text):
        assert 0 <= finding.start < finding.end <= len(text)
        digits = sum(ch.isdigit() for ch in finding.masked)
        assert "*" in finding.masked and digits <= 10
