"""Crawl storage throughput: a replayed CivicPlus site crawled by the real spider and pipeline, then again.

Run from the repository root:  python benchmarks/bench_crawl.py [--documents N] [--profile-documents M]

A synthetic AgendaCenter search page lists N/2 meetings of bodies of 50, each with an agenda and minutes: one-page PDFs of
about 2.4 KB with numbered agenda items (one meeting in twenty considers a license plate reader contract).
It is served on 127.0.0.1 by :mod:`scrapers.replay` and crawled with ``alpr-tracker crawl`` (the same
command, spider, middlewares and storage pipeline as production) into a fresh SQLite database, with no
download delay. Printed: documents stored per second and CPU seconds per document of the first crawl, the
CPU seconds of a second crawl of the unchanged site (within the refresh window: the listing is read again,
nothing else is fetched), the crawl process's peak RSS, and a cProfile top-10 by cumulative time of the
storage path (the pipeline's blocking work in its thread; cProfile sees one thread only, so the wrapper
below profiles that work wherever it runs) from a separate, smaller profiled crawl. CPU is the crawl
process's user + system time including its PDF worker processes (``os.wait4``).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapers.replay import Exchange, replaying  # noqa: E402 - after the path set-up above

HOST = "benchcity.civicplus.example"
FIRST_DAY = dt.date(2015, 1, 1)
#: Spider politeness off against 127.0.0.1 (as the replayed tests run it), PDF workers as in production.
SETTINGS = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "RETRY_TIMES": "1", "LOG_LEVEL": "WARNING",
            "CONCURRENT_REQUESTS": "32", "CONCURRENT_REQUESTS_PER_DOMAIN": "32"}
#: Meetings per body (``div.listing``): a body's few years of meetings, as AgendaCenter groups its rows.
MEETINGS_PER_BODY = 50
AGENDA_LINES = [
    "CALL TO ORDER AND ROLL CALL", "PLEDGE OF ALLEGIANCE", "PUBLIC COMMENT ON NON-AGENDA ITEMS",
    "APPROVAL OF THE MINUTES OF THE REGULAR MEETING", "CONSENT AGENDA: WARRANT REGISTER AND PAYROLL",
    "AWARD OF BID FOR STREET RESURFACING PROJECT PHASE 2 TO LOW BIDDER",
    "RESOLUTION AUTHORIZING THE CITY MANAGER TO EXECUTE AN AGREEMENT FOR PARK MAINTENANCE SERVICES",
    "FIRST READING OF AN ORDINANCE AMENDING THE MUNICIPAL CODE REGARDING SHORT-TERM RENTALS",
    "REPORT OF THE PLANNING COMMISSION ON THE DOWNTOWN SPECIFIC PLAN UPDATE",
    "BUDGET AMENDMENT FOR FISCAL YEAR CAPITAL IMPROVEMENT PROGRAM", "CITY MANAGER REPORT", "ADJOURNMENT",
]
ALPR_LINE = "APPROVE A TWO-YEAR AGREEMENT WITH FLOCK SAFETY FOR AUTOMATED LICENSE PLATE READER CAMERAS"


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text is ``lines`` (Helvetica, one line each), with a correct xref table."""
    def escaped(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 9 Tf", "11 TL", "40 760 Td"] + [f"({escaped(line)}) '" for line in lines] + ["ET"]
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _document(meeting: int, day: dt.date, kind: str) -> bytes:
    """An agenda or the minutes of ``meeting``: numbered items with a few lines of staff text each."""
    lines = [f"CITY OF BENCHCITY - CITY COUNCIL {kind.upper()}", f"{day:%A, %B %d, %Y} AT 6:00 PM", ""]
    items = list(AGENDA_LINES)
    if meeting % 20 == 0:
        items.insert(6, ALPR_LINE)
    for number, title in enumerate(items, 1):
        lines.append(f"{number}. {title}")
        lines.append(f"   Staff recommends approval. Fiscal impact: ${(meeting * 37 + number * 911) % 90000:,}.")
    return _pdf(lines)


def _row(meeting: int, day: dt.date) -> str:
    anchor = f"_{day:%m%d%Y}-{meeting}"
    title = f"City Council Regular Meeting Agenda for {day:%B %d, %Y}"
    return f"""
<tr id="row{meeting}" class="catAgendaRow">
  <td><h4><a name="{anchor}"></a><a name="{meeting}" title="{title}" href="/AgendaCenter/ViewFile/Agenda/{anchor}?html=true"><strong>{day:%b %d, %Y}</strong></a></h4>
  <p>{title}</p></td>
  <td class="minutes"><a href="/AgendaCenter/ViewFile/Minutes/{anchor}">Minutes</a></td>
  <td class="downloads"><ol>
    <li><a class="html" href="/AgendaCenter/ViewFile/Agenda/{anchor}?html=true">HTML</a></li>
    <li><a class="pdf" href="/AgendaCenter/ViewFile/Agenda/{anchor}">PDF</a></li>
  </ol></td>
</tr>"""


def site(documents: int) -> tuple[list[Exchange], dt.date]:
    """The exchanges of a site with ``documents`` documents (two per meeting) and the last meeting's day."""
    meetings = [(n, FIRST_DAY + dt.timedelta(days=n)) for n in range(1, documents // 2 + 1)]
    bodies = [meetings[start:start + MEETINGS_PER_BODY] for start in range(0, len(meetings), MEETINGS_PER_BODY)]
    listing = f"""<html><head><title>Agenda Center</title></head><body>
<p class="results">{len(meetings)} results found in All categories</p>
{''.join(f'<div class="listing" id="cat{n}"><h2>Board {n}</h2><table><tbody>'
         f'{"".join(_row(m, day) for m, day in body)}</tbody></table></div>' for n, body in enumerate(bodies, 1))}
</body></html>"""
    search = Exchange(f"http://{HOST}/AgendaCenter/Search/", body=listing.encode(), match_query=False,
                      headers={"Content-Type": "text/html; charset=utf-8"})
    pdf = {"Content-Type": "application/pdf"}
    files = [Exchange(f"http://{HOST}/AgendaCenter/ViewFile/{kind}/_{day:%m%d%Y}-{n}", body=_document(n, day, kind),
                      headers=pdf)
             for n, day in meetings for kind in ("Agenda", "Minutes")]
    return [search, *files], meetings[-1][1]


@dataclass
class Run:
    """One crawl process: wall seconds, CPU seconds (with its children), peak RSS in MB and its summary."""

    seconds: float
    cpu: float
    peak_mb: float
    summary: list[dict]


def crawl(registry: Path, db_url: str, until: dt.date, profile: Path | None = None) -> Run:
    """``alpr-tracker crawl`` of ``registry`` in a child process, measured with ``os.wait4``."""
    command = [sys.executable, str(Path(__file__).resolve())]
    command += ["--profile-child", str(profile), "--"] if profile else ["--cli", "--"]
    command += ["crawl", "--registry", str(registry), "--db", db_url, "--format", "json", "--no-progress",
                "--since", FIRST_DAY.isoformat(), "--until", until.isoformat()]
    for name, value in SETTINGS.items():
        command += ["-s", f"{name}={value}"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        raise SystemExit(f"the crawl failed ({child.returncode}): {stderr[-3000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, json.loads(stdout))


def stored(summary: list[dict]) -> int:
    """Documents stored by a crawl, from its JSON summary."""
    return sum(row.get("documents_stored", row.get("documents", 0)) for row in summary)


def profile_child(out: Path, argv: list[str]) -> None:
    """Run the CLI with the storage pipeline's blocking work profiled (in whichever thread runs it)."""
    from scrapers.pipelines import storage
    from tracker.cli import main

    profiler, lock = cProfile.Profile(), threading.Lock()
    stores = storage.StoragePipeline._store

    def profiled(self, *args, **kwargs):
        with lock:
            profiler.enable()
            try:
                return stores(self, *args, **kwargs)
            finally:
                profiler.disable()

    storage.StoragePipeline._store = profiled
    sys.argv = ["alpr-tracker", *argv]
    try:
        main()
    finally:
        profiler.dump_stats(str(out))


def top10(path: Path) -> str:
    """The profile's ten most expensive functions by cumulative time."""
    text = io.StringIO()
    pstats.Stats(str(path), stream=text).strip_dirs().sort_stats("cumulative").print_stats(10)
    return text.getvalue().split("ncalls", 1)[-1].join(("   ncalls", ""))


def bench(documents: int, directory: Path, profile: Path | None) -> tuple[Run, Run]:
    """A first crawl and a re-crawl of the unchanged site (or a profiled first crawl, with ``profile``)."""
    from tests.scrapers.conftest import write_registry

    exchanges, last_day = site(documents)
    db_url = f"sqlite:///{directory}/bench-{documents}{'-profile' if profile else ''}.sqlite"
    with replaying(exchanges) as replay:
        registry = write_registry(directory / "registry.csv", [{
            "id": "civicplus:benchcity", "name": "Benchcity", "state": "CA", "platform": "civicplus",
            "url": replay.base(HOST) + "/AgendaCenter"}])
        first = crawl(registry, db_url, last_day, profile)
        if profile:
            return first, first
        requests = len(replay.requests)
        again = crawl(registry, db_url, last_day)
        print(f"re-crawl requests: {len(replay.requests) - requests} (first crawl: {requests})")
    return first, again


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--documents", type=int, default=1000, help="documents on the replayed site (default 1000)")
    parser.add_argument("--profile-documents", type=int, default=300,
                        help="documents of the profiled crawl (default 300; 0: no profile)")
    parser.add_argument("--profile-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cli", action="store_true", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    rest = rest[1:] if rest[:1] == ["--"] else rest
    if args.profile_child:
        return profile_child(args.profile_child, rest)
    if args.cli:
        from tracker.cli import main as cli

        sys.argv = ["alpr-tracker", *rest]
        return cli()
    if args.documents < 2:
        parser.error("--documents must be at least 2 (one meeting has an agenda and minutes)")
    with tempfile.TemporaryDirectory() as directory:
        first, again = bench(args.documents, Path(directory), None)
        count = stored(first.summary)
        print(f"documents: {args.documents} on the site, {count} stored")
        print(f"first crawl: {first.seconds:.1f} s, {count / first.seconds:.1f} documents/s, "
              f"{first.cpu:.1f} s CPU = {1000 * first.cpu / max(count, 1):.1f} ms CPU per document, "
              f"peak RSS {first.peak_mb:.0f} MB")
        print(f"re-crawl of the unchanged site: {again.seconds:.1f} s, {again.cpu:.2f} s CPU, "
              f"peak RSS {again.peak_mb:.0f} MB, {stored(again.summary)} documents stored")
        if args.profile_documents:
            profile = Path(directory) / "storage.prof"
            profiled, _ = bench(args.profile_documents, Path(directory), profile)
            print(f"profiled crawl of {args.profile_documents} documents: {profiled.cpu:.1f} s CPU; storage path, "
                  "top 10 by cumulative time:")
            print(top10(profile))


if __name__ == "__main__":
    main()
