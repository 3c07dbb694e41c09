"""BranchPress Studio in Chromium, as staff use it on a phone (390×844) and a desktop (1280×800).

A real `branchpress studio` runs over a fixture site; every flow is done through the page's
controls, found by the accessible names DESIGN.md fixes, and then read back from disk or from
the site that `mkdocs build` makes of it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers.imaging import heic, phone_jpeg
from helpers.serve import free_port, wait_for_page
from helpers.sites import BASE_CONFIG, SiteBuilder
from PIL import Image

from . import harness
from .harness import VIEWPORTS

EXISTING = "activities/2025/2025-06-01-existing.md"
EXISTING_TEXT = "---\ntitle: 六月支部动态\ndate: 2025-06-01\ntype: news\n---\n\n已有的记录。\n"


class Studio:
    def __init__(self, site: SiteBuilder, url: str, process: subprocess.Popen) -> None:
        self.site, self.url, self.process = site, url, process

    @property
    def docs(self) -> Path:
        return self.site.root / "content"


@pytest.fixture(scope="module", params=["mobile", "desktop"])
def studio(request, tmp_path_factory, browser) -> Iterator[Studio]:
    site = SiteBuilder(tmp_path_factory.mktemp(f"studio-{request.param}") / "site")
    www = tmp_path_factory.mktemp(f"www-{request.param}")
    records = {"branchpress/records": {"now": "2025-12-01 12:00", "deploy": {"target": www.as_uri() + "/"}}}
    plugins = [
        records if isinstance(p, dict) and "branchpress/records" in p else p for p in BASE_CONFIG["plugins"]
    ]
    site.config = {**BASE_CONFIG, "plugins": [*plugins, "branchpress/images", "branchpress/wechat"]}
    site.write(EXISTING, EXISTING_TEXT)
    site.write("volunteers.yml", "- name: 陈思雨\n- name: 李建国\n  public: false\n")
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config, allow_unicode=True), encoding="utf-8")
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "branchpress.cli", "studio", "--no-open", "--port", str(port)],
        cwd=site.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_page(url + "health", what="branchpress studio", timeout=60)
        running = Studio(site, url, process)
        running.viewport, running.www = request.param, www
        yield running
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def page(browser, studio) -> Iterator[object]:
    context = browser.new_context(**VIEWPORTS[studio.viewport], locale="zh-CN", service_workers="block")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=studio.url.rstrip("/"))
    tab = context.new_page()
    tab.requests = []
    tab.errors = []
    tab.on("request", lambda r: tab.requests.append(r.url))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.set_default_timeout(20_000)
    yield tab
    foreign = [u for u in tab.requests if not u.startswith(("data:", "blob:", studio.url))]
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert tab.errors == [], tab.errors


def shot(page, studio, name: str) -> None:
    harness.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(harness.SCREENSHOTS / f"studio-{name}-{studio.viewport}.png"), full_page=True)


def assert_fits(page, studio) -> None:
    """No sideways scrolling; every control large enough to tap on a phone."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    if studio.viewport == "mobile":
        small = page.evaluate(
            """() => [...document.querySelectorAll('button, a.button, input:not([type=hidden]):not([type=file]), select, nav a')]
                .filter(e => e.offsetParent !== null && !e.closest('.editor-toolbar, .CodeMirror'))
                .map(e => [e, e.getBoundingClientRect()])
                .filter(([e, r]) => e.type === 'checkbox' || e.type === 'radio'
                    ? (e.closest('label')?.getBoundingClientRect().height ?? 0) < 44 : r.height < 44)
                .map(([e, r]) => `${e.tagName} ${e.name || e.textContent.trim()} ${Math.round(r.height)}px`)"""
        )
        assert small == [], f"controls smaller than 44px: {small}"


def fill_body(page, text: str) -> None:
    editor = page.get_by_role("textbox", name="正文", exact=True)
    editor.focus()
    page.keyboard.type(text)


def new_record(page, studio, label: str) -> None:
    page.goto(studio.url)
    page.get_by_role("button", name="新建记录").click()
    page.get_by_role("link", name=label).click()
    page.get_by_label("标题", exact=True).wait_for()


def saved_source(page) -> str:
    page.wait_for_selector("[data-saved]")
    return page.url.split("/edit/", 1)[1].split("?")[0]


