"""tracker.digest renderers: the facts are shown, and scraped markup stays inert in every format."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from db.models import Alert
from tracker.digest import Digest, alert_view, atom_feed, ics_calendar, render_chat, render_html, render_text
from tracker.digest.atom import ATOM_NS
from tracker.digest.render import discord_escape, slack_escape

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
A = f"{{{ATOM_NS}}}"
SCRIPT = "<script>alert('x')</script>"
#: An agenda that tries everything: markup, a script, an event handler, a Slack broadcast, a Discord ping,
#: a masked link, ICS separators and a form feed from a PDF.
HOSTILE = {
    "jurisdiction": "Oak<b>land</b>", "state": "CA", "body": "City Council; Special, Session",
    "meeting_start": "2026-03-03T17:30:00-08:00", "item_number": "5.1",
    "vendor_name": f"Flock {SCRIPT} Safety", "product": '<img src=x onerror="alert(1)">', "camera_count": 40,
    "total_usd": 600000, "term_months": 24, "status": "proposed",
    "how_to_comment": "Email clerk@oakland.gov <!channel> @everyone [click](https://evil.example)",
    "document_url": "https://oakland.legistar.com/View.ashx?M=A&ID=12345&x=<y>",
    "evidence": "Approve a 24-month agreement\x0c with Flock </blockquote><script>steal()</script>",
}


def _alert(id: int, kind: str, created: datetime = T0, **facts: object) -> Alert:
    return Alert(id=id, kind=kind, dedupe_key=f"{kind}:ocd-division/country:us/state:ca/place:oakland:{id}",
                 created_at=created, facts=facts)


HOSTILE_VIEW = alert_view(_alert(1, "upcoming_vote", **HOSTILE))
PLAIN_VIEW = alert_view(_alert(2, "new_contract", T0 + timedelta(hours=1), jurisdiction="Austin", state="TX",
                               vendor_name="Motorola Solutions", total_usd=1234.5, term_months=1,
                               document_url="javascript:alert(1)"))
DIGEST = Digest.of("Digest for <you>", [HOSTILE_VIEW, PLAIN_VIEW], T0 + timedelta(days=1))


def test_html_shows_the_facts_with_every_scraped_string_escaped() -> None:
    html = render_html(DIGEST)
    assert "<script" not in html and "<img" not in html and "<b>" not in html and "javascript:" not in html
    assert "Flock &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Safety" in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "&lt;/blockquote&gt;&lt;script&gt;steal()&lt;/script&gt;" in html
    assert 'href="https://oakland.legistar.com/View.ashx?M=A&amp;ID=12345&amp;x=%3Cy%3E"' in html
    assert html.count("<a href=") == 1  # the javascript: URL of the second alert is no link
    for fact in ("Tue, Mar 3, 2026, 17:30 UTC-08:00", "$600,000", "24 months", "proposed", "40", "5.1",
                 "$1,234.50", "1 month", "Motorola Solutions"):
        assert fact in html, fact
    assert html.index("Oak&lt;b&gt;land&lt;/b&gt;, CA") < html.index("Austin, TX")


def test_text_keeps_scraped_text_verbatim_where_nothing_interprets_it() -> None:
    text = render_text(DIGEST)
    assert f"Vendor: Flock {SCRIPT} Safety" in text and "== Oak<b>land</b>, CA ==" in text
    assert "Vote: Tue, Mar 3, 2026, 17:30 UTC-08:00" in text and "Amount: $600,000" in text
    assert "Document: https://oakland.legistar.com/View.ashx?M=A&ID=12345&x=%3Cy%3E" in text
    assert "\x0c" not in text and "javascript:" not in text


def test_atom_parses_and_carries_markup_only_as_escaped_text() -> None:
    feed = ET.fromstring(atom_feed("oakland <watch>", "Feed <x>", [HOSTILE_VIEW, PLAIN_VIEW], T0))
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}id") for e in entries] == [  # newest first, ids from the dedupe keys
        "urn:alpr-tracker:alert:new_contract:ocd-division/country:us/state:ca/place:oakland:2",
        "urn:alpr-tracker:alert:upcoming_vote:ocd-division/country:us/state:ca/place:oakland:1",
    ]
    assert feed.findtext(f"{A}updated") == "2026-03-01T13:00:00Z" and feed.findtext(f"{A}title") == "Feed <x>"
    # Entry dates are the alerts' creation times, RFC 3339 in UTC: a regenerated feed shows nothing as new.
    assert [(e.findtext(f"{A}updated"), e.findtext(f"{A}published")) for e in entries] == [
        ("2026-03-01T13:00:00Z", "2026-03-01T13:00:00Z"), ("2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z")]
    hostile = entries[1]
    assert hostile.find(f"{A}title").get("type") == "text"  # a reader shows "<script>" as text
    content = hostile.find(f"{A}content")
    assert content.get("type") == "html"
    assert "<script" not in content.text and "&lt;script&gt;" in content.text and "$600,000" in content.text
    assert hostile.find(f"{A}link").get("href").endswith("ID=12345&x=%3Cy%3E")
    assert entries[0].find(f"{A}link") is None


def test_atom_is_the_same_bytes_for_the_same_alerts() -> None:
    first = atom_feed("s", "t", [HOSTILE_VIEW, PLAIN_VIEW], T0)
    assert atom_feed("s", "t", [PLAIN_VIEW, HOSTILE_VIEW], T0 + timedelta(days=5)) == first


def _unfold(ics: bytes) -> list[str]:
    text = ics.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")  # CRLF only, no bare newline
    assert all(len(raw.encode("utf-8")) <= 75 for raw in text.split("\r\n"))  # folded
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_ics_has_one_event_per_dated_upcoming_vote_with_escaped_text() -> None:
    undated = alert_view(_alert(3, "upcoming_vote", jurisdiction="Berkeley", state="CA"))
    ics = ics_calendar("Votes; <all>", [HOSTILE_VIEW, PLAIN_VIEW, undated])
    lines = _unfold(ics)
    assert all(re.match(r"^[A-Z][A-Z0-9-]*(;[^:]*)?:", line) for line in lines), lines
    assert lines.count("BEGIN:VEVENT") == 1
    assert "DTSTART;TZID=America/Los_Angeles:20260303T173000" in lines and "DTSTAMP:20260301T120000Z" in lines
    assert "LOCATION:City Council\\; Special\\, Session\\, Oak<b>land</b>\\, CA" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "\\n  Amount: $600\\,000\\n" in description
    # The parser gives back exactly the scraped text: as calendar TEXT, markup is inert.
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["SUMMARY"]) == HOSTILE_VIEW.headline and SCRIPT in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith("x=%3Cy%3E")


def test_ics_uid_is_stable_and_regeneration_is_identical() -> None:
    first, again = ics_calendar("v", [HOSTILE_VIEW]), ics_calendar("v", [HOSTILE_VIEW, PLAIN_VIEW])
    assert first == again
    uid = next(line for line in _unfold(first) if line.startswith("UID:"))
    assert re.fullmatch(r"UID:[0-9a-f]{32}@alpr-tracker", uid)


def test_chat_text_cannot_ping_link_or_format() -> None:
    slack = render_chat(DIGEST, "slack", 3500)
    assert "<!channel>" not in slack and "<script" not in slack and "&lt;!channel&gt;" in render_chat(
        Digest.of("t", [alert_view(_alert(5, "new_contract", title="Hi <!channel> & <@U123|x>"))], T0), "slack", 500)
    assert "<https://oakland.legistar.com/View.ashx?M=A&amp;ID=12345&amp;x=%3Cy%3E>" in slack
    discord = render_chat(DIGEST, "discord", 2000)
    assert "@everyone" not in discord and "<https://oakland.legistar.com/View.ashx?M=A&ID=12345&x=%3Cy%3E>" in discord
    assert slack_escape("a&<b>") == "a&amp;&lt;b&gt;"
    assert discord_escape("[click](https://evil) **b** @here") == "\\[click\\](https://evil) \\*\\*b\\*\\* @\u200bhere"


def test_chat_text_is_cut_at_a_line_under_the_limit() -> None:
    views = [alert_view(_alert(i, "new_contract", jurisdiction=f"Town {i:03}", state="CA", vendor="flock",
                               document_url=f"https://town{i}.gov/agenda.pdf")) for i in range(200)]
    digest = Digest.of("t", views, T0)
    text, whole = render_chat(digest, "discord", 2000), render_chat(digest, "discord", 10**6)
    suffix = "\n… cut here: 200 alerts in all."
    assert len(text) <= 2000 and text.endswith(suffix) and len(whole) > 10_000
    kept = text.removesuffix(suffix)
    assert whole.startswith(kept) and whole[len(kept)] == "\n"  # whole lines only


def test_chat_facts_keep_their_separators() -> None:
    """Slack and Discord showed "Oakland, CA):Vote Tue, ...;Vendor Flock": every fact is "Label: value"."""
    view = alert_view(_alert(9, "upcoming_vote", jurisdiction="Oakland", state="CA", vendor_name="Flock Safety",
                             camera_count=40, meeting_start="2026-03-03T17:30:00-08:00"))
    line = next(row for row in render_chat(Digest.of("t", [view], T0), "slack", 3500).splitlines()
                if row.startswith("- "))
    assert "(Oakland, CA). Vote: Tue, Mar 3, 2026, 17:30 UTC-08:00; Vendor: Flock Safety; Cameras: 40" in line
