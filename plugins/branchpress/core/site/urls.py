"""The site's public URLs (docs/records.md, "Public URLs"), in one module.

Subscribers, search engines and other sites hold these addresses, so they are
stable; every plugin and template asks here instead of spelling a path itself.
All are site-relative and end in "/" (a folder served as index.html) unless they
name a file.
"""

from __future__ import annotations

from datetime import datetime

HOME = ""
NEWS = "news/"
TAGS = "tags/"
ARCHIVE = "archive/"
VOLUNTEERS = "volunteers/"
CULTURE = "culture/"
TIMELINE = "culture/timeline/"
BRAND_KIT = "culture/brand/"
SUBSCRIBE = "subscribe/"
REPORTS = "reports/"
# Portal sites only (branchpress/portal): the member branches and their combined news.
BRANCHES = "branches/"
NETWORK = "network/"

# Site-wide feeds; a type's (and a tag's) feeds sit in its listing's folder under the same names.
RSS = "feed.xml"
ATOM = "atom.xml"
JSON_FEED = "feed.json"


# The brand kit's logo PNGs (branchpress/brand), also what 公众号 articles show as the masthead.
BRAND_KIT_FILES = "assets/brand/kit/"


def brand_kit_logo(size: int) -> str:
    """Site path of the brand kit's logo PNG of one size."""
    return f"{BRAND_KIT_FILES}logo-{size}.png"


def record(date: datetime, slug: str) -> str:
    return f"activities/{date.year:04d}/{date.month:02d}/{slug}/"


def activity_type(key: str) -> str:
    return f"activities/{key}/"


def tag(slug: str) -> str:
    return f"{TAGS}{slug}/"


def year(number: int) -> str:
    return f"{ARCHIVE}{number}/"


def volunteers_year(number: int) -> str:
    return f"{VOLUNTEERS}{number}/"


def report(number: int) -> str:
    return f"{REPORTS}{number}/"


def report_pdf(number: int) -> str:
    return f"{report(number)}annual-report-{number}.pdf"


def branch(slug: str) -> str:
    return f"{BRANCHES}{slug}/"


def page(base: str, number: int) -> str:
    """Page N of a paginated listing: news/, news/page/2/, ..."""
    return base if number <= 1 else f"{base}page/{number}/"


def source(url: str) -> str:
    """The src_uri of the generated page served at a folder URL."""
    return url + "index.md"
