"""Only what the site needs is published from content/ (core/records/screening.py): a file no
published page links stays out, a photo on a page that is not a record is published without its
metadata, HTML and scripted SVG files are refused, and so is a symbolic link leading outside.
"""

from __future__ import annotations

import io

import pytest
from helpers.imaging import GPS_IFD, phone_jpeg
from helpers.sites import SiteBuilder, assert_clean_failure
from PIL import Image

DRAFT = "title: 支部会议\ndate: 2025-03-05\ntype: meeting\ndraft: true"
PUBLISHED = "title: 社区志愿服务\ndate: 2025-03-06\ntype: volunteer"
SHEET = "姓名,手机\n张三,13800138000\n".encode()
SCRIPTED_SVG = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(document.cookie)</script></svg>"
CLEAN_SVG = b"<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'><rect width='4' height='4'/></svg>"


def test_a_sign_in_sheet_beside_a_draft_and_an_unused_jfif_are_not_published(site: SiteBuilder):
    site.record("2025/2025-03-05-meeting.md", DRAFT, body="签到表见 [签到表](签到表.csv)。")
    site.write_bytes("activities/2025/签到表.csv", SHEET)
    site.record("2025/2025-03-06-x.md", PUBLISHED, body="活动正文，附 [报名表](报名表.pdf)。")
    site.write_bytes("activities/2025/报名表.pdf", b"%PDF-1.4\n%%EOF\n")
    site.write_bytes("activities/2025/微信图片_20250306.jfif", phone_jpeg((80, 60)))
    site.write_bytes("culture/未用的照片.jpg", phone_jpeg((80, 60)))
    site.write("volunteers.yaml", "- name: 张三\n  public: false\n")
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    published = {path.name for path in result.site.rglob("*") if path.is_file()}
    assert "报名表.pdf" in published  # a published record links it
    for name in ("签到表.csv", "微信图片_20250306.jfif", "未用的照片.jpg", "volunteers.yaml"):
        assert name not in published, name
    assert not any("13800138000" in text for text in result.all_text_files().values())


@pytest.mark.parametrize("name", ["现场.jpg", "微信图片.jfif"])
def test_a_culture_page_photo_is_published_without_its_gps_position(site: SiteBuilder, name: str):
    site.write_bytes(f"culture/{name}", phone_jpeg((120, 90)))
    site.write("culture/history.md", f"# 支部历史\n\n![老照片]({name})\n")
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    published = result.site / "culture" / name
    with Image.open(io.BytesIO(published.read_bytes())) as image:
        assert image.size == (120, 90)
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD) and "xmp" not in image.info, dict(exif)
    assert b"http://ns.adobe.com/xap" not in published.read_bytes()


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("通知.svg", SCRIPTED_SVG, "<script> 元素"),
        ("onload.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "事件属性 onload="),
        ("通知.html", b"<html><body><script>alert(1)</script></body></html>", "网页文件（.html）"),
    ],
)
def test_html_and_scripted_svg_attachments_are_refused(site: SiteBuilder, name: str, data: bytes, said: str):
    site.write_bytes(f"culture/{name}", data)
    site.write("culture/notice.md", f"# 通知\n\n[下载通知]({name})\n")
    result = site.build()
    assert_clean_failure(result, f"culture/{name}", said, "修改方法：")
    assert not (result.site / "culture" / name).exists()


def test_a_clean_svg_a_page_shows_is_published(site: SiteBuilder):
    site.write_bytes("culture/图标.svg", CLEAN_SVG)
    site.write("culture/notice.md", "# 通知\n\n![图标](图标.svg)\n")
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    assert (result.site / "culture" / "图标.svg").read_bytes() == CLEAN_SVG


def test_a_symbolic_link_leading_outside_content_is_refused(site: SiteBuilder, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 private\n")
    (site.root / "content" / "culture").mkdir(parents=True, exist_ok=True)
    (site.root / "content" / "culture" / "资料.pdf").symlink_to(secret)
    site.write("culture/notice.md", "# 资料\n\n[资料](资料.pdf)\n")
    result = site.build()
    assert_clean_failure(result, "culture/资料.pdf", "content/ 文件夹之外", "修改方法：")
    assert not (result.site / "culture" / "资料.pdf").exists()
