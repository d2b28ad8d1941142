"""Analyze one agenda item: decide whether it concerns ALPR and extract its facts with evidence.

Pure functions, no I/O: the same text always gives the same :class:`Finding`. Field extraction runs only
for relevant items (a body-camera contract's price is not an ALPR contract value); the vendor is always
named, since look-alike contracts are worth telling apart by vendor too.
"""

from __future__ import annotations

import datetime as dt
import re

from tracker.analysis.actions import find_action, first_of
from tracker.analysis.amounts import annual_value, find_amounts, total_value
from tracker.analysis.cameras import find_camera_counts, headline_count
from tracker.analysis.classify import Decision, Signals, decide
from tracker.analysis.durations import find_retention, find_term
from tracker.analysis.lexicon import Lexicon, load_lexicon
from tracker.analysis.matching import Match, scan
from tracker.analysis.models import Evidence, Fact, Finding
from tracker.analysis.numbers import blank_line_numbers
from tracker.analysis.sharing import find_sharing
from tracker.analysis.vendors import known_vendor, named_company
from tracker.analysis.votes import find_vote

ENGINE_REVISION = 2
# Equipment a public-safety bundle prices beside plate readers, each on its own line.
_OTHER_EQUIPMENT = re.compile(
    r"\b(?:radios?|vehicles?|patrol\s+cars?|tasers?|firearms?|rifles?|uniforms?|drones?"
    r"|body[- ]?(?:worn\s+)?cameras?|in[- ]car\s+(?:video|cameras?)|dash\s*cams?|traffic\s+signals?|street\s*lights?)\b",
    re.I)



def analyzer_version(lexicon: Lexicon | None = None) -> str:
    """Version stamp stored with each finding, so re-analysis after a lexicon change is detectable."""
    return f"{ENGINE_REVISION}.{(lexicon or load_lexicon()).version}"


def _evidence(text: str, start: int, end: int) -> Evidence:
    return Evidence(start=start, end=end, text=text[start:end])


def _choose_product(signals: Signals, vendor: str | None) -> Match | None:
    products = [p for p in signals.products if vendor is None or p.term.key == vendor]
    return next((p for p in products if p.term.strength == "alpr"), products[0] if products else None)


def analyze_item(text: str, meeting_date: dt.date | None = None, lexicon: Lexicon | None = None, *,
                 context: str = "") -> Finding:
    """Analyze the text of one item (see README "Analysis").

    ``context`` is the text of the headings the item sits under (a sub-item's parent items). It gives the
    item its subject, never its facts: "c) License Plate Recognition" under a parking-enforcement contract
    is parking LPR, but the parent's amounts and counts are not the sub-item's.
    """
    lexicon = lexicon or load_lexicon()
    signals = Signals.from_matches(scan(text, lexicon), lexicon)
    if context.strip():
        signals.inherit_subject(Signals.from_matches(scan(context, lexicon), lexicon))
    decision: Decision = decide(signals, lexicon, text)
    relevant = decision.category != "not_alpr"
    facts: dict[str, Fact] = {}

    def keep(name: str, value, start: int, end: int):
        facts[name] = Fact(value=value, evidence=_evidence(text, start, end))
        return value

    vendor = vendor_name = partner = None
    known = known_vendor(signals, text, bool(signals.strong or signals.weak))
    if known:
        vendor_match, partner = known
        vendor = keep("vendor", vendor_match.term.key, vendor_match.start, vendor_match.end)
        vendor_name = lexicon.vendors[vendor].name
    elif relevant and (company := named_company(text)):
        vendor, vendor_name = keep("vendor", company[0], company[2], company[3]), company[1]
    finding = Finding(
        relevant=relevant,
        category=decision.category,
        confidence=decision.confidence,
        vendor=vendor,
        vendor_name=vendor_name,
        partner=partner,
        reasons=decision.reasons,
    )
    if relevant:
        anchor = signals.alpr_spans()[0]
        keep("relevance", decision.category, anchor.start, anchor.end)
        _extract_fields(finding, text, signals, lexicon, meeting_date, keep)
    finding.facts = facts
    return finding


def _extract_fields(finding: Finding, text: str, signals: Signals, lexicon: Lexicon, meeting_date, keep) -> None:
    """Fill the contract facts of a relevant item."""
    product = _choose_product(signals, finding.vendor)
    if product:
        finding.product = keep("product", product.term.phrase, product.start, product.end)
    action = find_action(signals.by_kind.get("action", []), lexicon, text)
    counts = find_camera_counts(blank_line_numbers(text), signals.alpr_spans())
    # An amendment or renewal grows an agreement in force; an expansion may be a new agreement of its own.
    amends = action is not None and action[0] in ("amendment", "renewal")
    count, added, span = headline_count(counts, amends)
    if span:
        finding.camera_count, finding.cameras_added = count, added
        keep("camera_count" if count is not None else "cameras_added", count if count is not None else added,
             span.start, span.end)
    alpr = [(m.start, m.end) for m in signals.alpr_spans()]
    finding.amounts = find_amounts(text, alpr)
    other = [(m.start, m.end) for found in signals.negatives.values() for m in found]
    other += [(p.start, p.end) for p in signals.products if p.term.strength != "alpr"]
    other += [m.span() for m in _OTHER_EQUIPMENT.finditer(text)]
    best = total_value(finding.amounts, text, alpr, other)
    if best:
        finding.total_usd = keep("total_usd", best.usd, best.evidence.start, best.evidence.end)
    else:
        yearly = annual_value(finding.amounts, text)
        if yearly:
            finding.annual_usd = keep("annual_usd", yearly.usd, yearly.evidence.start, yearly.evidence.end)
    term = find_term(text, meeting_date)
    if term:
        finding.term_months = keep("term_months", term[0], term[1], term[2])
    retention = find_retention(text)
    if retention:
        finding.retention_days = keep("retention_days", retention[0], retention[1], retention[2])
    if action:
        finding.action = keep("action", *action)
    for name, order in (("procurement", ["sole_source", "cooperative", "bid_waiver", "competitive"]),
                        ("funding", ["grant", "asset_forfeiture", "federal_relief", "special_tax"])):
        found = first_of(signals.by_kind.get(name, []), order)
        if found:
            setattr(finding, name, keep(name, found.term.key, found.start, found.end))
    for tag, evidence in find_sharing(text):
        finding.sharing.append(tag)
        keep(f"sharing.{tag}", True, evidence.start, evidence.end)
    finding.vote = find_vote(text)
