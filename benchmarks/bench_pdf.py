"""PDF text extraction throughput: tracker.text (pypdfium2 in worker processes) against pdfminer.six.

Run from the repository root:  python benchmarks/bench_pdf.py [--rounds N]

Every real agenda PDF in ../shared/fixtures/agendas is extracted ``rounds`` times. Ours is measured with
one worker process (the fair comparison with pdfminer.six, which runs in this one process) and with the
default pool of one process per core. Workers are started before the clock runs: a worker lives for
many documents, so its start-up is reported apart. DESIGN.md section 5 expects pypdfium2 at ~500
pages/s and pdfminer.six at ~16; the target is at least 20 times pdfminer.six's pages/s.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pdfminer.high_level import extract_text

from tracker.text import PdfExtractor

AGENDAS = Path(__file__).resolve().parents[1] / ".." / "shared" / "fixtures" / "agendas"
TARGET_RATIO = 20


def bench_ours(files: list[Path], rounds: int, processes: int | None) -> tuple[int, float, float, int]:
    """(pages, seconds, worker start-up seconds, processes) for ``rounds`` passes over ``files``."""
    with PdfExtractor(processes) as extractor:
        started = time.perf_counter()
        extractor.extract_many(files[:1] * extractor.processes)  # start every worker
        startup = time.perf_counter() - started
        started = time.perf_counter()
        results = extractor.extract_many(files * rounds)
        elapsed = time.perf_counter() - started
    failed = [str(path) for path, result in zip(files * rounds, results) if result.status != "ok"]
    if failed:
        raise SystemExit(f"extraction failed: {failed}")
    return sum(result.page_count for result in results), elapsed, startup, extractor.processes


def bench_pdfminer(files: list[Path], rounds: int, page_counts: dict[Path, int]) -> tuple[int, float]:
    """(pages, seconds) for pdfminer.six's ``extract_text`` over the same files."""
    started = time.perf_counter()
    for _ in range(rounds):
        for path in files:
            extract_text(path)
    return sum(page_counts[path] for path in files) * rounds, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the PDFs for our extractor")
    parser.add_argument("--pdfminer-rounds", type=int, default=2, help="passes for pdfminer.six (slow)")
    args = parser.parse_args()
    files = sorted(AGENDAS.resolve().glob("*.pdf"))
    if not files:
        raise SystemExit(f"no PDFs in {AGENDAS}")
    with PdfExtractor(1) as extractor:
        page_counts = {path: result.page_count for path, result in zip(files, extractor.extract_many(files))}
    print(f"{len(files)} PDFs, {sum(page_counts.values())} pages, from {AGENDAS.resolve()}")

    single_pages, single_seconds, single_startup, _ = bench_ours(files, args.rounds, 1)
    pool_pages, pool_seconds, pool_startup, processes = bench_ours(files, args.rounds, None)
    miner_pages, miner_seconds = bench_pdfminer(files, args.pdfminer_rounds, page_counts)

    single_rate, pool_rate = single_pages / single_seconds, pool_pages / pool_seconds
    miner_rate = miner_pages / miner_seconds
    print(f"{'extractor':<34}{'pages':>7}{'seconds':>9}{'pages/s':>10}")
    print(f"{'tracker.text, 1 worker process':<34}{single_pages:>7}{single_seconds:>9.2f}{single_rate:>10.1f}"
          f"   (worker start-up {single_startup:.2f} s, not counted)")
    print(f"{f'tracker.text, pool of {processes}':<34}{pool_pages:>7}{pool_seconds:>9.2f}{pool_rate:>10.1f}"
          f"   (start-up {pool_startup:.2f} s, not counted)")
    print(f"{'pdfminer.six extract_text':<34}{miner_pages:>7}{miner_seconds:>9.2f}{miner_rate:>10.1f}")
    ratio = single_rate / miner_rate
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(f"ratio, 1 worker / pdfminer.six: {ratio:.1f}x ({verdict} the {TARGET_RATIO}x target); "
          f"pool / pdfminer.six: {pool_rate / miner_rate:.1f}x")


if __name__ == "__main__":  # the guard also keeps spawned worker processes from re-running the benchmark
    main()
