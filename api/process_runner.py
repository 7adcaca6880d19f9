"""Query workers as processes reading snapshots of the on-disk store (see api/runner.py).

A worker (graph/query_worker.py) is a child process fed by one thread of the server.
When a query overruns its budget the request gets 503 at once and the process is
killed (SIGKILL) and respawned: pyoxigraph cannot interrupt a query, but the kernel
can, so a runaway query holds a worker for its budget and no longer.

Workers never open the live store. The server holds it read-write (RocksDB allows one
writer) and pyoxigraph calls reading an instance that another process writes
undefined behaviour. They open, read-only, a snapshot: a checkpoint made by
``OxigraphStore.backup`` under ``<store>/.query-snapshots/`` (hard links to the
immutable table files and a copy of the log, ~0.1 s), which nothing ever writes. Every
store write holds ``Store.write_guard``; after one, the next query takes a new snapshot
before it runs, so a query sees every write that ended before it started. While a
write is under way, queries read the previous snapshot instead of waiting for it. A
snapshot is deleted once no worker has it open.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from vanban.graph.query_worker import receive, send
from vanban.graph.store import OxigraphStore

from .errors import ApiError
from .runner import Job, QueryRunner

log = logging.getLogger("vanban.api")
SNAPSHOT_DIR = ".query-snapshots"
# Imported by a worker before it reports ready, so a job does not wait for them.
PRELOAD = ("vanban.graph.protocol",)


class Snapshots:
    """Snapshots of ``store`` for the workers, retaken after each write."""

    def __init__(self, store: OxigraphStore) -> None:
        self.store = store
        self.root = Path(store.path).resolve() / SNAPSHOT_DIR
        # Leftovers of a killed server: the store's lock guarantees no one else uses them.
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir()
        self._writing = threading.RLock()  # held by writes (the store's write guard)
        self._mutex = threading.Lock()  # guards the fields below
        self._stale, self._current, self._taken = True, "", 0
        self._open: dict[object, str] = {}  # worker -> the snapshot it reads

    @contextlib.contextmanager
    def writing(self):
        with self._writing:
            try:
                yield
            finally:
                self._stale = True

    def take(self, worker: object) -> str:
        """The snapshot ``worker`` is to read: the newest, taken now if a write ended since."""
        with self._mutex:  # one snapshot at a time: the other workers wait for it
            # During a write the previous snapshot is still whole: read it rather than wait.
            if self._stale and self._writing.acquire(blocking=not self._current):
                try:
                    self._taken += 1
                    path = self.root / str(self._taken)
                    self.store.backup(path)
                    self._current, self._stale = str(path), False
                finally:
                    self._writing.release()
            previous, self._open[worker] = self._open.get(worker), self._current
            if previous != self._current:  # only a worker moving on can leave one unread
                keep = {self._current, *self._open.values()}
                for child in self.root.iterdir():
                    if str(child) not in keep:
                        shutil.rmtree(child, ignore_errors=True)
            return self._current

    def forget(self, worker: object) -> None:
        with self._mutex:
            self._open.pop(worker, None)

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class ProcessRunner(QueryRunner):
    """``workers`` query processes over snapshots of ``store``; see the module docstring."""

    def __init__(self, store: OxigraphStore, workers: int, timeout: float, **limits) -> None:
        super().__init__(workers, timeout, **limits)
        self.snapshots = Snapshots(store)
        store.write_guard = self.snapshots.writing
        self._lock = threading.Lock()
        self._running: dict[Job, _Worker] = {}
        self.closed = False
        self._workers = [_Worker(self, n) for n in range(workers)]

    def _abandon(self, job: Job) -> None:
        with self._lock:  # the worker cannot move on to another job meanwhile
            job.abandoned = True
            if (worker := self._running.get(job)) is not None:
                worker.kill()

    def close(self) -> None:
        self.closed = True
        for worker in self._workers:
            self._jobs.put(None)
            worker.kill()
        self.snapshots.remove()


class _Worker:
    """One worker process and the thread that feeds it jobs, respawning it when it dies."""

    def __init__(self, runner: ProcessRunner, n: int) -> None:
        self.runner = runner
        self.proc: subprocess.Popen | None = None
        self.killed = False
        threading.Thread(target=self._drive, name=f"sparql-{n}", daemon=True).start()

    def kill(self) -> None:
        self.killed = True
        if self.proc is not None:
            self.proc.kill()

    def _spawn(self) -> None:
        self.killed = False
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "vanban.graph.query_worker", str(os.getpid()), *PRELOAD],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        receive(self.proc.stdout)  # ("ready", pid) once its imports are done

    def _drive(self) -> None:
        lost: Job | None = None  # the job whose process died: its slot waits for a new one
        while not self.runner.closed:
            try:
                self._spawn()
            except (OSError, EOFError) as exc:
                if self.runner.closed:
                    return
                log.error("cannot start a SPARQL worker process: %s", exc)
                time.sleep(1)
                continue
            if lost is not None:
                lost.release()
            lost = self._serve()
            self.runner.snapshots.forget(self)
            with contextlib.suppress(OSError):
                self.proc.stdin.close()  # an idle worker exits at the end of its input
            self.proc.wait()
            if lost is None:
                return

    def _serve(self) -> Job | None:
        """Run jobs until the process dies (returns that job) or the runner closes (None)."""
        runner = self.runner
        while (job := runner._jobs.get()) is not None:
            outcome = self._run(job)
            with runner._lock:
                runner._running.pop(job, None)
                dead = outcome is None or self.killed
            if not dead:
                job.release()  # before answering: the client's next request may come at once
            job.finish(*(outcome or (None, ApiError(
                503, "worker_lost", "the query worker stopped (out of memory?)"))))
            if dead:
                return job
        return None

    def _run(self, job: Job) -> tuple[object, BaseException | None] | None:
        """(value, error) of ``job``, or None if the process died while running it."""
        with self.runner._lock:
            if job.abandoned:
                return None, None
            self.runner._running[job] = self
        try:
            snapshot = self.runner.snapshots.take(self)
        except OSError as exc:
            return None, ApiError(503, "snapshot_failed", f"cannot snapshot the store: {exc}")
        try:
            send(self.proc.stdin, (snapshot, job.function, job.args, job.kwargs,
                                   job.deadline - time.monotonic()))
            kind, value = receive(self.proc.stdout)
        except (OSError, EOFError):  # killed for overrunning, or crashed
            return None
        return (value, None) if kind == "ok" else (None, value)
