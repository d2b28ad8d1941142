"""tracker.digest.model: reading an alert's facts (with the contract as fallback) and grouping by place."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from db.models import Alert, Contract, Jurisdiction
from tracker.digest.model import AlertView, Digest, alert_view, group_by_place, safe_url

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _alert(id: int, kind: str = "new_contract", **facts: object) -> Alert:
    return Alert(id=id, kind=kind, dedupe_key=f"{kind}:{id}", created_at=T0 + timedelta(minutes=id), facts=facts)


def test_facts_are_read_and_typed() -> None:
    view = alert_view(_alert(
        1, "upcoming_vote", jurisdiction="Oakland", state="CA", body="City Council", item_number="5.1",
        meeting_start="2026-03-03T17:30:00-08:00", vendor="flock", vendor_name="Flock Safety", camera_count="40",
        total_usd="600000", term_months=24.0, status="proposed", how_to_comment="Email the clerk.",
        document_url="https://oakland.legistar.com/View.ashx?M=A&ID=12345",
        evidence={"start": 0, "end": 10, "text": "Approve a 24-month agreement"},
    ))
    assert (view.place, view.vendor, view.camera_count, view.total_usd, view.term_months) == (
        "Oakland, CA", "Flock Safety", 40, 600000.0, 24)
    assert view.meeting_start == datetime(2026, 3, 4, 1, 30, tzinfo=UTC)
    assert view.meeting_start.utcoffset() == timedelta(hours=-8)  # shown in the zone it was stated in
    assert view.evidence == "Approve a 24-month agreement" and view.how_to_comment == "Email the clerk."
    assert view.headline == "Upcoming vote: Flock Safety (Oakland, CA)"
    assert view.as_json()["meeting_start"] == "2026-03-03T17:30:00-08:00"


def test_the_contract_and_its_jurisdiction_fill_what_the_facts_leave_out() -> None:
    contract = Contract(jurisdiction=Jurisdiction(id="ocd-division/country:us/state:tx/place:austin", name="Austin",
                                                  kind="city", state="TX"),
                        vendor="motorola", agreement_key="k", products=["Vigilant"], camera_count=12,
                        total_usd=72000.0, term_months=36, status="approved")
    view = alert_view(Alert(id=2, kind="contract_changed", dedupe_key="c:2", created_at=T0, contract=contract,
                            facts={"status": "amended", "camera_count": 20}))
    assert (view.place, view.vendor, view.product, view.total_usd, view.term_months) == (
        "Austin, TX", "motorola", "Vigilant", 72000.0, 36)
    assert (view.status, view.camera_count) == ("amended", 20)  # the alert's own facts win


def test_dates_without_time_or_zone() -> None:
    assert alert_view(_alert(1, meeting_date="2026-05-12")).meeting_start == date(2026, 5, 12)
    naive = alert_view(_alert(2, meeting_start="2026-05-12T18:00:00")).meeting_start
    assert naive == datetime(2026, 5, 12, 18, tzinfo=UTC)
    assert alert_view(_alert(3, meeting_start="next Tuesday")).meeting_start is None


def test_only_http_links_survive_and_odd_characters_are_encoded() -> None:
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<b>x</b>", "/relative/path",
                "https://a.gov/with space", "mailto:clerk@a.gov", "https://", None, ""):
        assert safe_url(bad) is None, bad
    assert safe_url('https://a.gov/x"y<z>|\\') == "https://a.gov/x%22y%3Cz%3E%7C%5C"
    assert safe_url("https://a.gov/p?a=1&b=%20") == "https://a.gov/p?a=1&b=%20"
    assert alert_view(_alert(1, document_url="javascript:alert(1)")).document_url is None


def test_control_characters_are_removed_from_scraped_text() -> None:
    view = alert_view(_alert(1, vendor="Flock\x00 Safety\x0c", title="Two\nlines", evidence="line one\nline\x1b two"))
    assert (view.vendor, view.title) == ("Flock Safety", "Two lines")  # one-line fields stay on one line
    assert view.evidence == "line one\nline  two"


def test_long_evidence_is_cut() -> None:
    view = alert_view(_alert(1, evidence="word " * 400))
    assert view.evidence is not None and len(view.evidence) <= 600 and view.evidence.endswith("…")


def _view(id: int, kind: str, state: str | None, place: str | None, start: datetime | None = None) -> AlertView:
    return AlertView(id=id, kind=kind, dedupe_key=f"k{id}", created_at=T0, state=state, jurisdiction=place,
                     meeting_start=start)


def test_alerts_are_grouped_by_state_and_place_with_votes_first() -> None:
    views = [
        _view(1, "new_contract", "TX", "Austin"),
        _view(2, "upcoming_vote", "CA", "Oakland", T0 + timedelta(days=9)),
        _view(3, "portal_changed", None, None),
        _view(4, "new_contract", "CA", "Oakland"),
        _view(5, "upcoming_vote", "CA", "Oakland", T0 + timedelta(days=2)),
        _view(6, "federal_award", "CA", "Berkeley"),
    ]
    groups = group_by_place(views)
    assert [g.place for g in groups] == ["Berkeley, CA", "Oakland, CA", "Austin, TX", "Unknown place"]
    assert [v.id for v in groups[1].alerts] == [5, 2, 4]


def test_subject_counts_alerts_and_names_a_few_places() -> None:
    places = [("CA", "Oakland"), ("CA", "Berkeley"), ("TX", "Austin"), ("WA", "Seattle"), ("OR", "Eugene")]
    views = [_view(i, "new_contract", state, name) for i, (state, name) in enumerate(places)]
    digest = Digest.of("ALPR alerts in California", views, T0)
    assert digest.subject == ("ALPR alerts in California (5 alerts: Berkeley, CA; Oakland, CA; Eugene, OR "
                              "and 2 more)")
    assert Digest.of("t", views[:1], T0).subject == "t (1 alert: Oakland, CA)"
    assert Digest.of("t", [], T0).subject == "t (no alerts)"
    newline = Digest.of("t", [_view(9, "new_contract", "CA", "Evil\r\nBcc: x@y.z")], T0).subject
    assert "\n" not in newline and "\r" not in newline
