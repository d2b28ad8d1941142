"""``alpr-tracker contracts``: the agreements linked from agendas, minutes and procurement records."""

from __future__ import annotations

from typing import Any, get_args

import typer

from db.models import ContractStatus
from tracker.alerts.values import (
    UnknownValues,
    checked_choice,
    checked_places,
    checked_states,
    checked_vendors,
    known_places,
)
from tracker.cli.database import DB_OPTION, repository
from tracker.cli.output import FORMAT_OPTION, Format, emit
from tracker.contracts import contract_listing, link_contracts

_COLUMNS = ("id", "jurisdiction", "state", "vendor", "status", "camera_count", "total_usd", "term_months",
            "start_date", "end_date", "retention_days", "timeline")


def _timeline(row: dict[str, Any]) -> list[str]:
    """The events as table text: "approved 2026-03-03"."""
    return [f"{event['kind']} {event['occurred_on'] or ''}".strip() for event in row["events"]]


def register(app: typer.Typer) -> None:
    """Add the ``contracts`` command to ``app``."""

    @app.command()
    def contracts(
        state: str = typer.Option(None, help="Only this state (code or name)."),
        jurisdiction: str = typer.Option(None, help="Only this jurisdiction: registry id, OCD id or name."),
        vendor: str = typer.Option(None, help="Only this vendor (any name: Flock, Flock Safety, Vigilant, ...)."),
        status: str = typer.Option(None, help="Only this status: proposed, approved, amended, expired, ..."),
        limit: int = typer.Option(None, help="At most this many."),
        link: bool = typer.Option(False, "--link", help="First link the findings not yet linked into contracts."),
        db: str = DB_OPTION,
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        """List contracts: jurisdiction, vendor, status, cameras, total, term, dates and the events that show them.

        JSON has every field, the events with their document links, and for each field the document
        span it was read from (field_evidence).
        """
        with repository(db) as repo:
            try:  # a value the tracker does not know would list nothing: say so instead
                state = checked_states([state])[0] if state else None
                vendor = checked_vendors([vendor])[0] if vendor else None
                status = checked_choice("status", status, get_args(ContractStatus)) if status else None
                if jurisdiction:  # only a place in the database can have contracts
                    [jurisdiction] = checked_places([jurisdiction], [], known_places(repo.session))
            except UnknownValues as error:
                raise typer.BadParameter(str(error)) from None
            if link:
                report = link_contracts(repo.session)
                typer.echo(", ".join(f"{name}: {n}" for name, n in report.counts().items()), err=True)
            rows = contract_listing(repo.session, state=state, jurisdiction=jurisdiction,
                                    vendor=vendor, status=status, limit=limit)
        if fmt is not Format.json:
            rows = [{**row, "timeline": _timeline(row)} for row in rows]
        emit(rows, fmt, _COLUMNS, title="Contracts")
