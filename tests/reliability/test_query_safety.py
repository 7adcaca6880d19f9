"""The public read-only endpoint under hostile queries and requests.

Protocol basics (413 for a long query, SERVICE refused, 403/401 for Update,
CORS allow-list, one cartesian timeout, the result cap) are in
tests/api/test_sparql_protocol.py; this adds the pathological cases, the
exhaustion cases and the response hygiene checks.
"""
from __future__ import annotations

import ast
import base64
import concurrent.futures
import hashlib
import re
import time
from pathlib import Path

import httpx
import pytest

from tests.reliability.conftest import TOKEN, start_server, stop_server

API = Path(__file__).resolve().parents[2] / "api"
CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
PATHOLOGICAL = {
    "cartesian-select": "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }",
    "unbounded-path": "SELECT * WHERE { ?s (<urn:x>|!<urn:x>)* ?o . ?o (<urn:y>|!<urn:y>)+ ?z }",
    "path-count": "SELECT (COUNT(*) AS ?n) WHERE { ?s (!<urn:x>)* ?o . ?o (!<urn:x>)* ?z }",
    "regex-join": 'SELECT * WHERE { ?a ?p ?b . ?c ?q ?d FILTER(REGEX(STR(?b), "(a+)+$")) }',
    "construct-all": "CONSTRUCT { ?a ?p ?d } WHERE { ?a ?p ?b . ?c ?q ?d }",
}
# Traces of a Python traceback in a response body.
TRACE = re.compile(r'Traceback \(most recent|File "[^"]+", line \d+|\.py", line')


def sparql(server, query: str, timeout: float = 60) -> httpx.Response:
    return httpx.get(f"{server.url}/sparql", params={"query": query}, timeout=timeout)


def _recovered(server, seconds: float) -> httpx.Response:
    """The first answer to a cheap query within ``seconds`` (retrying on 503 busy)."""
    deadline = time.monotonic() + seconds
    while True:
        response = sparql(server, "ASK { ?s ?p ?o }")
        if response.status_code == 200 or time.monotonic() > deadline:
            return response
        time.sleep(0.25)


def _server(store, workers: int):
    return start_server(store, VANBAN_SPARQL_TIMEOUT="2", VANBAN_SPARQL_WORKERS=str(workers),
                        VANBAN_SPARQL_MAX_RESULT_BYTES="200000")


@pytest.fixture(scope="module")
def runaway_server(sample_store):
    """A server of its own: the pathological queries must not slow the other tests."""
    server = _server(sample_store, workers=4)
    yield server
    stop_server(server)


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_query_is_cut_off_within_its_budget(runaway_server, name):
    started = time.monotonic()
    response = sparql(runaway_server, PATHOLOGICAL[name])
    elapsed = time.monotonic() - started
    assert elapsed < 2 + 3, f"{name} took {elapsed:.1f}s for a 2 s budget"
    assert response.status_code in (200, 413, 503), response.text
    if response.status_code != 200:
        assert response.json()["error"] in ("query_timeout", "result_too_large", "busy")
    assert _recovered(runaway_server, 10).status_code == 200


def test_timed_out_queries_free_their_workers(sample_store):
    """As many runaway aggregates as there are workers; the endpoint must still answer."""
    server = _server(sample_store, workers=2)
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda _: sparql(server, CARTESIAN_COUNT), range(2)))
        assert [a.status_code for a in answers] == [503, 503]
        assert _recovered(server, 4).status_code == 200
    finally:
        stop_server(server)


def test_a_full_pool_queues_briefly_then_answers_busy(sample_store):
    """One worker, one waiting place: a runaway query holds the worker, a second query
    waits for it (and is answered), a third finds the queue full and gets 503 busy with
    Retry-After at once."""
    server = start_server(sample_store, VANBAN_SPARQL_TIMEOUT="2", VANBAN_SPARQL_WORKERS="1",
                          VANBAN_SPARQL_QUEUE_WAIT="8", VANBAN_SPARQL_QUEUE_MAX="1")
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            runaway = pool.submit(sparql, server, CARTESIAN_COUNT)
            time.sleep(0.5)
            waiting = pool.submit(sparql, server, "ASK { ?s ?p ?o }")
            time.sleep(0.5)
            started = time.monotonic()
            full = sparql(server, "ASK { ?s ?p ?o }")
            refused_in = time.monotonic() - started
            assert runaway.result().json()["error"] == "query_timeout"
            assert waiting.result().status_code == 200
        assert full.status_code == 503 and full.json()["error"] == "busy"
        assert full.headers["retry-after"] == "1" and refused_in < 1
    finally:
        stop_server(server)


