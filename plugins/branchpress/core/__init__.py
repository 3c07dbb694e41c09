"""The pure core of BranchPress: no MkDocs import anywhere below this package.

The pipeline, in the order a build runs it:

1. `records/`: every record file is read once, validated into a `Record` (problems in
   Chinese, never an exception), and given its URL; `people/roster.py` reads the
   volunteer roster beside them.
2. `people/public.py`: the public view of each record (withheld names 志愿者, private
   keys gone) goes into the immutable `RecordStore`; only the ledger reads records as written.
3. `people/tally.py`, `site/`: aggregation over the store (the one volunteer tally,
   figures, listings, search text and its shards, render keys) and the public URLs
   (`site/urls.py`; docs/records.md, Public URLs).
4. `imaging/`, `share/`, `feeds/`, `brand/`: photos, share images, feeds and the brand,
   each from the store.
5. `site/output.py`: the one writer of every file besides pages.
6. `wechat/`: a published record as a 公众号 article (`branchpress wechat`), from its public view.

Beside the site: `organization/` turns the records as written into the private
三会一课 ledger, and `printing/` prints such documents on A4.

The MkDocs plugins (`branchpress/<plugin>/plugin.py`) adapt this to MkDocs events; the
order in which they act is in `branchpress/stages.py`.
"""
