"""Read one Flock Safety transparency portal page into a :class:`PortalPage`.

A portal is a page of labelled boxes (retention, cameras, organizations granted access, hotlists, 30-day
usage, policies). The boxes are found by what marks them, never by position: elements whose class names a
``label`` followed by one naming a ``value`` (the January 2026 portal, ``<div class="label">``; CSS-module
names such as ``styles_label__x1`` match too), definition lists, two-cell table rows, and bold text set
apart followed by a block (the spring 2026 portal has no classes: ``<p style="font-weight:700">`` labels,
each value in the next ``<div>``). From May 2026 a label may be followed by a one-sentence description ("The
number of days data is retained.", "Organizations granted access to X data.") before its value, beside it or
with it in a header ``<div>``: the description is kept as the box's note, never read as its value, and the
sharing lists are tables of one ``<div>`` per name. A page that embeds its
data as JSON (a Next.js ``__NEXT_DATA__`` script or any ``application/json`` script) is read as well: each
JSON key is turned into words (``dataRetentionInDays`` -> "data retention in days") and classified by the
same label rules (:mod:`tracker.portals.fields`). Boxes found in the HTML come first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml.etree import ParserError

from tracker.portals.fields import RawField, SearchAudit, classify, read_fields

_LABEL_CLASS = re.compile(r"(?:^|[\s_-])label(?:$|[\s_-])", re.IGNORECASE)
_VALUE_CLASS = re.compile(r"(?:^|[\s_-])value(?:$|[\s_-])", re.IGNORECASE)
_TITLE = re.compile(r"^(?:Flock Safety\s*[-\u2013|:]\s*)?(.+?)\s*(?:[-\u2013|]\s*)?Transparency Portal", re.IGNORECASE)
_PORTAL_WORDS = re.compile(r"\s*transparency portal\s*", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[_\-\s]+")
_JSON_POLICY_KEY = re.compile(r"\bpolic(?:y|ies)\b|\buses?\b|\bdetected\b", re.IGNORECASE)
_JSON_NAME_KEYS = ("name", "displayName", "organizationName", "agencyName", "title")
_DATE_FORMATS = ("%a %b %d %Y", "%B %d, %Y", "%b %d, %Y", "%m/%d/%Y", "%Y-%m-%d")
_BLOCKS = ("br", "p", "div", "li", "dt", "dd", "tr", "h1", "h2", "h3", "h4", "h5", "h6")
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.IGNORECASE)
#: Elements that may hold a value; a label is never a heading (headings title sections of boxes).
_VALUE_TAGS = frozenset({"div", "p", "ul", "ol", "dl", "dd", "section", "table", "pre", "blockquote", "span"})
_LABEL_TAGS = frozenset({"p", "div", "span", "strong", "b", "label"})
#: Longer bold text is prose, not a label.
_LABEL_MAX = 200
#: How many enclosing elements a label may sit alone in before its value follows ("row" wrappers).
_LABEL_WRAPPERS = 2


@dataclass(frozen=True)
class PortalPage:
    """What one portal page states. Counts are None where the page does not state them.

    ``organizations`` is None when the page shows no sharing list at all (hidden), ``[]`` when it shows an
    empty one. ``fields`` keeps every labelled box as text, label -> value, whatever it means.
    """

    agency: str | None = None
    updated_at: dt.datetime | None = None
    retention_days: int | None = None
    camera_count: int | None = None
    #: Every "Number of ..." box (cameras and other device kinds), label -> count.
    devices: dict[str, int] = field(default_factory=dict)
    hotlists: list[str] | None = None
    vehicles_detected_30d: int | None = None
    hotlist_hits_30d: int | None = None
    searches_30d: int | None = None
    organizations: list[str] | None = None
    #: The organizations sharing their data with this agency, where the portal lists them.
    organizations_received: list[str] | None = None
    #: Policy boxes (what is detected, acceptable and prohibited uses, access and hotlist policies...).
    policies: dict[str, str] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    search_audit: SearchAudit | None = None
    fields: dict[str, str] = field(default_factory=dict)
    #: Where the facts came from: ``html``, ``json`` or ``html+json``.
    origin: str = "html"

    @property
    def found(self) -> bool:
        """True when the page stated at least one portal fact (a sign that this is a portal page)."""
        return any(value not in (None, [], {}) for value in (
            self.retention_days, self.camera_count, self.hotlists, self.vehicles_detected_30d,
            self.hotlist_hits_30d, self.searches_30d, self.organizations, self.organizations_received,
        ))

    def facts(self) -> dict[str, Any]:
        """Everything as JSON-ready values (datetimes as ISO text)."""
        facts = dataclasses.asdict(self)
        facts["updated_at"] = self.updated_at.isoformat() if self.updated_at else None
        return facts


def parse_portal(body: bytes | str) -> PortalPage:
    """The facts of a portal page, HTML boxes first, then any embedded JSON (see module docstring)."""
    try:
        root = lxml.html.document_fromstring(body)
    except (ParserError, ValueError):
        return PortalPage()
    _drop_inline_styles(root)
    _mark_line_breaks(root)
    html_boxes = [*_class_boxes(root), *_definition_boxes(root), *_table_boxes(root), *_styled_boxes(root)]
    json_boxes = [box for data in _embedded_json(root) for box in _json_boxes(data)]
    usage = read_fields(html_boxes + json_boxes)
    origin = "+".join(name for name, boxes in (("html", html_boxes), ("json", json_boxes)) if boxes) or "html"
    facts = {name.name: getattr(usage, name.name) for name in dataclasses.fields(usage)}
    return PortalPage(agency=_agency(root), updated_at=_updated_at(root), origin=origin, **facts)


def _drop_inline_styles(root: lxml.html.HtmlElement) -> None:
    """Remove ``<style>`` elements from the body: the 2026 sharing tables carry one, whose CSS would
    otherwise be read as the first name of the list."""
    for style in root.xpath("//body//style"):
        style.drop_tree()


def _mark_line_breaks(root: lxml.html.HtmlElement) -> None:
    """End every ``<br>`` and block element with a line break, so that text keeps its lines."""
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")


def _text(element: lxml.html.HtmlElement) -> str:
    """Visible text, one line per block, white space collapsed within lines."""
    lines = (" ".join(line.split()) for line in element.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _box(label: str, value: lxml.html.HtmlElement, note: str = "") -> RawField:
    """A value's list items: ``<li>`` elements, else two or more innermost blocks with text (one name per
    ``<div>``, however deep: the 2026 sharing tables nest each name in a row and a cell)."""
    items = [_text(li) for li in value.iter("li")]
    if not items:
        leaves = [_text(block) for block in value.iterdescendants("div", "p") if not _has_block(block)]
        items = [leaf for leaf in leaves if leaf]
        items = items if len(items) > 1 else []
    links = tuple(dict.fromkeys(a.get("href") for a in value.iter("a") if a.get("href")))
    return RawField(label=label, text=_text(value), items=tuple(item for item in items if item), links=links,
                    note=note)


def _has_block(element: lxml.html.HtmlElement) -> bool:
    return any(child.tag in _BLOCKS and child.tag != "br" for child in element.iterdescendants())


def _class_boxes(root: lxml.html.HtmlElement) -> Iterator[RawField]:
    """Each element whose class names a label, paired with the next element whose class names a value."""
    label: str | None = None
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        classes = element.get("class") or ""
        if _LABEL_CLASS.search(classes):
            label = _text(element)
        elif label is not None and _VALUE_CLASS.search(classes):
            yield _box(label, element)
            label = None


def _styled_boxes(root: lxml.html.HtmlElement) -> Iterator[RawField]:
    """Each bold label standing apart (no text around it), paired with the block that follows it."""
    inside: lxml.html.HtmlElement | None = None
    for element in root.iter(*_LABEL_TAGS):
        if inside is not None and any(ancestor is inside for ancestor in element.iterancestors()):
            continue
        if not _is_label(element):
            continue
        inside = element
        notes = _descriptions(element)
        value = _value_after(notes[-1], _flat(element.getparent())) if notes else None
        if value is None:  # no description, or the "description" was the value itself
            notes, value = [], _value_after(element, _flat(element))
        if value is not None:
            yield _box(_text(element), value, " ".join(_text(note) for note in notes))


def _is_label(element: lxml.html.HtmlElement) -> bool:
    """Bold (by tag or inline style), short, without blocks inside, and not a bold word within prose."""
    bold = element.tag in ("strong", "b") or bool(_BOLD_STYLE.search(element.get("style") or ""))
    text = _flat(element)
    return bold and 0 < len(text) <= _LABEL_MAX and not (element.tail or "").strip() and not _has_block(element)


def _flat(element: lxml.html.HtmlElement | None) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def _descriptions(label: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The sentences in ``<p>`` right after a ``<p>`` label ("Number of LPR cameras only."): descriptions if
    a value follows them (beside them, or after the header holding label and descriptions)."""
    notes: list[lxml.html.HtmlElement] = []
    following = label.getnext()
    while (label.tag == "p" and following is not None and following.tag == "p" and not _is_label(following)
           and _flat(following).endswith(".") and not _has_block(following)):
        notes.append(following)
        following = following.getnext()
    return notes