def _children(pid: int) -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
            and _ppid(p) == pid]


def _ppid(proc: Path) -> int | None:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def test_query_workers_die_with_a_killed_server_and_snapshots_go_with_a_stopped_one(
        sample_store):
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to find the worker processes")
    killed = _server(sample_store, workers=2)
    workers = _children(killed.proc.pid)
    assert len(workers) == 2
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(sparql, killed, CARTESIAN_COUNT)  # one worker busy in a runaway query
        time.sleep(0.5)
        stop_server(killed)  # kill -9
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    stopped = _server(sample_store, workers=2)
    assert sparql(stopped, "ASK { ?s ?p ?o }").status_code == 200
    snapshots = stopped.store_dir / ".query-snapshots"
    assert snapshots.is_dir()
    stopped.stop()  # graceful
    assert not snapshots.exists()
    stop_server(stopped)


def test_chunked_body_without_length_is_capped_without_buffering(guarded_server):
    """A streamed (chunked) body has no Content-Length: the cap must apply while reading."""
    def hwm() -> int:
        status = Path(f"/proc/{guarded_server.proc.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) * 1024

    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to read the server's peak memory")
    before = hwm()
    chunk = b"#" + b"x" * 65535

    def body():
        for _ in range(640):  # 40 MB
            yield chunk

    try:
        response = httpx.post(f"{guarded_server.url}/sparql", content=body(), timeout=60,
                              headers={"Content-Type": "application/sparql-query"})
        assert response.status_code == 413, response.text
    except httpx.HTTPError:
        pass  # the server may close the connection as soon as the cap is passed
    grown = hwm() - before
    assert grown < 20 * 1024 * 1024, f"server peak memory grew {grown / 2**20:.0f} MB"
    assert _recovered(guarded_server, 5).status_code == 200


def test_long_get_query_is_refused_cleanly(guarded_server):
    """A query string beyond what the HTTP parser takes is a 4xx, not a crash."""
    target = "/sparql?query=" + "ASK%20%7B%7D%20%23" + "x" * 200_000
    try:
        status = _raw_get(guarded_server, target)
    except ConnectionError:
        status = None  # closing the connection is a clean refusal too
    assert status is None or 400 <= status < 500
    assert _recovered(guarded_server, 5).status_code == 200


def _raw_get(server, target: str) -> int:
    """Status of a GET sent over a raw socket (httpx refuses URLs this long)."""
    import socket

    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        head = sock.recv(4096).decode("latin-1")
    return int(head.split()[1])


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE\n<http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?at { ?s ?p ?o } VALUES ?at { <http://127.0.0.1:9/> } }",
    "PREFIX s: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE s: { ?s ?p ?o } }",
])
def test_service_is_refused_in_every_spelling(guarded_server, query):
    response = sparql(guarded_server, query)
    assert response.status_code == 400 and response.json()["error"] == "service_disabled"


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DROP ALL",
    "LOAD <http://127.0.0.1:9/x.ttl>",
])
@pytest.mark.parametrize("auth", [None, "Bearer", "Bearer wrong", f"Bearer {TOKEN}x",
                                  f"bearer{TOKEN}", f"Basic {TOKEN}", TOKEN])
def test_update_needs_the_exact_token(guarded_server, update, auth):
    before = httpx.get(f"{guarded_server.url}/health").json()["triples"]
    headers = {"Content-Type": "application/sparql-update", **({"Authorization": auth} if auth
                                                                else {})}
    response = httpx.post(f"{guarded_server.url}/sparql", content=update, headers=headers)
    assert response.status_code == 401, response.text
    assert httpx.get(f"{guarded_server.url}/health").json()["triples"] == before


def _token_comparisons(tree: ast.AST) -> list[int]:
    """Lines where == / != touch something named like a token (a timing leak)."""
    def named_token(node: ast.AST) -> bool:
        return any(isinstance(n, (ast.Name, ast.Attribute))
                   and "token" in (n.id if isinstance(n, ast.Name) else n.attr).lower()
                   for n in ast.walk(node))

    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Compare)
            and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops)
            and any(named_token(side) for side in [node.left, *node.comparators])]


