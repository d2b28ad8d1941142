"""BoardDocs: hand-made recorded-shape responses (see files/boarddocs/README.md) crawled by the real spider."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Document, Meeting
from scrapers.replay import Exchange, page, replaying
from scrapers.spiders.boarddocs import attachment_kind, committees, meeting_day

FILES = Path(__file__).parent / "files" / "boarddocs"
HOST = "go.boarddocs.com"
APP = f"https://{HOST}/ca/rvsd/Board.nsf"
COMMITTEE = "A9QLVN5F2C3D"
REGULAR, SPECIAL = "DA7QKR6B1E2F", "DA9PLT7C3A4B"
MARCH = ("--since", "2026-03-01", "--until", "2026-03-31")
HTML = {"Content-Type": "text/html; charset=utf-8"}


def ridgeview() -> list[Exchange]:
    """The public page, the meeting list (a POST), two detailed agendas, their minutes (POSTs) and files."""
    def agent(name: str, meeting: str) -> str:
        return f"{APP}/{name}?open&id={meeting}&current_committee_id={COMMITTEE}"

    return [
        Exchange(url=f"https://{HOST}/robots.txt", body=b"User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"}),
        page(f"{APP}/Public", FILES / "public.html"),
        Exchange(url=f"{APP}/BD-GetMeetingsList?open", method="POST", body=(FILES / "meetings-list.json").read_bytes(),
                 headers={"Content-Type": "application/json; charset=utf-8"}),
        page(agent("PRINT-AgendaDetailed", REGULAR), FILES / f"agenda-{REGULAR}.html"),
        page(agent("PRINT-AgendaDetailed", SPECIAL), FILES / f"agenda-{SPECIAL}.html"),
        Exchange(url=agent("BD-GetMinutes", REGULAR), method="POST", headers=HTML,
                 body=(FILES / f"minutes-{REGULAR}.html").read_bytes()),
        Exchange(url=agent("BD-GetMinutes", SPECIAL), method="POST", headers=HTML, body=b""),
        page(f"{APP}/files/DA7QMT6B2C1D/$file/Flock%20Safety%20Proposal.pdf", FILES / "file-DA7QMT6B2C1D.pdf"),
        page(f"{APP}/files/DA7QLM6B1F3A/$file/Minutes%20February%2010%202026.pdf", FILES / "file-DA7QLM6B1F3A.pdf"),
    ]


def entry(site, host: str = HOST, path: str = "/ca/rvsd/Board.nsf", slug: str = "ridgeview-usd", **options) -> dict:
    return {"id": f"boarddocs:{slug}", "name": slug, "state": "CA", "platform": "boarddocs",
            "url": site.base(host) + path, "options": options}


def stored(db_url: str) -> tuple[dict[str, tuple[str, str, dt.date]], set[str]]:
    """Stored meetings (external id -> body, status, day) and the meetings that have documents."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            meetings = {m.external_id: (m.body, m.status, m.start.date()) for m in session.scalars(select(Meeting))}
            with_documents = set(session.scalars(select(Meeting.external_id).join(Document, Document.meeting_id == Meeting.id)))
            return meetings, with_documents
    finally:
        engine.dispose()


def test_committees_come_from_triggers_selects_or_the_inline_variable() -> None:
    assert committees((FILES / "public.html").read_text(encoding="utf-8")) == [(COMMITTEE, "Board of Education")]
    assert committees('<select name="committeeid"><option value="A1B2C3D4E5F6">Board</option></select>') == [
        ("A1B2C3D4E5F6", "Board")]
    assert committees('<script>var current_committee_id = "A1B2C3D4E5F6";</script>') == [("A1B2C3D4E5F6", "")]
    assert committees("<html><body>Private site</body></html>") == []


def test_meeting_days_and_attachment_kinds() -> None:
    assert meeting_day("20260310") == meeting_day("2026-03-10T19:00:00") == dt.date(2026, 3, 10)
    assert meeting_day("") is None and meeting_day("20261340") is None
    assert attachment_kind("Minutes February 10 2026.pdf") == "minutes"
    assert attachment_kind("Flock Safety Proposal.pdf") == "staff_report"


def test_agendas_files_and_published_minutes_of_the_window_are_stored(crawl) -> None:
    with replaying(ridgeview()) as site:
        result = crawl([entry(site)], *MARCH)
    assert result.returncode == 0, result.stderr
    assert site.unmatched == []  # February's meeting, outside the window, was not asked for
    documents = {d["url"].split("/Board.nsf/")[1]: d for d in result.documents()}
    assert {tail: (d["kind"], d["status"]) for tail, d in documents.items()} == {
        f"PRINT-AgendaDetailed?open&id={REGULAR}&current_committee_id={COMMITTEE}": ("agenda", "ok"),
        f"PRINT-AgendaDetailed?open&id={SPECIAL}&current_committee_id={COMMITTEE}": ("agenda", "ok"),
        f"BD-GetMinutes?open&id={REGULAR}&current_committee_id={COMMITTEE}": ("minutes", "ok"),
        "files/DA7QMT6B2C1D/$file/Flock%20Safety%20Proposal.pdf": ("staff_report", "ok"),
        "files/DA7QLM6B1F3A/$file/Minutes%20February%2010%202026.pdf": ("minutes", "ok"),
    }  # the special meeting's minutes were empty (not yet published): no document
    assert documents[f"PRINT-AgendaDetailed?open&id={REGULAR}&current_committee_id={COMMITTEE}"]["alpr_findings"] >= 1
    assert documents[f"PRINT-AgendaDetailed?open&id={SPECIAL}&current_committee_id={COMMITTEE}"]["alpr_findings"] == 0
    meetings, with_documents = stored(result.db_url)
    assert meetings == {REGULAR: ("Board of Education", "held", dt.date(2026, 3, 10)),
                        SPECIAL: ("Board of Education", "held", dt.date(2026, 3, 24))}
    assert with_documents == {REGULAR, SPECIAL}


def test_a_refused_meeting_list_or_a_page_without_committees_is_the_sources_error(crawl) -> None:
    refused = Exchange(url="https://closed.boarddocs.example/tx/closed/Board.nsf/BD-GetMeetingsList?open", method="POST",
                       status=403, body=b"<html><body>403 Forbidden</body></html>", headers=HTML)
    private = Exchange(url="https://private.boarddocs.example/ny/private/Board.nsf/Public", headers=HTML,
                       body=b"<html><body><h1>This BoardDocs site is private.</h1></body></html>")
    with replaying([*ridgeview(), refused, private]) as site:
        entries = [entry(site),
                   entry(site, "closed.boarddocs.example", "/tx/closed/Board.nsf", "closed", committee_id="B1C2D3E4F5A6"),
                   entry(site, "private.boarddocs.example", "/ny/private/Board.nsf", "private")]
        result = crawl(entries, *MARCH)
    by_source = {row["source"]: row for row in result.summary}
    assert by_source["boarddocs:ridgeview-usd"]["status"] == "ok"
    assert by_source["boarddocs:ridgeview-usd"]["alpr_items"] >= 1
    assert by_source["boarddocs:closed"]["status"] == "error"
    assert "HTTP 403: BoardDocs refused the request" in by_source["boarddocs:closed"]["last_error"]
    assert by_source["boarddocs:private"]["status"] == "error"
    assert "no committee on the public page" in by_source["boarddocs:private"]["last_error"]
