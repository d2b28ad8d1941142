"""The ALPR lexicon (``lexicon.yaml``) loaded into typed records and compiled into one matcher.

The vocabulary is data so that it can grow without code changes; this module only knows its shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")


@dataclass(frozen=True)
class Term:
    """One phrase to match and what it means.

    ``kind`` is the role (``tech``, ``support``, ``vendor``, ``reseller``, ``product``, ``negative``,
    ``parking``, ``policing``, ``action``, ``procurement``, ``funding``); ``key`` says which one
    (a vendor family, a negative group, an action name...); ``strength`` refines it (``strong``/``weak``
    technology names, ``alpr``/``plain``/``context`` vendor aliases, a product's kind).
    """

    phrase: str
    kind: str
    key: str = ""
    strength: str = ""
    case_sensitive: bool = False


@dataclass(frozen=True)
class Vendor:
    """A vendor family: the canonical key reported as ``vendor`` and its display name."""

    family: str
    name: str
    parking: bool = False


@dataclass(eq=False)
class Lexicon:
    """Everything the engine matches, plus the ordered tables the rules consult (hashed by identity)."""

    terms: list[Term]
    vendors: dict[str, Vendor]
    veto: dict[str, str]
    action_order: list[str]
    version: int = 1
    source: Path = field(default=LEXICON_PATH)


def _vendor_terms(entry: dict, kind: str) -> list[Term]:
    family = entry["family"]
    terms = [Term(alias, kind, family, "alpr") for alias in entry.get("alpr_aliases", [])]
    terms += [Term(alias, kind, family, "plain") for alias in entry.get("aliases", [])]
    terms += [Term(alias, kind, family, "context") for alias in entry.get("context_aliases", [])]
    return terms


def _technology_terms(tech: dict) -> list[Term]:
    terms = [Term(p, "tech", "", "strong") for p in tech.get("strong", [])]
    terms += [Term(p, "tech", "", "weak") for p in tech.get("weak", [])]
    terms += [Term(p, "tech", "", s, case_sensitive=True) for p, s in tech.get("case_sensitive", {}).items()]
    return terms


def _grouped(kind: str, groups: dict[str, list[str]]) -> list[Term]:
    return [Term(p, kind, key) for key, phrases in groups.items() for p in phrases]


def parse_lexicon(data: dict, source: Path = LEXICON_PATH) -> Lexicon:
    """Build a :class:`Lexicon` from the parsed YAML mapping."""
    parking_families = set(data.get("parking_vendors", []))
    vendors: dict[str, Vendor] = {}
    terms = _technology_terms(data["technology"])
    terms += [Term(p, "support") for p in data.get("support", [])]
    for entry in data["vendors"]:
        vendors[entry["family"]] = Vendor(entry["family"], entry["name"], entry["family"] in parking_families)
        terms += _vendor_terms(entry, "vendor")
    for entry in data.get("resellers", []):
        vendors[entry["family"]] = Vendor(entry["family"], entry["name"])
        terms += _vendor_terms(entry, "reseller")
    for product in data.get("products", []):
        terms.append(Term(product["text"], "product", product["vendor"], product["kind"], case_sensitive=True))
    veto = {}
    for group, spec in data.get("negatives", {}).items():
        veto[group] = spec.get("veto", "weak")
        terms += [Term(p, "negative", group) for p in spec["terms"]]
    terms += [Term(p, "parking") for p in data.get("parking_context", [])]
    terms += [Term(p, "policing") for p in data.get("policing_context", [])]
    terms += _grouped("action", data.get("actions", {}))
    terms += _grouped("procurement", data.get("procurement", {}))
    terms += _grouped("funding", data.get("funding", {}))
    return Lexicon(
        terms=terms,
        vendors=vendors,
        veto=veto,
        action_order=list(data.get("actions", {})),
        version=int(data.get("version", 1)),
        source=source,
    )


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Load and cache the lexicon at ``path`` (the bundled one by default)."""
    with open(path, encoding="utf-8") as fh:
        return parse_lexicon(yaml.safe_load(fh), Path(path))
