"""Find cited documents (numbered symbols and name-only titles)."""
from .models import Citation


def find_citations(text: str) -> tuple[Citation, ...]:
    return ()
