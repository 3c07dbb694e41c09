"""记录: the record list, the record form, saving, live checks and photo uploads."""

from __future__ import annotations

import datetime as dt
import re
from datetime import datetime
from pathlib import Path, PurePosixPath

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from branchpress.core.records.scaffold import record_stem
from branchpress.core.studio.form_fields import fields_for
from branchpress.core.studio.record_edit import edited_text, form_values

from . import form_post
from .paths import PathRefused, docs_path, record_path
from .record_form import FormView, problem_rows
from .uploads import UploadRefused, new_form_id, thumbnail, unique

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def routes(studio) -> list[Route]:
    pages = RecordPages(studio)
    return [
        Route("/", pages.index, methods=["GET"]),
        Route("/new", pages.new, methods=["GET"]),
        Route("/edit/{path:path}", pages.edit, methods=["GET"]),
        Route("/save", pages.save, methods=["POST"]),
        Route("/api/check", pages.check, methods=["POST"]),
        Route("/api/uploads/{form_id}", pages.upload, methods=["PUT"]),
        Route("/thumb/{path:path}", pages.thumb, methods=["GET"]),
        Route("/staged/{form_id}/{name}", pages.staged, methods=["GET"]),
    ]


class RecordPages:
    def __init__(self, studio) -> None:
        self.studio = studio
        self.workspace = studio.workspace

    @property
    def settings(self):
        return self.workspace.project.settings

    # 记录: the list ---------------------------------------------------------------------------
    async def index(self, request: Request) -> Response:
        entries = self.workspace.entries()
        query = (request.query_params.get("q") or "").strip()
        kind = request.query_params.get("type") or ""
        year = request.query_params.get("year") or ""
        years = sorted({e.year for e in entries if e.year}, reverse=True)
        shown = [
            e
            for e in entries
            if (not query or query.lower() in e.title.lower())
            and (not kind or e.type_key == kind)
            and (not year or str(e.year) == year)
        ]
        return self.studio.page(
            request,
            "index.html",
            entries=shown,
            total=len(entries),
            query=query,
            kind=kind,
            year=year,
            years=years,
            types=self.settings.types,
        )

    # The form ----------------------------------------------------------------------------------
    async def new(self, request: Request) -> Response:
        type_key = request.query_params.get("type") or ""
        if type_key not in self.settings.types:
            return self.studio.page(request, "choose_type.html", types=self.settings.types)
        today = datetime.now(self.settings.timezone).strftime("%Y-%m-%d")
        values = {"type": type_key, "date": today, "draft": True}
        return self._form(request, FormView(None, type_key, values, "", None, new_form_id()))

    async def edit(self, request: Request) -> Response:
        source = request.path_params["path"]
        try:
            record_path(self.workspace.docs_dir, self.settings.activities_dir, source)
            text, digest = self.workspace.read(source)
        except PathRefused as refused:
            return self._message(request, 400, "无法打开这个文件", str(refused))
        except (OSError, UnicodeDecodeError):
            return self._message(request, 404, "无法打开这个文件", "文件不存在，或不是 UTF-8 编码的文本。")
        read = form_values(text)
        if read.problem:
            problems = self.workspace.check(source, text)
            return self.studio.page(request, "unreadable.html", source=source, problems=problems)
        values = dict(read.values)
        type_key = request.query_params.get("type") or str(values.get("type") or "")
        type_key = type_key if type_key in self.settings.types else _type_key(values, self.settings)
        view = FormView(source, type_key, values, read.body, digest, new_form_id())
        view.problems = self.workspace.check(source, text)
        view.saved = request.query_params.get("saved") == "1"
        return self._form(request, view)

    def _form(self, request: Request, view: FormView, status_code: int = 200) -> Response:
        fields = fields_for(view.type_key, self.settings)
        return self.studio.page(
            request,
            "form.html",
            status_code,
            view=view,
            fields=fields,
            rows=problem_rows(view.problems, fields),
            types=self.settings.types,
            roster=[m.name for m in self.workspace.content().roster.members],
            tags=_known_tags(self.workspace),
            preview=self.studio.preview.state(),
        )

    # 保存 ---------------------------------------------------------------------------------------
    async def save(self, request: Request) -> Response:
        form = await request.form()
        if not self.studio.guard.token_ok(form.get("csrf")):
            return self._message(
                request, 403, "没有保存", "页面已过期（安全校验未通过）。请刷新页面后再保存。"
            )
        attempt = self._attempt(form)
        if isinstance(attempt, FormView):
            return self._form(request, attempt, 422)
        view, source, text, placed = attempt
        photos = frozenset(placed.values())
        saved = self.workspace.save(source, text, view.base, photos, self._placer(view, source, placed))
        if saved.conflict:
            view.conflict = True
            return self._form(request, view, 409)
        if not saved.written:
            view.problems = list(saved.problems)
            return self._form(request, view, 422)
        self.studio.preview.request_rebuild()
        created = "&created=1" if view.source is None else ""
        return RedirectResponse(f"/edit/{source}?saved=1{created}", status_code=303)

    async def check(self, request: Request) -> Response:
        """Live checks while typing: the same problems 保存 would show, nothing written."""
        form = await request.form()
        if not self.studio.guard.token_ok(request.headers.get("x-csrf-token")):
            return JSONResponse({"error": "安全校验未通过，请刷新页面。"}, status_code=403)
        attempt = self._attempt(form)
        if isinstance(attempt, FormView):
            view, problems = attempt, attempt.problems
        else:
            view, source, text, placed = attempt
            problems = self.workspace.check(source, text, frozenset(placed.values()))
        fields = fields_for(view.type_key, self.settings)
        return JSONResponse({"problems": [row.as_json() for row in problem_rows(problems, fields)]})

    def _attempt(self, form):
        """The view of the submitted form and the text it would write (or an error page)."""
        source = (form.get("source") or "").strip() or None
        type_key = form.get("type") or ""
        type_key = type_key if type_key in self.settings.types else next(iter(self.settings.types))
        fields = fields_for(type_key, self.settings)
        submitted = form_post.read_form(form, fields)
        body = (form.get("body") or "").replace("\r\n", "\n")
        form_id = form.get("form_id") or new_form_id()
        base = form.get("base") or None
        if source is None:
            original, before, old_body = None, {}, None
        else:
            try:
                record_path(self.workspace.docs_dir, self.settings.activities_dir, source)
            except PathRefused as refused:
                view = FormView(None, type_key, submitted, body, base, form_id)
                view.problems = [_refused_text(str(refused), "从记录列表重新打开这条记录。")]
                return view
            try:
                original, _ = self.workspace.read(source)
            except (OSError, UnicodeDecodeError):
                original = None
            read = form_values(original) if original is not None else None
            before = dict(read.values) if read and not read.problem else {}
            old_body = read.body if read and not read.problem else None
        view = FormView(source, type_key, {**before, **submitted}, body, base, form_id)
        if source is None:
            source = self._new_source(submitted)
            if source is None:
                view.problems = [_missing_title()]
                return view
        try:
            placed = self._placement(source, form_post.staged_names(submitted), form_id)
        except PathRefused as refused:
            view.problems = [
                _refused_text(str(refused), "照片所在的文件夹不能指向内容文件夹以外，请让懂技术的同事检查。")
            ]
            return view
        values = form_post.point_staged(submitted, {n: rel for n, rel in placed.items()})
        changed = form_post.changes(before, values)
        body_changed = old_body is None or body != (old_body or "").replace("\r\n", "\n")
        try:
            text = edited_text(original, changed, body if body_changed else None)
        except ValueError as refused:  # EditRefused: an edit that would not read back as meant
            view.problems = [_edit_refused(refused)]
            return view
        return view, source, text, {n: _docs_relative(source, rel) for n, rel in placed.items()}

    def _new_source(self, values) -> str | None:
        """activities/YYYY/YYYY-MM-DD-<slug>.md, as `branchpress new` names it. A date that
        does not exist (2026-02-30) still names a file, so the check can say what is wrong."""
        title, date = values.get("title"), values.get("date")
        if not isinstance(title, str) or not isinstance(date, str) or not DAY.match(date):
            return None
        slug = values.get("slug") if isinstance(values.get("slug"), str) else None
        stem = record_stem(dt.date(2000, 1, 1), title, slug)[len("2000-01-01") :]
        folder = f"{self.settings.activities_dir.strip('/')}/{date[:4]}"
        candidate = self.workspace.docs_dir / folder / f"{date[:10]}{stem}.md"
        return f"{folder}/{unique(candidate).name}"

    def _placement(self, source: str, names: list[str], form_id: str) -> dict[str, str]:
        """Each staged photo's path relative to the record, in the folder beside it."""
        record = PurePosixPath(source)
        folder = self.workspace.docs_dir / record.parent / record.stem
        placed = {}
        for name in names:
            if self.studio.uploads.staged(form_id, name) is None:
                continue
            target = unique(folder / name)
            placed[name] = f"{record.stem}/{target.name}"
            docs_path(self.workspace.docs_dir, _docs_relative(source, placed[name]))  # no symlink out
        return placed

    def _placer(self, view: FormView, source: str, placed: dict[str, str]):
        def place() -> None:
            for name, relative in placed.items():
                staged = self.studio.uploads.staged(view.form_id, name)
                if staged is not None:
                    target = docs_path(self.workspace.docs_dir, relative)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    staged.replace(target)

        return place

    # Photos ------------------------------------------------------------------------------------
    async def upload(self, request: Request) -> Response:
        if not self.studio.guard.token_ok(request.headers.get("x-csrf-token")):
            return JSONResponse({"error": "安全校验未通过，请刷新页面。"}, status_code=403)
        length = request.headers.get("content-length")
        limit = self.studio.uploads.max_bytes
        name = request.query_params.get("name") or "photo.jpg"
        if length and length.isdigit() and int(length) > limit:
            return JSONResponse(
                {"error": f"“{name}”超过 {limit // (1024 * 1024)} MB，太大了。"}, status_code=413
            )
        try:
            staged = await self.studio.uploads.receive(request.path_params["form_id"], name, request.stream())
        except UploadRefused as refused:
            return JSONResponse({"error": str(refused)}, status_code=422)
        return JSONResponse(
            {
                "src": form_post.STAGED + staged.name,
                "name": staged.name,
                "thumb": f"/staged/{staged.form_id}/{staged.name}",
                "size": [staged.width, staged.height],
            }
        )

    async def thumb(self, request: Request) -> Response:
        try:
            path = docs_path(self.workspace.docs_dir, request.path_params["path"])
        except PathRefused:
            return Response(status_code=404)
        return _thumbnail_response(path)

    async def staged(self, request: Request) -> Response:
        try:
            path = self.studio.uploads.staged(request.path_params["form_id"], request.path_params["name"])
        except UploadRefused:
            path = None
        return _thumbnail_response(path)

    def _message(self, request: Request, status: int, title: str, text: str) -> Response:
        return self.studio.page(request, "message.html", status, title=title, text=text)


