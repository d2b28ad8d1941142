"""Is an item about ALPR? The decision from lexicon matches, with its reasons.

Rules, in words (README "How the engine decides"):
- a *strong* technology name ("automated license plate reader", "ALPR") or an ALPR-only vendor name
  ("Flock Safety", "Vigilant Solutions") makes an item ALPR;
- a *weak* name ("LPR", "hotlist") counts only with support nearby (a camera, a system, a vendor, police);
- look-alikes veto: traffic-ticket cameras overrule ALPR mentions unless those outnumber them; gunshot
  detection, body cameras, plate fees, geese and immigration status overrule weak signals and a bare
  vendor name (Flock also sells gunshot detectors), but not a named plate-reading technology;
- plate reading for parking enforcement is kept apart as ``parking_lpr``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.analysis.lexicon import Lexicon
from tracker.analysis.matching import Match
from tracker.analysis.models import Category

# Policing words that are also the name of the department that enforces parking: half weight.
_AGENCY_WORDS = frozenset({"police", "sheriff", "law enforcement", "public safety"})


@dataclass
class Signals:
    """The matches of one item, sorted by what they say."""

    strong: list[Match] = field(default_factory=list)
    weak: list[Match] = field(default_factory=list)
    support: list[Match] = field(default_factory=list)
    vendors: list[Match] = field(default_factory=list)
    products: list[Match] = field(default_factory=list)
    negatives: dict[str, list[Match]] = field(default_factory=dict)
    parking: int = 0
    policing: float = 0.0
    by_kind: dict[str, list[Match]] = field(default_factory=dict)
    inherited: bool = False

    @classmethod
    def from_matches(cls, matches: list[Match], lexicon: Lexicon) -> Signals:
        """Sort matches into signals."""
        s = cls()
        for m in matches:
            t = m.term
            s.by_kind.setdefault(t.kind, []).append(m)
            if t.kind == "tech":
                (s.strong if t.strength == "strong" else s.weak).append(m)
            elif t.kind == "vendor":
                s.vendors.append(m)
                if t.strength == "alpr":
                    s.strong.append(m)
                if lexicon.vendors[t.key].parking:
                    s.parking += 1
            elif t.kind == "reseller":
                s.vendors.append(m)
            elif t.kind == "product":
                s.products.append(m)
            elif t.kind == "support":
                s.support.append(m)
            elif t.kind == "negative":
                s.negatives.setdefault(t.key, []).append(m)
            elif t.kind == "parking":
                s.parking += 1
            elif t.kind == "policing":
                # "Police Department" names who runs parking enforcement as often as it names policing.
                s.policing += 0.5 if t.phrase in _AGENCY_WORDS else 1.0
        return s

    def inherit_subject(self, parent: Signals) -> None:
        """Take the subject of the enclosing item: its parking or policing context."""
        self.parking += parent.parking
        self.policing += parent.policing
        self.inherited = parent.parking > 0 or parent.policing > 0

    def alpr_spans(self) -> list[Match]:
        """Matches that name the technology or an ALPR vendor (used to anchor camera counts)."""
        return sorted(self.strong + self.weak + [v for v in self.vendors if v.term.strength != "plain"], key=lambda m: m.start)


def _clusters(matches: list[Match]) -> list[Match]:
    """One match per group of overlapping spans ("license plate reader" inside "automated ...")."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start, -m.end)):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _supported(weak: Match, signals: Signals) -> bool:
    others = signals.support + [v for v in signals.vendors if v.term.strength != "context"]
    return any(o.end <= weak.start or o.start >= weak.end for o in others) or signals.policing > 0


@dataclass
class Decision:
    """The category, how sure, and why."""

    category: Category
    confidence: float
    reasons: list[str]


def _quote(m: Match, text: str) -> str:
    return repr(text[m.start : m.end])


def decide(signals: Signals, lexicon: Lexicon, text: str) -> Decision:
    """Categorize one item from its signals."""
    strong = _clusters(signals.strong)
    weak = [m for m in _clusters(signals.weak) if _supported(m, signals) and not any(s.start <= m.start < s.end for s in strong)]
    reasons = [f"technology {_quote(m, text)}" if m.term.kind == "tech" else f"vendor {_quote(m, text)}" for m in strong]
    reasons += [f"weak technology {_quote(m, text)} with support" for m in weak]
    vetoes_strong = sum(len(v) for g, v in signals.negatives.items() if lexicon.veto.get(g) == "strong")
    vetoes_weak = sum(len(v) for g, v in signals.negatives.items() if lexicon.veto.get(g) == "weak")
    for group, found in signals.negatives.items():
        reasons.append(f"look-alike {group}: {_quote(found[0], text)}")
    if not strong and not weak:
        confidence = 0.97 if not signals.vendors and not signals.negatives else 0.9
        return Decision("not_alpr", confidence, reasons or ["no ALPR term"])
    if vetoes_strong and len(strong) <= vetoes_strong:
        return Decision("not_alpr", 0.75, reasons + ["traffic-enforcement cameras outweigh the ALPR mentions"])
    if not strong and (vetoes_weak or vetoes_strong):
        return Decision("not_alpr", 0.7, reasons + ["only weak ALPR signals next to a look-alike"])
    if (vetoes_weak or vetoes_strong) and not weak and all(m.term.kind != "tech" for m in strong):
        # Flock also sells Raven gunshot detectors: a vendor name alone does not outweigh the look-alike.
        return Decision("not_alpr", 0.7, reasons + ["an ALPR vendor, but the item is about a look-alike"])
    confidence = min(0.99, 0.6 + 0.15 * min(len(strong), 2) + 0.05 * min(len(weak), 2) + (0.05 if signals.vendors else 0))
    if strong and (vetoes_strong or vetoes_weak):
        confidence -= 0.1
    if signals.parking and signals.parking >= signals.policing:
        why = "parking-enforcement context" + (" (with the enclosing item's)" if signals.inherited else "")
        return Decision("parking_lpr", round(confidence, 2), reasons + [why])
    return Decision("alpr", round(confidence, 2), reasons)
