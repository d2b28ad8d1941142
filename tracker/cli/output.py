"""Print listings as a table, JSON (an array of objects) or CSV: the ``--format`` of every listing."""

from __future__ import annotations

import csv
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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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
            # Text, not markup: a scraped "[red]" or "[link=...]" is shown as written.
            table.add_row(*(Text(_CONTROL.sub("", _cell(row.get(c)))) for c in columns))
        Console().print(table)
