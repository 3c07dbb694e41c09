"""The privacy guard: ID-card and mobile numbers never reach the published site.

Unit tests of core/records/privacy.py and of the validator calling it on every published field
(with the real file line and the field). Real builds and `branchpress check` runs that must stop
with the number masked are in tests/integration/test_privacy_builds.py.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from branchpress.core.records.page_checks import check_page
from branchpress.core.records.privacy import (
    ID_CARD,
    LIKELY_ID_CARD,
    MOBILE,
    find_personal_numbers,
    id_check_character,
    is_id_number,
    normalize_number,
)
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.validation import validate_text

# The two examples printed in GB 11643-1999 itself, so the check-digit code is tested
# against the standard rather than against itself.
ID_X = "11010519491231002X"
ID_DIGIT = "440524188001010014"
ID_OLD = "110105491231002"  # the 15-digit form of ID_X's holder (no century, no check)
MOBILE_NUMBER = "13812345678"

SETTINGS = SiteSettings(now=datetime(2025, 12, 1, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
SOURCE = "activities/2025/2025-03-05-x.md"


# --- finding numbers -------------------------------------------------------------------------


def test_check_digits_follow_gb_11643():
    assert id_check_character(ID_X[:17]) == "X"
    assert id_check_character(ID_DIGIT[:17]) == "4"
    assert is_id_number(ID_X) and is_id_number(ID_X.lower()) and is_id_number(ID_DIGIT)
    assert not is_id_number(ID_X[:17] + "3")  # wrong check character
    assert not is_id_number("110105" + "19491331" + "0021")  # month 13 is no birth date
    assert is_id_number(ID_OLD)
    assert not is_id_number("110105491331002")  # old form with month 13


@pytest.mark.parametrize(
    ("text", "kind", "masked", "found"),
    [
        ("联系电话13812345678。", MOBILE, "138****5678", "13812345678"),
        ("电话 138 1234 5678", MOBILE, "138****5678", "138 1234 5678"),
        ("电话 138-1234-5678", MOBILE, "138****5678", "138-1234-5678"),
        ("电话 +86 138 1234 5678", MOBILE, "138****5678", "+86 138 1234 5678"),
        ("电话 +8613812345678", MOBILE, "138****5678", "+8613812345678"),
        ("电话 8613812345678", MOBILE, "138****5678", "8613812345678"),
        ("全角 １３８１２３４５６７８ 号码", MOBILE, "138****5678", "１３８１２３４５６７８"),
        ("19912345678", MOBILE, "199****5678", "19912345678"),
        (f"身份证号{ID_X}。", ID_CARD, "110105********002X", ID_X),
        (f"身份证号{ID_X.lower()}", ID_CARD, "110105********002X", ID_X.lower()),
        (f"号码 {ID_DIGIT}", ID_CARD, "440524********0014", ID_DIGIT),
        ("号码 110105 19491231 002X", ID_CARD, "110105********002X", "110105 19491231 002X"),
        (f"旧证 {ID_OLD}", ID_CARD, "110105******002", ID_OLD),
        (f"ID{ID_X}abc", ID_CARD, "110105********002X", ID_X),
    ],
)
def test_numbers_are_found_masked_and_located(text, kind, masked, found):
    findings = find_personal_numbers(text)
    assert len(findings) == 1, findings
    finding = findings[0]
    assert (finding.kind, finding.masked) == (kind, masked)
    assert text[finding.start : finding.end] == found


@pytest.mark.parametrize(
    "text",
    [
        "订单号 138123456789",  # 12 digits: a mobile inside a longer number is not one
        "编号 013812345678",
        "银行卡 6222021234567890123",
        "2025年3月5日 14:30-16:00，参加 36 人",
        "办公电话 0755-12345678，热线 400-800-1234",
        "12345678901",  # 11 digits, but no mobile begins with 12
        "110105" + "19491331" + "0021",  # no such birth date
        "990105" + "19491231" + "0024",  # no such region, wrong check character
        "",
    ],
)
def test_other_numbers_are_left_alone(text):
    assert find_personal_numbers(text) == []


@pytest.mark.parametrize("check", "013456789")
def test_an_id_number_with_a_wrong_check_character_is_a_likely_mistyped_one(check):
    number = ID_X[:17] + check  # region 110105, born 1949-12-31: only the check character is wrong
    findings = find_personal_numbers(f"身份证号 {number}。")
    assert [(f.kind, f.masked, f.certain) for f in findings] == [
        (LIKELY_ID_CARD, "110105********00" + "2" + check, False)
    ]
    assert [f.certain for f in find_personal_numbers(ID_X)] == [True]


def test_a_likely_mistyped_id_number_is_a_warning_on_its_line_and_the_record_is_kept():
    wrong = ID_DIGIT[:17] + "5"
    record, problems = check(f"{VALID}\nsummary: 受助人 {wrong}", f"第一段。\n\n证件 {wrong}\n")
    assert record is not None and record.summary == f"受助人 {wrong}"
    assert sorted((p.line, p.field, p.is_error) for p in problems) == [
        (5, "summary", False),
        (10, "正文", False),
    ]
    assert all("440524********0015" in p.message and "校验位不对" in p.message for p in problems)
    assert all(wrong not in str(p) and "privacy_allow" in p.fix for p in problems)
    allowed = SiteSettings(now=SETTINGS.now, privacy_allow=frozenset({wrong}))
    assert check(f"{VALID}\nsummary: 受助人 {wrong}", settings=allowed)[1] == []
    page = check_page("culture/join.md", f"# 加入\n\n证件 {wrong}\n", SETTINGS)
    assert [(p.line, p.is_error) for p in page] == [(3, False)]


def test_several_numbers_in_one_text_are_all_found_in_order():
    text = f"张三 {MOBILE_NUMBER}，身份证 {ID_X}；李四 139-8765-4321"
    assert [f.masked for f in find_personal_numbers(text)] == [
        "138****5678",
        "110105********002X",
        "139****4321",
    ]


def test_allowed_numbers_are_compared_in_any_spelling():
    allowed = {normalize_number("+86 138-1234-5678"), normalize_number(ID_X.lower())}
    assert allowed == {MOBILE_NUMBER, ID_X}
    assert find_personal_numbers(f"热线 138 1234 5678，{ID_X}", allowed) == []
    assert [f.masked for f in find_personal_numbers("139 1234 5678", allowed)] == ["139****5678"]


# --- the validator calls the guard on every published field ---------------------------------


def check(front_matter: str, body: str = "正文。\n", settings: SiteSettings = SETTINGS):
    text = f"---\n{front_matter.strip()}\n---\n\n{body}"
    return validate_text(SOURCE, text, settings, lambda path: True)


VALID = "title: 社区志愿服务\ndate: 2025-03-05\ntype: volunteer"


@pytest.mark.parametrize(
    ("extra", "line", "field", "where"),
    [
        (f"summary: 报名请联系 {MOBILE_NUMBER}", 5, "summary", "摘要"),
        (f"location: 春晖社区（联系人 {MOBILE_NUMBER}）", 5, "location", "地点"),
        (f"tags: [志愿者, '{MOBILE_NUMBER}']", 5, "tags", "标签"),
        (
            f"volunteers:\n  - 张三\n  - {{name: '李四 {MOBILE_NUMBER}', hours: 2}}",
            5,
            "volunteers",
            "第 2 位志愿者",
        ),
        (f"photos:\n  - {{src: a.jpg, caption: '联系 {MOBILE_NUMBER}'}}", 5, "photos", "第 1 张照片的说明"),
        (f"photos:\n  - b.jpg\n  - {{src: a.jpg, alt: '胸牌 {ID_X}'}}", 5, "photos", "第 2 张照片的描述"),
        (f"cover: photos/{MOBILE_NUMBER}.jpg", 5, "cover", "封面照片的文件名"),
        (f"slug: call-{MOBILE_NUMBER}", 5, "slug", "slug"),
    ],
    ids=["summary", "location", "tags", "volunteer", "caption", "alt", "cover-file", "slug"],
)
def test_a_number_in_any_published_field_is_an_error(extra, line, field, where):
    record, problems = check(f"{VALID}\n{extra}")
    assert record is None
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.line, problem.field, problem.is_error) == (line, field, True)
    assert where in problem.message and ("138****5678" in problem.message or "110105****" in problem.message)
    assert MOBILE_NUMBER not in str(problem) and ID_X not in str(problem)
    assert "privacy_allow" in problem.fix


def test_a_number_in_the_title_names_line_2():
    record, problems = check(f"title: 联系{MOBILE_NUMBER}\ndate: 2025-03-05\ntype: volunteer")
    assert record is None
    assert [(p.line, p.field) for p in problems] == [(2, "title")]
    assert "标题里有手机号码 138****5678" in problems[0].message


def test_body_findings_carry_the_line_of_the_file():
    body = "第一段。\n\n第二段，\n报名电话 138 1234 5678。\n\n身份证号码：" + ID_X + "\n"
    record, problems = check(VALID, body)
    assert record is None
    # ---, 3 keys, --- (line 5), a blank line; the body starts on line 7.
    assert [(p.line, p.field) for p in problems] == [(10, "正文"), (12, "正文")]
    assert "正文里有手机号码 138****5678" in problems[0].message
    assert "正文里有身份证号码 110105********002X" in problems[1].message
    assert "身份证号码" in problems[1].fix


def test_allowed_numbers_may_be_published():
    settings = SiteSettings(now=SETTINGS.now, privacy_allow=frozenset({MOBILE_NUMBER}))
    record, problems = check(f"{VALID}\nsummary: 服务热线 138-1234-5678", settings=settings)
    assert problems == [] and record is not None
    assert record.summary == "服务热线 138-1234-5678"


@pytest.mark.parametrize(
    ("entry", "reason"),
    [("'12345'", "含有数字"), ("zhangsan@example.com", "电子邮箱"), ("{name: 张三3, hours: 2}", "含有数字")],
)
def test_volunteer_entries_that_are_not_names_are_refused(entry, reason):
    record, problems = check(f"{VALID}\nvolunteers:\n  - 张三\n  - {entry}")
    assert record is None
    assert [(p.line, p.field) for p in problems] == [(5, "volunteers")]
    assert "第 2 位志愿者写的不是姓名" in problems[0].message and reason in problems[0].message
    assert "只写志愿者的姓名" in problems[0].fix


def test_hand_written_pages_report_the_line_and_the_key():
    text = f"---\ntitle: 加入我们\nsummary: 联系 {MOBILE_NUMBER}\n---\n\n# 加入我们\n\n请致电 {MOBILE_NUMBER}。\n"
    problems = check_page("culture/join.md", text, SETTINGS)
    assert [(p.line, p.field) for p in problems] == [(3, "summary"), (8, "正文")]
    assert all("138****5678" in p.message and MOBILE_NUMBER not in str(p) for p in problems)
    assert check_page("index.md", "没有信息区的页面，电话 13912345678\n", SETTINGS)[0].line == 1
