"""Share images rendered on every core, in the background while MkDocs renders the pages."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

from .cache import ShareJob, ShareResult, run_share_job

# Below this many images, starting worker processes costs more than it saves.
POOL_MINIMUM = 16


class Renderer:
    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        self._waiting: list[ShareJob] = []

    def submit(self, jobs: list[ShareJob]) -> None:
        """Start rendering `jobs` now when there are enough of them to share out, else later."""
        self._waiting += jobs
        if self._pool is None and (self._workers < 2 or len(self._waiting) < POOL_MINIMUM):
            return
        if self._pool is None:
            # forkserver: mkdocs serve runs threads, and forking a threaded process can hang.
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(max_workers=self._workers, mp_context=context)
        self._futures += [self._pool.submit(run_share_job, job) for job in self._waiting]
        self._waiting = []

    def results(self) -> list[ShareResult]:
        """Wait for every submitted job; the rest (too few for workers) run here."""
        try:
            done = [future.result() for future in self._futures]
            return done + [run_share_job(job) for job in self._waiting]
        finally:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool, self._futures, self._waiting = None, [], []
