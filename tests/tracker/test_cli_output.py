"""Listings: JSON keeps values, CSV gives plain numbers for spreadsheets, tables are for people."""

from __future__ import annotations

import datetime as dt
import json

from tracker.cli.output import Format, emit

ROWS = [{"vendor": "flock", "total_usd": 1412700.0, "products": ["Falcon", "Sparrow"], "note": None}]


def test_csv_numbers_are_plain_and_lists_joined(capsys) -> None:
    emit(ROWS, Format.csv, ("vendor", "total_usd", "products", "note"))
    assert capsys.readouterr().out.splitlines() == ["vendor,total_usd,products,note", "flock,1412700,Falcon; Sparrow,"]


def test_json_keeps_every_key_and_value(capsys) -> None:
    emit(ROWS, Format.json, ("vendor",))
    assert json.loads(capsys.readouterr().out) == ROWS


def test_tables_group_thousands(capsys) -> None:
    emit(ROWS, Format.table, ("vendor", "total_usd"))
    assert "1,412,700" in capsys.readouterr().out


def test_tables_show_scraped_escapes_and_markup_as_text_never_obey_them(capsys) -> None:
    hostile = {"title": "Flock\x1b]0;owned\x07 [red]cameras[/red]\x1b[2J\x9b31m"}
    emit([hostile], Format.table, ("title",))
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "[red]cameras[/red]" in out  # shown as written, not turned into colour


def test_a_table_too_wide_for_the_terminal_is_records_with_every_word_whole(capsys, monkeypatch) -> None:
    """At 80 columns a 7-column listing folded "Sample City" into "Samp/le/City": now each row is a record."""
    monkeypatch.setenv("COLUMNS", "80")
    row = {"source": "civicplus:sample-city-ca", "name": "Sample City", "state": "CA", "platform": "civicplus",
           "enabled": True, "status": "warning", "last_error": "the listing gave no meetings for 2026-01-01 to 2026-03-01"}
    emit([row], Format.table, tuple(row), title="Sources")
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == ["Sources", "civicplus:sample-city-ca", "  name: Sample City"]
    assert "  status: warning" in out and "Samp" not in out.replace("Sample", "")


def test_a_table_that_fits_stays_a_table(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    emit(ROWS, Format.table, ("vendor", "total_usd"))
    assert "┃ vendor ┃ total_usd ┃" in capsys.readouterr().out


def test_csv_cells_are_one_line_each(capsys) -> None:
    emit([{"title": "Item 5\nApprove the Flock\r\nagreement", "n": 1}], Format.csv, ("title", "n"))
    assert capsys.readouterr().out.splitlines() == ["title,n", "Item 5 Approve the Flock agreement,1"]


def test_json_moments_are_iso_8601_with_their_zone(capsys) -> None:
    moment = dt.datetime(2026, 12, 2, 15, 6, 37, tzinfo=dt.UTC)
    emit([{"created_at": moment, "day": moment.date()}], Format.json, ("created_at",))
    assert json.loads(capsys.readouterr().out) == [{"created_at": "2026-12-02T15:06:37+00:00", "day": "2026-12-02"}]
