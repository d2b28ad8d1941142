"""HTML extraction and decoding (tracker/text/html.py, tracker/text/encoding.py).

Real pages are read in place from ../shared/fixtures; the small documents below are hand-made, each
built to show one rule.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.text import extract, extract_html
from tracker.text.encoding import decode

FIXTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures"


def _text(markup: str | bytes, content_type: str | None = None) -> str:
    result = extract_html(markup.encode() if isinstance(markup, str) else markup, content_type)
    assert result.status == "ok", result.error
    return result.text


# --- real pages -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def walnut_creek():
    return extract_html((FIXTURES / "granicus" / "walnut-creek-ca-agenda.html").read_bytes())


def test_granicus_agenda_is_one_clean_page(walnut_creek):
    assert (walnut_creek.status, walnut_creek.mime, walnut_creek.page_count) == ("ok", "text/html", 1)
    text = walnut_creek.text
    assert "Planning Commission Meetings have reopened to the public in-person effective October 2021." in text
    assert "font-family" not in text and "<" not in text  # styles dropped, no markup left
    assert "\xa0" not in text and "  " not in text  # &nbsp; and runs of spaces collapsed


def test_table_cells_are_separated_and_rows_are_lines(walnut_creek):
    lines = walnut_creek.text.split("\n")
    assert "1.\tWELCOME & ROLL CALL" in lines
    assert "7.\tADJOURNMENT" in lines
    assert "DATE:" in lines and "May 12, 2022" in lines


def test_entities_are_decoded(walnut_creek):
    assert "the City’s Zoom video conferencing platform" in walnut_creek.text  # &rsquo;
    assert "&rsquo;" not in walnut_creek.text and "&nbsp;" not in walnut_creek.text


def test_airport_agenda_items_and_amounts():
    text = extract(FIXTURES / "granicus" / "los-angeles-world-airports-ca-agenda.html").text
    assert "VII.\tCONSENT ITEMS FOR BOARD ACTION [Consent Items 1 - 5]" in text.split("\n")
    assert "To add funding of $957,421, for new total not to exceed $3,457,421" in text
    assert "text-align" not in text


def test_scripts_and_navigation_page():
    result = extract(FIXTURES / "agendas" / "chicago-il-police-district-council-001.html")
    assert result.status == "ok"
    assert "Increasing public safety and strengthening police oversight and accountability" in result.text
    assert "googleTranslateElementInit" not in result.text and "jquery" not in result.text


def test_mosquito_surveillance_menu():
    text = extract(FIXTURES / "agendas" / "south-cook-mosquito-abatement-district-il.html").text
    assert "\nSurveillance\n" in text and "SCCMAD Board Agenda" in text


# --- structure rules on hand-made markup ---------------------------------------------------------------


def test_blocks_break_lines_and_inline_elements_do_not():
    markup = (
        "<html><head><title>Agenda</title><style>p{color:red}</style></head><body>"
        "<h1>City   Council</h1><p>Approve <b>Flock</b>\n  Safety <a href='#'>agreement</a></p>"
        "<div>Line one<br>Line two</div><!-- internal note --><script>track()</script>"
        "<noscript>Enable JavaScript</noscript><ul><li>first</li><li>second</li></ul></body></html>"
    )
    assert _text(markup) == "City Council\nApprove Flock Safety agreement\nLine one\nLine two\nfirst\nsecond"


def test_table_rows_with_empty_cells():
    markup = "<table><tr><td>4.</td><td></td><td>Purchase of <i>ALPR</i> cameras</td></tr>" \
             "<tr><th>Total</th><td>$&nbsp;48,000</td></tr></table>"
    assert _text(markup) == "4.\tPurchase of ALPR cameras\nTotal\t$ 48,000"


def test_entities_and_form_feeds():
    assert _text("<p>Fish &amp; Game&#8217;s &lt;report&gt;\f&copy;&nbsp;2024</p>") == "Fish & Game’s <report> © 2024"


def test_markup_too_deep_for_libxml2_still_gives_its_text():
    result = extract_html(("<p>start</p>" + "<div>" * 5000 + "deep &amp; text" + "</div>" * 5000).encode())
    assert (result.status, result.text) == ("ok", "start\ndeep & text")
    assert result.error == "markup nested too deeply to parse: tags stripped"
    assert _text("<div>" * 1000 + "nested text" + "</div>" * 1000) == "nested text"


def test_html_error_page_has_its_text():
    page = b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>" \
           b"<p>The requested URL was not found on this server.</p></body></html>"
    assert extract(page, mime="text/html", filename="agenda").text == (
        "Not Found\nThe requested URL was not found on this server.")
    # Where a PDF was announced, the same page is the failure it reports, not the agenda's text.
    announced = extract(page, mime="application/pdf", filename="agenda.pdf")
    assert (announced.status, announced.mime, announced.pages) == ("corrupt", "text/html", [])


@pytest.mark.parametrize(
    "markup",
    [b"", b"   ", b"<html><head><title>Only a title</title></head><body> </body></html>",
     b"<script>render()</script>", b"<!-- nothing -->"],
)
def test_pages_without_visible_text_are_empty(markup):
    result = extract_html(markup)
    assert (result.status, result.pages, result.page_count) == ("empty", [], 0)


# --- encodings -------------------------------------------------------------------------------------------


def test_cp1252_without_declaration_falls_back():
    markup = "<p>Caf\xe9 \x93ALPR\x94 \x96 license plate readers</p>".encode("latin-1")
    assert _text(markup) == "Café “ALPR” – license plate readers"


def test_latin1_meta_is_read_as_windows_1252():
    markup = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>\x93Se\xf1or\x94</p>'
    assert _text(markup.encode("latin-1")) == "“Señor”"


def test_utf8_bom_wins_over_a_wrong_meta():
    markup = codecs.BOM_UTF8 + '<meta charset="windows-1252"><p>Überwachung – résumé</p>'.encode()
    assert _text(markup) == "Überwachung – résumé"


def test_utf16_bom_document_is_sniffed_and_decoded():
    markup = "<!DOCTYPE html><html><body><p>Cámaras de lectura de placas</p></body></html>".encode("utf-16")
    result = extract(markup)
    assert (result.status, result.mime, result.text) == ("ok", "text/html", "Cámaras de lectura de placas")


def test_http_header_wins_over_meta():
    markup = '<meta charset="windows-1252"><p>naïve café</p>'.encode()
    assert _text(markup, "text/html; charset=utf-8") == "naïve café"
    assert _text(markup) == "naÃ¯ve cafÃ©"  # what the (wrong) meta declaration gives on its own


@pytest.mark.parametrize("label", ["x-bogus", "base64", "utf-16", ""])
def test_unusable_declarations_fall_back_to_utf8(label):
    markup = f'<meta charset="{label}"><p>résumé</p>'.encode()
    assert _text(markup, f"text/html; charset={label}") == "résumé"


def test_invalid_bytes_in_declared_utf8_are_replaced():
    assert _text(b'<meta charset="utf-8"><p>bad \xff\xfe byte</p>') == "bad \ufffd\ufffd byte"


def test_decode_reports_the_encoding_used():
    assert decode(b"plain ascii") == ("plain ascii", "utf-8")
    assert decode("\x93".encode("latin-1")) == ("“", "cp1252")
    assert decode(b"abc", "text/plain; charset=iso-8859-15") == ("abc", "iso8859-15")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, "text/html", "text/html; charset=shift_jis",
                                                  "text/html; charset=nonsense"]))
def test_any_bytes_give_a_result(data, content_type):
    result = extract_html(b"<html><body>" + data, content_type)
    assert result.status in ("ok", "empty")
    assert "\f" not in result.text
