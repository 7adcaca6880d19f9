"""Run SPARQL in a bounded pool of worker threads with a per-query time budget.

pyoxigraph cannot interrupt a running query, and a thread cannot be killed,
so a query over its budget is *abandoned*: the client gets 503 at once, the
event loop and the other workers carry on, and the worker stops at the next
result chunk it writes (see graph/protocol.py) or when evaluation ends.
pyoxigraph releases the GIL while it evaluates, so a runaway query costs one
core, not the server. An abandoned query keeps its worker slot until it ends,
which is why a full pool answers 503 "busy" instead of queueing forever.
Workers are daemon threads so that stopping the server never waits for one.
A process pool would allow a hard kill but cannot share an in-memory store or
the on-disk store's lock; see docs/api.md.
"""
from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from .errors import ApiError

T = TypeVar("T")


class QueryRunner:
    def __init__(self, workers: int, timeout: float) -> None:
        self.workers, self.timeout = workers, timeout
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._busy = 0
        for n in range(workers):
            threading.Thread(target=self._work, name=f"sparql-{n}", daemon=True).start()

    async def run(self, job: Callable[[float], T]) -> T:
        """``job(deadline)`` in a worker; 503 when the pool is full or the budget runs out."""
        with self._lock:
            if self._busy >= self.workers:
                raise ApiError(503, "busy", "all query workers are busy; retry shortly")
            self._busy += 1
        deadline = time.monotonic() + self.timeout
        future: Future = Future()
        self._jobs.put((job, deadline, future))
        waiting = asyncio.wrap_future(future)
        # An abandoned job's error is retrieved here so that asyncio does not log it.
        waiting.add_done_callback(lambda f: f.cancelled() or f.exception())
        done, _ = await asyncio.wait({waiting}, timeout=self.timeout)
        if not done:
            raise ApiError(503, "query_timeout",
                           f"query ran longer than {self.timeout:g} s and was abandoned")
        return waiting.result()

    def _work(self) -> None:
        while True:
            job, deadline, future = self._jobs.get()
            try:
                result, error = job(deadline), None
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting request
                result, error = None, exc
            # Free the slot before answering: the client's next request may come at once.
            with self._lock:
                self._busy -= 1
            if error is None:
                future.set_result(result)
            else:
                future.set_exception(error)
