"""Extraction records -> RDF on the ELI vocabulary. Imports ingest.models only."""
