"""适老化 on a phone (390×844): 大字版 (text size, high contrast), 朗读, keyboard, JavaScript off.

Settings are stored the way the site stores them (localStorage "bp-reading") before a page
loads, or set through the control as a reader would. Speech is mocked in the page: the tests
check what the page asks the browser to say, never sound. Screenshots of the home page and a
record in every mode are kept under test-artifacts/screenshots/reading-*.png.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest

from . import harness
from .harness import VIEWPORTS
from .test_pages import describe

MODES = {
    "standard": {},
    "large": {"size": 125},
    "largest": {"size": 150},
    "contrast": {"contrast": True},
    "largest-contrast": {"size": 150, "contrast": True},
}
PAGES = ["home", "listing", "record", "volunteers", "culture", "404"]
FAKE_SPEECH = """
window.__speech = [];
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak: function (u) { window.__speech.push(["speak", u.text, u.lang]); },
  pause: function () { window.__speech.push(["pause"]); },
  resume: function () { window.__speech.push(["resume"]); },
  cancel: function () { window.__speech.push(["cancel"]); },
  getVoices: function () { return []; }
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
"""
NO_SPEECH = """
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: undefined});
Object.defineProperty(window, "SpeechSynthesisUtterance", {configurable: true, value: undefined});
"""
# Every visible element whose right edge passes the viewport, unless a scrolling box holds it
# (Material keeps the header's second title, shown on scroll, transparent beside the first).
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
    const s = getComputedStyle(p); if (/(auto|scroll)/.test(s.overflowX)) return true; } return false; };
  const unseen = el => { for (let p = el; p; p = p.parentElement) {
    const s = getComputedStyle(p); if (s.opacity === "0" || s.visibility === "hidden") return true; } return false; };
  return [...document.body.querySelectorAll("*")].filter(el => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || unseen(el)) return false;
    return r.right > width + 1 && !scrolls(el) && !el.closest(".md-sidebar, .md-search, [hidden]");
  }).map(el => el.tagName.toLowerCase() + "." + el.className + " right " + Math.round(el.getBoundingClientRect().right));
}"""
# The header's controls and title never overlap.
HEADER_OVERLAPS = """() => {
  const parts = [...document.querySelectorAll(".md-header__inner > *")].filter(el => {
    const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).position !== "fixed"; });
  const overlaps = [];
  for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
    const a = parts[i].getBoundingClientRect(), b = parts[j].getBoundingClientRect();
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
      overlaps.push(parts[i].className + " / " + parts[j].className);
  }
  return overlaps;
}"""
TIGHT_LINES = """() => [...document.querySelectorAll("main p, main li, main dd")].filter(el => {
  const s = getComputedStyle(el); const r = el.getBoundingClientRect();
  return r.height > 0 && el.textContent.trim() && parseFloat(s.lineHeight) / parseFloat(s.fontSize) < 1.5;
}).map(el => el.className + ": " + el.textContent.trim().slice(0, 20))"""


@pytest.fixture
def visit(browser, server) -> Iterator:
    """visit(path, settings=None, init="", js=True, status=200) -> a settled page in a fresh phone context."""
    contexts = []

    def open_(path: str, settings: dict | None = None, init: str = "", js: bool = True, status: int = 200):
        context = browser.new_context(
            **VIEWPORTS["mobile"], locale="zh-CN", service_workers="block", java_script_enabled=js
        )
        contexts.append(context)
        if settings is not None:
            context.add_init_script(f"localStorage.setItem('bp-reading', {json.dumps(json.dumps(settings))})")
        if init:
            context.add_init_script(init)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors
        response = page.goto(urljoin(server.url, path), wait_until="load")
        assert response is not None and response.status == status
        if js:
            harness.settle(page)
        else:
            page.wait_for_load_state("networkidle")
        return page

    yield open_
    for context in contexts:
        context.close()


def status_of(name: str) -> int:
    return 404 if name == "404" else 200


def root_size(page) -> float:
    return page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")


def test_large_text_and_high_contrast_are_set_in_the_header_and_survive_a_reload(visit, site_pages):
    page = visit(site_pages["record"])
    standard = root_size(page)
    toggle = page.get_by_role("button", name="大字版")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.get_by_role("radio", name="特大").check()
    page.get_by_role("checkbox", name="高对比度").check()
    assert root_size(page) == pytest.approx(standard * 1.5)
    ink = page.evaluate("() => getComputedStyle(document.querySelector('.bp-record__body p')).color")
    assert ink in ("rgb(0, 0, 0)", "rgb(26, 26, 26)"), ink
    page.get_by_role("button", name="完成").click()
    assert toggle.get_attribute("aria-expanded") == "false"

    page.reload(wait_until="domcontentloaded")
    # Set by the script at the top of <head>: in place before the body is parsed, so no flash.
    assert page.evaluate("() => document.documentElement.dataset.bpSize") == "150"
    assert page.evaluate("() => document.documentElement.dataset.bpContrast") == "high"
    harness.settle(page)
    assert root_size(page) == pytest.approx(standard * 1.5)
    page.get_by_role("button", name="大字版").click()
    assert page.get_by_role("radio", name="特大").is_checked()
    page.get_by_role("radio", name="标准").check()
    page.get_by_role("checkbox", name="高对比度").uncheck()
    assert root_size(page) == pytest.approx(standard)
    assert page.evaluate("() => JSON.parse(localStorage.getItem('bp-reading'))") == {
        "size": 100,
        "contrast": False,
    }
    assert page.errors == []


