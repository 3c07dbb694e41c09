"""The pure core of `branchpress deploy`: settings, headers, gzip, the plan and the runner."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from branchpress.core.deploy.headers import LONG, SHORT, Kind, deterministic_gzip, headers_of, kind_of
from branchpress.core.deploy.plan import (
    MANIFEST,
    RemoteObject,
    make_plan,
    manifest_bytes,
    read_manifest,
    scan_site,
    too_many_deletions,
)
from branchpress.core.deploy.publish import DeployError, publish
from branchpress.core.deploy.settings import (
    ACCESS_KEY_ENV,
    SECRET_KEY_ENV,
    DeploySettingsError,
    credentials_from,
    parse_deploy,
)


def problems(options) -> list[str]:
    with pytest.raises(DeploySettingsError) as caught:
        parse_deploy(options)
    return caught.value.problems


def test_settings_read_a_bucket_with_a_prefix_and_defaults():
    settings = parse_deploy(
        {"target": "s3://dangjian-site/www", "endpoint": "https://oss-cn-hangzhou.aliyuncs.com/"}
    )
    assert (settings.target.bucket, settings.target.prefix) == ("dangjian-site", "www/")
    assert settings.endpoint == "https://oss-cn-hangzhou.aliyuncs.com"
    assert (settings.addressing, settings.signature_version, settings.max_deletes, settings.gzip) == (
        "virtual",
        "s3v4",
        256,
        True,
    )
    assert parse_deploy({"target": "file:///srv/www/dj/"}).target.folder == Path("/srv/www/dj")
    assert parse_deploy(None) is None
    assert parse_deploy({"target": "s3://b-1/", "signature": "v2"}).signature_version == "s3"


@pytest.mark.parametrize(
    "key", ["access_key", "secret_key", "access_key_id", "password", "token", "AK", "sk"]
)
def test_a_credential_in_mkdocs_yml_is_an_error_naming_the_environment_variables(key):
    (problem,) = problems({"target": "s3://bucket/", key: "hunter2hunter2"})
    assert key in problem and ACCESS_KEY_ENV in problem and SECRET_KEY_ENV in problem
    assert "hunter2" not in problem and "mkdocs.yml" in problem


def test_every_problem_of_deploy_is_reported_together_in_chinese():
    found = problems(
        {
            "target": "ftp://x",
            "addressing": "dns",
            "max_deletes": -1,
            "gzip": "yes",
            "endpoint": "oss",
            "cdn": 1,
        }
    )
    assert len(found) == 6
    assert all("mkdocs.yml" in p for p in found)
    assert any("s3://" in p and "file://" in p for p in found)
    assert any("“cdn”" in p for p in found)
    assert problems({})[0].startswith("mkdocs.yml") and "缺少 target" in problems({})[0]
    assert "存储桶名" in problems({"target": "s3://A_B/"})[0]
    assert ".." in problems({"target": "s3://bucket/a/../b"})[0]
    assert "绝对路径" in problems({"target": "file://relative/x"})[0]
    assert "用户名和密码" in problems({"target": "s3://bucket/", "endpoint": "https://ak:sk@oss.example"})[0]


def test_credentials_come_from_our_variables_first_then_the_aws_ones():
    ours = {ACCESS_KEY_ENV: "a", SECRET_KEY_ENV: "s", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"}
    assert credentials_from(ours) == ("a", "s", None)
    assert credentials_from({"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"}) == ("x", "y", None)
    assert credentials_from({ACCESS_KEY_ENV: "a"}) is None


@pytest.mark.parametrize(
    ("path", "kind", "content_type", "cache", "compressed"),
    [
        ("index.html", Kind.PAGE, "text/html; charset=utf-8", SHORT, True),
        ("404.html", Kind.PAGE, "text/html; charset=utf-8", SHORT, True),
        ("feed.xml", Kind.FEED, "application/xml; charset=utf-8", SHORT, True),
        ("activities/news/atom.xml", Kind.FEED, "application/xml; charset=utf-8", SHORT, True),
        ("feed.json", Kind.FEED, "application/json; charset=utf-8", SHORT, True),
        ("sitemap.xml", Kind.FEED, "application/xml; charset=utf-8", SHORT, True),
        ("sitemap.xml.gz", Kind.FEED, "application/gzip", SHORT, False),
        (
            "assets/javascripts/bundle.a5f9d56c.min.js",
            Kind.ASSET,
            "text/javascript; charset=utf-8",
            LONG,
            True,
        ),
        (
            "assets/stylesheets/main.57a0d79d.min.css.map",
            Kind.ASSET,
            "application/json; charset=utf-8",
            LONG,
            True,
        ),
        ("assets/branchpress/branchpress.css", Kind.ASSET, "text/css; charset=utf-8", SHORT, True),
        ("assets/photos/ab/abcdef-640.webp", Kind.ASSET, "image/webp", LONG, False),
        ("assets/cards/02fa1bb63c67d8f46f545f7a.jpg", Kind.ASSET, "image/jpeg", LONG, False),
        ("assets/brand/logo.svg", Kind.ASSET, "image/svg+xml; charset=utf-8", SHORT, True),
        ("reports/2025/annual-report-2025.pdf", Kind.ASSET, "application/pdf", SHORT, False),
        ("search/pages/3.json", Kind.ASSET, "application/json; charset=utf-8", SHORT, True),
        ("favicon.ico", Kind.ASSET, "image/x-icon", SHORT, True),
        ("assets/fonts/x.woff2", Kind.ASSET, "font/woff2", SHORT, False),
        ("README", Kind.ASSET, "application/octet-stream", SHORT, False),
    ],
)
def test_headers_of_what_the_site_writes(path, kind, content_type, cache, compressed):
    headers = headers_of(path, compress=True)
    assert (kind_of(path), headers.content_type, headers.cache_control, headers.gzip) == (
        kind,
        content_type,
        cache,
        compressed,
    )
    assert not headers_of(path, compress=False).gzip


def test_gzip_is_byte_identical_without_a_timestamp_or_a_name():
    data = "<p>支部动态</p>".encode() * 100
    first = deterministic_gzip(data)
    assert first == deterministic_gzip(data)
    assert first[4:8] == b"\0\0\0\0" and first[3] == 0, "no mtime, no FNAME flag"
    assert gzip.decompress(first) == data


def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    for path, text in {
        "index.html": "home",
        "news/index.html": "news",
        "feed.xml": "<rss/>",
        "sitemap.xml": "<urlset/>",
        "assets/app.12345678.min.js": "js",
        "assets/photos/ab/ab12-640.jpg": "jpg",
        ".branchpress-deploy.json": "{}",
        ".hidden": "x",
    }.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text)
    return folder


def test_the_plan_orders_assets_pages_feeds_and_then_deletions(tmp_path):
    scan = scan_site(site(tmp_path), compress=True)
    assert [f.path for f in scan.files][0] == "assets/app.12345678.min.js"
    assert not any(f.path.startswith(".") for f in scan.files)
    assert scan.skipped == ("跳过隐藏文件 .hidden（以“.”开头的文件不发布）。",)
    plan = make_plan(scan.files, {}, {"old.html": RemoteObject(3), ".well-known/x": RemoteObject(1)})
    assert [u.file.path for u in plan.uploads] == [
        "assets/app.12345678.min.js",
        "assets/photos/ab/ab12-640.jpg",
        "index.html",
        "news/index.html",
        "feed.xml",
        "sitemap.xml",
    ]
    assert [kind for kind, _ in plan.phases()] == [Kind.ASSET, Kind.PAGE, Kind.FEED]
    assert plan.deletions == ["old.html"], "hidden objects are not ours to delete"
    assert too_many_deletions(plan, 1) is None
    refusal = too_many_deletions(plan, 0)
    assert "删除 1 个文件" in refusal and "--max-deletes 1" in refusal and "max_deletes: 1" in refusal


def test_symlinks_out_of_the_site_are_skipped(tmp_path):
    folder = site(tmp_path)
    (tmp_path / "ledger.html").write_text("内部")
    (folder / "leak.html").symlink_to(tmp_path / "ledger.html")
    (folder / "outside").symlink_to(tmp_path, target_is_directory=True)
    (folder / "inside.html").symlink_to(folder / "index.html")
    scan = scan_site(folder, compress=True)
    paths = {f.path for f in scan.files}
    assert "leak.html" not in paths and "inside.html" in paths
    assert not any(p.startswith("outside/") for p in paths)
    assert len([w for w in scan.skipped if "符号链接" in w]) == 2


class Memory:
    """A backend in memory that can fail the Nth upload."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.objects: dict[str, bytes] = {}
        self.manifests: list[bytes] = []
        self.fail_at, self.puts = fail_at, 0

    def list(self):
        return {k: RemoteObject(len(v)) for k, v in self.objects.items()}

    def read_manifest(self):
        return self.manifests[-1] if self.manifests else None

    def put(self, path, body, headers, md5):
        self.puts += 1
        if self.fail_at is not None and self.puts >= self.fail_at:
            raise DeployError("配额不够")
        self.objects[path] = body

    def delete(self, path):
        del self.objects[path]

    def write_manifest(self, body):
        self.manifests.append(body)


