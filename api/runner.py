"""Run SPARQL jobs in a bounded pool of workers, with a short queue and a time budget.

A job is ``function(store, *args, deadline=..., **kwargs)``. ``QueryRunner.run`` waits
for a free worker (at most ``queue_wait`` seconds, and only while fewer than
``queue_max`` requests are waiting; otherwise 503 ``busy`` with ``Retry-After``), then
gives the job ``timeout`` seconds; past them the client gets 503 ``query_timeout``.

What happens to an overrunning job depends on the workers. pyoxigraph cannot
interrupt a running query and a thread cannot be killed, so:

- ProcessRunner (api/process_runner.py, the default for an on-disk store): each worker
  is a process reading a snapshot of the store; an overrunning one is killed and
  respawned, so a runaway query costs its budget and nothing more.
- ThreadRunner (an in-memory or remote store, whose data another process cannot
  open): an overrunning job is *abandoned*; its thread runs on until the query ends
  or writes its next result chunk past the deadline (graph/protocol.py), and keeps its
  worker slot until then. pyoxigraph releases the GIL while it evaluates, so such a
  query costs one core, not the server.

See docs/api.md ("Query workers") for the choice.
"""
from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from vanban.graph.store import OxigraphStore

from .errors import ApiError


@dataclass(eq=False)
class Job:
    function: Callable[..., Any]
    args: tuple
    kwargs: dict
    deadline: float
    release: Callable[[], None]  # frees the job's worker slot; called once, from any thread
    future: Future = field(default_factory=Future)
    abandoned: bool = False

    def finish(self, value: object = None, error: BaseException | None = None) -> None:
        if error is None:
            self.future.set_result(value)
        else:
            self.future.set_exception(error)


class QueryRunner:
    """The queue and the budget; subclasses provide the workers, which take jobs from
    ``_jobs`` (``None``: stop), and ``_abandon``."""

    def __init__(self, workers: int, timeout: float, *, queue_wait: float = 0.0,
                 queue_max: int = 0) -> None:
        self.workers, self.timeout = workers, timeout
        self.queue_wait, self.queue_max = queue_wait, queue_max
        self._slots = asyncio.Semaphore(workers)
        self._waiting = 0
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()

    async def run(self, function: Callable[..., Any], *args: object, **kwargs: object) -> Any:
        """``function(store, *args, deadline=..., **kwargs)`` in a worker; its value or error."""
        await self._acquire()
        job = Job(function, args, kwargs, time.monotonic() + self.timeout,
                  self._releaser(asyncio.get_running_loop()))
        self._submit(job)
        waiting = asyncio.wrap_future(job.future)
        # An abandoned job's error is retrieved here so that asyncio does not log it.
        waiting.add_done_callback(lambda f: f.cancelled() or f.exception())
        try:
            done, _ = await asyncio.wait({waiting}, timeout=self.timeout)
        except BaseException:  # the request was cancelled: its query must not run on
            self._abandon(job)
            raise
        if not done:
            self._abandon(job)
            raise ApiError(503, "query_timeout",
                           f"query ran longer than {self.timeout:g} s and was stopped")
        return waiting.result()

    async def _acquire(self) -> None:
        if not self._slots.locked():
            await self._slots.acquire()
            return
        if self._waiting >= self.queue_max:
            raise _busy(f"all {self.workers} query workers are busy and "
                        f"{self._waiting} queries wait already")
        self._waiting += 1
        try:
            await asyncio.wait_for(self._slots.acquire(), self.queue_wait)
        except TimeoutError:
            raise _busy(f"no query worker was free within {self.queue_wait:g} s") from None
        finally:
            self._waiting -= 1

    def _releaser(self, loop: asyncio.AbstractEventLoop) -> Callable[[], None]:
        def release() -> None:
            with contextlib.suppress(RuntimeError):  # the loop is closed: no one waits now
                loop.call_soon_threadsafe(self._slots.release)
        return release

    def _submit(self, job: Job) -> None:
        self._jobs.put(job)

    def _abandon(self, job: Job) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Stop the workers (the server is shutting down)."""


def _busy(detail: str) -> ApiError:
    return ApiError(503, "busy", f"{detail}; retry shortly", headers={"Retry-After": "1"})


class ThreadRunner(QueryRunner):
    """Workers are daemon threads over the server's own store (stopping never waits)."""

    def __init__(self, store, workers: int, timeout: float, **limits: Any) -> None:
        super().__init__(workers, timeout, **limits)
        self.store = store
        for n in range(workers):
            threading.Thread(target=self._work, name=f"sparql-{n}", daemon=True).start()

    def _abandon(self, job: Job) -> None:
        job.abandoned = True  # a job still queued is skipped; a running one runs on

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            result, error = None, None
            if not job.abandoned:
                try:
                    result = job.function(self.store, *job.args, deadline=job.deadline,
                                          **job.kwargs)
                except BaseException as exc:  # noqa: BLE001 - handed to the waiting request
                    error = exc
            # Free the slot before answering: the client's next request may come at once.
            job.release()
            job.finish(result, error)


def runner_for(store, settings) -> QueryRunner:
    """Processes for an on-disk Oxigraph store (unless switched off), threads otherwise."""
    from .process_runner import ProcessRunner  # it builds on this module

    args = (settings.sparql_workers, settings.sparql_timeout)
    limits = {"queue_wait": settings.sparql_queue_wait, "queue_max": settings.sparql_queue_max}
    if settings.sparql_processes and isinstance(store, OxigraphStore) and store.path:
        return ProcessRunner(store, *args, **limits)
    return ThreadRunner(store, *args, **limits)
