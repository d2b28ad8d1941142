"""PDF → text with pypdfium2, in worker processes that a hostile PDF cannot take down with it.

PDFium is not thread-safe and a crafted PDF can loop or exhaust memory (DESIGN.md section 5), so the
parsing never happens in the calling process: each :class:`PdfExtractor` keeps a few long-lived worker
processes (``spawn`` context, so nothing is inherited from a Scrapy/Twisted parent), each with an
address-space limit. A document that takes longer than ``timeout`` gets its worker killed and replaced,
and a worker that dies is replaced too; the caller just sees a status. Workers stay alive between
documents because starting one (a fresh interpreter importing pypdfium2) costs far more than
extracting a typical agenda.

Like any ``spawn`` user, a script that extracts PDFs needs the ``if __name__ == "__main__":`` guard: a
new worker re-imports the main module (console scripts, pytest and Scrapy already have the guard).

pypdfium2 is also the fast choice (~500 pages/s against ~16 for pdfminer.six) and keeps the spaces
between words that pdfminer.six, pypdf and pdfplumber lose on some agendas.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from tracker.text.models import PDF_MIME, ExtractedText, Page, Status

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Per-worker address-space limit: far above what text extraction of a 50 MB PDF needs.
DEFAULT_MEMORY_LIMIT = 2 * 1024**3
#: A page with an image and fewer visible characters than this is a scan (a stamp or page number
#: on a scanned page is still a scan).
MIN_PAGE_CHARS = 25
_STARTUP_TIMEOUT = 60.0
# PDFium marks a hyphen it joined across a line break as \x02 (U+FFFE in get_text_range); form feeds
# separate pages.
_CLEANUP = str.maketrans({"\r": "\n", "\f": "\n", "\x02": "-", "\ufffe": "-", "\x00": None})

_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_FILE: "the file cannot be read",
    pdfium_c.FPDF_ERR_FORMAT: "not a PDF, or damaged beyond repair",
}
#: What a worker sends back: the pages as (text, needs_ocr), or a failure status and its message.
_Pages = list[tuple[str, bool]]
_Outcome = _Pages | tuple[Status, str]


def extract_pdf(
    source: bytes | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT
) -> ExtractedText:
    """Extract one PDF (bytes or a file) in the shared worker pool; never raises on bad input."""
    return _shared_extractor().extract(source, max_bytes=max_bytes, timeout=timeout)


def extract_pdfs(
    sources: Iterable[bytes | Path],
    *,
    processes: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[ExtractedText]:
    """Extract many PDFs in parallel (one process per core by default); results keep the input order."""
    with PdfExtractor(processes) as extractor:
        return extractor.extract_many(sources, max_bytes=max_bytes, timeout=timeout)


class PdfExtractor:
    """A pool of PDF worker processes, safe to share between threads.

    Workers start on first use and the most recently used one is reused first, so a single-threaded
    caller only ever starts one. ``close()`` stops them; using the extractor again restarts them.
    """

    def __init__(self, processes: int | None = None, *, memory_limit: int | None = DEFAULT_MEMORY_LIMIT):
        self.processes = processes or os.cpu_count() or 1
        self._workers = [_Worker(memory_limit) for _ in range(self.processes)]
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        for worker in self._workers:
            self._idle.put(worker)

    def extract(
        self, source: bytes | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT
    ) -> ExtractedText:
        """Extract one PDF; bad, hostile or oversized input gives a status, not an exception."""
        try:
            size = len(source) if isinstance(source, bytes) else source.stat().st_size
        except OSError as error:
            return ExtractedText.failure("corrupt", f"cannot read the file: {error}", PDF_MIME)
        if size > max_bytes:
            return ExtractedText.failure("too_large", f"{size} bytes is over the {max_bytes}-byte limit", PDF_MIME)
        worker = self._idle.get()
        try:
            outcome = worker.run(source if isinstance(source, bytes) else str(source), timeout)
        finally:
            self._idle.put(worker)
        return _result(outcome) if isinstance(outcome, list) else ExtractedText.failure(*outcome, PDF_MIME)

    def extract_many(
        self,
        sources: Iterable[bytes | Path],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> list[ExtractedText]:
        """Extract many PDFs, one per worker at a time; results keep the input order."""
        with ThreadPoolExecutor(self.processes, thread_name_prefix="pdf") as threads:
            return list(threads.map(lambda s: self.extract(s, max_bytes=max_bytes, timeout=timeout), sources))

    def close(self) -> None:
        """Stop the worker processes."""
        for worker in self._workers:
            worker.stop()

    def __enter__(self) -> PdfExtractor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


_shared: PdfExtractor | None = None
_shared_lock = threading.Lock()


def _shared_extractor() -> PdfExtractor:
    """The process-wide extractor behind :func:`extract_pdf`, created on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = PdfExtractor()
        return _shared


