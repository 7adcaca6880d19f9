"""A SPARQL worker process: runs jobs over a read-only snapshot of an on-disk store.

The server (api/process_runner.py) starts ``python -m vanban.graph.query_worker <pid>``
and kills it when a query overruns its budget: pyoxigraph cannot interrupt a query,
but a process can be killed. Jobs and answers are pickles framed by their length,
over the worker's stdin and stdout. A job names the snapshot to read (a checkpoint made
by ``OxigraphStore.backup``, which no process writes, so opening it read-only is safe
while the server writes its store), a module-level function, its arguments and the
seconds left; the worker calls ``function(store, *args, deadline=..., **kwargs)`` and
answers ``("ok", value)`` or ``("error", exception)``. It imports only pyoxigraph and
the modules the function lives in, to be ready quickly after a kill.
"""
from __future__ import annotations

import importlib
import os
import pickle
import signal
import struct
import sys
import threading
import time
from typing import BinaryIO

import pyoxigraph as ox

_HEADER = struct.Struct("!Q")


def send(stream: BinaryIO, message: object) -> None:
    """Write one framed pickle (raises BrokenPipeError when the other side is gone)."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def receive(stream: BinaryIO) -> object:
    """Read one framed pickle; EOFError when the other side closed or died."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("query worker pipe closed")
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("query worker pipe closed mid-message")
    return pickle.loads(data)


class SnapshotStore:
    """The read side of graph/store.py's Store (what protocol.execute uses) over a snapshot."""

    def __init__(self, path: str) -> None:
        self._ox = ox.Store.read_only(path)

    def query(self, sparql: str, **options):
        if "default_graph" not in options:
            options["use_default_graph_as_union"] = True
        return self._ox.query(sparql, **options)


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives a pickle round trip, else a RuntimeError with its message."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any exception type may refuse pickling
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def serve(jobs: BinaryIO, answers: BinaryIO) -> None:
    """Answer jobs until the server closes the pipe."""
    store, opened = None, None
    while True:
        try:
            snapshot, function, args, kwargs, seconds = receive(jobs)
        except EOFError:
            return
        try:
            if snapshot != opened:
                store, opened = None, None  # release the old snapshot's files first
                store, opened = SnapshotStore(snapshot), snapshot
            value = function(store, *args, deadline=time.monotonic() + seconds, **kwargs)
            answer = ("ok", value)
        except Exception as exc:  # noqa: BLE001 - handed to the server, which maps it
            answer = ("error", _portable(exc))
        send(answers, answer)


def exit_with_parent(parent: int) -> None:
    """Exit when the parent process is gone (even ``kill -9``), also in the middle of a query:
    pyoxigraph releases the GIL while it evaluates, so this thread keeps running."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def detach(parent: int) -> None:
    """Start a child process of ``parent``: Ctrl-C is the parent's to handle, and the child
    exits with it (a killed parent would leave it waiting for work forever)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=exit_with_parent, args=(parent,), daemon=True).start()


def main() -> None:
    """``python -m vanban.graph.query_worker <server pid> [module to preload ...]``"""
    detach(int(sys.argv[1]))
    for module in sys.argv[2:]:
        importlib.import_module(module)
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not corrupt the answer stream
    send(answers, ("ready", os.getpid()))
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
