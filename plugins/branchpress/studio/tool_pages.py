"""台账, 年度报告, 公众号, 预览 and 发布: the pages that run the project's own commands.

The ledger and the 公众号 article are made by `branchpress ledger` and `branchpress wechat`,
run as they are from a terminal (a subprocess: their output is what staff are shown), and
their files served from `ledger/` and `exports/wechat/` — the folders that are never
published. The year's report is the preview site's own `/reports/YYYY/` page.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path, PurePosixPath

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from .paths import PathRefused, record_path

WAITING = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="2">
<title>正在生成预览…</title><link rel="stylesheet" href="/static/studio.css"></head>
<body class="waiting"><main><h1>正在生成预览…</h1><p>第一次生成整个网站需要一些时间，页面会自动刷新。</p></main></body></html>"""
COMMAND_SECONDS = 300
LEDGER_DIR, EXPORTS_DIR = "ledger", "exports/wechat"


def routes(studio) -> list[Route]:
    pages = ToolPages(studio)
    return [
        Route("/ledger", pages.ledger, methods=["GET", "POST"]),
        Route("/ledger/{name}", pages.ledger_file, methods=["GET"]),
        Route("/report", pages.report, methods=["GET"]),
        Route("/wechat/{path:path}", pages.wechat, methods=["GET", "POST"]),
        Route("/wechat-article/{name}", pages.wechat_file, methods=["GET"]),
        Route("/show/{path:path}", pages.show, methods=["GET"]),
        Route("/publish", pages.publish, methods=["GET"]),
        Route("/api/publish", pages.publish_api, methods=["GET", "POST"]),
        Route("/api/preview", pages.preview_api, methods=["GET"]),
    ]


def run_command(config_file: Path, *arguments: str) -> tuple[int, str]:
    """`branchpress <arguments>` for this project, as a terminal would run it."""
    command = [sys.executable, "-m", "branchpress.cli", *arguments, "-f", str(config_file)]
    try:
        done = subprocess.run(
            command,
            cwd=config_file.parent,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=COMMAND_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return -1, "运行超时，已停止。"
    return done.returncode, (done.stdout + done.stderr).strip()


class ToolPages:
    def __init__(self, studio) -> None:
        self.studio = studio
        self.workspace = studio.workspace

    def _this_year(self) -> int:
        return datetime.now(self.workspace.project.settings.timezone).year

    def _year(self, request: Request, given: str | None) -> int:
        text = (given or "").strip()
        return int(text) if text.isdigit() and 1900 < int(text) < 2200 else self._this_year()

    async def ledger(self, request: Request) -> Response:
        output, code = None, None
        if request.method == "POST":
            form = await request.form()
            if not self.studio.guard.token_ok(form.get("csrf")):
                return self._stale(request)
            year = self._year(request, form.get("year"))
            code, output = await run_in_threadpool(
                run_command, self.workspace.config_file, "ledger", "--year", str(year)
            )
        else:
            year = self._year(request, request.query_params.get("year"))
        folder = self.workspace.project.path(LEDGER_DIR)
        files = [name for name in (f"{year}.html", f"{year}.pdf") if (folder / name).is_file()]
        return self.studio.page(request, "ledger.html", year=year, files=files, output=output, code=code)

    async def ledger_file(self, request: Request) -> Response:
        return _file_in(
            self.workspace.project.path(LEDGER_DIR), request.path_params["name"], (".html", ".pdf")
        )

    async def report(self, request: Request) -> Response:
        year = self._year(request, request.query_params.get("year"))
        years = sorted({r.year for r in self.workspace.content().result.all_records}, reverse=True)
        return self.studio.page(request, "report.html", year=year, years=years or [year])

    async def wechat(self, request: Request) -> Response:
        source = request.path_params["path"]
        settings = self.workspace.project.settings
        try:
            record_path(self.workspace.docs_dir, settings.activities_dir, source)
        except PathRefused as refused:
            return self.studio.page(request, "message.html", 400, title="无法导出", text=str(refused))
        record = self.workspace.record(source)
        output, code = None, None
        if request.method == "POST":
            form = await request.form()
            if not self.studio.guard.token_ok(form.get("csrf")):
                return self._stale(request)
            code, output = await run_in_threadpool(run_command, self.workspace.config_file, "wechat", source)
        article = f"{record.slug}.html" if record is not None else None
        exists = article is not None and (self.workspace.project.path(EXPORTS_DIR) / article).is_file()
        return self.studio.page(
            request,
            "wechat.html",
            source=source,
            record=record,
            article=article if exists else None,
            output=output,
            code=code,
        )

    async def wechat_file(self, request: Request) -> Response:
        return _file_in(self.workspace.project.path(EXPORTS_DIR), request.path_params["name"], (".html",))

    async def show(self, request: Request) -> Response:
        """预览 of one record: its page in the preview site once the latest save is built."""
        source = request.path_params["path"]
        record = self.workspace.record(source)
        state = self.studio.preview.state()
        if not state.ready and not state.building:
            self.studio.preview.request_rebuild()  # a worker that stopped, or never started
            state = self.studio.preview.state()
        if record is None or not record.url:
            return self.studio.page(
                request,
                "message.html",
                404,
                title="暂时无法预览",
                text="这条记录还有错误，改正并保存后才能预览。",
            )
        return self.studio.page(request, "preview.html", record=record, state=state, source=source)

    async def publish(self, request: Request) -> Response:
        return self.studio.page(request, "publish.html", state=self.studio.publisher.state())

    async def publish_api(self, request: Request) -> Response:
        if request.method == "POST":
            if not self.studio.guard.token_ok(request.headers.get("x-csrf-token")):
                return JSONResponse({"error": "安全校验未通过，请刷新页面。"}, status_code=403)
            self.studio.publisher.start()
        state = self.studio.publisher.state()
        return JSONResponse(
            {
                "running": state.running,
                "step": state.step,
                "ok": state.ok,
                "message": state.message,
                "lines": list(state.lines)[-40:],
            }
        )

    async def preview_api(self, request: Request) -> Response:
        state = self.studio.preview.state()
        return JSONResponse(
            {
                "building": state.building,
                "ready": state.ready,
                "ok": state.ok,
                "messages": list(state.messages),
            }
        )

    def _stale(self, request: Request) -> Response:
        return self.studio.page(
            request,
            "message.html",
            403,
            title="没有执行",
            text="页面已过期（安全校验未通过）。请刷新页面后重试。",
        )


def _file_in(folder: Path, name: str, suffixes: tuple[str, ...]) -> Response:
    """A file the command wrote, by its bare name only (no folder can be named)."""
    clean = PurePosixPath(name).name
    path = folder / clean
    if clean != name or clean.startswith(".") or not clean.endswith(suffixes) or not path.is_file():
        return Response("找不到这个文件。", status_code=404, media_type="text/plain; charset=utf-8")
    return FileResponse(path, headers={"Cache-Control": "no-store"})
