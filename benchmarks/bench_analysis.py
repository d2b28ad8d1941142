"""Analysis throughput on real agenda text, beside a plain ``re`` keyword scan over the same text.

Run: ``python benchmarks/bench_analysis.py [--mb 20]``. The text is every real agenda in
../shared/fixtures (agenda PDFs and HTML agendas), each copy with one real ALPR item from the dev corpus
appended (far denser than real packets, so an upper bound on the work), repeated to about ``--mb`` MB so
that timings are stable. All measurements run in this one process, on one core, back to back.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from tracker.analysis import analyze_item
from tracker.analysis.documents import analyze_items
from tracker.text import extract, split_items

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
KEYWORDS = re.compile(
    r"license plate|plate reader|alpr|lpr|anpr|flock|vigilant|rekor|genetec|axon|motorola|red light|speed camera"
    r"|shotspotter|body.worn|parking|not to exceed|\$[\d,]+",
    re.IGNORECASE,
)


AGENDAS = ["agendas/*.pdf", "agendas/*.html", "granicus/*agenda.html"]


def agenda_texts() -> list[str]:
    """The text of every real agenda fixture."""
    paths = sorted(p for pattern in AGENDAS for p in (SHARED / "fixtures").glob(pattern))
    return [x.text for x in map(extract, paths) if x.status == "ok"]


def corpus_items(label: str | None = None) -> list[str]:
    """The dev corpus texts, optionally only those with ``label``."""
    rows = [json.loads(line) for line in (SHARED / "corpus" / "agenda-items-dev.jsonl").read_text().splitlines() if line]
    return [r["text"] for r in rows if label is None or r["label"] == label]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="MB of text to analyze")
    args = parser.parse_args()
    agendas, alpr = agenda_texts(), corpus_items("alpr")
    copies = max(1, round(args.mb * 1e6 / sum(len(t.encode()) for t in agendas)))
    documents = [f"{text}\n\n99. {alpr[i % len(alpr)]}\n" for i, text in enumerate(agendas * copies)]
    total_mb = sum(len(t.encode()) for t in documents) / 1e6
    items = [item for text in documents for item in split_items(text)]

    start = time.perf_counter()
    hits = sum(1 for text in documents for _ in KEYWORDS.finditer(text))
    regex_s = time.perf_counter() - start

    start = time.perf_counter()
    for text in documents:
        split_items(text)
    split_s = time.perf_counter() - start

    start = time.perf_counter()
    relevant = sum(r.finding.relevant for r in analyze_items(items))
    analyze_s = time.perf_counter() - start

    plain_items = [item for text in agendas * copies for item in split_items(text)]
    plain_mb = sum(len(t.encode()) for t in agendas * copies) / 1e6
    start = time.perf_counter()
    plain_relevant = sum(r.finding.relevant for r in analyze_items(plain_items))
    plain_s = time.perf_counter() - start

    corpus_texts = corpus_items() * 50
    start = time.perf_counter()
    for text in corpus_texts:
        analyze_item(text)
    full_s = time.perf_counter() - start

    print(f"text: {total_mb:.1f} MB in {len(documents)} documents, {len(items)} items")
    print(f"plain re keyword scan:        {total_mb / regex_s:8.1f} MB/s  ({hits} hits)")
    print(f"item splitting:               {total_mb / split_s:8.1f} MB/s")
    print(f"analysis of split items:      {total_mb / analyze_s:8.1f} MB/s  {len(items) / analyze_s:10.0f} items/s"
          f"  ({relevant} relevant)")
    print(f"split + analysis end to end:  {total_mb / (split_s + analyze_s):8.1f} MB/s")
    print(f"agendas as published (no ALPR item inserted): analysis {plain_mb / plain_s:8.1f} MB/s"
          f"  {len(plain_items) / plain_s:10.0f} items/s  ({plain_relevant} relevant)")
    print(f"full rules on every item:     {len(corpus_texts) / full_s:8.0f} items/s (dev corpus items, no pre-filter)")
    regex_mb_s = total_mb / regex_s
    print(f"analysis vs plain re scan:    {plain_mb / plain_s / regex_mb_s:8.2f}x as published, "
          f"{total_mb / analyze_s / regex_mb_s:.2f}x with an ALPR item in every agenda")


if __name__ == "__main__":
    main()
