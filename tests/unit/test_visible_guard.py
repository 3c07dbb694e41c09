"""The writer's last guard reads an output as a reader sees it (core/site/visible.py), and a
slug or file name spells a withheld name's pinyin only in whole words (core/people/exposure.py)."""

from __future__ import annotations

import pytest
from branchpress.core.people.exposure import spells_pinyin
from branchpress.core.site.output import OutputWriter, WithheldNameInOutput
from branchpress.core.site.visible import files_spelling


@pytest.mark.parametrize(
    "text",
    [
        "周&#24314;国",
        "周<em>建国</em>",
        '{"t": "\\u5468\\u5efa\\u56fd"}',
        "周\u200b 建国",
        "&lt;b&gt;周&lt;/b&gt;建国",
    ],
)
def test_the_writer_refuses_every_spelling_a_reader_reads_as_the_name(tmp_path, text: str) -> None:
    writer = OutputWriter(tmp_path, ("周建国",))
    with pytest.raises(WithheldNameInOutput):
        writer.write("feed.xml", f"<p>{text}</p>", "feeds")
    assert not (tmp_path / "feed.xml").exists()


def test_names_in_separate_items_are_not_one_name(tmp_path) -> None:
    OutputWriter(tmp_path, ("周建国",)).write("a.html", "<li>周建</li><li>国庆</li>", "pages")


def test_a_failed_build_finds_the_files_that_spell_the_name(tmp_path) -> None:
    (tmp_path / "a.html").write_text("<p>周&#24314;国</p>", encoding="utf-8")
    (tmp_path / "周建国.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "b.html").write_text("<p>志愿者</p>", encoding="utf-8")
    assert files_spelling(tmp_path, ("周建国",)) == [tmp_path / "a.html", tmp_path / "周建国.jpg"]


@pytest.mark.parametrize(
    ("slug", "spelled"),
    [
        ("zhoujianguo-shufa", True),
        ("zhou-jian-guo-shufa", True),
        ("2025-zhoujianguo", True),
        ("azhoujianguo", False),
        ("zhoujiangke", False),
        ("zhou-jiang", False),
    ],
)
def test_pinyin_is_matched_in_whole_words(slug: str, spelled: bool) -> None:
    assert spells_pinyin(slug, "zhoujianguo") is spelled
