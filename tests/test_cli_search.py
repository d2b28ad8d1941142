"""``alpr-tracker search``: stemmed full-text search over stored items, with each item's finding."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from db.engine import make_engine, session_factory
from db.repository import Repository
from tracker.cli import app
from tracker.ingest import ingest_document

AGENDA = b"""CITY COUNCIL AGENDA
1. Approve minutes of the regular meeting.
2. Approve a two-year agreement with Flock Group Inc. for twelve (12) automated license plate reader cameras
in an amount not to exceed $72,000.
3. Award a contract for street resurfacing.
"""


def test_search_finds_stemmed_words_and_reports_the_finding(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_factory(engine).begin() as session:
        ingest_document(Repository(session), url="https://example.gov/agenda.txt", body=AGENDA, source_id=None,
                        mime="text/plain")
    engine.dispose()
    result = CliRunner().invoke(app, ["search", "plate camera", "--db", db_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    [hit] = json.loads(result.output)
    assert hit["item"] == "2" and hit["relevant"] is True and hit["vendor"] == "flock"
    assert hit["document_url"] == "https://example.gov/agenda.txt" and "<mark>" not in hit["snippet"]
    assert "license plate reader cameras" in hit["snippet"] and hit["matched"] == ["cameras", "plate"]
    table = CliRunner().invoke(app, ["search", "plate camera", "--db", db_url], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "<mark>" not in table.output and "plate" in table.output
    csv = CliRunner().invoke(app, ["search", "plate camera", "--db", db_url, "--format", "csv"])
    assert "<mark>" not in csv.output and "license plate reader cameras" in csv.output
    none = CliRunner().invoke(app, ["search", 'resurfacing" OR 1=1 --', "--db", db_url, "--format", "json"])
    assert none.exit_code == 0 and json.loads(none.output) == []
