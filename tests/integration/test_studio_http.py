"""The studio over plain HTTP: its security rules, and saving records the build's way.

Each rule of DESIGN.md's "BranchPress Studio" (Host, access code, CSRF, paths, uploads) is
tried as an attacker would; saves are read back from disk and checked with the build's own
validation.
"""

from __future__ import annotations

import os
import re

import pytest
from bs4 import BeautifulSoup
from helpers.imaging import heic, phone_jpeg
from helpers.sites import SiteBuilder
from helpers.studio import PORT, client, form_of, open_studio

RECORD = "activities/2025/2025-05-12-kanwang.md"
RECORD_TEXT = """---
title: "春晖社区敬老志愿服务"   # 标题
date: 2025-05-12
type: volunteer
location: 春晖社区党群服务中心
volunteers:
  - 陈思雨
  - {name: 李建国, hours: 4}
hours: 3
tags: [敬老, 社区服务]
extra_note: 手写的键，表单不显示
---

正文第一段。

## 服务过程

过程。
"""


@pytest.fixture
def studio_site(site: SiteBuilder) -> SiteBuilder:
    site.write(RECORD, RECORD_TEXT)
    return site


@pytest.fixture
def studio(studio_site):
    return open_studio(studio_site)


@pytest.fixture
def http(studio):
    with client(studio) as running:
        yield running


def token(studio) -> str:
    return studio.guard.csrf


# Host and cross-site requests ------------------------------------------------------------------
@pytest.mark.parametrize(
    "host", ["evil.example:8123", f"rebind.attacker.test:{PORT}", "127.0.0.1:9999", "", "127.0.0.1"]
)
def test_a_request_for_another_host_name_is_refused(http, host):
    response = http.get("/", headers={"Host": host})
    assert response.status_code == 421
    assert "记录" not in response.text


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"[::1]:{PORT}"])
def test_the_studios_own_addresses_are_served(http, host):
    response = http.get("/", headers={"Host": host})
    assert response.status_code == 200
    assert "春晖社区敬老志愿服务" in response.text


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}],
)
def test_a_change_from_another_site_is_refused_even_with_the_token(http, studio, studio_site, headers):
    before = (studio_site.root / "content" / RECORD).read_bytes()
    form = form_of(http.get(f"/edit/{RECORD}").text)
    form["title"] = ["改掉的标题"]
    response = http.post("/save", data=form, headers=headers)
    assert response.status_code == 403
    assert (studio_site.root / "content" / RECORD).read_bytes() == before


def test_every_change_needs_the_csrf_token(http, studio, studio_site):
    before = (studio_site.root / "content" / RECORD).read_bytes()
    form = form_of(http.get(f"/edit/{RECORD}").text)
    form["title"] = ["改掉的标题"]
    for given in ([], ["wrong"]):
        response = http.post("/save", data={**form, "csrf": given})
        assert response.status_code == 403
    assert (studio_site.root / "content" / RECORD).read_bytes() == before
    assert http.post("/api/check", data=form).status_code == 403
    assert http.put(f"/api/uploads/{'a' * 24}?name=x.jpg", content=phone_jpeg()).status_code == 403
    assert http.post("/api/publish").status_code == 403
    assert http.post("/roster", data={"name": ["某人"]}).status_code == 403
    assert http.post("/ledger", data={"year": "2025"}).status_code == 403


def test_every_reply_forbids_loading_from_other_hosts_and_framing(http):
    policy = http.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert "http" not in policy


# The access code ---------------------------------------------------------------------------------
def test_another_machine_needs_the_access_code(studio_site):
    studio = open_studio(studio_site, host="0.0.0.0")
    assert studio.guard.open_to_others and re.fullmatch(r"\d{6}", studio.guard.code)
    with client(studio, address="192.168.1.23") as phone:
        refused = phone.get("/")
        assert refused.status_code == 401 and "访问码" in refused.text
        assert "春晖" not in refused.text
        assert phone.get("/?code=000000" if studio.guard.code != "000000" else "/?code=1").status_code == 401
        assert phone.get(f"/edit/{RECORD}").status_code == 401
        let_in = phone.get(f"/?code={studio.guard.code}")
        assert let_in.status_code == 303
        cookie = let_in.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        assert studio.guard.code not in cookie
        assert phone.get("/").status_code == 200
    with client(studio, address="127.0.0.1") as local:
        assert local.get("/").status_code == 200  # this computer itself needs no code


