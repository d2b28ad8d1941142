"""The entry point (tracker/text/__init__.py): type sniffing, limits, plain text, and the result model."""

from __future__ import annotations

import gzip
import os
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tracker.text import ExtractedText, Page, extract, extract_plain_text
from tracker.text.sniff import sniff

AGENDAS = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "agendas"


def _docx() -> bytes:
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w") as docx:
        docx.writestr("word/document.xml", "<w:document/>")
    return archive.getvalue()


@pytest.mark.parametrize(
    ("head", "mime", "filename", "expected"),
    [
        (b"%PDF-1.7\n", None, None, "application/pdf"),
        (b"\r\n\x00junk%PDF-1.4\n", None, None, "application/pdf"),  # junk before the header
        (b"  <!DOCTYPE html><html>", "application/pdf", "agenda.pdf", "text/html"),  # content wins
        (b"\n<style>td{}</style><table>", None, None, "text/html"),  # Granicus pages start like this
        (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>", None, None, "text/html"),
        (b"Minutes of the regular meeting", None, None, "text/plain"),
        (b"Minutes of the regular meeting", "text/html; charset=utf-8", None, "text/html"),  # a fragment
        (b"Just text", None, "agenda.htm", "text/html"),
        (b"\x00\x01\x02garbage", None, "agenda.pdf", "application/pdf"),  # meant as a PDF: corrupt
        (b"\x89PNG\r\n\x1a\n\x00\x00", "text/html", None, "image/png"),
        (b"\xff\xd8\xff\xe0JFIF", None, None, "image/jpeg"),
        (_docx()[:64], None, "minutes.docx", "application/zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", None, None, "application/x-ole-storage"),
        (b"\x00\x00\x00\x18ftypmp42", None, None, "application/octet-stream"),
        (b"\x00\x00\x00\x18ftypmp42", "video/mp4", None, "video/mp4"),
    ],
)
def test_sniff(head, mime, filename, expected):
    assert sniff(head, mime, filename) == expected


def test_pdf_file_by_path():
    result = extract(AGENDAS / "chicago-il-police-district-council-001-2023-06-06.pdf")
    assert (result.status, result.mime, result.page_count) == ("ok", "application/pdf", 1)


@pytest.mark.parametrize(
    ("data", "status", "mime"),
    [
        (b"", "empty", "application/octet-stream"),
        (os.urandom(4096) + b"\x00", "unsupported", "application/octet-stream"),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(200), "unsupported", "image/png"),
        (_docx(), "unsupported", "application/zip"),
        (b"\n\n  \n", "empty", "text/plain"),
    ],
    ids=["zero-bytes", "random", "png", "docx", "blank-text"],
)
def test_what_cannot_be_read_gets_a_status(data, status, mime):
    result = extract(data)
    assert (result.status, result.mime, result.pages) == (status, mime, [])
    assert result.error


def test_zero_byte_file_keeps_its_claimed_type(tmp_path):
    path = tmp_path / "agenda.pdf"
    path.write_bytes(b"")
    assert (extract(path).status, extract(path).mime) == ("empty", "application/pdf")


def test_size_limit_is_checked_before_reading(tmp_path):
    big = tmp_path / "packet.html"
    big.write_bytes(b"<p>" + b"x" * 2_000)
    result = extract(big, max_bytes=1_000)
    assert (result.status, result.mime) == ("too_large", "text/html")
    assert result.error == "2003 bytes is over the 1000-byte limit"
    assert extract(b"%PDF-1.4" + b"\n" * 5_000, max_bytes=1_000).status == "too_large"


def test_unreadable_path_is_corrupt(tmp_path):
    result = extract(tmp_path / "missing.html")
    assert result.status == "corrupt" and "cannot read the file" in result.error


def test_plain_text_pages_and_newlines():
    result = extract(b"Agenda\r\n1. Flock Safety agreement\fPage two\rline")
    assert (result.status, result.mime, result.page_count) == ("ok", "text/plain", 2)
    assert [page.text for page in result.pages] == ["Agenda\n1. Flock Safety agreement", "Page two\nline"]
    assert extract_plain_text("caf\xe9".encode("cp1252")).text == "café"


def test_page_at_maps_offsets_to_pages():
    extracted = ExtractedText(
        pages=[Page(number=1, text="ab"), Page(number=2, text=""), Page(number=3, text="cd")],
        status="ok", mime="application/pdf", page_count=3,
    )
    assert extracted.text == "ab\f\fcd"
    assert [extracted.page_at(offset) for offset in range(len(extracted.text) + 1)] == [1, 1, 1, 2, 3, 3, 3]
    for offset in (-1, 7):
        with pytest.raises(IndexError):
            extracted.page_at(offset)
    with pytest.raises(IndexError):
        ExtractedText.failure("corrupt", "broken", "application/pdf").page_at(0)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([None, "text/html", "text/plain", "image/png"]),
       st.sampled_from([None, "a.html", "a.txt", "a.docx"]))
def test_extract_never_raises_on_non_pdf_bytes(data, mime, filename):
    assume(b"%PDF-" not in data[:1024])  # PDFs are tested in test_text_pdf.py
    result = extract(data, mime=mime, filename=filename)
    gzipped = ("corrupt",) if data[:2] == b"\x1f\x8b" else ()  # a broken gzip stream says so
    assert result.status in ("ok", "empty", "unsupported", *gzipped)
    assert result.page_count == len(result.pages)
    assert (result.status == "ok") == bool(result.text.strip())


ERROR_PAGE = b"<html><head><title>503 Service Unavailable</title></head><body><h1>Try later</h1></body></html>"


@pytest.mark.parametrize(("mime", "filename"), [("application/pdf", "View.ashx"), (None, "agenda.pdf")])
def test_a_web_page_where_a_pdf_was_announced_is_a_failure_not_the_document(mime, filename):
    """Servers answer errors, logins and bot challenges with an HTML page (status 200, PDF headers kept):
    stored as text it would hide the real agenda."""
    result = extract(ERROR_PAGE, mime=mime, filename=filename)
    assert (result.status, result.pages) == ("corrupt", [])
    assert 'title: "503 Service Unavailable"' in result.error and "fetched again" in result.error


def test_a_web_page_that_says_it_is_one_is_read():
    assert extract(ERROR_PAGE, mime="text/html", filename="View.ashx").status == "ok"


def test_a_gzipped_body_without_its_header_is_read_as_what_it_holds():
    pdf = (AGENDAS / "ladwp-ca-board-agenda.pdf").read_bytes()
    result = extract(gzip.compress(pdf), mime="application/pdf", filename="agenda.pdf")
    assert result.status == "ok" and result.page_count == extract(pdf).page_count


@pytest.mark.parametrize(("data", "status"), [
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "corrupt"),  # cut short: a header and nothing else
    (gzip.compress(b"a" * 3_000_000), "too_large"),  # a small body that decompresses past the cap
    (gzip.compress(gzip.compress(b"%PDF-1.4")), "unsupported"),
])
def test_a_gzip_stream_that_holds_no_document_says_why(data, status):
    result = extract(data, max_bytes=2_000_000)
    assert result.status == status and result.error and result.pages == []
