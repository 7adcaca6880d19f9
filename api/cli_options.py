"""Options and helpers shared by the CLI command modules."""
from __future__ import annotations

from pathlib import Path

import click


def store_option(command):
    return click.option(
        "--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
        envvar="VANBAN_STORE", default="vanban-data", show_default=True,
        help="Oxigraph store directory (env VANBAN_STORE).")(command)


def open_or_exit(store_path: Path):
    """Open the store or exit with a message (a locked or unreadable store is common)."""
    from vanban.graph.store import StoreError, open_store

    try:
        return open_store(store_path)
    except StoreError as exc:
        raise click.ClickException(f"{exc} (is another vanban process using it?)") from None
