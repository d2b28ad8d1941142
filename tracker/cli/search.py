"""``alpr-tracker search QUERY``: full-text search over every stored agenda item, with its document."""

from __future__ import annotations

import typer
from rich.text import Text

from db.search import MARK_END, MARK_START
from tracker.cli.database import DB_OPTION, repository
from tracker.cli.output import FORMAT_OPTION, Format, emit, printable

_COLUMNS = ("item", "title", "snippet", "relevant", "vendor", "document_url")


def _pieces(snippet: str) -> list[tuple[str, bool]]:
    """The snippet as (text, matched) runs, from the database's ``<mark>`` around each match."""
    pieces = []
    for n, part in enumerate(snippet.split(MARK_START)):
        marked, _, rest = part.partition(MARK_END) if n else ("", "", part)
        pieces += [(marked, True)] if marked else []
        pieces += [(rest, False)] if rest else []
    return pieces


def highlighted(pieces: list[tuple[str, bool]]) -> Text:
    """A snippet's pieces for a terminal: matches in bold, nothing of the page obeyed as markup or escapes."""
    return Text.assemble(*((printable(text), "bold reverse") if matched else printable(text)
                           for text, matched in pieces))


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
                pieces = _pieces(hit.snippet)
                # Matches highlighted in a terminal; plain text in JSON and CSV.
                snippet = highlighted(pieces) if fmt is Format.table else "".join(text for text, _ in pieces)
                rows.append({
                    "item": item.number, "title": item.title, "snippet": snippet,
                    "matched": sorted({text for text, matched in pieces if matched}), "rank": hit.rank,
                    "relevant": finding.relevant if finding else None, "vendor": finding.vendor if finding else None,
                    "category": finding.category if finding else None, "document_id": item.document_id,
                    "document_url": item.document.url, "page": item.page,
                })
        emit(rows, fmt, _COLUMNS, title=f"Items matching {query!r}")