def test_on_127_0_0_1_no_code_is_asked(studio):
    assert not studio.guard.open_to_others


# Paths -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/edit/../mkdocs.yml",
        "/edit/%2e%2e/mkdocs.yml",
        "/edit/activities/%2e%2e/%2e%2e/mkdocs.yml",
        "/edit/activities/..%2f..%2fmkdocs.yml",
        "/edit//etc/passwd",
        "/edit/activities/2025/..\\..\\..\\mkdocs.yml",
        "/edit/C:/Windows/win.ini",
        "/thumb/../mkdocs.yml",
        "/thumb/%2e%2e/%2e%2e/etc/passwd",
        "/ledger/..%2fmkdocs.yml",
        "/wechat-article/..%2f..%2fmkdocs.yml",
        f"/staged/{'a' * 24}/..%2f..%2f..%2fmkdocs.yml",
        "/edit/activities/2025/link-out.md",
        "/thumb/activities/2025/photo-out.jpg",
    ],
)
def test_no_path_outside_the_content_folder_is_read(http, studio_site, tmp_path, path):
    outside = tmp_path / "secret.md"
    outside.write_text(
        "---\ntitle: 机密\ndate: 2025-01-01\ntype: news\n---\n机密内容 SECRET\n", encoding="utf-8"
    )
    (tmp_path / "secret.jpg").write_bytes(phone_jpeg())
    folder = studio_site.root / "content" / "activities" / "2025"
    os.symlink(outside, folder / "link-out.md")
    os.symlink(tmp_path / "secret.jpg", folder / "photo-out.jpg")
    response = http.get(path)
    assert response.status_code in (400, 404), (path, response.status_code)
    assert "SECRET" not in response.text and "site_name" not in response.text and "机密" not in response.text
    assert response.headers.get("content-type", "").split(";")[0] != "image/jpeg"


