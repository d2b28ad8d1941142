"""Print listings as a table, JSON (an array of objects) or CSV: the ``--format`` of every listing."""

from __future__ import annotations

import csv
import enum
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import typer
from rich.console import Console
from rich.table import Table


class Format(str, enum.Enum):
    """Output formats every listing command accepts."""

    table = "table"
    json = "json"
    csv = "csv"


FORMAT_OPTION = typer.Option(Format.table, "--format", "-f", help="Output format: table, json or csv.")


def _cell(value: Any, human: bool = True) -> str:
    """A value as table text (``human``: thousands separators) or as a CSV field (plain numbers)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v, human) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, default=str)
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}" if human else f"{value:.0f}"
    return str(value)


def emit(rows: Iterable[dict[str, Any]], fmt: Format, columns: Sequence[str], title: str | None = None) -> None:
    """Write ``rows`` to stdout; ``columns`` choose and order the table/CSV columns (JSON keeps all keys)."""
    rows = list(rows)
    if fmt is Format.json:
        json.dump(rows, sys.stdout, indent=2, default=str, ensure_ascii=False)
        sys.stdout.write("\n")
    elif fmt is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c), human=False) for c in columns})
    else:
        table = Table(title=title, show_lines=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(_cell(row.get(c)) for c in columns))
        Console().print(table)
