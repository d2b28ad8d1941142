"""Score the analysis engine on labeled real agenda items and real documents, and list every miss.

Usage: ``python benchmarks/eval_analysis.py [FILE.jsonl ...] [--documents MANIFEST]``. Without files it scores
the shared dev corpus. Other labeled sets (the dev corpus's fields) are given by path: sets built from text read
through stored public pages are kept outside the project, since that text is not copied into it.

Conventions (the shared README's): an item is predicted ``alpr`` when ``finding.relevant`` and
``finding.category == "alpr"``; items labeled ``unclear`` are left out of precision and recall (either answer is
defensible) and of the field scores. Vendor accuracy is over ``alpr`` items with a gold ``vendor_family``;
camera-count and total accuracy are over every ``alpr`` item, and a gold null must give null. The invented rate
is the share of ``alpr`` items whose gold camera count or total is null while the engine gives one.
A miss is printed as one line, so a rule change shows exactly which items it fixed or broke.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.analysis import Finding, analyze_item  # noqa: E402
from tracker.analysis.documents import analyze_document  # noqa: E402
from tracker.text import extract  # noqa: E402

DEV_CORPUS = ROOT / ".." / "shared" / "corpus" / "agenda-items-dev.jsonl"
FIELDS = ("label", "vendor", "camera_count", "total_usd")


@dataclass(frozen=True)
class Miss:
    """One wrong field of one item."""

    id: str
    field: str
    gold: object
    got: object
    text: str

    def line(self) -> str:
        snippet = " ".join(self.text.split())[:100]
        return f"  {self.id}  {self.field}: gold={self.gold!r} got={self.got!r}  | {snippet}"


@dataclass
class Score:
    """Counts for one file; ``misses`` holds every wrong field."""

    n: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    vendor: list[bool] = field(default_factory=list)
    cameras: list[bool] = field(default_factory=list)
    total: list[bool] = field(default_factory=list)
    invented: list[bool] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    def missed_ids(self, name: str) -> set[str]:
        """The ids missed on one field (``label``, ``vendor``, ``camera_count`` or ``total_usd``)."""
        return {m.id for m in self.misses if m.field == name}


def load_rows(path: Path) -> list[dict]:
    """The labeled rows of a JSON Lines file; a malformed line is an error naming its line number."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from None
        if not {"id", "text", "label"} <= row.keys():
            raise ValueError(f"{path}:{number}: needs id, text and label")
        rows.append(row)
    return rows


def is_alpr(finding: Finding) -> bool:
    """The engine says ALPR: relevant, and police ALPR rather than parking LPR."""
    return finding.relevant and finding.category == "alpr"


def score_rows(rows: list[dict]) -> Score:
    """Analyze every row and compare with its gold labels."""
    score = Score()
    for row in rows:
        score.n += 1
        finding = analyze_item(row["text"], None)
        predicted = is_alpr(finding)
        if row["label"] == "unclear":
            continue
        gold = row["label"] == "alpr"
        score.tp += gold and predicted
        score.fp += predicted and not gold
        score.fn += gold and not predicted
        if gold != predicted:
            got = f"{finding.category} relevant={finding.relevant}"
            score.misses.append(Miss(row["id"], "label", row["label"], got, row["text"]))
        if not gold:
            continue
        if row.get("vendor_family"):
            _compare(score, score.vendor, row, "vendor", row["vendor_family"], finding.vendor)
        _compare(score, score.cameras, row, "camera_count", row.get("camera_count"), finding.camera_count)
        _compare(score, score.total, row, "total_usd", _usd(row.get("total_usd")), _usd(finding.total_usd))
        score.invented.append((row.get("camera_count") is None and finding.camera_count is not None)
                              or (row.get("total_usd") is None and finding.total_usd is not None))
    return score


def _usd(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _compare(score: Score, tally: list[bool], row: dict, name: str, gold: object, got: object) -> None:
    tally.append(gold == got)
    if gold != got:
        score.misses.append(Miss(row["id"], name, gold, got, row["text"]))


def _rate(values: list[bool]) -> str:
    return f"{sum(values) / len(values):.3f} ({sum(values)}/{len(values)})" if values else "n/a"


def report(path: Path, score: Score) -> str:
    """The summary lines and the misses of one file."""
    precision = score.tp / (score.tp + score.fp) if score.tp + score.fp else 1.0
    recall = score.tp / (score.tp + score.fn) if score.tp + score.fn else 1.0
    lines = [f"{path.name}: n={score.n} precision={precision:.3f} recall={recall:.3f} "
             f"(tp={score.tp} fp={score.fp} fn={score.fn})",
             f"  vendor={_rate(score.vendor)} cameras={_rate(score.cameras)} total={_rate(score.total)} "
             f"invented={_rate(score.invented)}"]
    lines += [miss.line() for miss in sorted(score.misses, key=lambda m: (FIELDS.index(m.field), m.id))]
    return "\n".join(lines)


def check_documents(manifest: Path) -> tuple[list[str], int]:
    """One line per document (found / missed / false finding) and the number of failures."""
    lines, failures = [], 0
    for row in load_manifest(manifest):
        path = (manifest.parent / row["file"]).resolve()
        extracted = extract(path)
        if extracted.status != "ok":
            raise ValueError(f"{path}: cannot extract text ({extracted.status})")
        found = [r for r in analyze_document(extracted).results if r.finding.relevant]
        alpr = [r for r in found if r.finding.category == "alpr"]
        ok = bool(alpr) if row["has_alpr"] else not found
        failures += not ok
        what = "; ".join(f"{r.finding.category}: {' '.join(r.item.text.split())[:70]}" for r in found) or "nothing"
        lines.append(f"  {'ok  ' if ok else 'MISS'} has_alpr={row['has_alpr']} {row['file']}: {what}")
    return lines, failures


def load_manifest(manifest: Path) -> list[dict]:
    """The rows of a documents manifest (``file``, ``has_alpr``, ``origin``, ``note``)."""
    rows = []
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            if not {"file", "has_alpr"} <= row.keys():
                raise ValueError(f"{manifest}:{number}: needs file and has_alpr")
            rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="labeled JSON Lines files (default: dev + real)")
    parser.add_argument("--documents", type=Path, help="documents manifest (default: the real one, if present)")
    args = parser.parse_args(argv)
    files = args.files or [DEV_CORPUS]
    manifest = args.documents
    try:
        for path in files:
            print(report(path, score_rows(load_rows(path))))
        if manifest is not None:
            lines, failures = check_documents(manifest)
            print(f"{manifest.name}: {len(lines) - failures}/{len(lines)} documents right")
            print("\n".join(lines))
    except (OSError, ValueError) as error:
        print(f"eval_analysis: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