def test_a_save_cannot_name_a_file_outside_the_activities_folder(http, studio, studio_site):
    form = form_of(http.get(f"/edit/{RECORD}").text)
    for source in ("../mkdocs.yml", "culture/index.md", "activities/../../mkdocs.yml"):
        response = http.post("/save", data={**form, "source": [source], "csrf": [token(studio)]})
        assert response.status_code in (400, 409, 422)
    assert "site_name" in (studio_site.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert not (studio_site.root / "content" / "culture").exists()


# Uploads -----------------------------------------------------------------------------------------
def upload(http, studio, name: str, data: bytes, form_id: str = "f" * 24):
    return http.put(
        f"/api/uploads/{form_id}?name={name}", content=data, headers={"X-CSRF-Token": token(studio)}
    )


def test_a_phone_jpeg_and_an_iphone_heic_are_kept_as_uploaded(http, studio):
    jpeg, photo = phone_jpeg(orientation=6), heic()
    for name, data in (("IMG_0001.JPG", jpeg), ("IMG_0002.HEIC", photo)):
        response = upload(http, studio, name, data)
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer["src"] == f"staged:{name.rsplit('.', 1)[0]}.{name.rsplit('.', 1)[1].lower()}"
        staged = studio.uploads.staged("f" * 24, answer["name"])
        assert staged is not None and staged.read_bytes() == data
        thumb = http.get(answer["thumb"])
        assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.jpg", "这不是照片".encode() * 100),
        ("script.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("truncated.jpg", phone_jpeg()[:2000]),
        ("empty.jpg", b""),
    ],
)
def test_a_file_that_is_not_a_picture_is_refused(http, studio, name, data, monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as WeasyPrint leaves it
    response = upload(http, studio, name, data)
    assert response.status_code == 422
    assert response.json()["error"]
    folder = studio.uploads.folder("f" * 24)
    assert not folder.exists() or not any(p for p in folder.iterdir())


def test_an_upload_over_the_size_limit_is_cut_off_and_not_kept(http, studio):
    studio.uploads.max_bytes = 64 * 1024
    big = phone_jpeg(size=(2400, 1800))
    assert len(big) > studio.uploads.max_bytes

    def chunks():  # no Content-Length: the limit holds while streaming
        for start in range(0, len(big), 16 * 1024):
            yield big[start : start + 16 * 1024]

    response = upload(http, studio, "big.jpg", chunks())
    assert response.status_code in (413, 422)
    assert "MB" in response.json()["error"]
    folder = studio.uploads.folder("f" * 24)
    assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize("form_id", ["..", "short", "a/b" * 10, "%2e%2e" * 5])
def test_an_upload_cannot_choose_its_folder(http, studio, form_id):
    response = upload(http, studio, "a.jpg", phone_jpeg(), form_id=form_id)
    assert response.status_code in (404, 422)


# Saving ------------------------------------------------------------------------------------------
def new_form(http, kind: str = "volunteer") -> dict[str, list[str]]:
    return form_of(http.get(f"/new?type={kind}").text)


def test_a_new_record_with_photos_is_written_where_branchpress_new_puts_it(http, studio, studio_site):
    form = new_form(http)
    form_id = form["form_id"][0]
    for name in ("IMG_1.JPG", "IMG_2.HEIC"):
        data = phone_jpeg(orientation=6) if name.endswith("JPG") else heic()
        assert upload(http, studio, name, data, form_id).status_code == 200
    form.update(
        {
            "title": ["社区义诊：为老人量血压"],
            "date": ["2025-11-02"],
            "date-time": ["09:30"],
            "location": ["东湖社区"],
            "volunteers-name": ["陈思雨", "王小明"],
            "volunteers-hours": ["", "2.5"],
            "hours": ["3"],
            "beneficiaries": ["86"],
            "tags": ["义诊\n社区服务"],
            "body": ["为社区老人测量血压。\r\n\r\n## 服务过程\r\n\r\n过程。"],
            "photos-src": ["staged:IMG_1.jpg", "staged:IMG_2.heic"],
            "photos-caption": ["量血压", ""],
            "photos-alt": ["志愿者为老人量血压", ""],
            "photos-role": ["gallery", "gallery"],
            "cover": ["staged:IMG_1.jpg"],
        }
    )
    form.pop("draft", None)
    response = http.post("/save", data=form)
    assert response.status_code == 303, response.text
    source = response.headers["location"].split("/edit/", 1)[1].split("?")[0]
    assert re.fullmatch(r"activities/2025/2025-11-02-[a-z0-9-]+\.md", source)
    record = studio.workspace.record(source)
    assert record is not None and record.title == "社区义诊：为老人量血压"
    assert record.has_time and record.date.strftime("%H:%M") == "09:30"
    assert [v.name for v in record.volunteers] == ["陈思雨", "王小明"]
    assert record.volunteers[1].hours == 2.5 and record.hours == 3 and record.beneficiaries == 86
    assert record.tags == ("义诊", "社区服务")
    stem = source.rsplit("/", 1)[1][:-3]
    assert record.cover.path == f"activities/2025/{stem}/IMG_1.jpg"
    assert [p.path for p in record.photos] == [
        f"activities/2025/{stem}/IMG_1.jpg",
        f"activities/2025/{stem}/IMG_2.heic",
    ]
    assert record.photos[0].caption == "量血压" and record.photos[0].alt == "志愿者为老人量血压"
    assert "\r" not in (studio_site.root / "content" / source).read_text(encoding="utf-8")
    # The uploads were moved beside the record, byte for byte.
    assert (studio_site.root / "content" / "activities" / "2025" / stem / "IMG_2.heic").read_bytes() == heic()


def test_an_error_is_shown_next_to_its_field_and_nothing_is_written(http, studio_site):
    form = new_form(http)
    form.update(
        {
            "title": ["二月的活动"],
            "date": ["2026-02-30"],
            "body": ["联系人身份证 110101199003074258，请勿外传。"],
        }
    )
    response = http.post("/save", data=form)
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "lxml")
    assert "不存在" in page.select_one("#problems-date").get_text()
    assert "身份证" in page.select_one("#problems-body").get_text()
    assert page.select_one("#f-date")["aria-invalid"] == "true"
    # What was typed is still in the form.
    assert page.select_one("#f-title")["value"] == "二月的活动"
    assert "110101199003074258" in page.select_one("#f-body").get_text()
    written = list((studio_site.root / "content" / "activities").rglob("*.md"))
    assert [p.name for p in written] == [RECORD.rsplit("/", 1)[1]]


