"""Find named agencies and resolve them to canonical names."""
from datetime import date

from .models import Agency


def find_agencies(text: str, *, on: date | None = None) -> tuple[Agency, ...]:
    return ()
