"""Assemble task assignments from sentences, agencies and deadlines."""
from .models import Agency, Citation, Task


def find_tasks(text: str, agencies: tuple[Agency, ...], citations: tuple[Citation, ...],
               *, doc_date: str | None = None) -> tuple[Task, ...]:
    return ()
