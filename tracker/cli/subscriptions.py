"""``alpr-tracker subscribe``, ``subscriptions`` and ``unsubscribe``: who gets which alerts, and how."""

from __future__ import annotations

import enum
import json
from pathlib import Path

import typer
from pydantic import ValidationError

from db.models import Channel
from tracker.alerts import Near, SubscriptionFilters, subscribe, subscription_listing, unsubscribe
from tracker.alerts.subscriptions import shown_target
from tracker.cli.alerts import AlertKindOption
from tracker.cli.database import DB_OPTION, repository
from tracker.cli.output import FORMAT_OPTION, Format, emit
from tracker.cli.registry_file import registry_entries
from tracker.registry import starter_registry_path


class CategoryOption(str, enum.Enum):
    """The analysis categories of relevant items, as command-line choices."""

    alpr = "alpr"
    parking_lpr = "parking_lpr"


_COLUMNS = ("name", "channel", "target", "active", "filters", "pending", "sent", "failed")


def _near(near: str | None, radius_km: float | None) -> Near | None:
    """``--near LAT,LON`` with ``--radius-km``: both or neither."""
    if near is None and radius_km is None:
        return None
    if near is None or radius_km is None:
        raise typer.BadParameter("--near and --radius-km go together", param_hint="--near")
    try:
        lat, lon = (float(part) for part in near.split(","))
        return Near(lat=lat, lon=lon, radius_km=radius_km)
    except (ValueError, ValidationError):
        raise typer.BadParameter(f"{near!r} is not LAT,LON in degrees (with a positive radius)",
                                 param_hint="--near") from None


def _channel(email: str | None, webhook: str | None, atom: str | None, ics: str | None) -> tuple[Channel, str]:
    given: list[tuple[Channel, str]] = [(name, value) for name, value in
                                        (("email", email), ("webhook", webhook), ("atom", atom), ("ics", ics)) if value]
    if len(given) != 1:
        raise typer.BadParameter("give exactly one of --email, --webhook, --atom, --ics", param_hint="channel")
    return given[0]


def register(app: typer.Typer) -> None:
    """Add the ``subscribe``, ``subscriptions`` and ``unsubscribe`` commands to ``app``."""

    @app.command("subscribe")
    def subscribe_command(
        name: str = typer.Option(..., "--name", help="The subscription's name (subscribing again replaces it)."),
        state: list[str] = typer.Option(None, "--state", help="Only this state (repeatable)."),
        county: list[str] = typer.Option(None, "--county", help="Only this county (repeatable)."),
        jurisdiction: list[str] = typer.Option(
            None, "--jurisdiction", help="Only this jurisdiction: registry id, OCD id or name (repeatable)."),
        near: str = typer.Option(None, "--near", metavar="LAT,LON", help="Only places within --radius-km of here."),
        radius_km: float = typer.Option(None, "--radius-km", help="Radius for --near, in kilometres."),
        vendor: list[str] = typer.Option(None, "--vendor", help="Only this vendor, e.g. flock (repeatable)."),
        kind: list[AlertKindOption] = typer.Option(None, "--kind", help="Only this kind of alert (repeatable)."),
        category: list[CategoryOption] = typer.Option(
            None, "--category", help="Only items the analysis put in this category: alpr or parking_lpr (repeatable)."),
        min_amount: float = typer.Option(None, "--min-amount",
                                         help="Only alerts with a known amount of at least this (USD)."),
        keyword: list[str] = typer.Option(None, "--keyword", help="Only alerts whose text has this word (repeatable)."),
        email: str = typer.Option(None, "--email", metavar="ADDR", help="Deliver by email to this address."),
        webhook: str = typer.Option(None, "--webhook", metavar="URL",
                                    help="Deliver to this webhook (Slack, Discord, JSON)."),
        secret: str = typer.Option(None, "--secret", help="Sign webhook bodies with this secret."),
        atom: str = typer.Option(None, "--atom", metavar="PATH", help="Keep an Atom feed file at this path."),
        ics: str = typer.Option(None, "--ics", metavar="PATH", help="Keep an iCalendar file of upcoming votes here."),
        registry: Path = typer.Option(None, "--registry", envvar="ALPR_TRACKER_REGISTRY", exists=True, dir_okay=False,
                                      help="Registry whose places --jurisdiction and --county may name "
                                           "(default: the bundled one)."),
        db: str = DB_OPTION,
    ) -> None:
        """Subscribe to alerts matching every filter given, delivered through exactly one channel.

        Repeated filters are alternatives (--state CA --state OR). Alerts created from now on are delivered;
        `alpr-tracker digest --send` sends them.
        """
        channel, target = _channel(email, webhook, atom, ics)
        try:
            filters = SubscriptionFilters(
                states=state or [], counties=county or [], jurisdictions=jurisdiction or [],
                near=_near(near, radius_km), vendors=vendor or [], kinds=[k.value for k in kind or []],
                categories=[c.value for c in category or []],
                min_amount=min_amount, keywords=keyword or [],
            )
        except ValidationError as error:
            raise typer.BadParameter("; ".join(e["msg"] for e in error.errors())) from None
        with repository(db) as repo:
            try:
                entries = registry_entries(registry or starter_registry_path()) if jurisdiction or county else []
                subscription, state_ = subscribe(repo.session, name=name, filters=filters, channel=channel,
                                                 target=target, secret=secret, entries=entries)
            except ValueError as error:
                raise typer.BadParameter(str(error)) from None
        what = {"created": "created", "changed": "updated", "unchanged": "unchanged"}[state_]
        typer.echo(f"{subscription.name}: {what}, {subscription.channel} to {shown_target(subscription)}; "
                   f"filters {json.dumps(subscription.filters, sort_keys=True)}")

    @app.command("subscriptions")
    def subscriptions_command(db: str = DB_OPTION, fmt: Format = FORMAT_OPTION) -> None:
        """List subscriptions: channel, target, filters, and how many deliveries are pending, sent, failed."""
        with repository(db) as repo:
            rows = subscription_listing(repo.session)
        emit(rows, fmt, _COLUMNS, title="Subscriptions")

    @app.command("unsubscribe")
    def unsubscribe_command(name: str = typer.Argument(..., help="The subscription's name."),
                            db: str = DB_OPTION) -> None:
        """Pause a subscription: no more deliveries are queued or sent; its history stays."""
        with repository(db) as repo:
            subscription = unsubscribe(repo.session, name)
        if subscription is None:
            typer.echo(f"no subscription named {name!r}", err=True)
            raise typer.Exit(1)
        typer.echo(f"{name}: paused")