def test_a_volunteer_record_with_phone_photos_is_saved_and_built(page, studio, tmp_path):
    jpeg, photo = tmp_path / "IMG_0412.JPG", tmp_path / "IMG_0413.HEIC"
    jpeg.write_bytes(phone_jpeg(size=(1200, 900), orientation=6))
    photo.write_bytes(heic())
    page.goto(studio.url)
    assert_fits(page, studio)
    shot(page, studio, "list")
    new_record(page, studio, "志愿服务")
    page.get_by_label("标题", exact=True).fill(f"敬老院义诊（{studio.viewport}）")
    page.get_by_label("日期", exact=True).fill("2025-11-02")
    page.get_by_label("地点", exact=True).fill("春晖社区敬老院")
    page.get_by_label("志愿者姓名", exact=True).first.fill("陈思雨")
    page.get_by_label("服务时长", exact=True).fill("3")
    page.get_by_label("服务人数", exact=True).fill("40")
    fill_body(page, "为四十位老人测量血压。")
    page.get_by_label("照片", exact=True).set_input_files([str(jpeg), str(photo)])
    page.wait_for_selector(".photo-row >> nth=1")
    page.get_by_label("照片说明", exact=True).first.fill("量血压")
    page.get_by_label("草稿", exact=True).uncheck()
    assert_fits(page, studio)
    shot(page, studio, "form")
    page.get_by_role("button", name="保存", exact=True).click()
    source = saved_source(page)
    text = (studio.docs / source).read_text(encoding="utf-8")
    assert "敬老院义诊" in text and "draft" not in text
    folder = studio.docs / source[:-3]
    assert (folder / "IMG_0412.jpg").read_bytes() == jpeg.read_bytes()  # the original, as uploaded
    assert (folder / "IMG_0413.heic").is_file()

    built = studio.site.build()
    assert built.returncode == 0, built.output
    record_pages = list((built.site / "activities" / "2025" / "11").glob("*/index.html"))
    html = BeautifulSoup(record_pages[0].read_text(encoding="utf-8"), "lxml")
    assert "敬老院义诊" in html.title.get_text()
    sizes = []
    for img in html.select("article img"):
        with Image.open((record_pages[0].parent / img["src"]).resolve()) as image:
            assert not image.getexif()  # nothing of the phone's EXIF (GPS, model) is published
            sizes.append(image.size)
    # The cover is the JPEG, chosen first; EXIF orientation 6 applied: it stands upright.
    assert sizes[0][1] > sizes[0][0], sizes
    assert len(set(sizes)) >= 2  # both photos are in the gallery
    # Where the original's name is published it is a processed copy: never the phone's file.
    for copy in built.site.rglob("IMG_0412.*"):
        assert copy.read_bytes() != jpeg.read_bytes()
        with Image.open(copy) as image:
            assert not image.getexif()


def test_a_meeting_record_with_attendance(page, studio):
    new_record(page, studio, "三会一课")
    page.get_by_label("标题", exact=True).fill(f"十一月支部党员大会（{studio.viewport}）")
    page.get_by_label("日期", exact=True).fill("2025-11-20")
    page.get_by_role("group", name="会议类别").get_by_label("支部党员大会").check()
    page.get_by_label("应到人数", exact=True).fill("12")
    page.get_by_label("实到人数", exact=True).fill("10")
    page.get_by_label("缺席人员姓名", exact=True).first.fill("王五")
    page.get_by_label("缺席原因", exact=True).first.fill("因公出差")
    page.get_by_label("主持人", exact=True).fill("张书记")
    page.get_by_label("记录人", exact=True).fill("李委员")
    page.get_by_label("议题", exact=True).fill("学习全会精神\n讨论年度工作")
    page.get_by_role("button", name="保存", exact=True).click()
    source = saved_source(page)
    front = yaml.safe_load((studio.docs / source).read_text(encoding="utf-8").split("---")[1])
    assert front["expected"] == 12 and front["present"] == 10
    assert front["absent"] == [{"name": "王五", "reason": "因公出差"}]
    assert front["recorder"] == "李委员" and front["agenda"] == ["学习全会精神", "讨论年度工作"]


