"""Carrying a plan out through a backend, so that a deploy that stops part way is finished by
the next one.

The manifest is the deploy's memory of what the target holds. Before anything changes, it is
rewritten without the entries of the files about to change, so a run killed in the middle
leaves no entry that vouches for an object it did not finish; each phase uploads in parallel
(a bounded pool) and waits for all of its files before the next phase starts; at the end, or
after a failure, it is written with what was really done.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Protocol

from .headers import Headers
from .plan import Manifest, Plan, RemoteObject, Stored, Upload, manifest_bytes

WORKERS = 8


class DeployError(Exception):
    """A deploy failed (network, credentials, quota, a full disk); the message is Chinese and
    says how to fix it."""


class Backend(Protocol):
    def list(self) -> dict[str, RemoteObject]: ...
    def read_manifest(self) -> bytes | None: ...
    def put(self, path: str, body: bytes, headers: Headers, md5: str) -> None:
        """`md5`: base64 MD5 of `body` (Content-MD5: the server checks what it received)."""

    def delete(self, path: str) -> None: ...
    def write_manifest(self, body: bytes) -> None: ...


@dataclass(frozen=True)
class Outcome:
    uploaded: int
    deleted: int
    unchanged: int


Progress = Callable[[str, str], None]
"""Called with ("上传" or "删除", path) after each object."""


def publish(
    plan: Plan, old: Manifest, backend: Backend, progress: Progress, workers: int = WORKERS
) -> Outcome:
    """Do the plan; DeployError after recording what was done."""
    keep = {u.file.path for u in plan.uploads} | {f.path for f in plan.unchanged}
    changing = {u.file.path for u in plan.uploads} | set(plan.deletions)
    current = {p: s for p, s in old.items() if p in keep and p not in changing}
    if current != old:
        backend.write_manifest(manifest_bytes(current))
    written = dict(current)
    counts = {"上传": 0, "删除": 0}

    def uploaded(result: tuple[str, Stored]) -> None:
        current[result[0]] = result[1]
        counts["上传"] += 1
        progress("上传", result[0])

    def deleted(path: str) -> None:
        counts["删除"] += 1
        progress("删除", path)

    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="deploy") as pool:
            for _kind, batch in plan.phases():
                _run(pool, batch, lambda u: _upload(backend, u), uploaded)
            _run(pool, plan.deletions, lambda p: backend.delete(p) or p, deleted)
    except DeployError:
        if current != written:
            # If this fails too, the shrunk manifest stands: the next run uploads those files again.
            with contextlib.suppress(DeployError):
                backend.write_manifest(manifest_bytes(current))
        raise
    if current != written:
        backend.write_manifest(manifest_bytes(current))
    return Outcome(counts["上传"], counts["删除"], len(plan.unchanged))


def _upload(backend: Backend, upload: Upload) -> tuple[str, Stored]:
    file = upload.file
    try:
        body = file.body()
    except OSError as error:
        raise DeployError(
            f"读不到网站文件 {file.path}（{error.strerror or error}）：是不是正在重新生成网站？"
            "请等 mkdocs build 完成后再发布。"
        ) from None
    md5 = base64.b64encode(hashlib.md5(body).digest()).decode("ascii")
    backend.put(file.path, body, file.headers, md5)
    return file.path, Stored.of(file, body)


def _run(pool: ThreadPoolExecutor, items: list, work: Callable, record: Callable) -> None:
    """`work` on every item in the pool, `record` on each result in this thread as it comes;
    all of them finish before this returns. After the first DeployError nothing more starts,
    what is running finishes (and is recorded), then the error is raised."""
    futures: list[Future] = [pool.submit(work, item) for item in items]
    failure = None
    for future in as_completed(futures):
        if future.cancelled():
            continue
        try:
            result = future.result()
        except DeployError as error:
            if failure is None:
                failure = error
                for other in futures:
                    other.cancel()
            continue
        record(result)
    if failure is not None:
        raise failure
