"""PDF extraction (tracker/text/pdf.py): real agendas read in place, and hand-made bad PDFs.

The bad PDFs are generated here, byte by byte (``_pdf`` and friends), rather than stored as binary
fixtures, so each one says exactly what it contains.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import signal
import struct
import threading
import time
from pathlib import Path

import pypdfium2
import pytest

from tracker.text import PdfExtractor, extract, extract_pdf, extract_pdfs

AGENDAS = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "agendas"
BALDWIN_PARK = AGENDAS / "baldwin-park-ca-council-agenda.pdf"
BURBANK = AGENDAS / "burbank-ca-council-agenda.pdf"
CHICAGO = AGENDAS / "chicago-il-police-district-council-001-2023-06-06.pdf"
LADWP = AGENDAS / "ladwp-ca-board-agenda.pdf"


# --- hand-made PDFs -------------------------------------------------------------------------------


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file whose object n is ``objects[n - 1]``; object 1 must be the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _stream(data: bytes, dictionary: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), dictionary, data)


def _text_content(lines: list[str]) -> bytes:
    """A content stream showing ``lines`` in Helvetica (/F1), one under the other."""
    shown = b" T* ".join(b"(%s) Tj" % line.encode("latin-1") for line in lines)
    return b"BT /F1 11 Tf 14 TL 72 720 Td " + shown + b" ET"


#: Content of a scanned page: one image over the whole page.
_SCAN = b"q 612 0 0 792 0 0 cm /Im1 Do Q"


def _document(contents: list[bytes]) -> bytes:
    """A PDF with one page per content stream; pages can use the font /F1 and the image /Im1."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(b"\x80" * 4, b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                             b"/BitsPerComponent 8 "),
    ]
    resources = b"/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >>"
    kids = []
    for content in contents:
        objects.append(_stream(content))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] %s /Contents %d 0 R >>"
                       % (resources, len(objects)))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return _pdf(objects)


_PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    state, j = list(range(256)), 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _encrypted_document(user_password: bytes, line: str) -> bytes:
    """A one-page PDF under the standard security handler (RC4 40-bit, revision 2) with a user password."""
    file_id, permissions = b"alpr-tracker-id!", -4
    owner = _rc4(hashlib.md5((b"owner" + _PADDING)[:32]).digest()[:5], (user_password + _PADDING)[:32])
    key = hashlib.md5((user_password + _PADDING)[:32] + owner + struct.pack("<i", permissions) + file_id).digest()[:5]
    content_number = 5
    object_key = hashlib.md5(key + content_number.to_bytes(3, "little") + b"\x00\x00").digest()[:10]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        _stream(_rc4(object_key, _text_content([line]))),
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (owner.hex().encode(), _rc4(key, _PADDING).hex().encode(), permissions),
    ]
    return _pdf(objects, trailer=b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (file_id.hex().encode(), file_id.hex().encode()))


# --- real agendas ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def agendas() -> dict[str, object]:
    with PdfExtractor() as extractor:
        results = extractor.extract_many([BALDWIN_PARK, BURBANK, CHICAGO, LADWP])
    return dict(zip(["baldwin_park", "burbank", "chicago", "ladwp"], results))


@pytest.mark.parametrize(("name", "pages"), [("baldwin_park", 4), ("burbank", 5), ("chicago", 1), ("ladwp", 7)])
def test_real_agendas_have_their_pages(agendas, name, pages):
    result = agendas[name]
    assert (result.status, result.error, result.mime) == ("ok", None, "application/pdf")
    assert result.page_count == len(result.pages) == pages
    assert [page.number for page in result.pages] == list(range(1, pages + 1))
    assert not any(page.needs_ocr for page in result.pages)


def test_words_keep_their_spaces(agendas):
    # pdfminer.six reads these as "oralpresentation"-style run-together words (fixtures README).
    assert "The public is encouraged to address the City" in agendas["baldwin_park"].text
    assert "Brace Canyon Park Ballfield Life Cycle Assessment and Triple Bottom Line" in agendas["burbank"].text
    assert "Roll Call & Quorum Determination" in agendas["chicago"].text
    assert "Approval of Agreement No. 47696 for eSTRE Analysis Model with" in agendas["ladwp"].text


def test_phrases_are_on_the_right_page(agendas):
    ladwp = agendas["ladwp"]
    assert ladwp.page_at(ladwp.text.index("Watercourse Engineering, Inc.")) == 5
    assert ladwp.page_at(ladwp.text.index("N. Adjournment")) == 7
    assert "Water System Monthly Report" in ladwp.pages[4].text


def test_text_is_normalized(agendas):
    ladwp = agendas["ladwp"].text
    assert "\r" not in ladwp
    assert ladwp.count("\f") == 6  # only the page breaks
    assert "Statewide Once-Through-Cooling Policy" in ladwp  # PDFium's U+FFFE line-break hyphen


def test_path_and_bytes_give_the_same_text(agendas):
    assert extract_pdf(CHICAGO.read_bytes()).text == agendas["chicago"].text


def test_batch_keeps_order_and_isolates_failures():
    results = extract_pdfs([LADWP, b"not a pdf", CHICAGO], processes=2)
    assert [r.status for r in results] == ["ok", "corrupt", "ok"]
    assert [r.page_count for r in results] == [7, 0, 1]


# --- bad input: a status, never an exception -------------------------------------------------------


def test_hand_made_text_pdf_is_ok():
    result = extract_pdf(_document([_text_content(["Flock Safety license plate readers"]), _text_content(["p. 2"])]))
    assert result.status == "ok"
    assert [page.text for page in result.pages] == ["Flock Safety license plate readers", "p. 2"]


