"""Recognizing platforms from real recorded pages (../shared/fixtures) and hand-made snippets."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.registry import Detection, detect_platform

FIXTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures"


def found(url: str, html: str | bytes | None = None) -> list[tuple[str, str]]:
    return [(d.platform, d.url) for d in detect_platform(url, html)]


@pytest.mark.parametrize(
    ("fixture", "page_url", "expected"),
    [
        (
            "granicus/walnut-creek-ca-viewpublisher.html",
            "https://walnutcreek.granicus.com/ViewPublisher.php?view_id=12",
            ("granicus", "https://walnutcreek.granicus.com/ViewPublisher.php?view_id=12"),
        ),
        (
            "granicus/san-diego-ca-public-safety-viewpublisher.html",
            "https://sandiego.granicus.com/ViewPublisher.php?view_id=15",
            ("granicus", "https://sandiego.granicus.com/ViewPublisher.php?view_id=15"),
        ),
        (
            "granicus/west-hollywood-ca-viewpublisher.html",
            "https://weho.granicus.com/ViewPublisher.php?view_id=22",
            ("granicus", "https://weho.granicus.com/ViewPublisher.php?view_id=22"),
        ),
        (
            "civicplus/las-cruces-nm-search-results.html",
            "https://nm-lascruces.civicplus.com/AgendaCenter/Search/?term=",
            ("civicplus", "https://nm-lascruces.civicplus.com/AgendaCenter"),
        ),
        (
            "civicplus/alameda-county-water-district-ca.html",
            "https://www.acwd.org/AgendaCenter/Search/?term=&CIDs=all",
            ("civicplus", "https://www.acwd.org/AgendaCenter"),
        ),
        (
            "iqm2/riverside-county-ca-calendar.html",
            "https://riversidecountyca.iqm2.com/Citizens/calendar.aspx",
            ("iqm2", "https://riversidecountyca.iqm2.com/Citizens"),
        ),
        (
            "iqm2/santa-monica-ca-calendar.html",
            "https://santamonicacityca.iqm2.com/Citizens/calendar.aspx",
            ("iqm2", "https://santamonicacityca.iqm2.com/Citizens"),
        ),
        (
            "legistar/chicago-il-calendar.html",
            "https://chicago.legistar.com/Calendar.aspx",
            ("legistar", "https://webapi.legistar.com/v1/chicago"),
        ),
        (
            "legistar/la-metro-ca-calendar.html",
            "https://metro.legistar.com/Calendar.aspx",
            ("legistar", "https://webapi.legistar.com/v1/metro"),
        ),
        (
            "flock_transparency/costa-mesa-ca-pd.html",
            "https://transparency.flocksafety.com/costa-mesa-ca-pd",
            ("flock_transparency", "https://transparency.flocksafety.com/costa-mesa-ca-pd"),
        ),
    ],
)
def test_real_pages_are_recognized(fixture: str, page_url: str, expected: tuple[str, str]) -> None:
    html = (FIXTURES / fixture).read_bytes()
    assert found(page_url, html) == [expected]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        # The page's links alone give the platform, even under an unrelated URL.
        (
            "granicus/walnut-creek-ca-agenda.html",
            ("granicus", "https://walnutcreek.granicus.com/ViewPublisher.php?view_id=12"),
        ),
        (
            "granicus/los-angeles-world-airports-ca-agenda.html",
            ("granicus", "https://lawa.granicus.com/ViewPublisher.php?view_id=4"),
        ),
        ("legistar/chicago-il-calendar.html", ("legistar", "https://webapi.legistar.com/v1/chicago")),
        # Relative IQM2 / CivicPlus links resolve against the page URL.
        ("iqm2/riverside-county-ca-calendar.html", ("iqm2", "https://www.example.gov/Citizens")),
        ("civicplus/alameda-county-water-district-ca.html", ("civicplus", "https://www.example.gov/AgendaCenter")),
    ],
)
def test_links_alone_identify_the_platform(fixture: str, expected: tuple[str, str]) -> None:
    assert found("https://www.example.gov/meetings", (FIXTURES / fixture).read_bytes()) == [expected]


@pytest.mark.parametrize(
    "fixture",
    ["agendas/south-cook-mosquito-abatement-district-il.html", "agendas/chicago-il-police-district-council-001.html"],
)
def test_pages_on_no_platform_give_nothing(fixture: str) -> None:
    assert found("https://www.example.gov/", (FIXTURES / fixture).read_bytes()) == []


def test_evidence_says_why() -> None:
    html = (FIXTURES / "legistar/la-metro-ca-calendar.html").read_bytes()
    (detection,) = detect_platform("https://metro.legistar.com/Calendar.aspx", html)
    assert detection.evidence.startswith("page URL https://metro.legistar.com/Calendar.aspx; ")
    assert "link(s) such as https://metro.legistar.com/" in detection.evidence


# Hand-made snippets: one government home page linking to each platform as sites commonly do.
SNIPPETS = {
    "legistar": (
        '<a href="https://phila.legistar.com/Legislation.aspx">Legislation</a>',
        "https://webapi.legistar.com/v1/phila",
    ),
    "granicus": (
        '<iframe src="//pwcgov.granicus.com/ViewPublisher.php?view_id=23"></iframe>',
        "https://pwcgov.granicus.com/ViewPublisher.php?view_id=23",
    ),
    "civicplus": (
        '<a href="/AgendaCenter/ViewFile/Agenda/_01062025-123">Agenda</a>',
        "https://www.example.gov/AgendaCenter",
    ),
    "primegov": ('<a href="https://reno.primegov.com/public/portal">Meetings</a>', "https://reno.primegov.com"),
    "civicclerk": (
        '<a href="https://laceywa.portal.civicclerk.com/">Agendas</a>',
        "https://laceywa.api.civicclerk.com/v1",
    ),
    "novusagenda": (
        '<a href="https://davie.novusagenda.com/agendapublic/">Agendas</a>',
        "https://davie.novusagenda.com/agendapublic",
    ),
    "escribe": (
        '<a href="https://pub-solanabeach.escribemeetings.com/?FillWidth=1">eSCRIBE</a>',
        "https://pub-solanabeach.escribemeetings.com",
    ),
    "boarddocs": (
        '<a href="https://go.boarddocs.com/fl/pinellas/Board.nsf/Public">Board</a>',
        "https://go.boarddocs.com/fl/pinellas/Board.nsf",
    ),
    "iqm2": (
        '<form action="https://johnsoncountyia.iqm2.com/Citizens/default.aspx"></form>',
        "https://johnsoncountyia.iqm2.com/Citizens",
    ),
    "flock_transparency": (
        '<a href="https://transparency.flocksafety.com/walker-mi-pd">ALPR transparency</a>',
        "https://transparency.flocksafety.com/walker-mi-pd",
    ),
    "socrata": (
        '<a href="https://data.sfgov.org/resource/cqi5-hm2d.json">Contracts API</a>',
        "https://data.sfgov.org/resource/cqi5-hm2d.json",
    ),
    "usaspending": (
        '<a href="https://api.usaspending.gov/api/v2/search/spending_by_award/">API</a>',
        "https://api.usaspending.gov/api/v2",
    ),
}


@pytest.mark.parametrize("platform", sorted(SNIPPETS))
def test_hand_made_snippet(platform: str) -> None:
    link, entry = SNIPPETS[platform]
    html = f"<html><body><p>Public meetings</p>{link}<a href='/contact'>Contact</a></body></html>"
    assert found("https://www.example.gov/government/meetings", html) == [(platform, entry)]


def test_several_platforms_on_one_page_most_linked_first() -> None:
    html = (
        '<a href="https://transparency.flocksafety.com/chicago-il-pd">ALPR</a>'
        '<a href="https://transparency.flocksafety.com/chicago-il-pd">ALPR audit</a>'
        '<a href="https://chicago.legistar.com/Calendar.aspx">Council</a>'
        '<a href="https://chicago.legistar.com/Legislation.aspx">Legislation</a>'
        '<a href="https://chicago.legistar.com/People.aspx">People</a>'
    )
    assert found("https://www.chicago.gov/", html) == [
        ("legistar", "https://webapi.legistar.com/v1/chicago"),
        ("flock_transparency", "https://transparency.flocksafety.com/chicago-il-pd"),
    ]


def test_vendor_shared_hosts_are_not_customers() -> None:
    html = (
        '<a href="http://media.legistar.com/chic/meetings/x.pdf">PDF</a>'
        '<a href="http://archive-media.granicus.com:443/OnDemand/sandiego/a.mp4">Video</a>'
        '<a href="https://www.civicplus.com/">Powered by CivicPlus</a>'
    )
    assert found("https://www.example.gov/", html) == []


def test_base_href_is_honoured() -> None:
    html = (
        '<html><head><base href="https://www.nashcountync.gov/"></head><body><a href="AgendaCenter">A</a></body></html>'
    )
    assert found("https://mirror.example.org/page", html) == [
        ("civicplus", "https://www.nashcountync.gov/AgendaCenter")
    ]


@pytest.mark.parametrize("html", [None, "", b"", "<<<not html"])
def test_url_alone_or_empty_html(html: str | bytes | None) -> None:
    assert found("https://oremut.portal.civicclerk.com/event/1/files", html) == [
        ("civicclerk", "https://oremut.api.civicclerk.com/v1")
    ]


def test_plain_page_url_is_nothing() -> None:
    assert detect_platform("https://www.example.gov/") == []
    assert isinstance(detect_platform("https://chicago.legistar.com/")[0], Detection)
