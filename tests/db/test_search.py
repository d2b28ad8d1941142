"""db.search: full-text search over items, the same behaviour on SQLite FTS5 and PostgreSQL."""

from __future__ import annotations

import pytest

from db.models import Document
from db.repository import Repository
from db.search import MARK_END, MARK_START, SearchHit, fts5_query

ITEMS = [
    {"title": "Flock Safety agreement", "text": "Approve 40 license plate reader cameras for the police department."},
    {"title": "Parking enforcement", "text": "Renew the parking citation contract; vehicles are tagged by Flock."},
    {"title": "Library hours", "text": "Extend weekend hours at the main branch."},
]
HOSTILE = [
    '"', '""', "'", "NEAR(", "NEAR(flock cameras, 2)", "*", "flock*", "AND", "OR", "NOT", "-", "^", ":",
    "title:flock", "{title text}: flock", "(", ")", "a\"b", "\\", "\x00", "", "   ", "🚓 ?", "flock " * 500,
    "' OR 1=1 --", "items_fts MATCH 'x'",
]


@pytest.fixture
def document(repo: Repository) -> Document:
    return repo.upsert_document(url="https://example.org/agenda.pdf", content_sha256="0" * 64)[0]


@pytest.fixture
def items(repo: Repository, document: Document) -> list[int]:
    """The ids of the stored ITEMS, in order."""
    return [item.id for item, _ in repo.replace_items(document.id, ITEMS).items]


def ids(hits: list[SearchHit]) -> list[int]:
    return [hit.item.id for hit in hits]


def test_finds_a_word_of_the_text(repo: Repository, items: list[int]) -> None:
    assert ids(repo.search_items("library")) == [items[2]]
    assert ids(repo.search_items("weekend")) == [items[2]]


def test_stems_english_words(repo: Repository, items: list[int]) -> None:
    assert ids(repo.search_items("camera")) == [items[0]]
    assert ids(repo.search_items("renewing")) == [items[1]]


def test_every_word_must_match(repo: Repository, items: list[int]) -> None:
    assert ids(repo.search_items("flock parking")) == [items[1]]
    assert repo.search_items("flock library") == []


def test_a_match_in_the_title_ranks_first(repo: Repository, items: list[int]) -> None:
    hits = repo.search_items("flock")
    assert ids(hits) == [items[0], items[1]]
    assert hits[0].rank > hits[1].rank


def test_snippet_marks_the_match(repo: Repository, items: list[int]) -> None:
    (hit,) = repo.search_items("citation")
    assert f"{MARK_START}citation{MARK_END}" in hit.snippet


def test_limit(repo: Repository, items: list[int]) -> None:
    assert len(repo.search_items("flock", limit=1)) == 1


def test_index_follows_edits_and_deletions(repo: Repository, document: Document, items: list[int]) -> None:
    repo.replace_items(document.id, [ITEMS[0], {**ITEMS[1], "text": "Renew the meter contract."}])
    assert ids(repo.search_items("citation")) == []
    assert ids(repo.search_items("meter")) == [items[1]]
    assert ids(repo.search_items("library")) == []


@pytest.mark.parametrize("query", HOSTILE, ids=repr)
def test_hostile_queries_never_raise(repo: Repository, items: list[int], query: str) -> None:
    hits = repo.search_items(query)
    assert set(ids(hits)) <= set(items)


def test_quotes_inside_a_word_are_searched_literally(repo: Repository, items: list[int]) -> None:
    assert ids(repo.search_items('"library')) == [items[2]]
    assert ids(repo.search_items("flock* cameras")) == [items[0]]


def test_fts5_query_quotes_each_word_and_doubles_embedded_quotes() -> None:
    assert fts5_query('NEAR( a"b  *') == '"NEAR(" "a""b" "*"'
    assert fts5_query("  ") == ""
