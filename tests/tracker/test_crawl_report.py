"""What a crawl prints about sources it could not reach: each one when few, one line per reason when many."""

from __future__ import annotations

from tracker.cli.crawl import LISTED_UNREACHABLE, unreachable_lines


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