def _thumbnail_response(path: Path | None) -> Response:
    if path is None or not path.is_file():
        return Response(status_code=404)
    try:
        data = thumbnail(path)
    except Exception:  # noqa: BLE001 - a file that is not a picture simply has no thumbnail
        return Response(status_code=404)
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


def _type_key(values, settings) -> str:
    from branchpress.core.records.record_fields import resolve_type

    given = values.get("type")
    return (isinstance(given, str) and resolve_type(given, settings.types)) or next(iter(settings.types))


def _known_tags(workspace) -> list[str]:
    found: dict[str, int] = {}
    for record in workspace.content().result.all_records:
        for tag in record.tags:
            found[tag] = found.get(tag, 0) + 1
    return sorted(found, key=lambda t: (-found[t], t))[:60]


def _docs_relative(source: str, relative: str) -> str:
    return str(PurePosixPath(source).parent / relative)


def _missing_title():
    from branchpress.core.problems import Problem

    return Problem(
        "", None, "title", "还没有写标题或日期，无法新建记录。", "写上标题，日期写成 2026-05-12 的形式。"
    )


def _edit_refused(refused: ValueError):
    from branchpress.core.problems import Problem

    message = getattr(refused, "message", str(refused))
    fix = getattr(refused, "fix", "") or "请懂技术的同事用编辑器打开这个文件修改。"
    return Problem("", None, getattr(refused, "field", None), message, fix)


def _refused_text(message: str, fix: str):
    from branchpress.core.problems import Problem

    return Problem("", None, None, message, fix)
