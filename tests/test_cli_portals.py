"""``alpr-tracker portals``: the latest snapshot of each portal as a table, JSON or CSV, filtered on request."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from db.engine import make_engine, session_factory
from db.migrate import upgrade
from db.repository import Repository
from tracker.cli import app
from tracker.portals.store import store_portal_snapshot
from tracker.sources import register_source

PORTALS = Path(__file__).resolve().parents[1] / ".." / "shared" / "fixtures" / "flock_transparency"


def add_portal(db_url: str, slug: str, body: bytes) -> None:
    """Store ``body`` as the next snapshot of the portal ``slug``, as the crawler's pipeline does."""
    engine = make_engine(db_url)
    with session_factory(engine).begin() as session:
        repo = Repository(session)
        url = f"https://transparency.flocksafety.com/{slug}"
        source = register_source(repo, {"id": f"flock_transparency:{slug}", "name": slug, "state": "CA",
                                        "platform": "flock_transparency", "url": url})
        document, _ = repo.upsert_document(url=url, content_sha256=hashlib.sha256(body).hexdigest(),
                                           source_id=source.id, kind="portal_page")
        store_portal_snapshot(repo, source.id, document, body)
    engine.dispose()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """Costa Mesa (with an FBI and a Texas agency added) and Fountain Valley, as stored by a crawl."""
    url = f"sqlite:///{tmp_path}/portals.sqlite"
    upgrade(url)
    costa_mesa = (PORTALS / "costa-mesa-ca-pd.html").read_bytes()
    add_portal(url, "costa-mesa-ca-pd", costa_mesa.replace(b"Alhambra CA PD, ", b"Alhambra CA PD, FBI, Austin TX PD, "))
    add_portal(url, "fountain-valley-ca-pd", (PORTALS / "fountain-valley-ca-pd.html").read_bytes())
    return url


def portals(db_url: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["portals", "--db", db_url, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_json_lists_every_portal_with_its_organizations_and_flags(db_url: str) -> None:
    rows = json.loads(portals(db_url, "--format", "json"))
    assert [row["source"] for row in rows] == ["flock_transparency:costa-mesa-ca-pd",
                                               "flock_transparency:fountain-valley-ca-pd"]
    costa_mesa, fountain_valley = rows
    assert {key: costa_mesa[key] for key in ("retention_days", "camera_count", "vehicles_detected_30d",
                                             "hotlist_hits_30d", "searches_30d", "organization_count")} == {
        "retention_days": 365, "camera_count": 46, "vehicles_detected_30d": 1_298_161, "hotlist_hits_30d": 18_205,
        "searches_30d": 519, "organization_count": 352}
    assert [(flag["name"], flag["reason"], flag["state"]) for flag in costa_mesa["flagged_organizations"]] == [
        ("FBI", "federal", None), ("Austin TX PD", "out_of_state", "TX")]
    assert costa_mesa["captured_at"] and costa_mesa["changes"] == {"first_snapshot": True}
    assert fountain_valley["flagged_organizations"] == [] and len(fountain_valley["organizations"]) == 256


def test_source_and_flagged_only_filter_the_listing(db_url: str) -> None:
    flagged = json.loads(portals(db_url, "--format", "json", "--flagged-only"))
    assert [row["source"] for row in flagged] == ["flock_transparency:costa-mesa-ca-pd"]
    one = json.loads(portals(db_url, "--format", "json", "--source", "flock_transparency:fountain-valley-ca-pd"))
    assert [(row["source"], row["camera_count"]) for row in one] == [("flock_transparency:fountain-valley-ca-pd", 10)]
    assert json.loads(portals(db_url, "--format", "json", "--source", "nowhere")) == []


def test_csv_has_the_flags_and_organizations_as_text(db_url: str) -> None:
    rows = list(csv.DictReader(io.StringIO(portals(db_url, "--format", "csv"))))
    assert [row["source"] for row in rows] == ["flock_transparency:costa-mesa-ca-pd",
                                               "flock_transparency:fountain-valley-ca-pd"]
    assert rows[0]["flagged"] == "FBI (federal, state unknown); Austin TX PD (out_of_state, TX)"
    assert (rows[0]["federal_count"], rows[0]["out_of_state_count"], rows[0]["retention_days"]) == ("1", "1", "365")
    assert (rows[0]["vehicles_detected_30d"], rows[0]["hotlist_hits_30d"]) == ("1298161", "18205")
    assert "Austin TX PD" in rows[0]["organizations"].split("; ")
    assert rows[1]["flagged"] == ""


def test_the_table_shows_each_portal(db_url: str) -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["portals", "--db", db_url])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "flock_transparency:" in line]
    assert len(lines) == 2
    assert [cell.strip() for cell in lines[0].split("│")[3:9]] == ["365", "46", "519", "352", "1", "1"]


