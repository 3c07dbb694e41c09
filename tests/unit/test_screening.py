"""Which files of content/ are published (core/records/screening.py), without a build; real
builds are in tests/integration/test_published_files.py."""

from __future__ import annotations

import pytest
from branchpress.core.records.screening import ContentFile, Decision, screen, svg_problems


def decide(path: str, needed: set[str], data: bytes = b"", outside: bool = False):
    decisions, problems = screen([ContentFile(path, path, outside)], needed, lambda _: data)
    return decisions[path], [p.message for p in problems]


@pytest.mark.parametrize(
    ("path", "needed", "decision"),
    [
        ("activities/2025/签到表.csv", set(), Decision.DROP),
        ("activities/2025/报名表.pdf", {"activities/2025/报名表.pdf"}, Decision.PUBLISH),
        ("culture/现场.JPG", {"culture/现场.JPG"}, Decision.STRIP),
        ("culture/微信图片.jfif", {"culture/微信图片.jfif"}, Decision.STRIP),
        ("culture/a.avif", {"culture/a.avif"}, Decision.STRIP),
        ("culture/a.heic", set(), Decision.DROP),
        ("assets/site.css", set(), Decision.PUBLISH),
        ("volunteers.yaml", set(), Decision.DROP),
    ],
)
def test_a_file_is_published_only_when_needed_and_photos_lose_their_metadata(path, needed, decision):
    assert decide(path, needed) == (decision, [])


def test_html_and_links_outside_are_refused_even_unlinked_links_outside():
    assert decide("culture/a.html", {"culture/a.html"})[1][0].startswith("网页文件")
    decision, messages = decide("culture/a.pdf", set(), outside=True)
    assert decision is Decision.DROP and "content/ 文件夹之外" in messages[0]


@pytest.mark.parametrize(
    ("svg", "said"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "<script>"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><g onclick='x()'/></svg>", "onclick="),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><foreignObject/></svg>", "<foreignobject>"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:x='http://www.w3.org/1999/xlink'>"
            b"<image x:href='https://img.example.com/a.png'/></svg>",
            "https://img.example.com/a.png",
        ),
        (b"<svg><unclosed", "无法解析"),
    ],
)
def test_an_svg_that_runs_or_loads_anything_is_refused(svg, said):
    problems = svg_problems("culture/a.svg", svg)
    assert len(problems) == 1 and said in problems[0].message, problems


def test_a_plain_svg_with_its_own_fragments_passes():
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'><defs><circle id='c' r='2'/></defs><use href='#c'/></svg>"
    assert svg_problems("culture/a.svg", svg) == []
