"""What every command prints and writes the same way: exit statuses, paths, problems, files."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from branchpress.core.problems import Problem

# Exit statuses: 1 for content problems, 2 when the command itself cannot run.
CONTENT_PROBLEMS = 1
CANNOT_RUN = 2


def shown(path: Path) -> str:
    """A path as staff would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def complain(text: str) -> None:
    """A message about why a command cannot do what was asked, on stderr."""
    print(text, file=sys.stderr)


def messages(json_on_stdout: bool) -> Callable[[str], None]:
    """Where a command's messages go: stderr when stdout carries JSON for a script."""
    stream = sys.stderr if json_on_stdout else sys.stdout
    return lambda text: print(text, file=stream)


def fail(problems: Iterable[Problem], what: str) -> int:
    """Print every problem, then one line saying what was not done; the content-problem status."""
    from branchpress.core.problems import sort_problems

    problems = sort_problems(list(problems))
    for problem in problems:
        complain(str(problem))
    complain(f"{what}：共 {len(problems)} 个问题，请按上面的修改方法处理后再试。")
    return CONTENT_PROBLEMS


def write_atomically(path: Path, data: bytes) -> Path:
    """A reader (or a crash) never sees half a file: written beside it, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; an output is an ordinary file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
