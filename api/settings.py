"""Settings as one table: it drives the Settings dataclass, VANBAN_* env vars and the docs."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS = (
    Setting("store", "vanban-data", "Oxigraph store directory; empty keeps the store in memory"),
    Setting("base", "https://w3id.org/vanban", "Base of every IRI the graph mints"),
    Setting("graph_max_nodes", 500, "Nodes drawn on a graph page before the rest is cut"),
    Setting("sparql_max_query_bytes", 100_000, "Longest SPARQL query accepted"),
    Setting("sparql_timeout", 30.0, "Seconds a SPARQL query may run before the client gets 503"),
    Setting("sparql_max_result_bytes", 64 * 1024 * 1024,
            "Largest serialised SPARQL result; a bigger one is cut off with an error"),
    Setting("sparql_workers", 4, "Queries run at once (worker processes for an on-disk store, "
            "threads otherwise)"),
    Setting("sparql_processes", True, "Run queries over an on-disk store in worker processes "
            "that are killed at the time limit (off: threads, which run on past it)"),
    Setting("sparql_queue_wait", 5.0, "Seconds a query may wait for a free worker before 503"),
    Setting("sparql_queue_max", 64, "Queries that may wait for a worker at once; more get 503"),
    Setting("sparql_allow_service", False, "Allow SERVICE (federated queries out of the server)"),
    Setting("update_token", "", "Bearer token enabling SPARQL Update; empty keeps it read-only"),
    Setting("ingest_token", "", "Bearer token enabling POST /api/ingest; empty disables it"),
    Setting("ingest_max_bytes", 16 * 1024 * 1024, "Largest document accepted by POST /api/ingest"),
    Setting("cors_origins", "", "Comma-separated origins allowed by CORS ('*' for any)"),
    Setting("access_log", True, "Log one line per request (method, path, status, time)"),
)


@dataclass(frozen=True, slots=True)
class Settings:
    store: Path | None = Path("vanban-data")
    base: str = "https://w3id.org/vanban"
    graph_max_nodes: int = 500
    sparql_max_query_bytes: int = 100_000
    sparql_timeout: float = 30.0
    sparql_max_result_bytes: int = 64 * 1024 * 1024
    sparql_workers: int = 4
    sparql_processes: bool = True
    sparql_queue_wait: float = 5.0
    sparql_queue_max: int = 64
    sparql_allow_service: bool = False
    update_token: str = ""
    ingest_token: str = ""
    ingest_max_bytes: int = 16 * 1024 * 1024
    cors_origins: str = ""
    access_log: bool = True

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        """Defaults, then VANBAN_<NAME> variables, then explicit overrides (CLI options)."""
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f"VANBAN_{f.name.upper()}")
            if raw is not None:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**{k: _coerce(k, v) for k, v in values.items()})


def _coerce(name: str, value: object) -> object:
    if name == "store":
        return Path(value) if value not in ("", None) else None
    kind = type(next(s.default for s in SETTINGS if s.name == name))
    if kind is bool and isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return kind(value)