def test_encrypted_pdf(tmp_path):
    data = _encrypted_document(b"secret", "Confidential ALPR terms")
    # The hand-made file is a real encrypted PDF: it opens with its password.
    document = pypdfium2.PdfDocument(data, password="secret")
    assert document[0].get_textpage().get_text_bounded() == "Confidential ALPR terms"
    document.close()
    path = tmp_path / "locked.pdf"
    path.write_bytes(data)
    result = extract_pdf(path)
    assert (result.status, result.error, result.pages) == ("encrypted", "the PDF is password-protected", [])


@pytest.mark.parametrize(
    "data",
    [LADWP.read_bytes()[:90_000], LADWP.read_bytes()[:2_000], os.urandom(5_000), b"", b"%PDF-1.7\n"],
    ids=["truncated", "header-only", "random", "zero-bytes", "bare-header"],
)
def test_corrupt_pdf(data):
    result = extract_pdf(data)
    assert result.status == "corrupt"
    assert result.error.startswith("not a readable PDF")
    assert result.pages == [] and result.page_count == 0


def test_html_error_page_is_not_a_pdf():
    assert extract_pdf(b"<html><body><h1>404 Not Found</h1></body></html>").status == "corrupt"


def test_missing_file_is_corrupt(tmp_path):
    result = extract_pdf(tmp_path / "gone.pdf")
    assert result.status == "corrupt" and "cannot read the file" in result.error


def test_image_only_pdf_is_scanned():
    stamped_scan = _SCAN + b" " + _text_content(["Page 3"])
    result = extract_pdf(_document([_SCAN, _SCAN, stamped_scan, _text_content(["Minutes of the meeting"] * 5)]))
    assert result.status == "scanned"
    assert result.error == "3 of 4 pages are images without a text layer (OCR needed)"
    assert [page.needs_ocr for page in result.pages] == [True, True, True, False]
    assert result.pages[2].text == "Page 3"  # what text there is, is kept


def test_a_few_scanned_pages_are_flagged_but_ok():
    result = extract_pdf(_document([_text_content(["City Council agenda, item 4: license plate readers"]), _SCAN]))
    assert result.status == "ok"
    assert [page.needs_ocr for page in result.pages] == [False, True]


def test_blank_pdf_is_empty():
    result = extract_pdf(_document([b"", _text_content([" "])]))
    assert (result.status, result.error, result.page_count) == ("empty", "no page has any text", 2)


def test_pdf_without_pages_is_empty():
    saved = io.BytesIO()
    pypdfium2.PdfDocument.new().save(saved)
    result = extract_pdf(saved.getvalue())
    assert (result.status, result.error) == ("empty", "the PDF has no pages")


def test_over_size_pdf_is_not_parsed(tmp_path):
    assert extract_pdf(LADWP.read_bytes(), max_bytes=100_000).status == "too_large"
    result = extract_pdf(LADWP, max_bytes=150_000)
    assert result.status == "too_large"
    assert result.error == "150572 bytes is over the 150000-byte limit"


# --- hostile PDFs: the worker process is bounded and replaced ------------------------------------


@pytest.fixture(scope="module")
def heavy_pdf() -> bytes:
    """4,000 pages of text: a few seconds of PDFium work, far beyond the timeouts below."""
    page = _text_content([f"Line {n} of a long staff report about license plate readers" for n in range(40)])
    return _document([page] * 4000)


def test_timeout_kills_the_worker_and_the_next_document_works(heavy_pdf):
    with PdfExtractor(1) as extractor:
        started = time.monotonic()
        result = extractor.extract(heavy_pdf, timeout=0.2)
        assert time.monotonic() - started < 5
        assert (result.status, result.error) == ("timeout", "extraction took longer than 0.2 s")
        assert extractor.extract(CHICAGO).status == "ok"


def test_a_worker_that_dies_mid_document_is_reported_and_replaced(heavy_pdf):
    others = set(multiprocessing.active_children())
    with PdfExtractor(1) as extractor:
        assert extractor.extract(CHICAGO).status == "ok"  # the worker is up
        (worker,) = set(multiprocessing.active_children()) - others
        outcome = {}
        job = threading.Thread(target=lambda: outcome.update(result=extractor.extract(heavy_pdf)))
        job.start()
        time.sleep(0.3)
        os.kill(worker.pid, signal.SIGKILL)
        job.join(30)
        assert outcome["result"].status == "corrupt"
        assert outcome["result"].error == f"the PDF worker died (exit code {-signal.SIGKILL})"
        assert extractor.extract(CHICAGO).status == "ok"


@pytest.mark.skipif(not Path("/proc/self/limits").exists(), reason="reads the worker's limits from /proc")
def test_workers_run_under_an_address_space_limit():
    others = set(multiprocessing.active_children())
    with PdfExtractor(1, memory_limit=3 * 1024**3) as extractor:
        assert extractor.extract(CHICAGO).status == "ok"
        (worker,) = set(multiprocessing.active_children()) - others
        limits = Path(f"/proc/{worker.pid}/limits").read_text().splitlines()
    (address_space,) = [line for line in limits if line.startswith("Max address space")]
    assert address_space.split()[3:5] == [str(3 * 1024**3), str(3 * 1024**3)]


def test_extract_routes_pdfs_by_content(tmp_path):
    path = tmp_path / "agenda.bin"
    path.write_bytes(CHICAGO.read_bytes())
    result = extract(path, mime="application/octet-stream")
    assert (result.status, result.mime, result.page_count) == ("ok", "application/pdf", 1)
    assert extract(b"%PDF-1.4\n%garbage").status == "corrupt"
    assert extract(b"\x00\x01garbage", filename="x.pdf").status == "corrupt"  # declared PDF, no header
