"""`branchpress deploy` against a real S3-compatible HTTP server (moto) on 127.0.0.1, through a
logging proxy, and to a `file://` folder: what is stored, what is not, in which order, and what
a failure part way leaves for the next run. Every run is the real command in a built site."""

from __future__ import annotations

import logging
import shutil
import uuid
from copy import deepcopy
from pathlib import Path

# moto[server] is a test dependency (pyproject.toml): imported, never skipped, so a missing install fails.
import moto.server as moto_server
import pytest
from helpers.cli import run_cli
from helpers.imaging import phone_jpeg
from helpers.s3 import FAKE_KEY, FAKE_SECRET, LoggingProxy, bucket_objects, client, free_port
from helpers.sites import SiteBuilder

MANIFEST = ".branchpress-deploy.json"
SUMMARY = "上传 {} 个、删除 {} 个、未变 {} 个"


@pytest.fixture(scope="module")
def moto():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="module")
def proxy(moto):
    logger = LoggingProxy(int(moto.rpartition(":")[2]))
    yield logger
    logger.close()


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    monkeypatch.setenv("BRANCHPRESS_DEPLOY_ACCESS_KEY_ID", FAKE_KEY)
    monkeypatch.setenv("BRANCHPRESS_DEPLOY_SECRET_ACCESS_KEY", FAKE_SECRET)
    for name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def write_site(root: Path) -> SiteBuilder:
    site = SiteBuilder(root)
    # Photos (content-addressed renditions) and feeds, as a branch's site has them.
    site.config["plugins"][2:2] = [{"branchpress/images": {"workers": 1}}, {"branchpress/feeds": {}}]
    site.write_bytes("activities/2025/photos/cover.jpg", phone_jpeg((1200, 900), seed=3))
    site.record(
        "2025/2025-03-05-zhi-yuan.md",
        "title: 社区志愿服务\ndate: 2025-03-05\ntype: volunteer\ncover: photos/cover.jpg\n"
        "volunteers: [张三]\nhours: 2\nbeneficiaries: 30",
        "在社区开展志愿服务。",
    )
    site.record(
        "2025/2025-04-01-xue-xi.md", "title: 理论学习\ndate: 2025-04-01\ntype: study\nparticipants: 12"
    )
    site.record("2025/2025-05-20-dong-tai.md", "title: 支部动态\ndate: 2025-05-20\ntype: news", "一条动态。")
    return site


def build(site: SiteBuilder) -> None:
    result = site.build()
    assert result.returncode == 0, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> SiteBuilder:
    site = write_site(tmp_path_factory.mktemp("deploy") / "branch")
    build(site)
    return site


@pytest.fixture
def site(built, tmp_path) -> SiteBuilder:
    """A copy of the built site that a test may change."""
    copy = SiteBuilder.__new__(SiteBuilder)
    copy.root = tmp_path / "branch"
    shutil.copytree(built.root, copy.root, symlinks=True)
    copy.config = deepcopy(built.config)
    return copy


def to_bucket(site: SiteBuilder, endpoint: str, **more) -> str:
    bucket = f"site-{uuid.uuid4().hex[:12]}"
    client(endpoint).create_bucket(Bucket=bucket)
    site.plugin_options("branchpress/records")["deploy"] = {
        "target": f"s3://{bucket}/",
        "endpoint": endpoint,
        "region": "us-east-1",
        "addressing": "path",
        **more,
    }
    return bucket


def site_files(site: SiteBuilder) -> dict[str, bytes]:
    folder = site.root / "site"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def deploy(site: SiteBuilder, *args: str):
    process = run_cli(site, "deploy", *args)
    assert "Traceback" not in process.stdout + process.stderr, process.stdout + process.stderr
    return process


def assert_bucket_is_the_site(moto: str, bucket: str, site: SiteBuilder) -> dict:
    objects = bucket_objects(client(moto), bucket)
    assert MANIFEST in objects
    published = {key: o.body for key, o in objects.items() if key != MANIFEST}
    assert published == site_files(site)
    return objects


def put_paths(log) -> list[str]:
    return [path.split("?")[0].split("/", 2)[2] for method, path in log if method == "PUT"]


