"""What a `mkdocs serve` rebuild renders again (core/site/render_keys.py), the validation memo and
the segment cache that serve rebuilds share."""

from __future__ import annotations

import json
from datetime import timedelta

from branchpress.core.records.model import Status
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.store import load_records
from branchpress.core.site.render_keys import RenderMemory, digest, tree_stamps
from branchpress.core.site.search import Segmenter
from helpers.imaging import phone_jpeg
from helpers.records import NOW, write

OUTPUTS = {"a.md": "a/index.html", "b.md": "b/index.html", "home.md": "index.html"}


def test_first_build_renders_everything_then_only_what_changed():
    memory = RenderMemory()
    keys = {"a.md": "1", "b.md": "2", "home.md": None}
    first = memory.plan("site", keys, OUTPUTS)
    assert first.full and all(first.must_render(src) for src in keys)
    memory.remember("site", keys, OUTPUTS)

    same = memory.plan("site", keys, OUTPUTS)
    # A page without a key (the home page lists every record) is always rendered.
    assert not same.full and same.render == {"home.md"} and not same.removed
    changed = memory.plan("site", {**keys, "b.md": "3"}, OUTPUTS)
    assert changed.render == {"b.md", "home.md"}
    assert not changed.must_render("a.md")


def test_removed_pages_and_site_changes():
    memory = RenderMemory()
    keys = {"a.md": "1", "b.md": "2"}
    memory.remember("site", keys, OUTPUTS)
    gone = memory.plan("site", {"a.md": "1"}, {"a.md": "a/index.html"})
    assert gone.removed == {"b/index.html", "index.html"} and gone.render == set()
    # The configuration or the theme changed: every page is rendered again.
    assert memory.plan("other site", keys, OUTPUTS).full
    memory.forget()
    assert memory.plan("site", keys, OUTPUTS).full


def test_digest_is_stable_and_sensitive():
    assert digest("a", 1, ("x",)) == digest("a", 1, ("x",))
    assert digest("a", 1) != digest("a", 2)


def test_load_records_memo_reuses_unchanged_files_and_rechecks_photos(tmp_path):
    settings = SiteSettings(now=NOW)
    write(tmp_path, "2025/2025-03-05-a.md", "title: A\ndate: 2025-03-05\ntype: news\ncover: a.jpg")
    write(tmp_path, "2025/2025-03-06-b.md", "title: B\ndate: 2025-03-06\ntype: news")
    memo: dict = {}
    first = load_records(tmp_path, settings, memo)
    assert [p.field for p in first.errors] == ["cover"]  # the photo is missing
    assert len(memo) == 2

    second = load_records(tmp_path, settings, memo)
    assert second.store.by_source["activities/2025/2025-03-06-b.md"].title == "B"
    assert second.problems == first.problems

    # The missing photo appears: the record that names it is validated again.
    (tmp_path / "activities/2025/a.jpg").write_bytes(
        phone_jpeg((32, 24))
    )  # opened by validation: a real photo
    third = load_records(tmp_path, settings, memo)
    assert not third.errors and "activities/2025/2025-03-05-a.md" in third.store.by_source

    # An edited file is validated again; the memo forgets its old text.
    write(tmp_path, "2025/2025-03-06-b.md", "title: B2\ndate: 2025-03-06\ntype: news")
    fourth = load_records(tmp_path, settings, memo)
    assert fourth.store.by_source["activities/2025/2025-03-06-b.md"].title == "B2"
    assert len(memo) == 2
    assert fourth.store.records == load_records(tmp_path, settings).store.records


def test_tree_stamps_skip_the_records_folder(tmp_path):
    (tmp_path / "activities/2025").mkdir(parents=True)
    (tmp_path / "activities/2025/a.md").write_text("a", encoding="utf-8")
    (tmp_path / "culture").mkdir()
    (tmp_path / "culture/story.md").write_text("story", encoding="utf-8")
    (tmp_path / "index.md").write_text("home", encoding="utf-8")
    # Relative to the folder: a project copied elsewhere keeps its render keys.
    names = [path for path, _size, _mtime in tree_stamps(tmp_path, "activities")]
    assert names == ["index.md", "culture/story.md"]
    before = tree_stamps(tmp_path, "activities")
    (tmp_path / "culture/story.md").write_text("a longer story", encoding="utf-8")
    assert tree_stamps(tmp_path, "activities") != before


def test_segmenter_keeps_its_whole_cache_when_a_build_segmented_only_some_pages(tmp_path):
    cache = tmp_path / "segments.json"
    first = Segmenter(cache)
    first.begin()
    first.segment("志愿者走进社区")
    first.segment("支部召开党员大会")
    first.save()
    # A serve rebuild segments only the edited page; the others' segments must survive.
    partial = Segmenter(cache)
    partial.begin()
    partial.segment("支部召开党员大会（修订）")
    assert partial.computed == 1
    partial.save(prune=False)
    later = Segmenter(cache)
    later.begin()
    for text in ("志愿者走进社区", "支部召开党员大会", "支部召开党员大会（修订）"):
        later.segment(text)
    assert later.computed == 0
    # A full build prunes what it did not use.
    later.begin()
    later.segment("志愿者走进社区")
    later.save()
    assert len(json.loads(cache.read_text(encoding="utf-8"))) == 1


def test_a_memoised_scheduled_record_comes_due_when_the_clock_moves(tmp_path):
    write(tmp_path, "2025/2025-12-02-later.md", "title: L\ndate: 2025-12-02\ntype: news")
    memo: dict = {}
    before = load_records(tmp_path, SiteSettings(now=NOW, include_unpublished=True), memo)
    assert before.store.records[0].status is Status.SCHEDULED
    after = load_records(tmp_path, SiteSettings(now=NOW + timedelta(days=2), include_unpublished=True), memo)
    assert after.store.records[0].status is Status.PUBLISHED
