"""The SPARQL runners in-process: the bounded queue, and process workers over snapshots."""
from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from vanban.api.errors import ApiError
from vanban.api.process_runner import SNAPSHOT_DIR, ProcessRunner
from vanban.api.runner import ThreadRunner
from vanban.graph.protocol import MediaChoice, execute
from vanban.graph.sparql import QuerySyntaxError
from vanban.graph.store import open_store

JSON = MediaChoice("application/sparql-results+json", "application/n-triples")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"


def nap(_store, seconds: float, *, deadline: float) -> float:
    time.sleep(seconds)
    return seconds


async def gather(runner, *calls, **kwargs):
    """Run ``(function, *args)`` calls at once; their values or exceptions."""
    return await asyncio.gather(*(runner.run(*call, **kwargs) for call in calls),
                                return_exceptions=True)


def test_a_full_pool_queues_within_the_wait():
    runner = ThreadRunner(None, 1, timeout=5, queue_wait=3, queue_max=4)
    assert asyncio.run(gather(runner, (nap, 0.3), (nap, 0.3), (nap, 0.3))) == [0.3, 0.3, 0.3]


@pytest.mark.parametrize(("queue_wait", "queue_max"), [(0.2, 4), (3, 0)])
def test_past_the_wait_or_the_queue_length_a_query_is_busy_with_retry_after(queue_wait,
                                                                             queue_max):
    runner = ThreadRunner(None, 1, timeout=5, queue_wait=queue_wait, queue_max=queue_max)
    first, second = asyncio.run(gather(runner, (nap, 1.0), (nap, 0)))
    assert first == 1.0
    assert isinstance(second, ApiError) and (second.status, second.code) == (503, "busy")
    assert second.headers == {"Retry-After": "1"}


def query(sparql: str) -> tuple:
    return (execute, sparql, JSON)


@pytest.fixture
def disk_store(tmp_path):
    store = open_store(tmp_path / "store")
    filler = " ".join(f"<urn:f{n}> <urn:f> {n} ." for n in range(300))  # 300^4 rows for RUNAWAY
    store.update("INSERT DATA { GRAPH <urn:g:1> { <urn:a> <urn:b> <urn:c> . "
                 f"<urn:c> <urn:b> <urn:d> . <urn:d> <urn:b> <urn:e> . {filler} }} }}")
    yield store
    store.close()


def test_process_workers_are_killed_at_the_time_limit_and_come_back(disk_store):
    runner = ProcessRunner(disk_store, 1, timeout=1.5, queue_wait=10, queue_max=4)

    async def scenario():
        answers = await gather(runner, query(RUNAWAY), query("SELECT nonsense"),
                               max_bytes=10_000)
        started = time.monotonic()
        body, _ = await runner.run(*query("ASK { <urn:c> ?p ?o }"), max_bytes=10_000)
        return answers, time.monotonic() - started, body

    try:
        (runaway, bad), seconds, body = asyncio.run(scenario())
    finally:
        runner.close()
    assert isinstance(runaway, ApiError) and runaway.code == "query_timeout"
    assert isinstance(bad, QuerySyntaxError), bad  # raised in the worker, re-raised here
    assert b"true" in body and seconds < 1.5
    assert not (Path(disk_store.path) / SNAPSHOT_DIR).exists()


def test_process_workers_see_every_finished_write(disk_store):
    runner = ProcessRunner(disk_store, 2, timeout=10, queue_wait=10, queue_max=4)
    count = query("SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:b> ?o }")

    async def scenario():
        counts = []
        for n in range(4):
            disk_store.update(f"INSERT DATA {{ GRAPH <urn:g:2> {{ <urn:x{n}> <urn:b> <urn:y> }} }}")
            answers = await gather(runner, count, count, max_bytes=10_000)
            counts.append({json.loads(body)["results"]["bindings"][0]["n"]["value"]
                           for body, _ in answers})
            # the newest snapshot, and the one each worker still has open at most
            assert len(list((Path(disk_store.path) / SNAPSHOT_DIR).iterdir())) <= 3
        return counts

    try:
        counts = asyncio.run(scenario())
    finally:
        runner.close()
    assert counts == [{"4"}, {"5"}, {"6"}, {"7"}]
