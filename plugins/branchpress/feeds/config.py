"""Options of the `branchpress/feeds` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class FeedsConfig(base.Config):
    limit = c.Type(int, default=20)
    """Newest records in each feed."""

    type_feeds = c.Type(bool, default=True)
    """RSS and Atom for each activity type at /activities/<type>/feed.xml and atom.xml."""

    tag_feeds = c.Type(bool, default=False)
    """RSS and Atom for each tag at /tags/<tag-slug>/feed.xml and atom.xml."""

    json_feed = c.Type(bool, default=True)
    """The site-wide JSON Feed 1.1 at /feed.json."""

    author = c.Optional(c.Type(str))
    """Author of every item; default: site_name. Records are the branch's, not a person's."""

    description = c.Optional(c.Type(str))
    """Channel description; default: site_description (the brand slogan)."""

    logo = c.Optional(c.Type(str))
    """Channel image, a path in the docs folder; default: theme.favicon, else theme.logo."""

    stylesheet = c.Type(bool, default=True)
    """Attach a CSS stylesheet so a browser shows RSS and Atom feeds as a readable Chinese page."""