def _value_after(element: lxml.html.HtmlElement, text: str) -> lxml.html.HtmlElement | None:
    """The block after ``element`` (a label or its last description), or after a wrapper holding nothing
    but ``text``; never another label, nor, past a wrapper, a block that starts with one (the next box)."""
    for level in range(_LABEL_WRAPPERS + 1):
        following = element.getnext()
        if following is not None:
            another = _starts_with_label(following) if level else _is_label(following)
            return following if following.tag in _VALUE_TAGS and not another else None
        parent = element.getparent()
        if parent is None or _flat(parent) != text:
            return None
        element = parent
    return None


def _starts_with_label(block: lxml.html.HtmlElement) -> bool:
    """Whether the block is the next box: it starts, however deep, with a label that something follows (a
    bold value standing alone, as 2026 metrics are, is a value)."""
    element: lxml.html.HtmlElement | None = block
    while element is not None and isinstance(element.tag, str):
        if _is_label(element):
            return _flat(block) != _flat(element)
        element = next(iter(element), None)
    return False


def _definition_boxes(root: lxml.html.HtmlElement) -> Iterator[RawField]:
    for term in root.iter("dt"):
        value = term.getnext()
        if value is not None and value.tag == "dd":
            yield _box(_text(term), value)


def _table_boxes(root: lxml.html.HtmlElement) -> Iterator[RawField]:
    for row in root.iter("tr"):
        cells = [cell for cell in row if cell.tag in ("th", "td")]
        if len(cells) == 2:
            yield _box(_text(cells[0]), cells[1])


