"""The public view of records and the one writer: a withheld name cannot reach any output.

A new output format (here a CSV export) built from the store carries no withheld name
because the store only holds public views; one built by mistake from the records as
written is refused by the writer, in UTF-8 and in JSON's \\uXXXX escapes alike.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from branchpress.core.people.names import ANONYMOUS
from branchpress.core.people.public import Withholding
from branchpress.core.people.roster import Member, Roster
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.store import load_records
from branchpress.core.site.output import OutputConflict, OutputWriter, WithheldNameInOutput
from helpers.imaging import phone_jpeg

WITHHELD = "赵六"
ROSTER = Roster([Member(WITHHELD, ("老赵",), public=False), Member("张三", ("小张",), "社区服务队")])
RECORD = f"""---
title: {WITHHELD}带队走访社区
date: 2025-06-10
type: volunteer
summary: 老赵和小张一起送清凉。
location: {WITHHELD}家门口
tags: [{WITHHELD}, 送清凉]
cover: a.jpg
photos:
  - {{src: a.jpg, caption: {WITHHELD}在分发物资, alt: 老赵}}
volunteers: [{WITHHELD}, 小张, {{name: 老赵, hours: 5}}]
hours: 3
---

{WITHHELD}说：“天热，大家注意防暑。”
"""


@pytest.fixture
def loaded(tmp_path: Path):
    folder = tmp_path / "docs" / "activities" / "2025"
    folder.mkdir(parents=True)
    (folder / "2025-06-10-visit.md").write_text(RECORD, encoding="utf-8")
    (folder / "a.jpg").write_bytes(phone_jpeg((32, 24)))  # opened by validation: a real photo
    return load_records(tmp_path / "docs", SiteSettings(), withholding=Withholding(ROSTER))


def test_the_store_holds_only_the_public_view(loaded) -> None:
    (record,) = loaded.store.records
    texts = [record.title, record.summary, record.body, record.location, *record.tags]
    texts += [text for photo in record.pictures for text in (photo.caption, photo.alt)]
    texts += [entry.name for entry in record.volunteers] + [entry.person for entry in record.volunteers]
    assert not [text for text in texts if WITHHELD in text or "老赵" in text]
    assert record.title == f"{ANONYMOUS}带队走访社区"
    assert [(e.name, e.public) for e in record.volunteers] == [
        (ANONYMOUS, False),
        ("张三", True),
        (ANONYMOUS, False),
    ]
    # 赵六 and their alias 老赵 are one person: one identity, the larger hours counted once.
    assert record.volunteers[0].person == record.volunteers[2].person != record.volunteers[1].person
    assert loaded.withheld_mentions == {"activities/2025/2025-06-10-visit.md": 7}
    # The record as written stays available for the ledger, and only there.
    assert WITHHELD in loaded.all_records[0].title


def csv_export(records) -> str:
    """An output format nobody planned for: every text of every record, as CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    for r in records:
        writer.writerow([r.title, r.summary, r.location, r.body, *(e.name for e in r.volunteers)])
    return out.getvalue()


def test_a_new_output_format_built_from_the_store_cannot_carry_a_withheld_name(
    loaded, tmp_path: Path
) -> None:
    writer = OutputWriter(tmp_path / "site", Withholding(ROSTER).forms)
    written = writer.write("exports/records.csv", csv_export(loaded.store.records), "test/export")
    assert WITHHELD not in written.read_text(encoding="utf-8") and ANONYMOUS in written.read_text(
        encoding="utf-8"
    )
    # Built by mistake from the records as written, the same export is refused, whole.
    with pytest.raises(WithheldNameInOutput, match="test/export"):
        writer.write("exports/raw.csv", csv_export(loaded.all_records), "test/export")
    assert not (tmp_path / "site/exports/raw.csv").exists()
    escaped = json.dumps({"title": loaded.all_records[0].title})  # \\u8d75\\u516d
    with pytest.raises(WithheldNameInOutput):
        writer.write("exports/raw.json", escaped, "test/export")


def test_a_path_has_one_producer(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path)
    writer.write("feed.xml", "<rss/>", "branchpress/feeds")
    writer.write("feed.xml", "<rss/>", "branchpress/feeds")  # the same producer may write again
    with pytest.raises(OutputConflict, match="branchpress/other 和 branchpress/feeds 都要生成 feed.xml"):
        writer.write("feed.xml", "<rss></rss>", "branchpress/other")
    assert (tmp_path / "feed.xml").read_text() == "<rss/>"


def test_a_view_memo_reuses_views_of_unchanged_records_and_forgets_them_when_the_roster_changes(tmp_path):
    from branchpress.core.people.public import Withholding
    from branchpress.core.people.roster import load_roster
    from branchpress.core.records.settings import SiteSettings
    from branchpress.core.records.store import ViewMemo, load_records

    record = tmp_path / "activities/2025/2025-03-05-a.md"
    record.parent.mkdir(parents=True)
    record.write_text(
        "---\ntitle: 社区服务\ndate: 2025-03-05\ntype: volunteer\nvolunteers: [王芳]\n---\n\n王芳带队。\n",
        encoding="utf-8",
    )
    settings = SiteSettings()
    memo, views = {}, ViewMemo()
    first = load_records(tmp_path, settings, memo, Withholding(), views).store.records[0]
    again = load_records(tmp_path, settings, memo, Withholding(), views).store.records[0]
    assert again is first  # the same view, not made again
    (tmp_path / "volunteers.yml").write_text("- name: 王芳\n  public: false\n", encoding="utf-8")
    roster, problems = load_roster(tmp_path, "volunteers.yml")
    assert problems == []
    withheld = load_records(tmp_path, settings, memo, Withholding(roster), views).store.records[0]
    assert "王芳" not in withheld.body and withheld.volunteers[0].name == "志愿者"
