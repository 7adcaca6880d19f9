"""vanban: a legal-citation knowledge graph for Vietnamese government documents."""

__version__ = "0.1.0"
