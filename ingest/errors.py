"""Errors raised by the ingest stages; api/ maps them to exit codes and HTTP statuses."""


class IngestError(Exception):
    """An input that cannot be turned into text (empty, binary, unknown encoding...).

    The message is meant for the person who supplied the file: it names the
    input and says what is wrong with it, never a Python traceback.
    """


class InputTooLarge(IngestError):
    """An input over the configured size limit (HTTP 413 rather than 400)."""