def test_an_error_is_shown_by_its_field_nothing_is_written_and_typing_survives_a_reload(page, studio):
    before = sorted(p.name for p in studio.docs.rglob("*.md"))
    new_record(page, studio, "支部动态")
    title = f"二月底的活动（{studio.viewport}）"
    page.get_by_label("标题", exact=True).fill(title)
    page.get_by_label("日期", exact=True).fill("2026-02-30")
    fill_body(page, "联系人身份证 110101199003074258。")
    # The page 保存 answers with, not the live check's problems still on the form (on a slow
    # machine a check may run while the body is half typed).
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_selector("#problems-date .problem")
    assert "不存在" in page.locator("#problems-date").inner_text()
    assert "身份证" in page.locator("#problems-body").inner_text()
    assert page.get_by_label("日期", exact=True).get_attribute("aria-invalid") == "true"
    assert_fits(page, studio)
    shot(page, studio, "error")
    assert sorted(p.name for p in studio.docs.rglob("*.md")) == before
    page.goto(studio.url + "new?type=news")
    page.wait_for_selector("[data-restored]:not([hidden])")
    assert page.get_by_label("标题", exact=True).input_value() == title
    assert page.get_by_label("日期", exact=True).input_value() == "2026-02-30"
    page.get_by_role("button", name="放弃这些内容").click()
    page.wait_for_load_state()
    assert page.get_by_label("标题", exact=True).input_value() == ""


def test_an_edit_that_changed_on_disk_is_refused(page, studio):
    path = studio.docs / EXISTING
    path.write_text(EXISTING_TEXT, encoding="utf-8")
    page.goto(studio.url + "edit/" + EXISTING)
    page.get_by_label("地点", exact=True).fill("支部活动室")
    path.write_text(EXISTING_TEXT.replace("已有的记录。", "同事刚改过。"), encoding="utf-8")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_selector("[data-conflict]")
    assert "同事刚改过。" in path.read_text(encoding="utf-8")
    assert "支部活动室" not in path.read_text(encoding="utf-8")


def test_an_edit_of_one_field_leaves_the_rest_of_the_file_byte_for_byte(page, studio):
    path = studio.docs / EXISTING
    original = "---\n# 手写的注释\ntitle: '六月支部动态'   # 引号和注释都要保留\ndate: 2025-06-01\ntype: news\ntags: [支部, 动态]\n---\n\n已有的记录。\n\n- 列表项\n"
    path.write_text(original, encoding="utf-8")
    page.goto(studio.url + "edit/" + EXISTING)
    page.get_by_label("地点", exact=True).fill("支部活动室")
    page.get_by_role("button", name="保存", exact=True).click()
    saved_source(page)
    lines = original.split("\n")
    lines.insert(5, "location: 支部活动室")
    assert path.read_text(encoding="utf-8") == "\n".join(lines)


def test_the_preview_is_the_sites_own_page(page, studio):
    page.goto(studio.url + "edit/" + EXISTING)
    page.get_by_label("标题", exact=True).fill(f"六月支部动态（已更正 {studio.viewport}）")
    page.get_by_role("button", name="保存", exact=True).click()
    saved_source(page)
    page.get_by_role("button", name="预览", exact=True).click()
    frame = page.frame_locator("iframe.preview")
    # The first build of the preview may still be running: the frame waits, then shows the page.
    frame.locator("h1", has_text=f"已更正 {studio.viewport}").wait_for(timeout=90_000)
    shot(page, studio, "preview")


@pytest.mark.parametrize(
    "path", ["", "new?type=volunteer", "new?type=meeting", "roster", "publish", "ledger"]
)
def test_studio_pages_pass_axe(page, studio, axe_script, path):
    page.goto(studio.url + path)
    page.evaluate(axe_script.read_text(encoding="utf-8"))  # evaluated by the tool, so the CSP allows it
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], violations
    assert_fits(page, studio)


def test_the_wechat_article_is_copied_as_html_and_as_text(page, studio):
    page.goto(studio.url + "edit/" + EXISTING)
    page.get_by_role("link", name="公众号文章").click()
    page.get_by_role("button", name="生成文章").click()
    page.get_by_role("button", name="复制文章").click()
    page.wait_for_selector(".copy-status:has-text('已复制')")
    types = page.evaluate(
        """async () => {
            const [item] = await navigator.clipboard.read();
            const html = await (await item.getType('text/html')).text();
            const text = await (await item.getType('text/plain')).text();
            return {types: item.types, html, text};
        }"""
    )
    assert {"text/html", "text/plain"} <= set(types["types"])
    assert "<" in types["html"] and "style=" in types["html"]
    assert "已有的记录。" in types["text"] and "已有的记录。" in types["html"] and "<" not in types["text"]


def test_publish_builds_the_site_and_deploys_it(page, studio):
    page.goto(studio.url + "publish")
    page.get_by_role("button", name="发布", exact=True).click()
    page.wait_for_selector(".publish-message:has-text('已发布')", timeout=120_000)
    assert (studio.www / "index.html").is_file()
    assert not list(studio.www.rglob("*.md"))  # only the built site is published
    assert_fits(page, studio)
