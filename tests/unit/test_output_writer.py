"""The one writer takes a file back from the last build when its bytes are the same."""

from __future__ import annotations

from branchpress.core.site.output import LastBuild, OutputWriter, content_digest


def test_a_file_with_the_same_bytes_is_moved_back_and_a_changed_one_is_written(tmp_path):
    last = tmp_path / "last"
    (last / "search/pages").mkdir(parents=True)
    (last / "search/pages/0.json").write_bytes(b'{"a":1}')
    (last / "search/pages/1.json").write_bytes(b'{"b":1}')
    inode = (last / "search/pages/0.json").stat().st_ino
    digests = {
        "search/pages/0.json": content_digest(b'{"a":1}'),
        "search/pages/1.json": content_digest(b'{"b":1}'),
    }
    writer = OutputWriter(tmp_path / "site", last=LastBuild(last, digests))

    same = writer.write("search/pages/0.json", '{"a":1}', "branchpress/search")
    changed = writer.write("search/pages/1.json", '{"b":2}', "branchpress/search")
    new = writer.write("search/pages/2.json", '{"c":1}', "branchpress/search")

    assert same.read_bytes() == b'{"a":1}' and same.stat().st_ino == inode
    assert not (last / "search/pages/0.json").exists()
    assert changed.read_bytes() == b'{"b":2}' and (last / "search/pages/1.json").exists()
    assert new.read_bytes() == b'{"c":1}'
    assert writer.digests["search/pages/1.json"] == content_digest(b'{"b":2}')


def test_a_file_missing_from_the_last_build_is_written(tmp_path):
    writer = OutputWriter(
        tmp_path / "site", last=LastBuild(tmp_path / "gone", {"feed.xml": content_digest(b"x")})
    )
    assert writer.write("feed.xml", b"x", "branchpress/feeds").read_bytes() == b"x"
