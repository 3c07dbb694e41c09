"""The classes of pages kept from the last build are looked up, not parsed again."""

from __future__ import annotations

import json

import pytest
from branchpress.core.site import names_memo
from branchpress.core.site.names_memo import NamesMemo
from branchpress.core.site.unused_css import UsedNames

PAGE = '<div class="md-grid bp-card"><script src="a.js"></script><script>x.className = "md-tag--" + n</script></div>'
OTHER = '<p class="bp-empty">这里还没有记录。</p>'


def names(used: UsedNames) -> tuple:
    return sorted(used.classes), sorted(used.prefixes), sorted(used.properties)


def test_a_memo_finds_what_a_direct_reading_finds_and_the_next_build_parses_nothing(tmp_path, monkeypatch):
    direct = UsedNames()
    direct_sources = direct.add_html(PAGE)
    direct.add_script("el.classList.add('md-search__result')")

    memo, used = NamesMemo(tmp_path / "names.json"), UsedNames()
    assert memo.add_html(used, PAGE) == direct_sources == ["a.js"]
    memo.add_script(used, "el.classList.add('md-search__result')")
    assert names(used) == names(direct)
    memo.save()

    def no_parsing(self, text):
        raise AssertionError("parsed again")

    monkeypatch.setattr(names_memo.UsedNames, "add_html", no_parsing)
    monkeypatch.setattr(names_memo.UsedNames, "add_script", no_parsing)
    again, used_again = NamesMemo(tmp_path / "names.json"), UsedNames()
    assert again.add_html(used_again, PAGE) == ["a.js"]
    again.add_script(used_again, "el.classList.add('md-search__result')")
    assert names(used_again) == names(direct)


def test_a_memo_keeps_only_what_the_last_build_used(tmp_path):
    memo = NamesMemo(tmp_path / "names.json")
    memo.add_html(UsedNames(), PAGE)
    memo.add_html(UsedNames(), OTHER)
    memo.save()
    later = NamesMemo(tmp_path / "names.json")
    later.add_html(UsedNames(), OTHER)
    later.save()
    assert len(json.loads((tmp_path / "names.json").read_text(encoding="utf-8"))["names"]) == 1


@pytest.mark.parametrize("text", ["", "not json", '{"format": 0, "names": {}}', '{"format": 1}'])
def test_an_unreadable_memo_is_ignored(tmp_path, text):
    (tmp_path / "names.json").write_text(text, encoding="utf-8")
    used = UsedNames()
    assert NamesMemo(tmp_path / "names.json").add_html(used, OTHER) == []
    assert "bp-empty" in used.classes


def test_the_trimmed_stylesheet_is_kept_for_the_same_names_and_made_again_for_others(tmp_path, monkeypatch):
    css = ".bp-empty{color:red}.md-unused{color:blue}\n"
    used = UsedNames()
    used.add_html(OTHER)
    memo = NamesMemo(tmp_path / "names.json")
    assert memo.trim(css, used) == ".bp-empty{color:red}\n"
    memo.save()
    monkeypatch.setattr(names_memo, "trim", lambda css, used: "made again\n")
    assert NamesMemo(tmp_path / "names.json").trim(css, used) == ".bp-empty{color:red}\n"
    used.classes.add("md-unused")
    assert NamesMemo(tmp_path / "names.json").trim(css, used) == "made again\n"
