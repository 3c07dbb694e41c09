"""The project layer without a build: one load gives the roster, the public views and every problem."""

from __future__ import annotations

from pathlib import Path

from branchpress.core.records.settings import DEFAULT_TYPES, settings_from_options
from branchpress.project import Project

RECORD = """\
---
title: 赵六带队学雷锋
date: 2025-03-05
type: volunteer
volunteers: [张三, {name: 赵六, hours: 3}]
hours: 2
---

赵六和张三一起服务社区。
"""


def project(root: Path, **options) -> Project:
    settings = settings_from_options(
        timezone="Asia/Shanghai",
        types=DEFAULT_TYPES,
        activities_dir="activities",
        now="2026-01-01",
        privacy_allow=(),
        preview=False,
    )
    return Project(root=root, docs_dir=root / "content", site_dir=root / "site", settings=settings, **options)


def write(root: Path, relative: str, text: str) -> None:
    path = root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_one_load_reads_the_roster_and_gives_public_views(tmp_path: Path) -> None:
    write(tmp_path, "activities/2025/2025-03-05-a.md", RECORD)
    write(tmp_path, "people.yml", "- name: 赵六\n  public: false\n- name: 张三\n")
    content = project(tmp_path, roster_file="people.yml", mask_names=True).load()
    (view,) = content.store.records
    assert view.title == "志愿者带队学雷锋"
    assert [v.name for v in view.volunteers] == ["张*", "志愿者"]
    (as_written,) = content.result.all_records
    assert as_written.title == "赵六带队学雷锋"  # the ledger's view keeps the record as written
    assert content.withholding.forms == ("赵六",)
    assert content.problems() == [] and not content.roster_unreadable


def test_every_problem_of_records_pages_and_roster_comes_in_one_list(tmp_path: Path) -> None:
    write(tmp_path, "activities/2025/2025-03-05-a.md", RECORD.replace("type: volunteer", "type: 不存在"))
    write(tmp_path, "volunteers.yml", "- name: 赵六\n  public: 否\n")
    content = project(tmp_path).load()
    problems = content.problems([("culture/join.md", "联系电话 13800138000")])
    files = sorted({p.file for p in problems})
    assert files == ["activities/2025/2025-03-05-a.md", "culture/join.md", "volunteers.yml"]
    assert content.roster_unreadable
    assert all(p.is_error for p in problems)


def test_paths_written_relative_to_mkdocs_yml(tmp_path: Path) -> None:
    assert project(tmp_path).path("ledger") == tmp_path / "ledger"
