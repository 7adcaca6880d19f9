"""Storage, queries and analytics over the RDF produced by ontology/."""