def _agency(root: lxml.html.HtmlElement) -> str | None:
    """The agency's name: the page's first heading (without a "Transparency Portal" line under the name, as
    in the May 2026 portal), else its title without "Transparency Portal"."""
    for heading in root.iter("h1"):
        lines = [line for line in _text(heading).splitlines() if not _PORTAL_WORDS.fullmatch(line)]
        if lines:
            return " ".join(lines)
    title = _TITLE.match(" ".join((root.findtext(".//title") or "").split()))
    return title[1] if title else None


def _updated_at(root: lxml.html.HtmlElement) -> dt.datetime | None:
    """The "Last Updated" time: a machine-readable attribute near the words, else the date they show."""
    for element in root.iter():
        if not isinstance(element.tag, str) or "last updated" not in (element.text or "").lower():
            continue
        for node in element.iter():
            for attribute in ("datetime", "title", "data-time"):
                stamp = parse_iso(node.get(attribute))
                if stamp:
                    return stamp
        shown = _text(element).split(":", 1)[-1].strip()
        for pattern in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(shown, pattern).replace(tzinfo=dt.UTC)
            except ValueError:
                continue
    return None


def parse_iso(value: str | None) -> dt.datetime | None:
    """An ISO 8601 time ("2026-04-26T08:05:59.308Z"), UTC where it names no zone; None if it is not one."""
    if not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _embedded_json(root: lxml.html.HtmlElement) -> Iterator[Any]:
    for script in root.xpath("//script[@id='__NEXT_DATA__' or @type='application/json']"):
        try:
            yield json.loads(script.text or "")
        except json.JSONDecodeError:
            continue


def _json_boxes(node: Any) -> Iterator[RawField]:
    """Keys that the label rules recognize, with their values as text and list items, depth first."""
    if isinstance(node, list):
        for child in node:
            yield from _json_boxes(child)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        label = " ".join(part.lower() for part in _CAMEL.split(str(key)) if part)
        wanted = classify(label) != "policy" or _JSON_POLICY_KEY.search(label)
        box = _json_value(label, value) if wanted else None
        if box is not None:
            yield box
        else:
            yield from _json_boxes(value)


def _json_value(label: str, value: Any) -> RawField | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float)):
        return RawField(label=label, text=str(value))
    if isinstance(value, list):
        items = [_json_name(item) for item in value]
        names = tuple(item for item in items if item)
        return RawField(label=label, text=", ".join(names), items=names) if names or not value else None
    return None


def _json_name(item: Any) -> str | None:
    if isinstance(item, str):
        return " ".join(item.split()) or None
    if isinstance(item, dict):
        return next((str(item[key]) for key in _JSON_NAME_KEYS if item.get(key)), None)
    return None
