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
)


@dataclass(frozen=True, slots=True)
class Settings:
    store: Path | None = Path("vanban-data")
    base: str = "https://w3id.org/vanban"
    graph_max_nodes: int = 500
    sparql_max_query_bytes: int = 100_000

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
    if name in ("graph_max_nodes", "sparql_max_query_bytes"):
        return int(value)
    return value
