"""Flock transparency portals: real recorded pages crawled by the real spider on 127.0.0.1, then listed.

Each crawl is ``alpr-tracker crawl`` in its own process; the listing is ``alpr-tracker portals --format json``
in another, on the crawl's database.
"""

from __future__ import annotations

import json
import subprocess
import sys

from sqlalchemy import func, select

from db.engine import make_engine, session_factory
from db.models import PortalSnapshot
from scrapers.replay import Exchange, page, replaying
from tests.scrapers.conftest import CRAWL_ENV, FIXTURES, ROOT

PORTALS = FIXTURES / "flock_transparency"
HOST = "transparency.flocksafety.com"
SB34 = "Cal. Civ. Code § 1798.90.55(b) (SB 34, 2015)"
#: Re-crawls fetch the stored page again instead of skipping it as fetched within the day.
REFETCH = {"ALPR_DOCUMENT_REFRESH_HOURS": "0"}


def portal(slug: str, body: bytes | None = None) -> Exchange:
    """The recorded page of ``slug`` at its real address, or ``body`` in its place."""
    recorded = page(f"https://{HOST}/{slug}", PORTALS / f"{slug}.html")
    return recorded if body is None else Exchange(url=recorded.url, body=body, headers=recorded.headers)


def entry(site, slug: str, name: str) -> dict:
    return {"id": f"flock_transparency:{slug}", "name": name, "state": "CA", "platform": "flock_transparency",
            "url": site.base(HOST) + f"/{slug}"}


def portals_json(db_url: str, *args: str) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "tracker", "portals", "--db", db_url, "--format", "json", *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env=CRAWL_ENV)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def snapshot_count(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            return session.scalar(select(func.count()).select_from(PortalSnapshot))
    finally:
        engine.dispose()


def test_two_portals_are_crawled_stored_and_listed_and_a_missing_one_is_the_sources_error(crawl) -> None:
    gone = Exchange(url=f"https://{HOST}/gone-ca-pd", status=404, body=b"Not Found")
    with replaying([portal("costa-mesa-ca-pd"), portal("buena-park-ca-pd"), gone]) as site:
        entries = [entry(site, "costa-mesa-ca-pd", "Costa Mesa"), entry(site, "buena-park-ca-pd", "Buena Park"),
                   entry(site, "gone-ca-pd", "Gone")]
        result = crawl(entries)
        again = crawl(entries, settings=REFETCH)
    assert result.returncode == 0, result.stderr
    summary = {row["source"]: row for row in result.summary}
    assert summary["flock_transparency:costa-mesa-ca-pd"]["status"] == "ok"
    assert summary["flock_transparency:gone-ca-pd"]["status"] == "error"
    assert "404" in summary["flock_transparency:gone-ca-pd"]["last_error"]
    assert {(d["source"].split(":")[1], d["kind"], d["status"]) for d in result.documents()} == {
        ("costa-mesa-ca-pd", "portal_page", "ok"), ("buena-park-ca-pd", "portal_page", "ok"),
        ("gone-ca-pd", "portal_page", "fetch_error")}

    rows = {row["source"]: row for row in portals_json(result.db_url)}
    assert set(rows) == {"flock_transparency:buena-park-ca-pd", "flock_transparency:costa-mesa-ca-pd"}
    costa_mesa = rows["flock_transparency:costa-mesa-ca-pd"]
    assert (costa_mesa["retention_days"], costa_mesa["camera_count"]) == (365, 46)
    assert (costa_mesa["vehicles_detected_30d"], costa_mesa["hotlist_hits_30d"], costa_mesa["searches_30d"]) == (
        1_298_161, 18_205, 519)
    assert len(costa_mesa["organizations"]) == 350 and "Anaheim CA PD" in costa_mesa["organizations"]
    assert costa_mesa["flagged_organizations"] == []
    assert costa_mesa["captured_at"] and costa_mesa["snapshot"] == 1
    buena_park = rows["flock_transparency:buena-park-ca-pd"]
    assert (buena_park["retention_days"], buena_park["camera_count"], buena_park["searches_30d"]) == (30, 13, 837)
    assert buena_park["search_audit"]["without_reason"] == 266

    # The same pages fetched again: nothing new is stored.
    assert again.returncode == 0, again.stderr
    assert snapshot_count(result.db_url) == 2
    assert {row["snapshot"] for row in portals_json(result.db_url)} == {1}


def test_a_changed_portal_is_a_new_snapshot_with_what_changed(crawl) -> None:
    original = (PORTALS / "costa-mesa-ca-pd.html").read_text(encoding="utf-8")
    changed = (original.replace("365 days", "730 days")
               .replace("Alhambra CA PD, ", "Alhambra CA PD, HSI Los Angeles, Phoenix AZ PD, ")).encode("utf-8")
    with replaying([portal("costa-mesa-ca-pd")]) as site:
        first = crawl([entry(site, "costa-mesa-ca-pd", "Costa Mesa")])
    with replaying([portal("costa-mesa-ca-pd", changed)]) as site:
        second = crawl([entry(site, "costa-mesa-ca-pd", "Costa Mesa")], settings=REFETCH)
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert snapshot_count(second.db_url) == 2

    [row] = portals_json(second.db_url, "--flagged-only")
    assert (row["snapshot"], row["retention_days"]) == (2, 730)
    assert row["flagged_organizations"] == [
        {"name": "HSI Los Angeles", "reason": "federal", "state": None, "detail": "Homeland Security Investigations",
         "law": SB34},
        {"name": "Phoenix AZ PD", "reason": "out_of_state", "state": "AZ", "detail": "AZ, not CA", "law": SB34},
    ]
    changes = row["changes"]
    assert changes["retention_days"] == {"before": 365, "after": 730}
    assert changes["organizations_added"] == ["HSI Los Angeles", "Phoenix AZ PD"]
    assert [flag["name"] for flag in changes["new_federal"]] == ["HSI Los Angeles"]
    assert [flag["name"] for flag in changes["new_out_of_state"]] == ["Phoenix AZ PD"]
