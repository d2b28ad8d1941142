"""``alpr-tracker portals``: the latest version of each transparency portal and whom it flags; ``import``
stores portal pages a person saved from a browser (the portal host answers scripts with a bot challenge).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from tracker.cli.database import DB_OPTION, repository
from tracker.cli.output import FORMAT_OPTION, Format, emit
from tracker.portals.saved import import_saved_page
from tracker.portals.store import portal_listing

_COLUMNS = ("source", "captured_at", "retention_days", "camera_count", "searches_30d", "organization_count",
            "federal_count", "out_of_state_count", "attribution")
_CSV_COLUMNS = (*_COLUMNS[:5], "vehicles_detected_30d", "hotlist_hits_30d", *_COLUMNS[5:-1], "received_from_count",
                "flagged", "organizations", "license", "attribution")
_IMPORT_COLUMNS = ("file", "source", "snapshot", "state", "retention_days", "camera_count", "organization_count")

portals_app = typer.Typer(help="Transparency portals: the latest snapshot of each, and saved pages to import.")


@portals_app.callback(invoke_without_command=True)
def portals(
    ctx: typer.Context,
    source: str = typer.Option(None, help="Only this source (registry id)."),
    flagged_only: bool = typer.Option(False, "--flagged-only",
                                      help="Only portals that share with federal or out-of-state organizations."),
    db: str = DB_OPTION,
    fmt: Format = FORMAT_OPTION,
) -> None:
    """List the latest snapshot of each transparency portal: retention, cameras, usage, sharing, flags.

    JSON has every field, including the organizations and the flagged ones with their reason
    (federal or out_of_state), state and the law it may break; CSV adds them as text columns. A portal
    read from a third party (Eyes on Flock) shows its license and whom to credit.
    """
    if ctx.invoked_subcommand is not None:
        return
    with repository(db) as repo:
        rows = portal_listing(repo.session, source_key=source, flagged_only=flagged_only)
    if fmt is Format.csv:
        emit([_flat(row) for row in rows], fmt, _CSV_COLUMNS)
    else:
        emit(rows, fmt, _COLUMNS, title="Transparency portals")


@portals_app.command("import")
def import_pages(
    files: list[Path] = typer.Argument(..., help="Portal pages saved from a browser (HTML)."),
    db: str = DB_OPTION,
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Store saved portal pages as snapshots of their portals; exit 1, one line per file, if any was not read.

    The portal is the one the page names (canonical link, "saved from" comment), else the file name's slug.
    """
    with repository(db) as repo:
        results = [import_saved_page(repo, path) for path in files]
        rows = [{"file": str(r.path), "source": f"flock_transparency:{r.slug}", "snapshot": r.snapshot.sequence,
                 "state": r.state, "retention_days": r.snapshot.retention_days,
                 "camera_count": r.snapshot.camera_count,
                 "organization_count": None if r.snapshot.organizations is None else len(r.snapshot.organizations)}
                for r in results if r.snapshot is not None]
    emit(rows, fmt, _IMPORT_COLUMNS, title="Imported portal pages")
    failed = [r for r in results if r.snapshot is None]
    for result in failed:
        typer.echo(f"{result.path}: {result.error}", err=True)
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``portals`` command group to ``app``."""
    app.add_typer(portals_app, name="portals")


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV row: flags as "name (reason, state)" text."""
    flags = [f"{flag['name']} ({flag['reason']}, {flag['state'] or 'state unknown'})"
             for flag in row["flagged_organizations"]]
    return {**row, "flagged": flags}