def _result(pages: _Pages) -> ExtractedText:
    """Classify extracted pages: ok, scanned (most pages need OCR) or empty (no text at all)."""
    models = [Page(number=n, text=text, needs_ocr=ocr) for n, (text, ocr) in enumerate(pages, start=1)]
    status: Status = "ok"
    error = None
    scanned = sum(page.needs_ocr for page in models)
    if not models:
        status, error = "empty", "the PDF has no pages"
    elif scanned * 2 > len(models):
        status, error = "scanned", f"{scanned} of {len(models)} pages are images without a text layer (OCR needed)"
    elif not any(page.text.strip() for page in models):
        status, error = "empty", "no page has any text"
    return ExtractedText(pages=models, status=status, error=error, mime=PDF_MIME, page_count=len(models))


class _Worker:
    """One extraction process, started lazily and replaced after a timeout or a crash."""

    def __init__(self, memory_limit: int | None):
        self._memory_limit = memory_limit
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None

    def run(self, job: bytes | str, timeout: float) -> _Outcome:
        """Extract ``job`` (PDF bytes or a path) within ``timeout`` seconds."""
        connection = self._start()
        try:
            connection.send(job)
            if not connection.poll(timeout):
                self.stop()
                return "timeout", f"extraction took longer than {timeout:g} s"
            return connection.recv()
        except (EOFError, OSError):
            return "corrupt", f"the PDF worker died (exit code {self.stop()})"

    def _start(self) -> Connection:
        """The connection to a live worker, starting one if needed."""
        if self._connection is not None and self._process is not None and self._process.is_alive():
            return self._connection
        self.stop()
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, self._memory_limit), daemon=True, name="pdf-worker")
        process.start()
        theirs.close()
        self._process, self._connection = process, ours
        try:
            if ours.poll(_STARTUP_TIMEOUT) and ours.recv() == "ready":
                return ours
        except EOFError:
            pass
        raise RuntimeError(f"the PDF worker process did not start (exit code {self.stop()})")

    def stop(self) -> int | None:
        """Kill the process (it may be stuck inside PDFium), forget it and return its exit code."""
        exitcode = None
        if self._process is not None:
            self._process.kill()
            self._process.join()
            exitcode = self._process.exitcode
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None
        return exitcode


def _serve(connection: Connection, memory_limit: int | None) -> None:
    """Worker process main loop: receive a PDF, send back its pages, until the pipe closes."""
    if memory_limit is not None:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        except (ImportError, ValueError, OSError):  # not on this platform, or a lower hard limit
            pass
    connection.send("ready")
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        connection.send(_extract_pages(job))


def _extract_pages(job: bytes | str) -> _Outcome:
    """Open the PDF and read every page; runs in the worker process."""
    document = None
    try:
        data = job if isinstance(job, bytes) else Path(job).read_bytes()
        # The raw call, because pypdfium2 turns a PDF without pages into an error with a stale code.
        raw = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
        if not raw:
            code = pdfium_c.FPDF_GetLastError()
            if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                return "encrypted", "the PDF is password-protected"
            return "corrupt", f"not a readable PDF ({_LOAD_ERRORS.get(code, f'PDFium error {code}')})"
        document = pypdfium2.PdfDocument(raw)
        return [_page_text(document, index) for index in range(len(document))]
    except MemoryError:
        return "too_large", "extraction ran out of memory"
    except Exception as error:  # PDFium failing on a damaged page, or anything else the file triggers
        return "corrupt", f"extraction failed: {type(error).__name__}: {error}"
    finally:
        if document is not None:
            document.close()


def _page_text(document: pypdfium2.PdfDocument, index: int) -> tuple[str, bool]:
    """The cleaned text of one page and whether it is an image without a text layer."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_bounded().replace("\r\n", "\n").translate(_CLEANUP)
        finally:
            textpage.close()
        needs_ocr = len("".join(text.split())) < MIN_PAGE_CHARS and any(
            page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
        )
        return text, needs_ocr
    finally:
        page.close()
