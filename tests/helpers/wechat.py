"""A fixture site for 公众号 articles: brand, photos, a roster with a withheld name, links of
every kind, and records that must be refused; and the article read back from its file."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from helpers.imaging import phone_jpeg
from helpers.sites import SiteBuilder

SITE_URL = "https://example.org/branch/"
WITHHELD = "王秘密"
PUBLIC = "李公开"
EXTERNAL = "https://www.gov.cn/zhengce/2025-03/01/content_1.htm"
WECHAT_LINK = "https://mp.weixin.qq.com/s/AbCdEf123"
SLUG = "shu-zi-zhu-lao"
RECORD = f"activities/2025/03/{SLUG}/"
# Chinese punctuation that must reach the editor as written, not as entities or ASCII.
PUNCTUATION = "“数字助老”——《老年人手机使用指南》、春晖社区；“小老师”！"
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<circle cx="32" cy="32" r="30" fill="#c8102e"/></svg>'
)
BODY = f"""
3月5日上午，{PUNCTUATION}

{WITHHELD}带着老人们练习视频通话，详见[国务院的政策解读]({EXTERNAL})和[支部公众号的报道]({WECHAT_LINK})。

## 今年的新课

1. 医保异地就医备案，见[政策原文]({EXTERNAL})；
2. 识别直播间的话术；
3. 开启“长辈模式”。

其他信息：

- 上一期：[去年的课堂](../2024/2024-03-05-last-year.md)
- 联系：<a href="mailto:dangjian@example.org.cn">dangjian@example.org.cn</a>

![老人们在学习用手机](photos/class.jpg)

<style>p {{ color: red }}</style><link rel="stylesheet" href="x.css">
<p>最后一段。<a href="#top">回到顶部</a></p>
"""


def wechat_site(site: SiteBuilder) -> SiteBuilder:
    """A site with brand, images, volunteers and branchpress/wechat, and its records."""
    site.config["site_url"] = SITE_URL
    site.write("assets/brand/logo.svg", LOGO)
    plugins = site.config["plugins"]
    plugins.insert(
        2,
        {
            "branchpress/brand": {
                "name": "测试行业协会党支部",
                "slogan": "党建引领 · 服务行业",
                "logo": "assets/brand/logo.svg",
            }
        },
    )
    plugins += ["branchpress/images", "branchpress/volunteers", "branchpress/wechat"]
    site.write("volunteers.yml", f"- name: {WITHHELD}\n  public: false\n- name: {PUBLIC}\n")
    site.write_bytes("activities/2025/photos/cover.jpg", phone_jpeg((1600, 1000), seed=3))
    site.write_bytes("activities/2025/photos/class.jpg", phone_jpeg((1200, 900), seed=4))
    site.write_bytes("activities/2025/photos/group.jpg", phone_jpeg((1200, 800), seed=5))
    site.record(
        "2025/2025-03-05-shu-zi-zhu-lao.md",
        f"""
        title: 学雷锋日，“数字助老”手机课堂迎来一周岁
        date: 2025-03-05 09:00
        type: volunteer
        summary: 党员志愿者走进春晖社区，{WITHHELD}等人手把手教老人用智能手机。
        location: 春晖社区党群服务中心
        cover: photos/cover.jpg
        photos:
          - {{src: photos/group.jpg, caption: 志愿者和老人们合影}}
        volunteers: [{PUBLIC}, {WITHHELD}]
        hours: 3
        beneficiaries: 86
        tags: [数字助老, 社区服务]
        """,
        BODY,
    )
    site.record("2024/2024-03-05-last-year.md", "title: 去年的手机课堂\ndate: 2024-03-05\ntype: volunteer")
    site.record(
        "2025/2025-06-01-draft.md", "title: 还没写完的记录\ndate: 2025-06-01\ntype: news\ndraft: true"
    )
    site.record("2026/2026-01-10-scheduled.md", "title: 明年的活动\ndate: 2026-01-10\ntype: news")
    site.record(
        "2025/2025-04-08-committee.md",
        "title: 四月支委会\ndate: 2025-04-08\ntype: meeting\nmeeting: committee\ninternal: true",
    )
    return site


def article_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def site_path(url: str) -> str:
    """The path inside the built site of an absolute URL on SITE_URL."""
    assert url.startswith(SITE_URL), url
    return urlsplit(url).path.removeprefix(urlsplit(SITE_URL).path)


def notes_text(soup: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", soup.get_text())
