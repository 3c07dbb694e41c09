"""名册: the volunteer roster (names, aliases, teams, consent), edited as a table.

The roster decides whose names the site withholds, so a roster that does not read
back exactly (core/people/roster.py `parse_roster`) is never written. The file is
edited round-trip (ruamel.yaml): comments and the members the form did not change
keep their lines.
"""

from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from branchpress.core.people.roster import parse_roster

from .paths import docs_path
from .workspace import _write, text_digest


def routes(studio) -> list[Route]:
    page = RosterPage(studio)
    return [Route("/roster", page.show, methods=["GET"]), Route("/roster", page.save, methods=["POST"])]


def _split(text: str) -> list[str]:
    for mark in "，、;；":
        text = text.replace(mark, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def edited_roster(original: str, rows: list[tuple[str, str, str, bool]]) -> str:
    """The roster with the form's rows: members matched by position, new ones appended."""
    yaml = YAML()  # round-trip
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 10_000
    data = yaml.load(original) if original.strip() else None
    if not isinstance(data, CommentedSeq):
        data = CommentedSeq()
    for index, (name, aliases, team, public) in enumerate(rows):
        member = (
            data[index] if index < len(data) and isinstance(data[index], CommentedMap) else CommentedMap()
        )
        _set(member, "name", name)
        _set(member, "aliases", _split(aliases) or None)
        _set(member, "team", team or None)
        _set(member, "public", None if public else False)
        if index >= len(data):
            data.append(member)
        elif data[index] is not member:
            data[index] = member
    del data[len(rows) :]
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _set(member: CommentedMap, key: str, value) -> None:
    if value is None:
        member.pop(key, None)
    elif member.get(key) != value:
        if isinstance(value, list):
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        member[key] = value


class RosterPage:
    def __init__(self, studio) -> None:
        self.studio = studio
        self.workspace = studio.workspace

    def _file(self):
        project = self.workspace.project
        return project.roster_source, docs_path(project.docs_dir, project.roster_source)

    async def show(self, request: Request, problems=(), rows=None, status_code: int = 200) -> Response:
        source, path = self._file()
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        roster, found = parse_roster(text, source)
        if rows is None:
            rows = [(m.name, "、".join(m.aliases), m.team, m.public) for m in roster.members]
        return self.studio.page(
            request,
            "roster.html",
            status_code,
            source=source,
            rows=rows,
            problems=list(problems) or found,
            base=text_digest(text),
            saved=request.query_params.get("saved") == "1",
        )

    async def save(self, request: Request) -> Response:
        form = await request.form()
        if not self.studio.guard.token_ok(form.get("csrf")):
            return self.studio.page(
                request, "message.html", 403, title="没有保存", text="页面已过期，请刷新后重试。"
            )
        names, aliases, teams = (form.getlist(k) for k in ("name", "aliases", "team"))
        private = set(form.getlist("private"))
        rows = [
            (
                name.strip(),
                (aliases[i] if i < len(aliases) else "").strip(),
                (teams[i] if i < len(teams) else "").strip(),
                str(i) not in private,
            )
            for i, name in enumerate(names)
        ]
        rows = [row for row in rows if row[0]]
        source, path = self._file()
        original = path.read_text(encoding="utf-8") if path.is_file() else ""
        if text_digest(original) != form.get("base"):
            conflict = [_conflict(source)]
            return await self.show(request, conflict, rows, 409)
        text = edited_roster(original, rows)
        _, problems = parse_roster(text, source)
        if any(p.is_error for p in problems):
            return await self.show(request, problems, rows, 422)
        _write(path, text.encode("utf-8"))
        self.studio.preview.request_rebuild()
        return RedirectResponse("/roster?saved=1", status_code=303)


def _conflict(source: str):
    from branchpress.core.problems import Problem

    return Problem(
        source, None, None, "名册在您打开页面后被改动过，没有保存。", "重新打开名册页面，再修改一次。"
    )
