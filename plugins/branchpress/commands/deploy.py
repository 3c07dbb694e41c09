"""`branchpress deploy`: publish the built site (`site_dir`) to object storage or a folder.

It does not build: it publishes what `mkdocs build` left in `site_dir`, and only that. The
plan and the backends are core/deploy/; this module checks the folders, chooses the backend,
shows progress (a bar on a terminal, one line a file otherwise) and says in Chinese what went
wrong. `--dry-run` prints the plan and changes nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .output import CANNOT_RUN, complain, shown

EXAMPLE = """    plugins:
      - branchpress/records:
          deploy:
            target: s3://dangjian-site/
            endpoint: https://oss-cn-hangzhou.aliyuncs.com
            region: cn-hangzhou"""


def add_parser(commands) -> None:
    deploy = commands.add_parser("deploy", help="把生成好的网站（site_dir）发布到对象存储或服务器文件夹")
    deploy.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml 的路径")
    deploy.add_argument("--dry-run", action="store_true", help="只列出要上传和删除的文件，不做任何改动")
    deploy.add_argument(
        "--max-deletes",
        type=int,
        metavar="N",
        help="这一次最多允许删除 N 个文件（代替 mkdocs.yml 里的 max_deletes）",
    )
    deploy.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from branchpress.core.deploy.publish import DeployError

    from .loading import open_project

    opened = open_project(Path(args.config_file))
    if opened is None:
        return CANNOT_RUN
    project = opened.project
    settings = project.deploy
    if settings is None:
        complain(
            f"{args.config_file} 里还没有写发布到哪里。请在 branchpress/records 下加上 deploy，例如：\n{EXAMPLE}"
        )
        return CANNOT_RUN
    if (refusal := _refusal(project, settings)) is not None:
        complain(refusal)
        return CANNOT_RUN
    try:
        return _deploy(project, settings, args)
    except DeployError as error:
        complain(f"发布失败：{error}")
    except KeyboardInterrupt:
        complain("发布被中断。再运行一次 branchpress deploy 就会接着完成。")
    except Exception as error:  # the last guard of "no traceback": say what it was
        complain(
            f"发布失败（{type(error).__name__}：{error}）。再运行一次 branchpress deploy 通常可以完成；如果每次都失败，请把这段话发给技术人员。"
        )
    return CANNOT_RUN


def _refusal(project, settings) -> str | None:
    """Why the folders make a deploy unsafe, or None."""
    from branchpress.core.deploy.plan import PRIVATE_FOLDERS
    from branchpress.core.deploy.settings import contains, overlaps

    site = project.site_dir
    if not site.is_dir() or not any(site.iterdir()):
        return f"网站文件夹 {shown(site)} 不存在或是空的：请先运行 mkdocs build，再发布。"
    if contains(site, project.root) or overlaps(site, project.docs_dir):
        return (
            f"网站文件夹（site_dir）{shown(site)} 和项目文件夹或内容文件夹（docs_dir）重叠，发布会把内部文件一起公开，"
            "所以没有发布。请在 mkdocs.yml 里把 site_dir 设为单独的文件夹（默认是 site）。"
        )
    private = [name for name in PRIVATE_FOLDERS if (site / name).exists()]
    if private:
        folders = "、".join(f"{name}/" for name in private)
        return (
            f"网站文件夹 {shown(site)} 里有 {folders}：台账和导出的文件是内部资料，不能发布，所以没有发布。"
            f"请把它们移出 {shown(site)}（它们应当在 mkdocs.yml 旁边），重新运行 mkdocs build 后再发布。"
        )
    folder = settings.target.folder
    if folder is not None and (
        contains(folder, project.root) or any(overlaps(folder, p) for p in (site, project.docs_dir))
    ):
        return (
            f"deploy 的 target 文件夹 {folder} 和项目、内容或网站文件夹重叠：发布会删除其中网站没有的文件，"
            "所以没有发布。请把 target 设为 Web 服务器专用的文件夹（例如 file:///srv/www/dangjian/）。"
        )
    return None


def _deploy(project, settings, args) -> int:
    from branchpress.core.deploy.plan import make_plan, read_manifest, scan_site, too_many_deletions
    from branchpress.core.deploy.publish import publish

    backend = _backend(settings)
    if backend is None:
        return CANNOT_RUN
    to_s3 = settings.target.scheme == "s3"
    scan = scan_site(project.site_dir, compress=to_s3 and settings.gzip)
    for warning in scan.skipped:
        complain(f"[警告] {warning}")
    listing = backend.list()
    manifest = read_manifest(backend.read_manifest())
    plan = make_plan(scan.files, manifest, listing)
    limit = settings.max_deletes if args.max_deletes is None else args.max_deletes
    refused = too_many_deletions(plan, limit)
    print(f"发布 {shown(project.site_dir)} 到 {settings.target}：共 {len(scan.files)} 个文件。", flush=True)
    if args.dry_run:
        for upload in plan.uploads:
            print(f"将上传 {upload.file.path}（{'新增' if upload.new else '更改'}）")
        for path in plan.deletions:
            print(f"将删除 {path}")
        print(
            f"试运行，没有做任何改动：将上传 {len(plan.uploads)} 个、删除 {len(plan.deletions)} 个、未变 {len(plan.unchanged)} 个。"
        )
        if refused:
            complain(refused)
            return CANNOT_RUN
        return 0
    if refused:
        complain(refused)
        return CANNOT_RUN
    with _progress(len(plan.uploads) + len(plan.deletions)) as progress:
        outcome = publish(plan, manifest, backend, progress)
    print(f"发布完成：上传 {outcome.uploaded} 个、删除 {outcome.deleted} 个、未变 {outcome.unchanged} 个。")
    if to_s3 and not plan.empty:
        print("如果网站前面有 CDN，请在 CDN 控制台刷新缓存（或在 deploy 下设置 after_deploy 命令自动刷新）。")
    if settings.after_deploy and not plan.empty:
        return _after(settings.after_deploy, project.root)
    return 0


def _backend(settings):
    if settings.target.scheme == "file":
        from branchpress.core.deploy.folder import FolderBackend

        return FolderBackend(settings.target.folder)
    from branchpress.core.deploy.settings import MISSING_CREDENTIALS, credentials_from

    credentials = credentials_from(dict(os.environ))
    if credentials is None:
        complain(MISSING_CREDENTIALS)
        return None
    from branchpress.core.deploy.s3 import S3Backend

    return S3Backend(settings, credentials)


class _progress:
    """A tqdm bar on a terminal; a plain line per object otherwise (CI, the studio's log)."""

    def __init__(self, total: int) -> None:
        self.bar = None
        if total and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="个", desc="发布", file=sys.stderr, leave=False)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()

    def __call__(self, action: str, path: str) -> None:
        if self.bar is not None:
            self.bar.update()
        else:
            print(f"{action} {path}", flush=True)


def _after(command: str, root: Path) -> int:
    """Run `after_deploy` (a CDN refresh, say) in the project folder."""
    print(f"运行 after_deploy：{command}", flush=True)
    try:
        status = subprocess.run(command, shell=True, cwd=root).returncode
    except OSError as error:
        status, reason = 127, str(error)
    else:
        reason = f"退出码 {status}"
    if status != 0:
        complain(f"网站已经发布，但 after_deploy 命令失败（{reason}）：请检查这条命令，或手动刷新 CDN 缓存。")
        return CANNOT_RUN
    return 0
