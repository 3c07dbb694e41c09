"""The `branchpress` commands: one module each, sharing loading (loading.py) and printing (output.py).

Each module has `add_parser(subcommands)`, which registers the command and its `run(args)`,
and imports what it needs only when it runs, so `branchpress --help` stays fast. Every
command reads the project through branchpress/project.py, as the build does.
"""
