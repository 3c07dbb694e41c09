"""A portal over member branches' sites (docs/records.md, "Portal sites"): no MkDocs import here.

An association's Party committee lists its member branches; each builds its own
BranchPress site and publishes feeds. A portal build, in order:

1. `members.py`: the members as written in mkdocs.yml, validated (Chinese problems).
2. `fetch.py` + `feeds.py`: each member's feed fetched (timeouts, size cap, conditional
   requests) and parsed (RSS, Atom, JSON Feed), members in parallel (`gather.py`).
3. `items.py`: member content is untrusted: titles and summaries become plain text,
   content is sanitised with nh3, links must be http(s), the first image is noted.
4. `cache.py`: the last good items of each member and their validators, and the
   downloaded images, under `.cache/branchpress/portal/`; a failing member keeps them.
5. `images.py`: first images downloaded with the same limits and re-encoded through
   the photo pipeline (core/imaging), so pages never load from another host.
6. `network.py`: the branches, the combined news, the home page's figures and chart,
   the network feeds: plain data the plugin hands to templates and core/feeds.
"""
