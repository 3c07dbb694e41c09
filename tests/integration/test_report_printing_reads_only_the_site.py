"""The report PDF is printed from the site's own files: the printer opens no other file of the
build machine and no URL of any host, whatever staff's report text names."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from helpers.sites import SiteBuilder
from pypdf import PdfReader

SECRET = "机密-不应出现在公开文件里-7f3a"


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.end_headers()
        self.wfile.write(f'<svg xmlns="http://www.w3.org/2000/svg"><text>{SECRET}</text></svg>'.encode())

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def server():
    Recorder.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()


def images_of(pdf: Path) -> int:
    count = 0
    for page in PdfReader(pdf).pages:
        objects = page["/Resources"].get("/XObject", {})
        count += sum(1 for x in objects.values() if x.get_object().get("/Subtype") == "/Image")
    return count


def _staff_text(private: Path, server: int) -> str:
    return (
        f'<img src="{private.as_uri()}" alt="">\n\n'
        f'<img src="&#104;ttp://127.0.0.1:{server}/tracker.svg" alt="">\n\n'
        f'<p style="background: url(&#104;ttp://127.0.0.1:{server}/bg.svg)">全年工作。</p>\n'
    )


@pytest.fixture
def private(tmp_path) -> Path:
    path = tmp_path / "private.svg"
    path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg"><text>{SECRET}</text></svg>', encoding="utf-8")
    return path


@pytest.mark.usefixtures("pango")
def test_staff_text_that_loads_from_elsewhere_is_refused_before_printing(
    site: SiteBuilder, server: int, private: Path
) -> None:
    site.config["plugins"] += ["branchpress/reports"]
    site.record("2025/2025-03-01-a.md", "title: 三月主题党日\ndate: 2025-03-01\ntype: theme_day")
    site.write(
        "reports/2025.md",
        "---\ntitle: 2025年度党建工作报告\n---\n\n## 工作总结\n\n" + _staff_text(private, server),
    )
    result = site.build()
    assert result.returncode != 0, result.output
    assert "reports/2025.md" in result.output and "127.0.0.1" in result.output
    assert not (result.site / "reports/2025/annual-report-2025.pdf").exists()
    assert Recorder.requests == []


@pytest.mark.usefixtures("pango")
def test_the_printer_itself_opens_no_other_file_and_no_url(server: int, private: Path, tmp_path) -> None:
    """Defence in depth: were such text to reach the printer, it would read neither."""
    from branchpress.core.printing.pdf import render_pdf

    site_dir = tmp_path / "site"
    site_dir.mkdir()
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(f"<html><body>{_staff_text(private, server)}</body></html>", site_dir))
    assert Recorder.requests == []
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "全年工作" in text and SECRET not in text
    assert images_of(pdf) == 0
