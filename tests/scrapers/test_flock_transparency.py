"""Flock transparency portals: real recorded pages crawled by the real spider on 127.0.0.1, then listed.

Each crawl is ``alpr-tracker crawl`` in its own process; the listing is ``alpr-tracker portals --format json``
in another, on the crawl's database.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select
from twisted.python.failure import Failure

from db.engine import make_engine, session_factory
from db.models import PortalSnapshot
from scrapers.items import DocumentItem, SourceStatusItem
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.flock_transparency import FlockTransparencySpider
from tests.scrapers.conftest import CRAWL_ENV, FIXTURES, ROOT

PORTALS = FIXTURES / "flock_transparency"
#: Hand-made walls (see the README beside them): no recording shows what the host sends a scripted visitor.
WALLS = ROOT / "tests" / "scrapers" / "files" / "flock_transparency"
CHALLENGE = (WALLS / "cloudflare-challenge.html").read_bytes()
OAKLAND_2026 = PORTALS / "2026-04" / "oakland-ca-pd_2026-04-28.html"
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


@pytest.mark.slow
def test_portals_of_both_layouts_are_crawled_stored_and_listed_a_missing_and_a_blocked_one_are_errors(crawl) -> None:
    gone = Exchange(url=f"https://{HOST}/gone-ca-pd", status=404, body=b"Not Found")
    challenge = Exchange(url=f"https://{HOST}/walled-ca-pd", status=403, body=CHALLENGE,
                         headers={"Content-Type": "text/html; charset=UTF-8", "cf-mitigated": "challenge"})
    oakland = page(f"https://{HOST}/oakland-ca-pd", OAKLAND_2026)
    with replaying([portal("costa-mesa-ca-pd"), portal("buena-park-ca-pd"), gone, challenge, oakland]) as site:
        entries = [entry(site, "costa-mesa-ca-pd", "Costa Mesa"), entry(site, "buena-park-ca-pd", "Buena Park"),
                   entry(site, "gone-ca-pd", "Gone"), entry(site, "walled-ca-pd", "Walled"),
                   entry(site, "oakland-ca-pd", "Oakland")]
        result = crawl(entries)
        again = crawl(entries, settings=REFETCH)
    assert result.returncode == 0, result.stderr
    summary = {row["source"]: row for row in result.summary}
    assert summary["flock_transparency:costa-mesa-ca-pd"]["status"] == "ok"
    assert summary["flock_transparency:oakland-ca-pd"]["status"] == "ok"
    assert summary["flock_transparency:gone-ca-pd"]["status"] == "error"
    assert "404" in summary["flock_transparency:gone-ca-pd"]["last_error"]
    walled = summary["flock_transparency:walled-ca-pd"]
    assert walled["status"] == "error"
    assert walled["last_error"].startswith("blocked: ") and "HTTP 403, a Cloudflare bot challenge" in walled["last_error"]
    assert {(d["source"].split(":")[1], d["kind"], d["status"]) for d in result.documents()} == {
        ("costa-mesa-ca-pd", "portal_page", "ok"), ("buena-park-ca-pd", "portal_page", "ok"),
        ("gone-ca-pd", "portal_page", "fetch_error"), ("walled-ca-pd", "portal_page", "fetch_error"),
        ("oakland-ca-pd", "portal_page", "ok")}

    rows = {row["source"]: row for row in portals_json(result.db_url)}
    assert set(rows) == {"flock_transparency:buena-park-ca-pd", "flock_transparency:costa-mesa-ca-pd",
                         "flock_transparency:oakland-ca-pd"}
    assert (rows["flock_transparency:oakland-ca-pd"]["retention_days"],
            rows["flock_transparency:oakland-ca-pd"]["camera_count"]) == (30, 293)
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
    assert snapshot_count(result.db_url) == 3
    assert {row["snapshot"] for row in portals_json(result.db_url)} == {1}


@pytest.mark.slow
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


# In-process: the spider's own reading of a saved response, one verdict per test.
SPIDER = FlockTransparencySpider.from_crawler(
    get_crawler(FlockTransparencySpider), sources=[{"id": "flock_transparency:oakland-ca-pd", "name": "Oakland",
                                                    "platform": "flock_transparency",
                                                    "url": f"https://{HOST}/oakland-ca-pd"}])


def answered(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> HtmlResponse:
    [request] = SPIDER.requests_for(SPIDER.sources["flock_transparency:oakland-ca-pd"])
    return HtmlResponse(request.url, status=status, body=body, headers=headers or {}, request=request)


@pytest.fixture(scope="module")
def challenged() -> list:
    return list(SPIDER.parse_document(answered(CHALLENGE)))


def test_a_challenge_page_is_no_document_body(challenged) -> None:
    document = challenged[0]
    assert isinstance(document, DocumentItem) and document.body is None and document.kind == "portal_page"
    assert document.error.startswith(f'blocked: https://{HOST}/oakland-ca-pd: a bot challenge page (title "Just a')


def test_a_challenge_page_is_the_sources_blocked_error(challenged) -> None:
    status = challenged[1]
    assert isinstance(status, SourceStatusItem) and status.ok is False
    assert status.error == challenged[0].error and status.error.startswith("blocked: ")
    assert status.error.endswith("or follow the portal through the eyesonflock source")


def test_a_403_challenge_is_blocked_with_its_status() -> None:
    response = answered(CHALLENGE, status=403, headers={"cf-mitigated": "challenge"})
    failure = Failure(HttpError(response))
    failure.request = response.request
    document, status = SPIDER.document_failed(failure)
    assert status.error.startswith(f"blocked: https://{HOST}/oakland-ca-pd: HTTP 403, a Cloudflare bot challenge")
    assert document.error == status.error and not status.ok


def test_a_real_2026_page_is_a_document_with_its_body() -> None:
    [document] = SPIDER.parse_document(answered(OAKLAND_2026.read_bytes()))
    assert document.body == OAKLAND_2026.read_bytes() and document.error is None
