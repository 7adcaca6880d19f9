"""Keep the registry graph (vocabulary and concept schemes) of a store up to date."""
from __future__ import annotations

from vanban.ontology.iris import Minter
from vanban.ontology.registry import registry_hash, registry_triples

from .store import Store


def ensure_registry(store: Store, minter: Minter) -> bool:
    """Load the registry graph unless the store already holds this version; True if loaded."""
    graph = minter.registry()
    if store.source_hash(graph) == registry_hash(minter):
        return False
    store.replace_graph(graph, registry_triples(minter))
    return True