def test_an_empty_database_lists_nothing(tmp_path: Path) -> None:
    assert json.loads(portals(f"sqlite:///{tmp_path}/empty.sqlite", "--format", "json")) == []


CAPTURES = PORTALS / "2026-04"
WALLS = Path(__file__).resolve().parent / "scrapers" / "files" / "flock_transparency"


def imported(db_url: str, *files: Path) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(app, ["portals", "import", "--db", db_url, "--format", "json", *map(str, files)])
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_every_saved_2026_capture_imports_as_its_portals_first_snapshot(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path}/imported.sqlite"
    code, rows, errors = imported(db_url, *sorted(CAPTURES.glob("*.html")))
    assert (code, errors) == (0, "")
    assert len(rows) == 20 and {row["state"] for row in rows} == {"created"}
    # The slug is the file name's, less the capture date.
    by_source = {row["source"]: row for row in rows}
    assert (by_source["flock_transparency:oakland-ca-pd"]["retention_days"],
            by_source["flock_transparency:oakland-ca-pd"]["camera_count"]) == (30, 293)
    assert by_source["flock_transparency:vallejo-ca-pd"]["organization_count"] == 65
    listing = {row["source"]: row for row in json.loads(portals(db_url, "--format", "json"))}
    vallejo = listing["flock_transparency:vallejo-ca-pd"]
    assert (vallejo["organization_count"], vallejo["received_from_count"]) == (65, 317)
    assert vallejo["url"] == "https://transparency.flocksafety.com/vallejo-ca-pd"
    assert vallejo["state"] == "CA" and vallejo["license"] is None and vallejo["attribution"] is None
    # The same files again: nothing new.
    code, again, _ = imported(db_url, CAPTURES / "vallejo-ca-pd_2026-04-23.html")
    assert (code, again[0]["snapshot"], again[0]["state"]) == (0, 1, "unchanged")


def test_a_page_that_names_its_address_is_that_portal_whatever_the_file_is_called(tmp_path: Path) -> None:
    body = (CAPTURES / "berkeley-ca-pd_2026-04-25.html").read_bytes()
    saved = tmp_path / "Flock Safety (1).html"
    saved.write_bytes(b"<!-- saved from url=(0052)https://transparency.flocksafety.com/berkeley-ca-pd -->\n" + body)
    code, [row], _ = imported(f"sqlite:///{tmp_path}/named.sqlite", saved)
    assert (code, row["source"], row["camera_count"]) == (0, "flock_transparency:berkeley-ca-pd", 52)


def test_files_that_cannot_be_read_exit_1_with_one_line_each(tmp_path: Path) -> None:
    missing = tmp_path / "missing-ca-pd.html"
    challenge = WALLS / "cloudflare-challenge.html"
    code, rows, errors = imported(f"sqlite:///{tmp_path}/bad.sqlite", CAPTURES / "oakland-ca-pd_2026-04-28.html",
                                  missing, challenge)
    assert code == 1 and [row["source"] for row in rows] == ["flock_transparency:oakland-ca-pd"]
    lines = errors.splitlines()
    assert len(lines) == 2
    assert lines[0] == f"{missing}: cannot be read: No such file or directory"
    assert lines[1].startswith(f'{challenge}: blocked: a bot challenge page (title "Just a moment...");')