def test_live_check_reports_the_same_problems_without_writing(http, studio, studio_site):
    form = new_form(http)
    form.update({"title": ["检查"], "date": ["2025-13-01"], "beneficiaries": ["很多"]})
    response = http.post("/api/check", data=form, headers={"X-CSRF-Token": token(studio)})
    fields = {p["field"] for p in response.json()["problems"]}
    assert {"date", "beneficiaries"} <= fields
    assert len(list((studio_site.root / "content" / "activities").rglob("*.md"))) == 1


def test_editing_one_field_leaves_every_other_byte_as_it_was(http, studio_site):
    form = form_of(http.get(f"/edit/{RECORD}").text)
    form["location"] = ["春晖社区党群服务中心二楼"]
    response = http.post("/save", data=form)
    assert response.status_code == 303, response.text
    after = (studio_site.root / "content" / RECORD).read_text(encoding="utf-8")
    assert after == RECORD_TEXT.replace("党群服务中心\n", "党群服务中心二楼\n")


def test_saving_unchanged_keeps_the_file_byte_for_byte(http, studio_site):
    path = studio_site.root / "content" / RECORD
    path.write_bytes(RECORD_TEXT.replace("\n", "\r\n").encode("utf-8"))
    before = path.read_bytes()
    form = form_of(http.get(f"/edit/{RECORD}").text)
    assert http.post("/save", data=form).status_code == 303
    assert path.read_bytes() == before


def test_a_file_changed_on_disk_since_the_form_opened_is_not_overwritten(http, studio_site):
    path = studio_site.root / "content" / RECORD
    form = form_of(http.get(f"/edit/{RECORD}").text)
    path.write_text(RECORD_TEXT.replace("正文第一段。", "同事改过的正文。"), encoding="utf-8")
    form["title"] = ["我的新标题"]
    response = http.post("/save", data=form)
    assert response.status_code == 409
    assert "被改动过" in response.text and "重新载入" in response.text
    assert "同事改过的正文。" in path.read_text(encoding="utf-8")
    assert "我的新标题" not in path.read_text(encoding="utf-8")


def test_a_meeting_record_keeps_its_sitting_keys(http, studio):
    form = new_form(http, "meeting")
    page = BeautifulSoup(http.get("/new?type=meeting").text, "lxml")
    labels = {label.get_text(strip=True) for label in page.find_all(["label", "legend"])}
    for name in (
        "会议类别",
        "党小组",
        "应到人数",
        "实到人数",
        "缺席人员",
        "主持人",
        "记录人",
        "授课人",
        "议题",
    ):
        assert name in labels, name
    form.update(
        {
            "title": ["十一月支部党员大会暨党课"],
            "date": ["2025-11-20"],
            "meeting": ["general", "lecture"],
            "expected": ["12"],
            "present": ["10"],
            "absent-name": ["王五", "赵六"],
            "absent-reason": ["因公出差", "病假"],
            "chair": ["张书记"],
            "recorder": ["李委员"],
            "lecturer": ["张书记"],
            "agenda": ["学习全会精神\n讨论年度总结"],
        }
    )
    response = http.post("/save", data=form)
    assert response.status_code == 303, response.text
    source = response.headers["location"].split("/edit/", 1)[1].split("?")[0]
    record = studio.workspace.record(source)
    sitting = record.sitting
    assert set(sitting.kinds) == {"general", "lecture"}
    assert (sitting.expected, sitting.present) == (12, 10)
    assert [(a.name, a.reason) for a in sitting.absent] == [("王五", "因公出差"), ("赵六", "病假")]
    assert (sitting.chair, sitting.recorder, sitting.lecturer) == ("张书记", "李委员", "张书记")
    assert sitting.agenda == ("学习全会精神", "讨论年度总结")


def test_no_studio_page_names_another_host(http):
    for path in (
        "/",
        "/new",
        "/new?type=meeting",
        f"/edit/{RECORD}",
        "/roster",
        "/ledger",
        "/report",
        "/publish",
    ):
        page = BeautifulSoup(http.get(path).text, "lxml")
        for element in page.find_all(True):
            for attribute in ("src", "href", "action", "srcset", "data"):
                value = element.get(attribute) or ""
                assert not re.match(r"^\s*(https?:)?//", value), (path, element)