def deploy_once(folder: Path, backend: Memory):
    files = scan_site(folder, compress=True).files
    manifest = read_manifest(backend.read_manifest())
    plan = make_plan(files, manifest, backend.list())
    return plan, publish(plan, manifest, backend, lambda *_: None, workers=1)


def test_a_failed_deploy_records_only_what_was_stored_and_the_next_finishes(tmp_path):
    folder = site(tmp_path)
    backend = Memory()
    deploy_once(folder, backend)
    assert set(read_manifest(backend.read_manifest())) == set(backend.objects)
    assert gzip.decompress(backend.objects["index.html"]) == b"home"

    (folder / "index.html").write_text("home, edited")
    (folder / "feed.xml").write_text("<rss>edited</rss>")
    (folder / "news/index.html").unlink()
    backend.fail_at, backend.puts = 2, 0
    with pytest.raises(DeployError):
        deploy_once(folder, backend)
    shrunk, after = (read_manifest(m) for m in backend.manifests[-2:])
    assert "index.html" not in shrunk and "feed.xml" not in shrunk, "written before anything changed"
    assert "index.html" in after and "feed.xml" not in after, "what was really stored"

    backend.fail_at = None
    plan, outcome = deploy_once(folder, backend)
    assert [u.file.path for u in plan.uploads] == ["feed.xml"] and plan.deletions == ["news/index.html"]
    assert (outcome.uploaded, outcome.deleted) == (1, 1)
    count = len(backend.manifests)
    plan, outcome = deploy_once(folder, backend)
    assert plan.empty and len(backend.manifests) == count, "an unchanged deploy writes nothing"


def test_an_object_changed_behind_the_manifest_is_uploaded_again(tmp_path):
    files = scan_site(site(tmp_path), compress=True).files
    backend = Memory()
    plan = make_plan(files, {}, {})
    publish(plan, {}, backend, lambda *_: None, workers=2)
    manifest = read_manifest(backend.read_manifest())
    listing = {k: RemoteObject(len(v), f'"{"0" * 32}"') for k, v in backend.objects.items()}
    assert len(make_plan(files, manifest, listing).uploads) == len(files), "ETag is an MD5 and differs"
    multipart = {k: RemoteObject(len(v), '"abc-2"') for k, v in backend.objects.items()}
    assert make_plan(files, manifest, multipart).uploads == [], "a multipart ETag proves nothing either way"
    assert read_manifest(b"not json") == {} and read_manifest(manifest_bytes(manifest)) == manifest
    assert MANIFEST not in backend.objects
