"""`mkdocs build` keeps the pages an edit did not change, and its site equals a full render.

The demo site (every plugin, plus a record with photos) is built once. Each case copies
that project with its cache and the site it built, makes one kind of edit the way staff
or a maintainer would, and builds again: most pages are then kept from the render memory
in `.cache/` (records/replay.py). It builds either into the same `site/`, or into a fresh
folder (`site/` deleted, `-d` elsewhere), as a CI job that caches only `.cache/` does. The same edited project is then built in another folder with every
cache but the render memory (photos, share images and PDFs are content-keyed and checked
by test_reproducible.py): a full render. The two sites must be the same, byte for byte.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.demo import PHOTO_RECORD_FILE, build_pinned, demo_with_photos, site_files
from helpers.imaging import phone_jpeg

KEPT = re.compile(r"沿用上次生成的 (\d+) 个未改动页面，重新生成 (\d+) 个")


def build(root: Path, *env_pairs: tuple[str, str], args: tuple[str, ...] = ()) -> str:
    return build_pinned(root, *args, env=dict(env_pairs))


def kept_and_rendered(log: str) -> tuple[int, int]:
    found = KEPT.findall(log)
    return (int(found[-1][0]), int(found[-1][1])) if found else (0, -1)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = demo_with_photos(tmp_path_factory.mktemp("render-cache") / "demo")
    log = build(root)
    assert kept_and_rendered(log)[0] == 0, "a first build has nothing to keep"
    return root


def copy_project(source: Path, target: Path, with_render_memory: bool) -> Path:
    render = source / ".cache/branchpress/render"

    def skip(folder: str, names: list[str]) -> list[str]:
        if not with_render_memory and Path(folder) == render.parent:
            return ["render"]
        if not with_render_memory and Path(folder) == source:
            return ["site"]
        return []

    shutil.copytree(source, target, ignore=skip, symlinks=True)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def newest_record(root: Path) -> Path:
    return max((root / "content/activities").rglob("*.md"), key=lambda p: p.name)


def edit_nothing(root: Path) -> None:
    pass


def edit_a_record_body(root: Path) -> None:
    replace_in(root / PHOTO_RECORD_FILE, "用手机挂号。", "用手机挂号和缴纳医保。")


def edit_a_record_title(root: Path) -> None:
    # The neighbours' 上一篇/下一篇 links and every listing showing it change too.
    replace_in(
        root / PHOTO_RECORD_FILE, "title: 春晖社区“手机课堂”第十期", "title: 春晖社区“手机课堂”第十期圆满结束"
    )


def add_a_record(root: Path) -> None:
    (root / "content/activities/2025/2025-09-21-xin-ji-lu.md").write_text(
        "---\ntitle: 新的志愿服务\ndate: 2025-09-21\ntype: volunteer\ntags: [数字助老, 新标签]\n"
        "volunteers: [何静]\nhours: 2\n---\n\n新的一次志愿服务。\n",
        encoding="utf-8",
    )


def delete_a_record(root: Path) -> None:
    newest_record(root).unlink()


def add_a_tag(root: Path) -> None:
    replace_in(root / PHOTO_RECORD_FILE, "tags: [数字助老]", "tags: [数字助老, 手机课堂]")


def replace_a_photo(root: Path) -> None:
    path = root / "content/activities/2025/shou-ji-ke-tang/a.jpg"
    path.write_bytes(phone_jpeg(size=(800, 600), seed=9))


def override_a_template(root: Path) -> None:
    target = root / "theme/branchpress/partials/share-button.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text('<p class="bp-share">分享本页</p>\n', encoding="utf-8")


def change_the_configuration(root: Path) -> None:
    replace_in(root / "mkdocs.yml", "slogan: 党建引领 · 数字向善", "slogan: 党建引领 · 数字向善 · 服务会员")


def withhold_a_name(root: Path) -> None:
    replace_in(root / "content/volunteers.yml", "- name: 李文博\n", "- name: 李文博\n  public: false\n")


def change_the_logo(root: Path) -> None:
    replace_in(root / "content/assets/brand/logo.svg", "</svg>", '<circle cx="1" cy="1" r="1"/></svg>')


EDITS: list[Callable[[Path], None]] = [
    edit_nothing,
    edit_a_record_body,
    edit_a_record_title,
    add_a_record,
    delete_a_record,
    add_a_tag,
    replace_a_photo,
    override_a_template,
    change_the_configuration,
    withhold_a_name,
    change_the_logo,
]


def build_warm(project: Path, fresh_folder: bool, elsewhere: Path) -> tuple[str, Path]:
    """The edited build: into the last `site/`, or into a fresh folder with `site/` gone."""
    if not fresh_folder:
        return build(project), project / "site"
    shutil.rmtree(project / "site")
    return build(project, args=("-d", str(elsewhere))), elsewhere


# Slow: 6-10 s each (an edited build, then a full render to compare with), about 3 min in all.
@pytest.mark.slow
@pytest.mark.parametrize("fresh_folder", [False, True], ids=["same-site", "fresh-folder"])
@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__ for edit in EDITS])
def test_a_build_after_an_edit_equals_a_full_render(built: Path, tmp_path: Path, edit, fresh_folder):
    project = copy_project(built, tmp_path / "project", with_render_memory=True)
    edit(project)
    log, site = build_warm(project, fresh_folder, tmp_path / "elsewhere")
    kept, rendered = kept_and_rendered(log)
    ours = site_files(site)
    # The full render runs in the same folder (a report PDF names its photos by their path).
    done = project.rename(tmp_path / "done")
    reference = copy_project(done, project, with_render_memory=False)
    assert kept_and_rendered(build(reference))[0] == 0
    full = site_files(reference / "site")
    assert sorted(ours) == sorted(full), "different file lists"
    differing = [name for name in full if ours[name] != full[name]]
    assert not differing, f"files differ from a full render: {differing[:20]}"
    whole_site = edit in (override_a_template, change_the_configuration, withhold_a_name, change_the_logo)
    if whole_site:
        assert kept == 0, "a change every page shows must render every page"
    else:
        assert kept > 0, "nothing was kept from the last build"
    if edit in (edit_nothing, edit_a_record_body):
        assert rendered < kept / 2, f"kept {kept}, rendered {rendered}: the cache did not help"


def test_nothing_is_kept_after_a_build_that_rewrote_the_site_without_it(built: Path, tmp_path: Path):
    project = copy_project(built, tmp_path / "project", with_render_memory=True)
    build(project, ("BRANCHPRESS_FULL_REBUILD", "1"))
    edit_a_record_body(project)
    # The full build rewrote site/ after the memory was saved: trusting it now would be wrong.
    assert kept_and_rendered(build(project))[0] == 0


def assert_equals_a_full_render(project: Path, site: Path, tmp_path: Path) -> None:
    ours = site_files(site)
    done = project.rename(tmp_path / "compared")
    reference = copy_project(done, project, with_render_memory=False)
    assert kept_and_rendered(build(reference))[0] == 0
    full = site_files(reference / "site")
    assert sorted(ours) == sorted(full), "different file lists"
    assert not [name for name in full if ours[name] != full[name]], "files differ from a full render"


def test_a_failed_build_leaves_the_memory_the_next_build_can_trust(built: Path, tmp_path: Path):
    project = copy_project(built, tmp_path / "project", with_render_memory=True)
    replace_in(project / PHOTO_RECORD_FILE, "date: 2025-09-20 09:00", "date: 2025-09-31")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    failed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True, env=env
    )
    assert failed.returncode != 0 and "2025-09-31" in failed.stdout + failed.stderr
    assert (project / ".cache/branchpress/render/memory.json").exists()
    replace_in(project / PHOTO_RECORD_FILE, "date: 2025-09-31", "date: 2025-09-20 09:00")
    edit_a_record_body(project)
    assert kept_and_rendered(build(project))[0] > 0
    assert_equals_a_full_render(project, project / "site", tmp_path)


@pytest.mark.slow
def test_a_build_killed_while_writing_pages_leaves_a_cache_the_next_build_can_trust(
    built: Path, tmp_path: Path
):
    project = copy_project(built, tmp_path / "project", with_render_memory=True)
    objects = project / ".cache/branchpress/render/objects"
    # Every page is rendered again, so objects are being written when the build is killed.
    override_a_template(project)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1764547200")
    started = time.time_ns()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if any(path.stat().st_mtime_ns > started for path in objects.rglob("*") if path.is_file()):
                break
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    # The template is put back: the last successful build's pages are right again.
    (project / "theme/branchpress/partials/share-button.html").unlink()
    edit_a_record_body(project)
    shutil.rmtree(project / "site")
    log = build(project)
    assert kept_and_rendered(log)[0] > 0, "the killed build left a cache nobody trusts"
    assert_equals_a_full_render(project, project / "site", tmp_path)
