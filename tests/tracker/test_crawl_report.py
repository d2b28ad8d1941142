"""What a crawl prints about sources it could not reach: each one when few, one line per reason when many."""

from __future__ import annotations

import json

from tracker.cli.crawl import LISTED_UNREACHABLE, print_report, unreachable_lines
from tracker.cli.output import Format
from tracker.crawl import CrawlReport


def test_a_few_unreachable_sources_are_each_named_with_their_reason() -> None:
    unreachable = {"iqm2:a": "DNS lookup failed for a.iqm2.com (Name or service not known)",
                   "civicplus:b": "connection refused by b.example.gov"}
    assert unreachable_lines(unreachable) == [
        "iqm2:a: unreachable: DNS lookup failed for a.iqm2.com (Name or service not known)",
        "civicplus:b: unreachable: connection refused by b.example.gov"]


def test_an_offline_run_is_one_line_per_reason_not_one_per_source() -> None:
    unreachable = {f"civicplus:c{n}": f"DNS lookup failed for c{n}.example.gov (Name or service not known)"
                   for n in range(612)}
    unreachable["legistar:x"] = "connection refused by webapi.legistar.com"
    lines = unreachable_lines(unreachable)
    assert len(unreachable) > LISTED_UNREACHABLE and len(lines) == 2
    assert lines[0].startswith("612 sources unreachable: DNS lookup failed (Name or service not known) (no network?")
    assert "e.g. civicplus:c0, civicplus:c1, civicplus:c2, ..." in lines[0]
    assert lines[1] == "1 source unreachable: connection refused; e.g. legistar:x"


def test_reasons_that_differ_only_in_their_host_are_one_kind() -> None:
    unreachable = {f"granicus:g{n}": f"DNS lookup for g{n}.granicus.com took longer than 10 s" for n in range(20)}
    [line] = unreachable_lines(unreachable)
    assert line.startswith("20 sources unreachable: DNS lookup took longer than 10 s (no network?")


def test_a_table_leaves_out_the_many_unreachable_sources_and_json_keeps_them(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no source id is folded
    rows = [{"source": f"civicplus:c{n}", "platform": "civicplus", "status": "error", "meetings": 0, "documents": 0,
             "documents_current": 0, "failed_documents": 0, "alpr_items": 0, "last_success_at": None,
             "last_error": "DNS lookup failed"} for n in range(40)]
    rows.append({**rows[0], "source": "legistar:ok", "status": "ok", "meetings": 3, "last_error": None})
    report = CrawlReport(sources=rows, unreachable={r["source"]: "DNS lookup failed for x (y)" for r in rows[:40]})
    print_report(report, Format.table)
    table = capsys.readouterr()
    assert "legistar:ok" in table.out and "civicplus:c7" not in table.out
    assert "(40 unreachable sources left out of the table; --format json or csv lists every source)" in table.err
    print_report(report, Format.json)
    assert len(json.loads(capsys.readouterr().out)) == 41
