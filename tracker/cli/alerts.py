"""``alpr-tracker alerts``: what was flagged, and where each alert stands with each subscription."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, time

import typer

from tracker.alerts import alert_listing, raise_alerts
from tracker.cli.database import DB_OPTION, repository
from tracker.cli.output import FORMAT_OPTION, Format, emit

_COLUMNS = ("id", "kind", "created_at", "jurisdiction", "state", "vendor", "when", "title", "delivery_summary")



class AlertKindOption(str, enum.Enum):
    """The alert kinds, as command-line choices (the same names as ``tracker.alerts.ALERT_KINDS``)."""

    upcoming_vote = "upcoming_vote"
    new_contract = "new_contract"
    contract_changed = "contract_changed"
    portal_changed = "portal_changed"
    federal_award = "federal_award"


def since_moment(value: str | None) -> datetime | None:
    """An ISO date (midnight UTC) or date-time (UTC unless it has an offset); BadParameter otherwise."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            parsed = datetime.combine(date.fromisoformat(value), time(0))
        else:
            parsed = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO date or date-time", param_hint="--since") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def register(app: typer.Typer) -> None:
    """Add the ``alerts`` command to ``app``."""

    @app.command()
    def alerts(
        kind: AlertKindOption = typer.Option(None, help="Only this kind of alert."),
        since: str = typer.Option(None, help="Only alerts created since this ISO date or date-time (UTC)."),
        subscription: str = typer.Option(None, help="Only alerts queued for this subscription."),
        limit: int = typer.Option(None, help="At most this many, newest first."),
        flag: bool = typer.Option(False, "--flag", help="First create the alerts the database now calls for "
                                                       "(run `contracts --link` before, for contract alerts)."),
        db: str = DB_OPTION,
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        """List alerts, newest first: kind, facts, when created, and the delivery state per subscription."""
        with repository(db) as repo:
            if flag:
                report = raise_alerts(repo.session)
                typer.echo(", ".join(f"{name}: {n}" for name, n in report.counts().items()), err=True)
            rows = alert_listing(repo.session, kind=kind.value if kind else None, since=since_moment(since),
                                 subscription=subscription, limit=limit)
        emit(rows, fmt, _COLUMNS, title="Alerts")
