"""``alpr-tracker analyze``: run the analysis engine on JSON lines or on whole documents."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import IO, Any

import typer

from tracker.analysis import analyze_item
from tracker.cli.output import FORMAT_OPTION, Format, emit

_COLUMNS = ["file", "page", "item", "category", "vendor", "camera_count", "total_usd", "term_months", "action", "evidence"]


def _meeting_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def analyze_jsonl(source: IO[str], sink: IO[str]) -> int:
    """Write one JSON line per input line, same order; returns how many lines could not be analyzed."""
    failures = 0
    for number, line in enumerate(source, 1):
        if not line.strip():
            continue
        record_id = None
        try:
            record = json.loads(line)
            record_id = record.get("id") if isinstance(record, dict) else None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError("expected an object with a string 'text'")
            result = {"id": record_id, **analyze_item(record["text"], _meeting_date(record.get("date"))).summary()}
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            failures += 1
            result = {"id": record_id, "error": f"line {number}: {exc}"}
            typer.echo(f"alpr-tracker analyze: line {number}: {exc}", err=True)
        sink.write(json.dumps(result, ensure_ascii=False) + "\n")
    return failures


def _document_rows(paths: list[Path]) -> list[dict[str, Any]]:
    from tracker.analysis.documents import relevant_items  # imports PDF machinery only when needed
    from tracker.text import extract

    rows = []
    for path in paths:
        extracted = extract(path)
        if extracted.status not in ("ok", "scanned"):
            typer.echo(f"alpr-tracker analyze: {path}: {extracted.status}: {extracted.error}", err=True)
            continue
        for result in relevant_items(extracted):
            rows.append({
                "file": str(path),
                "page": result.item.page,
                "item": result.item.number or result.item.title[:80],
                **result.finding.summary(),
                "evidence": result.evidence,
            })
    return rows


def register(app: typer.Typer) -> None:
    """Add the ``analyze`` command to ``app``."""

    @app.command()
    def analyze(
        files: list[Path] = typer.Argument(None, help="Documents to analyze (PDF, HTML or text).", exists=True, dir_okay=False),
        jsonl: str = typer.Option(None, "--jsonl", help="JSON lines with 'id' and 'text' ('-' for stdin); prints one JSON line each."),
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        """Decide which items concern ALPR and extract vendor, cameras, amounts, term and action."""
        if jsonl is None and not files:
            raise typer.BadParameter("give FILE... or --jsonl PATH")
        if jsonl is not None:
            if jsonl == "-":
                failures = analyze_jsonl(sys.stdin, sys.stdout)
            else:
                with open(jsonl, encoding="utf-8", errors="replace") as source:
                    failures = analyze_jsonl(source, sys.stdout)
            raise typer.Exit(1 if failures else 0)
        emit(_document_rows(files), fmt, _COLUMNS, title="ALPR items")
