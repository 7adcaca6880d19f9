"""Named SPARQL queries kept in graph/queries/*.rq, loaded once."""
from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def load_query(name: str) -> str:
    return resources.files("vanban.graph").joinpath("queries", f"{name}.rq").read_text("utf-8")