def test_tokens_are_compared_in_constant_time():
    leaks = {}
    uses_digest = False
    for path in sorted(API.glob("*.py")):
        source = path.read_text("utf-8")
        uses_digest |= "compare_digest" in source
        if lines := _token_comparisons(ast.parse(source)):
            leaks[path.name] = lines
    assert not leaks, f"tokens compared with ==/!= (use hmac.compare_digest): {leaks}"
    assert uses_digest


@pytest.mark.parametrize(("method", "path", "kwargs"), [
    ("GET", "/sparql", {"params": {"query": "SELECT * WHERE { ?s ?p }"}}),
    ("GET", "/sparql", {"params": {"query": "SELECT (1/0 AS ?x) (xsd:integer('a') AS ?y) {}"}}),
    ("GET", "/sparql", {"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}),
    ("GET", "/sparql", {"params": {"query": "ASK {}", "format": "nonsense"}}),
    ("POST", "/sparql", {"content": b"\xff\xfe",
                         "headers": {"Content-Type": "application/sparql-query"}}),
    ("POST", "/sparql", {"content": b"query=%ZZ",
                         "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
    ("GET", "/id/%ff%fe", {}),
    ("GET", "/id/source/<script>", {}),
    ("GET", "/api/documents", {"params": {"limit": "-1"}}),
    ("GET", "/api/search", {"params": {"q": "x" * 5000}}),
    ("GET", "/graph", {"params": {"relation": "x"}}),
    ("POST", "/api/ingest", {"content": b"x", "headers": {"Content-Type": "text/plain",
                                                          "Authorization": "Bearer x"}}),
    ("GET", "/no/such/page", {}),
])
def test_errors_carry_no_stack_trace(guarded_server, method, path, kwargs):
    response = httpx.request(method, guarded_server.url + path, timeout=30, **kwargs)
    assert response.status_code < 500, response.text
    assert not TRACE.search(response.text), response.text[:2000]
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/json")
        assert set(response.json()) == {"error", "detail"}


def test_cors_allow_list_on_preflight_and_sparql(guarded_server):
    url = f"{guarded_server.url}/sparql"
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    ok = httpx.options(url, headers={"Origin": "https://analyst.example", **preflight})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == "https://analyst.example"
    bad = httpx.options(url, headers={"Origin": "https://evil.example", **preflight})
    assert bad.headers.get("access-control-allow-origin") not in ("*", "https://evil.example")
    got = sparql(guarded_server, "ASK {}")
    assert got.headers.get("access-control-allow-origin") is None  # no Origin, no CORS header
    evil = httpx.get(url, params={"query": "ASK {}"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in evil.headers
    assert "access-control-allow-credentials" not in evil.headers


HTML_PAGES = ["/graph", "/sparql", "/id/source/chi-thi-mau-2024", "/search?q=bo"]
_SOURCE_DIRECTIVES = ("default-src", "script-src", "style-src", "img-src", "connect-src",
                      "font-src", "frame-src", "object-src", "base-uri", "form-action")
_SAFE_SOURCES = re.compile(r"^('self'|'none'|data:|blob:|'unsafe-inline'|'sha(256|384|512)-[^']+'"
                           r"|'nonce-[^']+')$")


def _csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name.lower()] = values
    return directives


@pytest.mark.parametrize("path", HTML_PAGES)
def test_html_pages_carry_security_headers_and_a_self_only_csp(guarded_server, path):
    page = httpx.get(guarded_server.url + path, headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers.get("x-content-type-options") == "nosniff"
    assert page.headers.get("referrer-policy")
    csp = _csp(page.headers.get("content-security-policy", ""))
    assert "default-src" in csp, page.headers
    assert csp.get("frame-ancestors") in (["'none'"], ["'self'"]) or \
        page.headers.get("x-frame-options", "").upper() in ("DENY", "SAMEORIGIN")
    assert csp.get("object-src", csp["default-src"]) == ["'none'"] or \
        csp["default-src"] == ["'none'"] or csp.get("object-src") == ["'none'"]
    for name in _SOURCE_DIRECTIVES:
        for source in csp.get(name, []):
            assert _SAFE_SOURCES.match(source), f"{name} allows {source}"
    # Every inline script must be allowed by the policy, or the page breaks in a browser.
    scripts = csp.get("script-src", csp["default-src"])
    for body in re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>"
                           r"(.*?)</script>", page.text, re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert "'unsafe-inline'" in scripts or f"'sha256-{digest}'" in scripts or \
            any(s.startswith("'nonce-") for s in scripts), f"inline script blocked: {body[:80]}"
    assert not re.findall(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["'](?:https?:)?//""",
                          page.text)
