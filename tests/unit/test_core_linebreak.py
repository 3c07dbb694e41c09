"""Chinese line breaking for share images: kinsoku (避头尾), whole words, widths, ellipsis."""

from __future__ import annotations

import pytest
from branchpress.core.share.fonts import font, packaged_face
from branchpress.core.share.linebreak import ELLIPSIS, NO_END, NO_START, break_lines, units


def monospace(text: str) -> float:
    """Ideographs and full-width marks one unit wide, ASCII half: how CJK fonts measure."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


TITLES = [
    "青禾软协党支部开展“数字助老”志愿服务进社区活动，为老年人讲解智能手机使用。",
    "支部书记讲党课：以高质量党建引领行业协会商会发展（第三讲）！",
    "《关于加强新时代党建工作的意见》学习会召开，全体党员参加——并交流心得体会……",
    "学习贯彻党的二十大精神，推动AI赋能行业高质量发展，2026年专题研讨会举行",
    "“两新”组织党建工作推进会：听取各支部汇报，部署下一阶段重点任务。",
]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("width", [5, 6, 7, 8, 9, 10, 12])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(title, width):
    lines = break_lines(title, monospace, width)
    assert "".join(lines) == title.replace(" ", "")
    for line in lines:
        assert line[0] not in NO_START, lines
        assert line[-1] not in NO_END, lines
        assert monospace(line) <= width, lines


def test_a_closing_mark_takes_the_last_character_with_it():
    # 〇〇〇〇， would put ， at the start of line 2: 推出 moves 四 down with it.
    assert break_lines("一二三四，五六七八", monospace, 4) == ["一二三", "四，五六", "七八"]


def test_an_opening_mark_never_ends_a_line():
    assert break_lines("一二三《四五》六", monospace, 4) == ["一二三", "《四五》", "六"]


def test_latin_words_numbers_dashes_and_ellipses_stay_whole():
    assert units("AI赋能2026年——好……") == ["AI", "赋", "能", "2026", "年", "——", "好", "……"]
    assert units("3.5% v1.2") == ["3.5%", " ", "v1.2"]
    lines = break_lines("推动AI赋能2026年发展", monospace, 3.5)
    assert all("A" not in line or "AI" in line for line in lines)
    assert any("2026" in line for line in lines)


def test_a_word_longer_than_the_line_is_cut():
    lines = break_lines("supercalifragilistic", monospace, 4)
    assert "".join(lines) == "supercalifragilistic"
    assert all(monospace(line) <= 4 for line in lines)


def test_a_lone_last_character_gets_a_companion():
    lines = break_lines("一二三四五六七八九", monospace, 4)
    assert lines == ["一二三四", "五六七", "八九"]


def test_max_lines_ends_with_an_ellipsis_that_fits_and_not_after_a_comma():
    lines = break_lines("一二三，四五六七八九十一二三四", monospace, 4, max_lines=2)
    assert len(lines) == 2
    assert lines[-1].endswith(ELLIPSIS)
    assert monospace(lines[-1]) <= 4
    assert lines[-1][-2] not in "，、"
    assert break_lines("短标题", monospace, 10, max_lines=1) == ["短标题"]


def test_spaces_collapse_and_never_start_or_end_a_line():
    lines = break_lines("Party  branch   open day for all members", monospace, 6)
    assert all(line == line.strip() for line in lines)
    assert " ".join(lines) == "Party branch open day for all members"


def test_lines_measured_with_the_real_font_fit():
    face = font(packaged_face(), 64, "Bold")
    for title in TITLES:
        lines = break_lines(title, face.getlength, 1000)
        # Every title is wider than 1000 px at 64 px: it is broken, and nothing is lost.
        assert len(lines) > 1 and "".join(lines) == title.replace(" ", ""), lines
        for line in lines:
            assert face.getlength(line) <= 1000
            assert line[0] not in NO_START
