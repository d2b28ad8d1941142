"""Full-text search over items: SQLite FTS5 or PostgreSQL ``tsvector``, behind one function.

The index objects are created by migration 0001, not declared in the models: ``"items_fts"``, an FTS5
external-content table (``content="items"``, which Datasette recognizes) kept current by triggers, and on
PostgreSQL the generated ``items.search_vector`` column with its GIN index. The Alembic environment hides
them from autogenerate by the names below.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnClause, ColumnElement, Select, func, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import column, table

from db.models import Item

FTS_TABLE = "items_fts"
TSVECTOR_COLUMN = "search_vector"
MARK_START, MARK_END = "<mark>", "</mark>"
_ELLIPSIS = "…"
_ENGLISH: ColumnClause[str] = literal_column("'english'::regconfig")


@dataclass(frozen=True)
class SearchHit:
    """An item that matches, with the matching passage marked and a rank (higher is better)."""

    item: Item
    snippet: str
    rank: float


def search_items(session: Session, query: str, limit: int = 50) -> list[SearchHit]:
    """Items matching every word of ``query``, best first; any input is safe, none raises.

    On PostgreSQL the query has web-search syntax (``"a phrase"``, ``or``, ``-word``); on SQLite every word
    is taken literally. Both stem English words, so "cameras" finds "camera".
    """
    query = query.replace("\x00", " ")
    if session.get_bind().dialect.name == "postgresql":
        stmt = _postgresql_search(query)
    else:
        match = fts5_query(query)
        if not match:
            return []
        stmt = _sqlite_search(match)
    return [SearchHit(item, snippet or "", float(rank)) for item, snippet, rank in session.execute(stmt.limit(limit))]


def fts5_query(query: str) -> str:
    """Quote each whitespace-separated word as an FTS5 string, so no operator or syntax error can leak in."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in query.split())


def _sqlite_search(match: str) -> Select[Item, str, float]:
    fts = table(FTS_TABLE, column("rowid"))
    fts_name: ColumnClause[str] = literal_column(FTS_TABLE)
    rank: ColumnElement[float] = -func.bm25(fts_name, 2.0, 1.0)  # bm25 is lower-is-better; title counts double
    snippet = func.snippet(fts_name, -1, MARK_START, MARK_END, _ELLIPSIS, 24)
    return (
        select(Item, snippet, rank)
        .join(fts, fts.c.rowid == Item.id)
        .where(fts_name.op("MATCH")(match))
        .order_by(rank.desc(), Item.id)
    )


def _postgresql_search(query: str) -> Select[Item, str, float]:
    tsquery = func.websearch_to_tsquery(_ENGLISH, query)
    vector: ColumnClause[str] = literal_column(f"{Item.__tablename__}.{TSVECTOR_COLUMN}")
    rank: ColumnElement[float] = func.ts_rank(vector, tsquery)
    document = func.concat_ws(" ", Item.title, Item.text)
    options = f"StartSel={MARK_START}, StopSel={MARK_END}, FragmentDelimiter={_ELLIPSIS}, MaxFragments=2, MaxWords=24"
    snippet = func.ts_headline(_ENGLISH, document, tsquery, options)
    return select(Item, snippet, rank).where(vector.op("@@")(tsquery)).order_by(rank.desc(), Item.id)
