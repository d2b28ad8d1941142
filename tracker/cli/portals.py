"""``alpr-tracker portals``: the latest version of each transparency portal and whom it flags."""

from __future__ import annotations

from typing import Any

import typer

from tracker.cli.database import DB_OPTION, repository
from tracker.cli.output import FORMAT_OPTION, Format, emit
from tracker.portals.store import portal_listing

_COLUMNS = ("source", "captured_at", "retention_days", "camera_count", "searches_30d", "organization_count",
            "federal_count", "out_of_state_count")
_CSV_COLUMNS = (*_COLUMNS[:5], "vehicles_detected_30d", "hotlist_hits_30d", *_COLUMNS[5:], "flagged", "organizations")


def register(app: typer.Typer) -> None:
    """Add the ``portals`` command to ``app``."""

    @app.command()
    def portals(
        source: str = typer.Option(None, help="Only this source (registry id)."),
        flagged_only: bool = typer.Option(False, "--flagged-only",
                                          help="Only portals that share with federal or out-of-state organizations."),
        db: str = DB_OPTION,
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        """List the latest snapshot of each transparency portal: retention, cameras, usage, sharing, flags.

        JSON has every field, including the organizations and the flagged ones with their reason
        (federal or out_of_state), state and the law it may break; CSV adds them as text columns.
        """
        with repository(db) as repo:
            rows = portal_listing(repo.session, source_key=source, flagged_only=flagged_only)
        if fmt is Format.csv:
            emit([_flat(row) for row in rows], fmt, _CSV_COLUMNS)
        else:
            emit(rows, fmt, _COLUMNS, title="Transparency portals")


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV row: flags as "name (reason, state)" text."""
    flags = [f"{flag['name']} ({flag['reason']}, {flag['state'] or 'state unknown'})"
             for flag in row["flagged_organizations"]]
    return {**row, "flagged": flags}
