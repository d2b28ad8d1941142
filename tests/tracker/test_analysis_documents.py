"""Whole real agendas through ``alpr-tracker analyze FILE``: silence where there is no ALPR item, and the
one ALPR item found when a real one is inserted among the real items.

The agendas come from ``../shared/fixtures`` (Granicus, CivicPlus-era PDFs, Chicago, a mosquito district
whose "surveillance" is about mosquitoes); the inserted items are real labeled items of the dev corpus.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.analysis.documents import analyze_document, analyze_items
from tracker.cli import app
from tracker.text import extract, split_items

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
AGENDAS = sorted((SHARED / "fixtures" / "agendas").iterdir()) + sorted((SHARED / "fixtures" / "granicus").glob("*agenda.html"))
CORPUS = SHARED / "corpus" / "agenda-items-dev.jsonl"
HANDMADE = Path(__file__).parent / "files" / "documents-handmade"


def _analyze(path: Path) -> list[dict]:
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _corpus(label: str) -> list[dict]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if row["label"] == label]


@pytest.mark.parametrize("path", AGENDAS, ids=lambda p: p.name)
def test_real_agendas_without_alpr_report_nothing(path: Path) -> None:
    assert _analyze(path) == []


def _with_item(agenda: Path, item: str) -> tuple[str, str]:
    """The agenda's text with ``item`` added as the next numbered item after its last one, and that number.

    The splitter reads numbering as an outline, so the item is numbered as a clerk would number it.
    """
    text = extract(agenda).text
    last = [i for i in split_items(text) if i.number and i.number.isdigit()][-1]
    number = str(int(last.number) + 1)
    return f"{text[:last.end]}\n\n{number}. {item}\n\n{text[last.end:]}", number


@pytest.mark.parametrize("item", _corpus("alpr"), ids=lambda row: row["id"])
def test_an_inserted_real_alpr_item_is_the_one_item_found(tmp_path: Path, item: dict) -> None:
    text, number = _with_item(SHARED / "fixtures" / "agendas" / "burbank-ca-council-agenda.pdf", item["text"])
    path = tmp_path / "burbank-with-alpr.txt"
    path.write_text(text, encoding="utf-8")
    found = _analyze(path)
    assert len(found) == 1, [row["item"] for row in found]
    assert found[0]["relevant"] and found[0]["category"] in ("alpr", "parking_lpr")
    assert found[0]["item"] == number and found[0]["file"] == str(path)
    if item.get("vendor_family"):
        assert found[0]["vendor"] == item["vendor_family"]


def test_an_inserted_item_is_found_in_a_real_html_agenda(tmp_path: Path) -> None:
    html = (SHARED / "fixtures" / "granicus" / "walnut-creek-ca-agenda.html").read_text(encoding="utf-8", errors="replace")
    item = next(row for row in _corpus("alpr") if row.get("vendor_family") == "flock" and row.get("total_usd"))
    marker = "<td width=20>3."
    assert marker in html
    row = f'<tr><td width=20>2a.</td><td>{item["text"]}</td></tr>\n'
    path = tmp_path / "walnut-creek-with-alpr.html"
    path.write_text(html.replace(marker, row + marker, 1), encoding="utf-8")
    [found] = _analyze(path)
    assert found["vendor"] == "flock" and found["total_usd"] == item["total_usd"]
    assert found["evidence"]


@pytest.mark.parametrize("item", _corpus("not_alpr"), ids=lambda row: row["id"])
def test_inserted_look_alikes_stay_silent(tmp_path: Path, item: dict) -> None:
    text, _ = _with_item(SHARED / "fixtures" / "agendas" / "ladwp-ca-board-agenda.pdf", item["text"])
    path = tmp_path / "ladwp-with-look-alike.txt"
    path.write_text(text, encoding="utf-8")
    assert _analyze(path) == []


def test_a_sub_item_of_a_parking_contract_is_parking_lpr() -> None:
    # Hand-made in a real agenda's outline (files/documents-handmade/README.md): "c) Discussion of License
    # Plate Recognition technology" under the award of a parking enforcement contract to T2 Systems.
    found = analyze_document(extract(HANDMADE / "parking-commission-agenda.txt"))
    assert found.split_by == "outline"
    [lpr] = found.relevant
    assert lpr.item.number == "c" and lpr.finding.category == "parking_lpr"
    # The parent gave the subject, not facts: T2 Systems and the parent's dates are not the sub-item's.
    assert lpr.finding.vendor is None and lpr.finding.total_usd is None and lpr.finding.term_months is None
    assert all(fact.evidence.end <= len(lpr.item.text) for fact in lpr.finding.facts.values())
    assert lpr.evidence == "c) Discussion of License Plate Recognition technology deployment in this project"


def test_the_same_sub_item_read_alone_is_police_alpr() -> None:
    text = (HANDMADE / "parking-commission-agenda.txt").read_text(encoding="utf-8")
    [item] = [i for i in split_items(text) if i.number == "c"]
    [result] = analyze_items([dataclasses.replace(item, parent=None)])
    assert result.finding.category == "alpr"


@pytest.mark.parametrize("path", AGENDAS, ids=lambda p: p.name)
def test_real_agendas_say_how_they_were_split(path: Path) -> None:
    expected = "whole" if path.suffix == ".html" and "agendas" in path.parts else "outline"
    assert analyze_document(extract(path)).split_by == expected
