"""Digests as HTML, plain text and chat text, from the Jinja2 templates in ``tracker/digest/templates``.

Every value in these outputs may come from a scraped page, so escaping is not left to template authors:
HTML templates are autoescaped (``<script>`` in an agenda arrives as ``&lt;script&gt;``), and the chat
environments pass every printed value through the chat service's own escaping (Jinja2's ``finalize``),
so an agenda cannot ping a Slack channel or draw a Discord masked link.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cache
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from tracker.digest.model import AlertView, Digest

ChatFlavor = Literal["slack", "discord"]

_DISCORD_SPECIAL = set("\\*_~`|>[]")


def usd(value: float) -> str:
    """``$600,000``; cents only when there are some."""
    return f"${value:,.0f}" if float(value).is_integer() else f"${value:,.2f}"


def months(value: int) -> str:
    """``24 months``."""
    return f"{value} month" if value == 1 else f"{value} months"


def when(value: datetime | date) -> str:
    """A date, or a time in the offset it was stated in (``Tue, Mar 3, 2026, 17:30 UTC-08:00``)."""
    if not isinstance(value, datetime):
        return f"{value:%a, %b} {value.day}, {value.year}"
    offset = value.utcoffset() or timedelta(0)
    zone = "UTC" if not offset else "UTC" + value.strftime("%z")[:3] + ":" + value.strftime("%z")[3:]
    return f"{value:%a, %b} {value.day}, {value.year}, {value:%H:%M} {zone}"


def fact_rows(view: AlertView) -> list[tuple[str, str]]:
    """The facts a digest shows for one alert, labelled, in reading order; unknown facts are left out."""
    rows = [
        ("Vote", when(view.meeting_start) if view.meeting_start else None),
        ("Body", view.body),
        ("Item", view.item_number),
        ("Vendor", view.vendor),
        ("Product", view.product),
        ("Cameras", f"{view.camera_count:,}" if view.camera_count is not None else None),
        ("Amount", usd(view.total_usd) if view.total_usd is not None else None),
        ("Term", months(view.term_months) if view.term_months is not None else None),
        ("Status", view.status),
        ("Action", view.action),
        ("Agency", view.agency),
        ("Data", view.credit),
    ]
    return [(label, value) for label, value in rows if value]


def _environment(finalize: Callable[[object], object] | None = None, autoescape: bool = True) -> Environment:
    environment = Environment(
        loader=PackageLoader("tracker.digest", "templates"),
        autoescape=select_autoescape(["html"]) if autoescape else False,
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        finalize=finalize,
    )
    environment.filters.update(usd=usd, months=months, when=when)
    environment.globals["fact_rows"] = fact_rows
    return environment


def slack_escape(text: str) -> str:
    """Slack's three control characters: with them escaped, ``<!channel>`` or ``<url|label>`` is plain text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def discord_escape(text: str) -> str:
    """Markdown characters backslashed, ``@`` broken by a zero-width space: no formatting, link or ping."""
    escaped = "".join("\\" + c if c in _DISCORD_SPECIAL else c for c in text)
    return escaped.replace("@", "@\u200b")


def _chat_finalize(escape: Callable[[str], str]) -> Callable[[object], object]:
    """Escape every printed value, on one line: a newline in scraped text cannot start a heading or a list."""

    def finalize(value: object) -> object:
        if value is None or isinstance(value, Markup):
            return value
        return escape(" ".join(str(value).split()))

    return finalize


@cache
def _environments() -> dict[str, Environment]:
    slack = _environment(_chat_finalize(slack_escape), autoescape=False)
    discord = _environment(_chat_finalize(discord_escape), autoescape=False)
    # Links are already limited to URL characters (model.safe_url); each service wants them in <...>.
    slack.filters["link"] = lambda url: Markup("<" + url.replace("&", "&amp;") + ">")
    discord.filters["link"] = lambda url: Markup("<" + url + ">")
    return {"html": _environment(), "slack": slack, "discord": discord}


def render_html(digest: Digest) -> str:
    """The digest as an HTML page (the email's HTML part), every value escaped."""
    return _environments()["html"].get_template("digest.html").render(digest=digest)


def render_text(digest: Digest) -> str:
    """The digest as plain text (the email's text part and ``digest --format text``)."""
    return _environments()["html"].get_template("digest.txt").render(digest=digest)


def render_alert_html(view: AlertView) -> str:
    """One alert as an HTML fragment (an Atom entry's content)."""
    return _environments()["html"].get_template("_alert.html").render(alert=view).strip()


def render_alert_text(view: AlertView) -> str:
    """One alert as plain text (an iCalendar event's description)."""
    return _environments()["html"].get_template("_alert.txt").render(alert=view).strip()


def render_chat(digest: Digest, flavor: ChatFlavor, limit: int) -> str:
    """The digest as chat text for Slack or Discord, cut at a line to at most ``limit`` characters."""
    text = _environments()[flavor].get_template("chat.txt").render(digest=digest).strip()
    if len(text) <= limit:
        return text
    suffix = f"\n… cut here: {len(digest.alerts)} alerts in all."
    cut = text.rfind("\n", 0, limit - len(suffix))
    return text[: max(cut, 0)] + suffix
