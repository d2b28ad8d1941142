"""Alerts as an Atom feed (RFC 4287), serialized by ElementTree so that every scraped string is XML-escaped.

Feed and entry ids are derived from stable names (the subscription name, the alert's ``dedupe_key``), and
every timestamp comes from the alerts themselves: the same alerts always give the same bytes, so a feed
file regenerated from the database never shows a reader an old entry as new.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import quote

from tracker.digest.model import AlertView, clean
from tracker.digest.render import render_alert_html

ATOM_NS = "http://www.w3.org/2005/Atom"
GENERATOR = "alpr-tracker"


def entry_id(view: AlertView) -> str:
    """The alert's dedupe key as an IRI: the Atom id a feed reader remembers it by."""
    return "urn:alpr-tracker:alert:" + quote(view.dedupe_key, safe=":/")


def feed_id(name: str) -> str:
    """A feed's id, from the subscription (or preview) name."""
    return "urn:alpr-tracker:feed:" + quote(name, safe="")


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _entry(feed: ET.Element, view: AlertView) -> None:
    entry = ET.SubElement(feed, "entry")
    _text(entry, "id", entry_id(view))
    _text(entry, "title", view.headline, type="text")
    _text(entry, "updated", _timestamp(view.created_at))
    _text(entry, "published", _timestamp(view.created_at))
    ET.SubElement(entry, "category", term=view.kind, label=view.label)
    if view.document_url:
        ET.SubElement(entry, "link", rel="alternate", href=view.document_url)
    # type="html": the autoescaped fragment, escaped once more by the XML serializer.
    _text(entry, "content", render_alert_html(view), type="html")


def atom_feed(name: str, title: str, views: Sequence[AlertView], generated_at: datetime) -> bytes:
    """An Atom document of ``views``, newest first; ``generated_at`` dates a feed that has no entries yet."""
    ordered = sorted(views, key=lambda v: (v.created_at, v.id), reverse=True)
    feed = ET.Element("feed", xmlns=ATOM_NS)
    _text(feed, "id", feed_id(name))
    _text(feed, "title", clean(title) or name, type="text")
    _text(feed, "updated", _timestamp(ordered[0].created_at if ordered else generated_at))
    author = ET.SubElement(feed, "author")
    _text(author, "name", GENERATOR)
    _text(feed, "generator", GENERATOR)
    for view in ordered:
        _entry(feed, view)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
