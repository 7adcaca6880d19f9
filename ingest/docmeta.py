"""The text's own date and title."""


def find_document_date(text: str) -> str | None:
    return None
