"""Every problem of every record in one run, photos included, in the build and in `check`.

A corrupt photo used to be reported only once another record's missing photo was fixed (the
build stopped at the records before the photos were read), and `branchpress check` reported
no photo problem at all.
"""

from __future__ import annotations

import io

from helpers.cli import problem_lines, run_cli
from helpers.imaging import phone_jpeg
from helpers.sites import SiteBuilder, assert_clean_failure
from PIL import Image

RECORD = "title: 社区志愿服务活动\ndate: 2025-03-{day:02d}\ntype: theme_day\nparticipants: 12\n"


def _truncated_png() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(out, "PNG")
    data = out.getvalue()
    return data[: len(data) * 2 // 3]


def _site(site: SiteBuilder) -> dict[str, str]:
    """Four records: a good photo, a missing one, a file that is no image, a PNG cut short."""
    site.write_bytes("activities/2025/good/合影.jpg", phone_jpeg((320, 240)))
    site.record("2025/good/2025-03-01-good.md", RECORD.format(day=1) + "cover: 合影.jpg")
    site.record("2025/missing/2025-03-02-missing.md", RECORD.format(day=2) + "cover: 合影.jpg")
    site.write_bytes("activities/2025/corrupt/合影.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
    site.record("2025/corrupt/2025-03-03-corrupt.md", RECORD.format(day=3) + "photos:\n  - 合影.jpg")
    site.write_bytes("activities/2025/cut/现场.png", _truncated_png())
    site.record("2025/cut/2025-03-04-cut.md", RECORD.format(day=4) + "cover: 现场.png")
    return {
        "activities/2025/missing/2025-03-02-missing.md 第 6 行，字段 cover：": "找不到照片“合影.jpg”",
        "activities/2025/corrupt/2025-03-03-corrupt.md 第 6 行，字段 photos：": "无法识别这个图片文件",
        "activities/2025/cut/2025-03-04-cut.md 第 6 行，字段 cover：": "无法识别这个图片文件",
    }


def _assert_each_once(lines: list[str], expected: dict[str, str]) -> None:
    for where, message in expected.items():
        found = [line for line in lines if where in line]
        assert len(found) == 1, f"{where} not reported once:\n" + "\n".join(lines)
        assert message in found[0] and "修改方法：" in found[0], found[0]
    assert not [line for line in lines if "2025-03-01-good" in line], lines


def test_the_build_reports_a_missing_and_two_corrupt_photos_in_one_run(site: SiteBuilder):
    expected = _site(site)
    result = site.build()
    assert_clean_failure(result, "内容检查发现 3 个错误")
    _assert_each_once(problem_lines(result.output), expected)


def test_check_reports_photo_problems_too(site: SiteBuilder):
    expected = _site(site)
    checked = run_cli(site, "check")
    output = checked.stdout + checked.stderr
    assert checked.returncode == 1 and "Traceback" not in output, output
    assert "3 个错误" in output, output
    _assert_each_once(problem_lines(output), expected)
