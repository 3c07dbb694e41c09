"""The studio's web application: routes, templates and the services each page uses.

`create_app` wires a `Studio` (the opened project and its helpers) into a Starlette app
behind `StudioGuard` (security.py). Record pages live in record_pages.py, the roster in
roster_page.py, the ledger, report, 公众号 and 发布 pages in tool_pages.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import record_pages, roster_page, tool_pages
from .preview import PreviewSite
from .publish import Publisher
from .security import Guard, StudioGuard
from .uploads import Uploads
from .workspace import Workspace

STATIC = Path(__file__).resolve().parent / "static"


@dataclass
class Studio:
    """Everything a page handler needs, made once when the studio starts."""

    workspace: Workspace
    guard: Guard
    preview: PreviewSite
    publisher: Publisher
    uploads: Uploads
    theme_dir: Path | None = None
    site_name: str = ""
    templates: Environment = field(init=False)

    def __post_init__(self) -> None:
        loaders = [PackageLoader("branchpress.studio", "templates")]
        if self.theme_dir is not None:
            # The site's theme/studio/<name>.html overrides the studio's own template.
            loaders.insert(0, FileSystemLoader(str(self.theme_dir)))
        self.templates = Environment(
            loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True, default_for_string=True)
        )

    def page(self, request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
        template = self.templates.get_template(f"studio/{name}")
        html = template.render(
            request=request,
            csrf=self.guard.csrf,
            project=self.workspace.project,
            site_name=self.site_name,
            **context,
        )
        return HTMLResponse(html, status_code=status_code)


class PreviewFiles(StaticFiles):
    """The preview site's folder; a page still building answers with a short wait page."""

    def __init__(self, studio: Studio) -> None:
        super().__init__(directory=str(studio.preview.site_dir), html=True, check_dir=False)
        self.studio = studio

    async def get_response(self, path: str, scope) -> Response:
        state = self.studio.preview.state()
        if not Path(self.directory).is_dir():
            return _waiting()
        try:
            return await super().get_response(path, scope)
        except HTTPException as missing:
            # A page not built yet (the first build, or the save that makes it) is waited for.
            if missing.status_code == 404 and (state.building or not state.ready):
                return _waiting()
            raise


def _waiting() -> HTMLResponse:
    return HTMLResponse(tool_pages.WAITING, status_code=503, headers={"Retry-After": "2"})


def create_app(studio: Studio) -> Starlette:
    routes = [
        *record_pages.routes(studio),
        *roster_page.routes(studio),
        *tool_pages.routes(studio),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
        Mount("/preview", PreviewFiles(studio), name="preview"),
    ]

    async def not_found(request: Request, exc) -> HTMLResponse:
        return studio.page(
            request, "message.html", 404, title="找不到这个页面", text="地址不对，或文件已被删除。"
        )

    async def server_error(request: Request, exc) -> HTMLResponse:
        return studio.page(
            request,
            "message.html",
            500,
            title="工作室出了问题",
            text="这是 BranchPress 工作室的缺陷，不是您的操作问题。已输入的内容仍保存在浏览器里；请刷新页面重试。",
        )

    app = Starlette(
        routes=[Route("/health", lambda r: Response("ok"), methods=["GET"]), *routes],
        middleware=[Middleware(StudioGuard, guard=studio.guard)],
        exception_handlers={404: not_found, 500: server_error},
    )
    app.state.studio = studio
    return app
