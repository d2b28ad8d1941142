"""Item splitting (tracker/text/items.py) on real agendas, on hand-written shapes, and on random text.

The expected items of the real agendas were read off their text (see the fixtures in
../shared/fixtures/agendas and ../shared/fixtures/granicus).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.text import ExtractedText, Page, extract, split_items
from tracker.text.pdf import extract_pdfs

FIXTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures"
AGENDAS = FIXTURES / "agendas"


@pytest.fixture(scope="module")
def pdf_items() -> dict[str, list]:
    files = {
        "baldwin_park": "baldwin-park-ca-council-agenda.pdf",
        "burbank": "burbank-ca-council-agenda.pdf",
        "chicago": "chicago-il-police-district-council-001-2023-06-06.pdf",
        "ladwp": "ladwp-ca-board-agenda.pdf",
    }
    results = extract_pdfs([AGENDAS / name for name in files.values()])
    return {key: split_items(result) for key, result in zip(files, results)}


def _numbered(items) -> list[tuple[str | None, str]]:
    return [(item.number, item.title) for item in items if item.number is not None]


def _by_title(items, prefix: str):
    (item,) = [item for item in items if item.title.startswith(prefix)]
    return item


# --- real agendas ---------------------------------------------------------------------------------


def test_chicago_numbered_agenda(pdf_items):
    assert _numbered(pdf_items["chicago"]) == [
        ("1", "Roll Call & Quorum Determination"),
        ("2", "Public comment"),
        ("3", "Approval of minutes from meeting date:"),
        ("4", "District Council member updates"),
        ("5", "Discussions"),
        ("6", "Votes"),
        ("7", "Announcement of the next regular meeting"),
    ]
    preamble = pdf_items["chicago"][0]
    assert (preamble.number, preamble.title, preamble.page) == (None, "City of Chicago", 1)


def test_burbank_numbers_run_across_section_headings(pdf_items):
    items = pdf_items["burbank"]
    assert [n for n, _ in _numbered(items)] == [str(n) for n in range(1, 11)]
    titles = [item.title for item in items]
    # The headings are items of their own and stop before the numbered items below them.
    assert titles.index("NEW BUSINESS") < titles.index(_by_title(items, "DeBell Golf Course").title)
    consent = _by_title(items, "CONSENT CALENDAR")
    assert "Approval of Minutes" not in consent.text
    assert consent.page == 3
    minutes = _by_title(items, "Approval of Minutes Approval of October 13, 2022")
    assert minutes.number == "4"
    assert minutes.text.endswith("Recommendation: Approve minutes as submitted.\nMinutes\nSpecial Meeting Minutes")
    assert _by_title(items, "Departmental Operations Update").page == 4


def test_burbank_wrapped_line_is_not_an_item(pdf_items):
    # Page 1 wraps "AT&T Uverse Channel\n99. YouTube Live Streaming Channel": a line start, not item 99.
    assert "99" not in [item.number for item in pdf_items["burbank"]]
    assert "99. YouTube Live Streaming Channel" in pdf_items["burbank"][0].text


def test_ladwp_lettered_sections_with_numbered_items(pdf_items):
    items = pdf_items["ladwp"]
    letters = [item.number for item in items if item.number and item.number.isalpha()]
    assert letters == list("ABCDEFGHIJKLMN")
    approval = items.index(_by_title(items, "Items for Approval"))
    assert _numbered(items[approval + 1:approval + 6]) == [
        ("1", "Recommended by Office of the Chief Information Technology Officer"),
        ("2", "Recommended by External and Regulatory Affairs"),
        ("3", "Recommended by Financial Services Organization"),
        ("4", "Recommended by General Manager and Chief Engineer"),
        ("5", "Recommended by Water System"),
    ]
    water = items[approval + 5]
    assert "Watercourse Engineering, Inc., for a term of five years and an amount not" in water.text
    assert "to exceed $500,000." in water.text
    assert "Closed Session" not in water.text
    closed = _by_title(items, "CONFERENCE WITH LEGAL COUNSEL – ANTICIPATED LITIGATION")
    assert (closed.number, closed.page) == ("7", 7)  # the closed-session list goes on over the page break


def test_ladwp_detached_label_column_is_ignored(pdf_items):
    # Page 4 has "I. Management Reports\n1.\n2.\nPresentation regarding ...": the labels lost their text.
    (reports,) = [item for item in pdf_items["ladwp"] if item.number == "I"]
    assert reports.title == "Management Reports"
    assert "Presentation regarding Cal/OSHA" in reports.text
    assert "Presentation regarding Advancement of Diversity" in reports.text


def test_baldwin_park_headings_and_no_false_numbers(pdf_items):
    items = pdf_items["baldwin_park"]
    assert [item.title for item in items[1:]] == [
        "PUBLIC COMMENTS", "CALL TO ORDER", "ROLL CALL:", "PUBLIC COMMUNICATIONS",
        "OPEN SESSION/STUDY SESSION", "RECESS TO CLOSED SESSION", "ADJOURNMENT",
    ]
    # "1)\nBriefly respond ... or\n2) Direct staff" is a list inside a paragraph.
    assert "2) Direct staff to investigate" in _by_title(items, "PUBLIC COMMUNICATIONS").text


def test_walnut_creek_html_agenda():
    items = split_items(extract(FIXTURES / "granicus" / "walnut-creek-ca-agenda.html"))
    assert [n for n, _ in _numbered(items)] == ["1", "2", "3", "4", "a", "b", "5", "6", "7"]
    subdivision = items[[item.number for item in items].index("a")]
    assert subdivision.title.startswith("Project: 2670 & 2680 Walnut Boulevard Subdivision")
    assert subdivision.page == 1
    # The participation options after the agenda restart at 1 inside the last item, not as items.
    assert "YouTube Live" in items[-1].text and items[-1].title == "ADJOURNMENT"


def test_los_angeles_airports_roman_sections():
    items = split_items(extract(FIXTURES / "granicus" / "los-angeles-world-airports-ca-agenda.html"))
    numbers = [item.number for item in items if item.number]
    assert numbers[:5] == ["I", "II", "III", "IV", "a"]
    assert [n for n in numbers if set(n) <= set("IVX")] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
    ]
    sharp = _by_title(items, "RESOLUTION NO. - Second Amendment to Contract DA-5272 with Sharp")
    assert sharp.number == "3"
    assert "new total not to exceed $3,457,421" in sharp.text
    assert "Fifth Amendment" not in sharp.text
    closed_session = numbers[numbers.index("IX") + 1:]
    assert closed_session[:10] == ["A", "1", "a", "2", "a", "3", "a", "4", "a", "B"]


# --- shapes of items -------------------------------------------------------------------------------


def _shape(text: str) -> list[tuple[str | None, str]]:
    return [(item.number, item.title) for item in split_items(text)]


def test_numbered_lettered_and_sub_items():
    text = (
        "CITY COUNCIL AGENDA\n"
        "1. Call to Order\n"
        "2. Consent Calendar\n"
        "2.a Approve minutes of May 1\n"
        "2.b Approve warrant register\n"
        "3. Public Safety\n"
        "3A. Agreement with Flock Safety for 12 cameras\n"
        "3B. Body camera purchase\n"
        "(4) Adjournment\n"
    )
    assert _shape(text) == [
        (None, "CITY COUNCIL AGENDA"), ("1", "Call to Order"), ("2", "Consent Calendar"),
        ("2.a", "Approve minutes of May 1"), ("2.b", "Approve warrant register"), ("3", "Public Safety"),
        ("3A", "Agreement with Flock Safety for 12 cameras"), ("3B", "Body camera purchase"), ("4", "Adjournment"),
    ]


def test_keyword_legistar_and_consent_code_labels():
    text = (
        "Item 7 Purchase of license plate readers\n"
        "ITEM NO. 8: Parking enforcement vehicles\n"
        "Agenda Item #9 Budget amendment\n"
        "File #: 23-117 Agreement with Motorola Solutions\n"
        "23-0456\tResolution approving a Flock Safety contract\n"
        "ID 24-1234 Report on ALPR data retention\n"
        "RES-2024-15 Resolution of intent\n"
        "C-1 Approve the minutes\n"
        "C-2 Accept the grant\n"
    )
    assert [number for number, _ in _shape(text)] == [
        "7", "8", "9", "23-117", "23-0456", "24-1234", "RES-2024-15", "C-1", "C-2",
    ]


def test_staff_report_subject_starts_an_item():
    text = (
        "STAFF REPORT\nTO: Honorable Mayor and City Council\nFROM: Chief of Police\n"
        "SUBJECT: Agreement with Flock Safety for automated license plate readers\n"
        "RECOMMENDATION\nApprove a two-year agreement not to exceed $60,000.\n"
        "RE:\nSecond reading of the surveillance ordinance\n"
    )
    items = split_items(text)
    assert [(item.number, item.title) for item in items] == [
        (None, "STAFF REPORT"),
        (None, "Agreement with Flock Safety for automated license plate readers"),
        (None, "Second reading of the surveillance ordinance"),
    ]
    assert items[1].text.startswith("SUBJECT: Agreement") and items[1].text.endswith("$60,000.")


def test_false_starts_are_text():
    text = (
        "1. Approve the agreement\n"
        "$1,000.00 for installation and\n"
        "7:00 p.m. Closed session begins\n"
        "1234 Main Street, Suite 5\n"
        "Page 3 of 12\n"
        "12/05/2023 Special meeting\n"
        "2023-24 Budget adjustments\n"
        "following steps: 1. approve the contract and\n"
        "2. authorize the City Manager to sign\n"
        "3.5 million dollars over five years\n"
        "CIVIL. Rights are not a Roman numeral\n"
        "2. Adjourn\n"
    )
    assert [number for number, _ in _shape(text)] == ["1", "2"]


def test_a_list_inside_an_item_stays_in_the_item():
    text = (
        "4. Surveillance technology\n"
        "5. Flock Safety agreement\n"
        "Staff recommends that the Council:\n"
        "1. Authorize the purchase of 20 cameras; and\n"
        "2. Approve a five-year agreement.\n"
        "6. Adjournment\n"
    )
    items = split_items(text)
    assert [item.number for item in items] == ["4", "5", "6"]
    assert "2. Approve a five-year agreement." in items[1].text


def test_excerpt_may_start_past_one_but_must_continue():
    assert [n for n, _ in _shape("12. Flock Safety agreement\ntext\n13. Body cameras\n")] == ["12", "13"]
    assert [n for n, _ in _shape("intro\n99. YouTube Live\nmore text\n")] == [None]


def test_running_item_header_on_each_page_does_not_split():
    pages = [Page(number=1, text="Agenda Item 5\nFlock Safety agreement"), Page(number=2, text="Agenda Item 5\nterms")]
    extracted = ExtractedText(pages=pages, status="ok", mime="application/pdf", page_count=2)
    (item,) = split_items(extracted)
    assert (item.number, item.page, item.text) == ("5", 1, extracted.text)


def test_items_carry_pages_and_offsets():
    pages = [Page(number=1, text="AGENDA\n1. First item"), Page(number=2, text="2. Second item\nmore")]
    extracted = ExtractedText(pages=pages, status="ok", mime="application/pdf", page_count=2)
    items = split_items(extracted)
    assert [(item.number, item.page) for item in items] == [(None, 1), ("1", 1), ("2", 2)]
    assert [extracted.text[item.start:item.end] for item in items] == [item.text for item in items]
    assert items[2].text == "2. Second item\nmore"


def test_unstructured_and_empty_text():
    (item,) = split_items("  The council discussed license plate readers.\nNo action was taken.\n")
    assert (item.number, item.start, item.page) == (None, 2, None)
    assert item.title == "The council discussed license plate readers."
    assert split_items("") == [] and split_items(" \n\f ") == []


def test_split_is_linear_on_a_big_packet():
    # 70,000 label lines: a quadratic step (every label against every other) would take minutes.
    line_soup = "1. A\n(2) B\nC. text\nIX. D\nSUBJECT: E\n23-0456 F\nAB-1 G\n" * 10_000
    started = time.perf_counter()
    items = split_items(line_soup)
    assert time.perf_counter() - started < 5
    assert items[-1].end == len(line_soup.rstrip())


# --- properties -------------------------------------------------------------------------------------

_LINE = st.one_of(
    st.sampled_from(["1.", "2.", "3)", "(4)", "A.", "b.", "IV.", "5.a", "Item 6", "File #: 23-117", "C-1",
                     "SUBJECT:", "CONSENT CALENDAR", "$1,000", "7:00 p.m.", "Page 3 of 12", ""]),
    st.text(alphabet="AZaz09.:()-# \t\f", max_size=12),
)
_TEXT = st.lists(st.tuples(_LINE, st.text(alphabet="Flock cameras 12.\t", max_size=20)), max_size=40).map(
    lambda lines: "\n".join(label + (" " + rest if rest else "") for label, rest in lines)
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXT, st.text(max_size=300)))
def test_items_are_ordered_disjoint_spans_covering_the_text(text):
    items = split_items(text)
    previous_end = 0
    for ordinal, item in enumerate(items, start=1):
        assert item.ordinal == ordinal
        assert previous_end <= item.start < item.end <= len(text)
        assert text[item.start:item.end] == item.text
        assert not text[previous_end:item.start].strip()  # only whitespace between items
        previous_end = item.end
    assert not text[previous_end:].strip()
    assert bool(items) == bool(text.strip())


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=4))
def test_item_pages_match_their_start(page_texts):
    pages = [Page(number=n, text=t.replace("\f", "\n")) for n, t in enumerate(page_texts, start=1)]
    extracted = ExtractedText(pages=pages, status="ok", mime="text/plain", page_count=len(pages))
    for item in split_items(extracted):
        assert item.page == extracted.text.count("\f", 0, item.start) + 1