def test_the_control_works_from_the_keyboard(visit, site_pages):
    page = visit(site_pages["home"])
    toggle = page.locator(".bp-reading__toggle")
    for _ in range(12):  # the skip link, the logo, then the header's controls
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('bp-reading__toggle')"):
            break
    else:
        pytest.fail("Tab never reaches the 大字版 button")
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("() => document.activeElement.value") == "100"  # focus moved into the panel
    page.keyboard.press("ArrowRight")  # radio buttons: arrows pick the next size
    assert page.evaluate("() => document.documentElement.dataset.bpSize") == "125"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.documentElement.dataset.bpContrast") == "high"
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.classList.contains('bp-reading__toggle')")


@pytest.mark.parametrize("name", PAGES)
def test_nothing_is_cut_or_overlaps_at_the_largest_text(visit, site_pages, name: str):
    page = visit(site_pages[name], MODES["largest"], status=status_of(name))
    assert page.evaluate("() => document.documentElement.dataset.bpSize") == "150"
    assert page.evaluate(CUT_OFF) == []
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.evaluate(HEADER_OVERLAPS) == []
    title = page.locator(".md-header__topic .md-ellipsis").first
    assert title.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "the site name is cut in the header"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_nothing_serious_in_every_mode(visit, site_pages, axe_script, name: str, mode: str):
    page = visit(site_pages[name], MODES[mode], status=status_of(name))
    page.add_script_tag(path=str(axe_script))
    options = {"resultTypes": ["violations"]}
    if MODES[mode].get("contrast"):
        # The high-contrast scheme promises 7:1 (WCAG AAA), which axe checks when asked to.
        options["rules"] = {"color-contrast-enhanced": {"enabled": True}}
    result = page.evaluate("options => axe.run(document, options)", options)
    blocking = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    if MODES[mode].get("contrast"):
        blocking += [
            v for v in result["violations"] if v["id"] == "color-contrast-enhanced" and v not in blocking
        ]
    assert not blocking, f"axe violations in mode {mode}:\n{describe(blocking)}"
    assert page.evaluate(TIGHT_LINES) == [], "text with a line height under 1.5"


@pytest.mark.parametrize("mode", MODES)
def test_screenshots_of_home_and_a_record_in_every_mode(visit, site_pages, mode: str):
    for name in ("home", "record"):
        page = visit(site_pages[name], MODES[mode])
        path = harness.SCREENSHOTS / f"reading-{name}-{mode}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), scale="css", animations="disabled")
        assert path.stat().st_size > 10_000


def test_read_aloud_reads_title_and_text_in_mandarin_with_pause_and_stop(visit, site_pages):
    page = visit(site_pages["record"], init=FAKE_SPEECH)
    play = page.get_by_role("button", name="朗读全文")
    assert play.is_visible()
    title = page.locator("article h1").inner_text()
    play.click()
    said = page.evaluate("() => window.__speech")
    spoken = [call for call in said if call[0] == "speak"]
    assert spoken and spoken[0][1].startswith(title) and all(call[2] == "zh-CN" for call in spoken)
    body = page.locator(".bp-record__body p").first.inner_text()[:20]
    assert any(body in call[1] for call in spoken), "the text is not read"
    assert all(len(call[1]) <= 120 for call in spoken), "pieces too long for some speech engines"
    assert page.locator(".bp-speech__status").inner_text() == "正在朗读。"

    page.get_by_role("button", name="暂停").click()
    page.get_by_role("button", name="继续").click()
    page.get_by_role("button", name="停止").click()
    calls = [call[0] for call in page.evaluate("() => window.__speech")]
    assert calls[-3:] == ["pause", "resume", "cancel"]
    assert play.is_enabled() and page.locator(".bp-speech__status").inner_text() == "已停止朗读。"
    assert page.errors == []


def test_read_aloud_is_hidden_where_the_browser_cannot_speak_and_off_records(visit, site_pages):
    page = visit(site_pages["record"], init=NO_SPEECH)
    assert page.locator(".bp-speech").count() == 1 and not page.locator(".bp-speech").is_visible()
    assert page.get_by_role("button", name="大字版").is_visible()
    assert visit(site_pages["home"], init=FAKE_SPEECH).locator(".bp-speech").count() == 0


@pytest.mark.parametrize("name", ["home", "record", "listing"])
def test_without_javascript_the_page_reads_fully_and_shows_no_dead_controls(visit, site_pages, name: str):
    page = visit(site_pages[name], js=False)
    assert page.locator("h1").first.is_visible()
    text = page.locator("main").inner_text()
    assert len(text) > 100
    assert not page.locator(".bp-reading").is_visible()
    assert not page.locator(".bp-speech").first.is_visible() if page.locator(".bp-speech").count() else True
    assert page.evaluate(CUT_OFF) == []