def test_first_deploy_stores_the_site_with_its_headers_and_a_second_uploads_nothing(built, moto, proxy):
    bucket = to_bucket(built, proxy.url)
    proxy.reset()
    first = deploy(built)
    assert first.returncode == 0, first.stderr
    total = len(site_files(built))
    assert SUMMARY.format(total, 0, 0) in first.stdout
    objects = assert_bucket_is_the_site(moto, bucket, built)

    page, css = objects["index.html"], next(o for k, o in objects.items() if k.endswith(".min.css"))
    assert (page.content_type, page.encoding, page.cache_control) == (
        "text/html; charset=utf-8",
        "gzip",
        "public, max-age=300",
    )
    assert page.raw[4:8] == b"\0\0\0\0", "gzip carries no timestamp"
    assert css.content_type == "text/css; charset=utf-8" and "immutable" in css.cache_control
    photo = next(o for k, o in objects.items() if k.startswith("assets/photos/") and k.endswith(".jpg"))
    assert (photo.content_type, photo.encoding) == ("image/jpeg", None) and "immutable" in photo.cache_control
    assert objects["feed.xml"].cache_control == "public, max-age=300"
    assert objects["sitemap.xml.gz"].content_type == "application/gzip"
    assert objects["sitemap.xml.gz"].encoding is None
    for key, stored in objects.items():
        assert stored.content_type and stored.content_type != "application/octet-stream", key
        if stored.encoding == "gzip" or key.endswith((".html", ".xml", ".json", ".js", ".css", ".svg")):
            assert "charset=utf-8" in stored.content_type, key

    proxy.reset()
    second = deploy(built)
    assert second.returncode == 0, second.stderr
    assert SUMMARY.format(0, 0, total) in second.stdout
    assert [m for m, _ in proxy.log if m != "GET"] == [], "nothing uploaded or deleted"
    assert len(proxy.log) == 2, "one listing and the manifest"


def test_assets_go_first_then_pages_then_feeds_and_the_sitemap_then_deletions(built, proxy):
    bucket = to_bucket(built, proxy.url)
    for stale in ("old/index.html", "assets/old.css"):
        client(proxy.url).put_object(Bucket=bucket, Key=stale, Body=b"stale")
    proxy.reset()
    assert deploy(built).returncode == 0
    changes = [(m, p.split("?")[0].split("/", 2)[2]) for m, p in proxy.log if m in ("PUT", "DELETE")]
    changes = [(m, p) for m, p in changes if p != MANIFEST]

    def phase(method: str, path: str) -> int:
        if method == "DELETE":
            return 3
        name = path.rpartition("/")[2]
        if name.endswith(".html"):
            return 1
        return 2 if name in ("feed.xml", "atom.xml", "feed.json") or path.startswith("sitemap.xml") else 0

    rank = [phase(m, p) for m, p in changes]
    assert rank == sorted(rank), changes
    assert set(rank) == {0, 1, 2, 3}
    assert sorted(p for m, p in changes if m == "DELETE") == ["assets/old.css", "old/index.html"]
    assert put_paths(proxy.log)[-1] == MANIFEST, "the manifest is written last"


def test_an_edit_uploads_only_what_changed_and_a_deleted_record_is_deleted(site, moto):
    bucket = to_bucket(site, moto)
    assert deploy(site).returncode == 0
    total_before = len(site_files(site))
    record = site.root / "content/activities/2025/2025-04-01-xue-xi.md"
    record.write_text(record.read_text("utf-8") + "\n补充一句学习体会。\n", "utf-8")
    (site.root / "content/activities/2025/2025-05-20-dong-tai.md").unlink()
    build(site)
    after = deploy(site)
    assert after.returncode == 0, after.stderr
    objects = assert_bucket_is_the_site(moto, bucket, site)
    assert not any("dong-tai" in key for key in objects), "the deleted record's page is gone"
    uploads = [line for line in after.stdout.splitlines() if line.startswith("上传 ")]
    deletions = [line for line in after.stdout.splitlines() if line.startswith("删除 ")]
    assert deletions, after.stdout
    assert 0 < len(uploads) < total_before / 2, after.stdout
    assert SUMMARY.format(len(uploads), len(deletions), len(site_files(site)) - len(uploads)) in after.stdout


def test_more_deletions_than_max_deletes_are_refused_with_how_to_allow_them(built, moto):
    bucket = to_bucket(built, moto, max_deletes=2)
    s3 = client(moto)
    for number in range(3):
        s3.put_object(Bucket=bucket, Key=f"old/{number}.html", Body=b"old")
    refused = deploy(built)
    assert refused.returncode != 0
    assert "删除 3 个文件" in refused.stderr and "max_deletes" in refused.stderr
    assert "--max-deletes 3" in refused.stderr
    assert set(bucket_objects(s3, bucket)) == {f"old/{n}.html" for n in range(3)}, "nothing changed"
    allowed = deploy(built, "--max-deletes", "3")
    assert allowed.returncode == 0, allowed.stderr
    assert_bucket_is_the_site(moto, bucket, built)


