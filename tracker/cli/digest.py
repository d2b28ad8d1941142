"""``alpr-tracker digest``: preview a digest in any format, or ``--send`` the pending deliveries."""

from __future__ import annotations

import enum
import json
from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import make_engine, session_factory
from db.models import Subscription
from db.types import utcnow
from tracker.channels import ChannelError, Outgoing, Recipient, deliver_pending
from tracker.channels.email import build_message, load_smtp_settings
from tracker.cli.database import DB_OPTION, ready_database
from tracker.digest import AlertView, Digest, atom_feed, ics_calendar, render_text
from tracker.digest.store import ANY_STATUS, UNSENT, alerts_for_subscription, alerts_since
from tracker.digest.title import title_of

#: Without ``--since`` or ``--subscription``, a preview shows the alerts of the last week.
DEFAULT_WINDOW = timedelta(days=7)
_PREVIEW_SENDER = "alpr-tracker@localhost"


class DigestFormat(str, enum.Enum):
    """What ``digest`` prints."""

    email = "email"
    text = "text"
    atom = "atom"
    ics = "ics"
    json = "json"


def _moment(value: str) -> datetime:
    """``--since``: an ISO date (midnight UTC) or date-time (UTC unless it carries an offset)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO date or date-time", param_hint="--since") from None
    if len(value) == 10:
        parsed = datetime.combine(date.fromisoformat(value), time(0))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _preview_alerts(session: Session, name: str | None, since: datetime | None,
                    now: datetime) -> tuple[Subscription | None, list[AlertView]]:
    """A subscription's unsent alerts (or all its alerts since ``since``); without one, every recent alert."""
    if name is None:
        return None, alerts_since(session, since or now - DEFAULT_WINDOW)
    subscription = session.scalars(select(Subscription).where(Subscription.name == name)).one_or_none()
    if subscription is None:
        raise typer.BadParameter(f"no subscription named {name!r}", param_hint="--subscription")
    statuses = UNSENT if since is None else ANY_STATUS
    return subscription, alerts_for_subscription(session, subscription.id, statuses=statuses, since=since)


def _email(subscription: Subscription | None, digest: Digest, now: datetime) -> str:
    """The email as it would be sent (the From address from the SMTP settings when they are set)."""
    try:
        sender = load_smtp_settings().sender
    except ChannelError:
        sender = _PREVIEW_SENDER
    recipient = (Recipient.of(subscription) if subscription is not None and subscription.channel == "email"
                 else Recipient(id=0, name="preview", channel="email", target="undisclosed-recipients:;", secret=None))
    message = build_message(Outgoing(recipient=recipient, digest=digest, key="preview", now=now), sender)
    return message.as_string(policy=message.policy.clone(linesep="\n"))  # CRLF is for the wire, not a terminal


def _render(fmt: DigestFormat, title: str, views: list[AlertView], subscription: Subscription | None,
            now: datetime) -> str:
    if fmt is DigestFormat.json:
        return json.dumps([view.as_json() for view in Digest.of(title, views, now).alerts], indent=2,
                          ensure_ascii=False) + "\n"
    if fmt is DigestFormat.atom:
        return atom_feed(subscription.name if subscription else "preview", title, views, now).decode("utf-8")
    if fmt is DigestFormat.ics:
        return ics_calendar(title, views).decode("utf-8")
    digest = Digest.of(title, views, now)
    return _email(subscription, digest, now) if fmt is DigestFormat.email else render_text(digest)


def _send(url: str, subscription: str | None, fmt: DigestFormat) -> None:
    if fmt not in (DigestFormat.text, DigestFormat.json):
        raise typer.BadParameter("--send prints a summary: use --format text or json", param_hint="--format")
    engine = make_engine(url)
    try:
        reports = deliver_pending(session_factory(engine), subscription=subscription)
    except LookupError as error:
        raise typer.BadParameter(str(error), param_hint="--subscription") from None
    finally:
        engine.dispose()
    if fmt is DigestFormat.json:
        typer.echo(json.dumps([asdict(report) for report in reports], indent=2, ensure_ascii=False))
    elif not reports:
        typer.echo("No active subscription.")
    else:
        for r in reports:
            line = f"{r.subscription} ({r.channel}): sent {r.sent} alerts in {r.digests} digests"
            line += f", {r.retrying} to retry, {r.failed} failed" if r.retrying or r.failed else ""
            typer.echo(line + "".join(f"\n  error: {e}" for e in r.errors))
    if any(r.errors or r.failed for r in reports):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``digest`` command to ``app``."""

    @app.command()
    def digest(
        since: str = typer.Option(None, "--since", help="Alerts flagged at or after this ISO date or date-time "
                                  "(UTC unless it has an offset). Default: the last 7 days, or with "
                                  "--subscription its alerts not yet sent."),
        subscription: str = typer.Option(None, "--subscription", help="Only this subscription (by name)."),
        fmt: DigestFormat = typer.Option(DigestFormat.text, "--format", "-f",
                                         help="email, text, atom, ics or json (with --send: text or json)."),
        send: bool = typer.Option(False, "--send", help="Send every pending delivery, one digest per subscription, "
                                  "instead of printing a preview; exit 1 if any send failed."),
        db: str = DB_OPTION,
    ) -> None:
        """Preview a digest of recent alerts, or send the pending ones (email, webhook, Atom, iCalendar)."""
        url = ready_database(db)
        if send:
            if since is not None:
                raise typer.BadParameter("--send sends what is pending; it takes no --since", param_hint="--since")
            _send(url, subscription, fmt)
            return
        now = utcnow()
        engine = make_engine(url)
        try:
            with session_factory(engine)() as session:
                found, views = _preview_alerts(session, subscription, _moment(since) if since else None, now)
                title = title_of(session, found) if found else "alpr-tracker digest"
                output = _render(fmt, title, views, found, now)
        finally:
            engine.dispose()
        typer.echo(output, nl=False)
