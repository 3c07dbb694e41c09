"""Options of the `branchpress/portal` plugin (docs/records.md, "Portal sites")."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from branchpress.options import moved_cache_dir


class PortalConfig(base.Config):
    members = c.Type(list, default=[])
    """Member branches, each `{name, site, feed}` (and an optional `slug` for its page's URL);
    validated by core/portal/members.py, which names every wrong entry in Chinese."""

    offline = c.Type(bool, default=False)
    """Build from the cache alone and fetch nothing (also: BRANCHPRESS_OFFLINE=1)."""

    page_size = c.Type(int, default=20)
    """Items per page of /network/."""

    feed_limit = c.Type(int, default=50)
    """Newest items in the network feeds."""

    home = c.Type(bool, default=True)
    """The portal's home page (this year's items, most active branches, chart) at the site root."""

    home_latest = c.Type(int, default=12)
    """This year's newest items shown on the home page."""

    home_active = c.Type(int, default=5)
    """Most active branches shown on the home page."""

    connect_timeout = c.Type((int, float), default=5)
    """Seconds to connect to a member's server."""

    timeout = c.Type((int, float), default=20)
    """Seconds for one member's feed (or one image), all told: connecting, redirects, the
    response's headers and body. A server that sends slower is cut off at this deadline."""

    allow_private_networks = c.Type(bool, default=False)
    """Let members' feeds and images come from loopback, private, link-local, CGNAT and other
    non-public addresses. Only for a portal on an intranet (and tests): otherwise a member could
    turn the build machine on the network it stands in (core/portal/addresses.py)."""

    max_items_per_member = c.Type(int, default=200)
    """Newest items kept of each member; older ones are left out, with a notice."""

    max_megabytes = c.Type((int, float), default=5)
    """A feed or image larger than this is refused."""

    workers = c.Type(int, default=8)
    """Members (and images) fetched at the same time."""

    image_widths = c.ListOfItems(c.Type(int), default=[480, 960])
    """Widths of the portal's copies of items' images; they show as cards, never full size."""

    cache_dir = moved_cache_dir("branchpress/portal")
    """Moved: the one cache folder is `cache_dir` of branchpress/records."""
