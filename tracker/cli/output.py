"""Print listings as a table, JSON (an array of objects) or CSV: the ``--format`` of every listing."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import json
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

#: C0 and C1 control characters but tab and newline: scraped text may hold terminal escape sequences
#: (``ESC ]`` can retitle a window or hide text), which a table must show as nothing, never obey.
#: Words longer than this (URLs) may fold in a table; anything wider than the terminal is a record list.
_WORD_WIDTH = 24
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Format(str, enum.Enum):
    """Output formats every listing command accepts."""

    table = "table"
    json = "json"
    csv = "csv"


FORMAT_OPTION = typer.Option(Format.table, "--format", "-f", help="Output format: table, json or csv.")


def json_value(value: Any) -> Any:
    """One JSON convention for every listing: moments and days in ISO 8601 (``2026-12-02T15:06:37+00:00``,
    with their zone), anything else as its text. ``str()`` wrote ``2026-12-02 15:06:37+00:00`` in some."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def printable(text: str) -> str:
    """``text`` without control characters (terminal escapes), tabs and newlines kept."""
    return _CONTROL.sub("", text)


def _cell(value: Any, human: bool = True) -> str:
    """A value as table text (``human``: thousands separators) or as a CSV field (plain numbers)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v, human) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, default=json_value)
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}" if human else f"{value:.0f}"
    if isinstance(value, (dt.datetime, dt.date)) and not human:
        return value.isoformat()  # CSV as JSON: ISO 8601 with the zone
    return str(value)


def emit(rows: Iterable[dict[str, Any]], fmt: Format, columns: Sequence[str], title: str | None = None) -> None:
    """Write ``rows`` to stdout; ``columns`` choose and order the table/CSV columns (JSON keeps all keys)."""
    rows = list(rows)
    if fmt is Format.json:
        json.dump(rows, sys.stdout, indent=2, default=json_value, ensure_ascii=False)
        sys.stdout.write("\n")
    elif fmt is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            # One line per record: a newline inside a cell splits the row in many a spreadsheet and script.
            writer.writerow({c: " ".join(_cell(row.get(c), human=False).split()) for c in columns})
    else:
        # A rich Text (a search snippet with its matches styled) is shown as it is; anything else as text.
        cells = [[row[c] if isinstance(row.get(c), Text) else Text(printable(_cell(row.get(c)))) for c in columns]
                 for row in rows]
        console = Console()
        if _table_width(columns, cells) > console.width:
            _print_records(console, title, columns, cells)
            return
        table = Table(title=title, show_lines=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in cells:
            # Text, not markup: a scraped "[red]" or "[link=...]" is shown as written.
            table.add_row(*row)
        console.print(table)


def _table_width(columns: Sequence[str], cells: list[list[Text]]) -> int:
    """Columns wide enough that no word of theirs (up to :data:`_WORD_WIDTH`) is cut, with the borders."""
    def widest(index: int) -> int:
        words = [word for row in cells for word in row[index].plain.split()] + columns[index].split()
        return min(max((len(word) for word in words), default=0), _WORD_WIDTH)
    return sum(widest(i) + 3 for i in range(len(columns))) + 1


def _print_records(console: Console, title: str | None, columns: Sequence[str], cells: list[list[Text]]) -> None:
    """One record per row (its first value, then "column: value" lines): on a narrow terminal or a phone a
    table would fold words mid-character ("Samp/le/City"); a record shows every value whole."""
    if title:
        console.print(Text(title, style="bold"))
    for row in cells:
        console.print(Text(row[0].plain or "-", style="bold"))
        for column, cell in zip(columns[1:], row[1:]):
            if cell.plain:
                console.print(Text.assemble(f"  {column}: ", cell), overflow="fold")
