"""REGRESSION GUARD on independently gathered real agenda items (tests/tracker/files/analysis-real/items.jsonl).

The engine is not tuned on these items, and it does not get them all right. This test records exactly which
ids it misses on each field today: a regression (a new miss) fails, and so does a fix (a miss that is gone),
so that whoever improves a rule updates ``KNOWN_MISSES`` here and the improvement is visible in the diff.
Scoring is benchmarks/eval_analysis.py's (``unclear`` items are left out; a gold null must give null).
"""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ITEMS = ROOT / "tests" / "tracker" / "files" / "analysis-real" / "items.jsonl"

#: Misses when the file was last extended: update deliberately, with the id, when a rule change fixes one.
KNOWN_MISSES: dict[str, set[str]] = {
    "label": set(),
    "vendor": {"re-8a985fbf2f"},
    "camera_count": {"re-5467855ca7", "re-947223eda8", "re-b4977b7096", "re-bce7d46726"},
    "total_usd": {
        "re-0088e8d108", "re-29ffb497a1", "re-b4977b7096", "re-c738784831",
        "re-d9fb1cc970",
    },
}


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_analysis", ROOT / "benchmarks" / "eval_analysis.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def score():
    module = _eval_module()
    return module.score_rows(module.load_rows(ITEMS))


@pytest.mark.parametrize("field", sorted(KNOWN_MISSES))
def test_misses_are_exactly_the_recorded_ones(score, field):
    assert score.missed_ids(field) == KNOWN_MISSES[field]


def test_every_row_is_labeled_by_the_shared_conventions():
    rows = _eval_module().load_rows(ITEMS)
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["label"] in {"alpr", "not_alpr", "unclear"}, row["id"]
        assert row["origin"].startswith(("http", "github:")), row["id"]


def test_every_real_document_is_right():
    """Each ALPR document gives an ``alpr`` finding; each trap (body cameras, ShotSpotter, whole agendas) none."""
    lines, failures = _eval_module().check_documents(ITEMS.parent / "documents.jsonl")
    assert failures == 0, "\n".join(lines)
