"""``alpr-tracker search QUERY``: full-text search over every stored agenda item, with its document."""

from __future__ import annotations

import typer

from tracker.cli.database import DB_OPTION, repository
from tracker.cli.output import FORMAT_OPTION, Format, emit

_COLUMNS = ("item", "title", "snippet", "relevant", "vendor", "document_url")


def register(app: typer.Typer) -> None:
    """Add the ``search`` command to ``app``."""

    @app.command()
    def search(
        query: str = typer.Argument(..., help='Words to find (PostgreSQL also takes "a phrase", or, -word).'),
        limit: int = typer.Option(50, help="At most this many items, best first."),
        db: str = DB_OPTION,
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        """Find items by their words (stemmed: "cameras" finds "camera"), best match first."""
        with repository(db) as repo:
            rows = []
            for hit in repo.search_items(query, limit=limit):
                item, finding = hit.item, repo.finding_for(hit.item.id)
                rows.append({
                    "item": item.number, "title": item.title, "snippet": hit.snippet, "rank": hit.rank,
                    "relevant": finding.relevant if finding else None, "vendor": finding.vendor if finding else None,
                    "category": finding.category if finding else None, "document_id": item.document_id,
                    "document_url": item.document.url, "page": item.page,
                })
        emit(rows, fmt, _COLUMNS, title=f"Items matching {query!r}")