def test_the_roster_is_saved_and_read_back(http, studio, studio_site):
    page = BeautifulSoup(http.get("/roster").text, "lxml")
    base = page.find("input", attrs={"name": "base"})["value"]
    response = http.post(
        "/roster",
        data={
            "csrf": token(studio),
            "base": base,
            "name": ["陈思雨", "李建国"],
            "aliases": ["小陈", ""],
            "team": ["敬老服务队", ""],
            "private": ["1"],
        },
    )
    assert response.status_code == 303
    from branchpress.core.people.roster import parse_roster

    roster, problems = parse_roster(
        (studio_site.root / "content" / "volunteers.yml").read_text(encoding="utf-8")
    )
    assert problems == []
    assert [(m.name, m.aliases, m.team, m.public) for m in roster.members] == [
        ("陈思雨", ("小陈",), "敬老服务队", True),
        ("李建国", (), "", False),
    ]


def test_a_warning_does_not_block_saving(http, studio_site):
    # Two records of the same month with the same slug: the second gets -2, with a warning.
    form = new_form(http, "news")
    form.update({"title": ["看望"], "date": ["2025-05-20"], "slug": ["kanwang"]})
    studio_site.write(
        "activities/2025/2025-05-01-first.md",
        "---\ntitle: 第一篇\ndate: 2025-05-01\ntype: news\nslug: kanwang\n---\n\n正文。\n",
    )
    response = http.post("/save", data=form)
    assert response.status_code == 303, response.text
    page = BeautifulSoup(http.get(response.headers["location"]).text, "lxml")
    assert page.select(".problem.warning")


def test_the_ledger_is_made_and_served_but_only_from_its_folder(http, studio, studio_site, pango):
    studio_site.record(
        "2025/2025-03-02-general.md",
        "title: 一季度党员大会\ndate: 2025-03-02\ntype: meeting\nmeeting: general\nexpected: 10\npresent: 9\n"
        "absent: [{name: 王五, reason: 出差}]",
    )
    response = http.post("/ledger", data={"csrf": token(studio), "year": "2025"})
    assert response.status_code == 200 and "已写入" in response.text
    html = http.get("/ledger/2025.html")
    assert html.status_code == 200 and "王五" in html.text
    assert http.get("/ledger/2025.pdf").content.startswith(b"%PDF")
    assert http.get("/ledger/mkdocs.yml").status_code == 404


def test_the_sites_theme_can_override_a_studio_template(studio_site, tmp_path):
    theme = tmp_path / "theme"
    (theme / "studio").mkdir(parents=True)
    (theme / "studio" / "message.html").write_text(
        '{% extends "studio/base.html" %}{% block main %}<p id="ours">本支部的提示：{{ title }}</p>{% endblock %}',
        encoding="utf-8",
    )
    studio_site.config["theme"] = {**studio_site.config["theme"], "custom_dir": str(theme)}
    with client(open_studio(studio_site)) as http:
        page = BeautifulSoup(http.get("/no-such-page").text, "lxml")
    assert page.select_one("#ours").get_text() == "本支部的提示：找不到这个页面"


def test_the_list_filters_by_title_type_and_year(http, studio_site):
    studio_site.write(
        "activities/2024/2024-03-01-study.md",
        "---\ntitle: 读书班开班\ndate: 2024-03-01\ntype: study\n---\n\n正文。\n",
    )
    titles = lambda query: [  # noqa: E731
        a.select_one(".title").get_text()
        for a in BeautifulSoup(http.get("/" + query).text, "lxml").select(".record a")
    ]
    assert titles("") == ["春晖社区敬老志愿服务", "读书班开班"]
    assert titles("?q=读书") == ["读书班开班"]
    assert titles("?type=volunteer") == ["春晖社区敬老志愿服务"]
    assert titles("?year=2024") == ["读书班开班"]
    badges = [b.get_text() for b in BeautifulSoup(http.get("/").text, "lxml").select(".badge")]
    assert badges == ["已发布", "1 个提醒", "已发布"]  # the unknown key extra_note is a warning
