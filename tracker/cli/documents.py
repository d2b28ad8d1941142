"""``alpr-tracker documents``: the stored documents, their status and their ALPR findings."""

from __future__ import annotations

import typer

from tracker.cli.database import DB_OPTION, repository
from tracker.cli.output import FORMAT_OPTION, Format, emit

_COLUMNS = ("id", "kind", "source", "status", "alpr_findings", "fetched_at", "url", "error")


def register(app: typer.Typer) -> None:
    """Add the ``documents`` command to ``app``."""

    @app.command()
    def documents(
        source: str = typer.Option(None, help="Only this source (registry id)."),
        kind: str = typer.Option(None, help="Only this kind: agenda, minutes, packet, staff_report, ..."),
        status: str = typer.Option(None, help="Only this status: ok, fetch_error, scanned, corrupt, ..."),
        limit: int = typer.Option(None, help="At most this many, newest first."),
        db: str = DB_OPTION,
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        """List stored documents: url, kind, source, status and ALPR finding count."""
        with repository(db) as repo:
            rows = repo.document_listing(source_key=source, kind=kind, status=status, limit=limit)
        emit(rows, fmt, _COLUMNS, title="Documents")