def test_a_dry_run_lists_the_plan_and_changes_nothing(built, moto, proxy):
    bucket = to_bucket(built, proxy.url)
    client(moto).put_object(Bucket=bucket, Key="old.html", Body=b"old")
    proxy.reset()
    dry = deploy(built, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "将上传 index.html（新增）" in dry.stdout and "将删除 old.html" in dry.stdout
    assert "没有做任何改动" in dry.stdout
    assert {m for m, _ in proxy.log} == {"GET"}
    assert set(bucket_objects(client(moto), bucket)) == {"old.html"}


def test_a_failure_part_way_exits_in_chinese_and_the_next_run_finishes_the_job(built, moto, proxy):
    bucket = to_bucket(built, proxy.url)
    total = len(site_files(built))
    proxy.reset()
    proxy.faults.deny_after = 5
    failed = deploy(built)
    assert failed.returncode != 0
    assert "发布失败" in failed.stderr and "配额" in failed.stderr and "再运行一次" in failed.stderr
    assert "发布完成" not in failed.stdout

    proxy.reset()
    rerun = deploy(built)
    assert rerun.returncode == 0, rerun.stderr
    assert SUMMARY.format(total - 5, 0, 5) in rerun.stdout, "what was stored before the failure stands"
    assert_bucket_is_the_site(moto, bucket, built)
    assert SUMMARY.format(0, 0, total) in deploy(built).stdout


def test_a_transient_server_error_is_retried(built, moto, proxy):
    bucket = to_bucket(built, proxy.url)
    proxy.reset()
    proxy.faults.unavailable_once = True
    assert deploy(built).returncode == 0
    assert_bucket_is_the_site(moto, bucket, built)


def test_a_folder_target_gets_the_files_as_built_and_keeps_hidden_files(built, tmp_path):
    target = tmp_path / "www"
    (target / ".well-known").mkdir(parents=True)
    (target / ".well-known/acme").write_text("token")
    (target / "stale/old.html").parent.mkdir()
    (target / "stale/old.html").write_text("old")
    built.plugin_options("branchpress/records")["deploy"] = {"target": f"file://{target}/"}
    first = deploy(built)
    assert first.returncode == 0, first.stderr
    written = {
        p.relative_to(target).as_posix(): p.read_bytes()
        for p in target.rglob("*")
        if p.is_file() and not p.relative_to(target).as_posix().startswith(".")
    }
    assert written == site_files(built)
    assert (target / ".well-known/acme").read_text() == "token"
    assert not (target / "stale").exists(), "emptied folders go too"
    assert (target / MANIFEST).is_file()
    assert SUMMARY.format(0, 0, len(written)) in deploy(built).stdout


def test_private_folders_and_links_out_of_the_site_are_never_published(site, moto):
    for private in ("ledger/2025.html", "exports/wechat/a.html", ".cache/branchpress/x.json"):
        (site.root / private).parent.mkdir(parents=True, exist_ok=True)
        (site.root / private).write_text("内部资料")
    (site.root / "site/leak.html").symlink_to(site.root / "ledger/2025.html")
    (site.root / "site/.branchpress-secret").write_text("x")
    bucket = to_bucket(site, moto)
    process = deploy(site)
    assert process.returncode == 0, process.stderr
    assert "跳过符号链接 leak.html" in process.stderr
    keys = set(bucket_objects(client(moto), bucket))
    assert "leak.html" not in keys and ".branchpress-secret" not in keys
    assert not any(k.startswith(("ledger/", "exports/", ".cache/", "content/")) for k in keys)

    (site.root / "site/ledger").mkdir()
    refused = deploy(site)
    assert refused.returncode != 0 and "ledger/" in refused.stderr and "内部资料" in refused.stderr


def test_a_key_in_mkdocs_yml_is_refused_naming_the_environment_variables(built, moto):
    to_bucket(built, moto, secret_key="Sup3rSecretValue")
    process = deploy(built)
    assert process.returncode != 0
    assert "secret_key" in process.stderr
    assert "BRANCHPRESS_DEPLOY_ACCESS_KEY_ID" in process.stderr
    assert "BRANCHPRESS_DEPLOY_SECRET_ACCESS_KEY" in process.stderr
    assert "Sup3rSecretValue" not in process.stdout + process.stderr


def test_without_credentials_or_a_built_site_it_says_what_to_do(built, moto, monkeypatch, tmp_path):
    to_bucket(built, moto)
    monkeypatch.delenv("BRANCHPRESS_DEPLOY_SECRET_ACCESS_KEY")
    missing = deploy(built)
    assert missing.returncode != 0 and "BRANCHPRESS_DEPLOY_SECRET_ACCESS_KEY" in missing.stderr

    empty = SiteBuilder(tmp_path / "fresh")
    to_bucket(empty, moto)
    unbuilt = deploy(empty)
    assert unbuilt.returncode != 0 and "请先运行 mkdocs build" in unbuilt.stderr
