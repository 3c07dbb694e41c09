"""Publishing the built site (`branchpress deploy`): settings, the plan, and two backends.

`settings` reads `deploy:` of branchpress/records; `headers` gives each file its Content-Type,
Cache-Control and compression; `plan` compares the site folder with what the target holds and
orders the work; `publish` carries a plan out through a backend, `s3` (object storage, the only
module that imports boto3) or `folder` (a `file://` target). Nothing here imports MkDocs.
"""
