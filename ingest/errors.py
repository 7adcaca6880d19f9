"""Errors raised by the ingest stages; api/ maps them to exit codes and HTTP statuses."""


class IngestError(Exception):
    """An input that cannot be turned into text (empty, binary, unknown encoding...)."""
