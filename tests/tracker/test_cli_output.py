"""Listings: JSON keeps values, CSV gives plain numbers for spreadsheets, tables are for people."""

from __future__ import annotations

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
