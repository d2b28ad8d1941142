"""``alpr-tracker analyze``: the JSON-lines interface of DESIGN section 3 and whole documents."""

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tracker.cli import app

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
REQUIRED = {"id", "relevant", "category", "vendor", "camera_count", "total_usd", "term_months", "action", "confidence"}


def _run(args, stdin=None):
    return CliRunner().invoke(app, args, input=stdin)


def test_jsonl_from_stdin_keeps_order_and_fields():
    lines = [
        {"id": "a", "text": "Lease of twenty (20) ALPR cameras from Flock Group Inc. not to exceed $55,000 for a two-year term"},
        {"id": "b", "text": "Approve the minutes of the March meeting"},
        {"id": 3, "text": "Parking enforcement license plate recognition units", "date": "2024-05-01"},
    ]
    result = _run(["analyze", "--jsonl", "-"], "\n".join(json.dumps(x) for x in lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", 3]
    assert all(REQUIRED <= set(o) for o in out)
    assert out[0]["relevant"] and out[0]["category"] == "alpr"
    assert (out[0]["vendor"], out[0]["camera_count"], out[0]["total_usd"], out[0]["term_months"]) == ("flock", 20, 55000, 24)
    assert out[1] == {**out[1], "relevant": False, "category": "not_alpr"}
    assert out[2]["category"] == "parking_lpr"


def test_jsonl_bad_lines_are_reported_in_place_and_nothing_is_lost(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "text": "ALPR renewal"}\nnot json\n{"id": 2}\n\n{"id": 4, "text": "geese"}\n')
    result = _run(["analyze", "--jsonl", str(path)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, None, 2, 4]
    assert "error" in out[1] and "line 2" in out[1]["error"]
    assert "error" in out[2]
    assert out[0]["relevant"] and not out[3]["relevant"]


def test_dev_corpus_through_the_console_module():
    corpus = SHARED / "corpus" / "agenda-items-dev.jsonl"
    proc = subprocess.run([sys.executable, "-m", "tracker", "analyze", "--jsonl", str(corpus)],
                          capture_output=True, text=True, check=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == len(corpus.read_text().splitlines())


def test_needs_files_or_jsonl():
    result = _run(["analyze"])
    assert result.exit_code != 0


def test_help():
    assert _run(["analyze", "--help"]).exit_code == 0
