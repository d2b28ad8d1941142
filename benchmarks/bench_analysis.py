"""Analysis throughput on real agenda text, beside a plain ``re`` keyword scan over the same text.

Run: ``python benchmarks/bench_analysis.py [--mb 20]``. The texts are every real agenda in ../shared/fixtures
(agenda PDFs and HTML agendas), repeated to about ``--mb`` MB so that timings are stable, in three kinds:

- as published (no ALPR item);
- with one real ALPR item of the dev corpus in every agenda, numbered as the agenda's next item after its
  last numbered one, as a clerk would (far denser than real packets: an upper bound on the work);
- the same item appended at the end as "99." (how this benchmark inserted it before): the outline reader
  does not take a jump to 99, so the item is read as part of the last item (adjournment, certification,
  page footers), and the full rules run on all of that.

Each kind is timed with the ``re`` scan over the very same texts, back to back, in this one process pinned
to one core, so the ratios are measured under the same load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from collections.abc import Callable
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


def numbered_in(agenda: str, item: str) -> str:
    """``agenda`` with ``item`` as the next numbered item after its last one (at the end if it numbers none)."""
    numbered = [i for i in split_items(agenda) if i.number and i.number.isdigit()]
    if not numbered:
        return f"{agenda}\n\n{item}\n"
    last = numbered[-1]
    return f"{agenda[:last.end]}\n\n{int(last.number) + 1}. {item}\n\n{agenda[last.end:]}"


def _timed(work: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def measure(name: str, documents: list[str]) -> None:
    """Print the re scan, splitting and analysis rates on ``documents`` and analysis's ratio to the scan."""
    mb = sum(len(t.encode()) for t in documents) / 1e6
    regex_s, hits = _timed(lambda: sum(1 for text in documents for _ in KEYWORDS.finditer(text)))
    split_s, items = _timed(lambda: [item for text in documents for item in split_items(text)])
    analyze_s, results = _timed(lambda: analyze_items(items))
    relevant = sum(r.finding.relevant for r in results)
    regex = mb / regex_s
    print(f"{name}: {mb:.1f} MB, {len(documents)} documents, {len(items)} items, {relevant} relevant")
    print(f"  plain re keyword scan       {regex:7.1f} MB/s  ({hits} hits)")
    print(f"  item splitting              {mb / split_s:7.1f} MB/s")
    print(f"  analysis of split items     {mb / analyze_s:7.1f} MB/s  {len(items) / analyze_s:8.0f} items/s"
          f"  {mb / analyze_s / regex:5.2f}x the re scan")
    print(f"  split + analysis            {mb / (split_s + analyze_s):7.1f} MB/s"
          f"                    {mb / (split_s + analyze_s) / regex:5.2f}x the re scan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="MB of text per kind")
    args = parser.parse_args()
    agendas, alpr = agenda_texts(), corpus_items("alpr")
    if hasattr(os, "sched_setaffinity"):  # one core, whatever else the machine runs
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    copies = max(1, round(args.mb * 1e6 / sum(len(t.encode()) for t in agendas)))
    published = agendas * copies
    measure("agendas as published", published)
    measure("an ALPR item in every agenda, numbered in sequence",
            [numbered_in(text, alpr[i % len(alpr)]) for i, text in enumerate(published)])
    measure('an ALPR item appended as "99." (read as part of the last item)',
            [f"{text}\n\n99. {alpr[i % len(alpr)]}\n" for i, text in enumerate(published)])
    corpus_texts = corpus_items() * 50
    full_s, _ = _timed(lambda: [analyze_item(text) for text in corpus_texts])
    print(f"full rules on every item: {len(corpus_texts) / full_s:.0f} items/s (dev corpus items, no pre-filter)")


if __name__ == "__main__":
    main()
