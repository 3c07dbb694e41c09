"""BranchPress Studio (`branchpress studio`): the staff's local web app over the project.

The web side (app.py, security.py, pages) reads and writes the same files as the build,
through the project layer (branchpress/project.py) and core/studio/ (forms, round-trip
edits). The preview is the site's own build, kept warm in a worker process (preview.py);
发布 runs the build and `branchpress deploy` (publish.py).
"""
