"""The one writer keeps what it writes in the render memory and links it into the site."""

from __future__ import annotations

import os

from branchpress.core.site.output import OutputWriter, content_digest
from branchpress.core.site.render_memory import RenderObjects


def test_a_file_written_before_is_linked_from_the_memory_into_a_fresh_site(tmp_path):
    first = RenderObjects(tmp_path / "objects", {})
    OutputWriter(tmp_path / "site1", objects=first).write(
        "search/pages/0.json", '{"a":1}', "branchpress/search"
    )
    digest = content_digest(b'{"a":1}')

    again = RenderObjects(tmp_path / "objects", first.used)
    writer = OutputWriter(tmp_path / "site2", objects=again)
    same = writer.write("search/pages/0.json", '{"a":1}', "branchpress/search")

    assert same.read_bytes() == b'{"a":1}'
    assert same.stat().st_ino == again.path(digest).stat().st_ino
    assert writer.digests == {"search/pages/0.json": digest}


def test_writing_over_a_linked_site_file_never_changes_the_cache_object(tmp_path):
    objects = RenderObjects(tmp_path / "objects", {})
    writer = OutputWriter(tmp_path / "site", objects=objects)
    writer.write("feed.xml", b"old", "branchpress/feeds")
    # A second build into the same folder writes new bytes at that path.
    OutputWriter(tmp_path / "site", objects=RenderObjects(tmp_path / "objects", objects.used)).write(
        "feed.xml", b"new", "branchpress/feeds"
    )
    assert (tmp_path / "site/feed.xml").read_bytes() == b"new"
    assert objects.path(content_digest(b"old")).read_bytes() == b"old"


def test_an_object_changed_in_place_is_not_trusted_and_is_written_anew(tmp_path):
    objects = RenderObjects(tmp_path / "objects", {})
    digest = content_digest(b"page")
    objects.put(digest, b"page")
    os.link(objects.path(digest), tmp_path / "site.html")
    with open(tmp_path / "site.html", "wb") as out:  # what `mkdocs build --dirty` does
        out.write(b"other")

    later = RenderObjects(tmp_path / "objects", objects.used)
    assert not later.trusted(digest)
    assert not later.link(digest, tmp_path / "kept.html")
    later.put(digest, b"page")
    assert later.trusted(digest) and later.path(digest).read_bytes() == b"page"
    assert (tmp_path / "site.html").read_bytes() == b"other"


def test_a_missing_object_is_not_trusted(tmp_path):
    objects = RenderObjects(tmp_path / "objects", {})
    objects.put("ab" * 16, b"x")
    objects.path("ab" * 16).unlink()
    assert not RenderObjects(tmp_path / "objects", objects.used).trusted("ab" * 16)


def test_prune_keeps_only_what_this_build_used(tmp_path):
    first = RenderObjects(tmp_path / "objects", {})
    first.put(content_digest(b"kept"), b"kept")
    first.put(content_digest(b"gone"), b"gone")
    (first.path(content_digest(b"gone")).parent / ".left-by-a-killed-build.tmp").write_bytes(b"")

    second = RenderObjects(tmp_path / "objects", first.used)
    tmp_path.joinpath("site").mkdir()
    assert second.link(content_digest(b"kept"), tmp_path / "site/kept")
    second.prune()

    left = sorted(p.name for p in (tmp_path / "objects").rglob("*") if p.is_file())
    assert left == [content_digest(b"kept")]


def test_a_linked_site_file_is_readable_by_a_web_server(tmp_path):
    objects = RenderObjects(tmp_path / "objects", {})
    written = OutputWriter(tmp_path / "site", objects=objects).write("feed.xml", b"x", "branchpress/feeds")
    assert written.stat().st_mode & 0o777 == 0o644
