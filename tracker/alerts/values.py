"""What a user types into a filter, read as the tracker knows it: state codes, vendor families, places.

A subscription that silently matches nothing is the worst failure a watchdog tool has: people stop
looking. So ``--state California`` is ``CA``, ``--vendor "Flock Safety"`` (or any alias the analysis
lexicon knows) is ``flock``, ``--jurisdiction`` takes a registry id, an OCD id or a name, and ``--county``
a county some known jurisdiction lies in; a value that is none of these is refused with the closest known
ones (:class:`UnknownValues`), never stored.

Known places are the database's jurisdictions (everything crawled so far) and the registry's entries
(everything that will be), so a subscription can be made before the first crawl.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Jurisdiction, Source
from tracker.analysis.lexicon import Lexicon, load_lexicon
from tracker.portals.places import STATE_NAMES
from tracker.registry.models import US_STATES, RegistryEntry

_CODES_BY_NAME = {name.casefold(): code for name, code in STATE_NAMES.items()}
_VENDOR_TERMS = ("vendor", "reseller")
_COUNTY_WORDS = re.compile(r"^\s*(?:county|parish|borough) of\s+|\b(?:county|parish|borough)\b", re.I)


class UnknownValues(ValueError):
    """Filter values the tracker does not know, each with what it might have meant."""


def _closest(value: str, choices: Iterable[str], n: int = 3) -> str:
    written = {choice.casefold(): choice for choice in choices}
    found = difflib.get_close_matches(value.casefold(), written, n=n, cutoff=0.6)
    return f" (did you mean {', '.join(repr(written[c]) for c in found)}?)" if found else ""


def county_name(value: str) -> str:
    """"Alameda County", "county of alameda", "alameda" and the OCD slug "alameda" all read "alameda"."""
    return " ".join(_COUNTY_WORDS.sub(" ", value.replace("_", " ").replace("~", " ")).casefold().split())


def counties_of(place: Jurisdiction) -> set[str]:
    """The county names (:func:`county_name`) a jurisdiction is known by: its county, its OCD id's county part,
    itself if a county."""
    names = {place.county} if place.county else set()
    match = re.search(r"/county:([^/]+)", place.id)
    if match:
        names.add(match.group(1))
    if place.kind == "county":
        names.add(place.name)
    return {county_name(name) for name in names}


def state_code(value: str) -> str | None:
    """``CA`` for "ca", "CA" or "California"; None for anything else."""
    text = " ".join(value.split())
    if text.upper() in US_STATES:
        return text.upper()
    return _CODES_BY_NAME.get(text.casefold())


def _vendor_aliases() -> dict[str, str]:
    return _alias_index(load_lexicon())


@functools.lru_cache(maxsize=4)
def _alias_index(lexicon: Lexicon) -> dict[str, str]:
    """Every vendor name and alias of ``lexicon`` (casefolded) to its family; built once per lexicon."""
    aliases = {term.phrase.casefold(): term.key for term in lexicon.terms if term.kind in _VENDOR_TERMS and term.key
               in lexicon.vendors}
    for family, vendor in lexicon.vendors.items():
        aliases[family.casefold()] = family
        aliases[vendor.name.casefold()] = family
    return aliases


def vendor_family(value: str) -> str | None:
    """The lexicon's family key (``flock``) for any of its names or aliases; None for anything else."""
    return _vendor_aliases().get(" ".join(value.split()).casefold())


@dataclass
class KnownPlaces:
    """Every way a known jurisdiction can be named, to its id (``Jurisdiction.id``: an OCD id or registry id)."""

    ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    counties: dict[str, str] = field(default_factory=dict)  # county_name() -> as shown in suggestions

    def add(self, place: Jurisdiction, *aliases: str) -> None:
        """Know ``place`` by its id, its name (also as "Name, ST"), ``aliases`` (registry ids), its counties."""
        self.ids[place.id.casefold()].add(place.id)
        for name in filter(None, (place.name, *aliases)):
            self.ids[name.casefold()].add(place.id)
            if place.state:
                self.ids[f"{name}, {place.state}".casefold()].add(place.id)
        for county in counties_of(place):
            self.counties.setdefault(county, county)

    def resolve(self, value: str) -> set[str]:
        return self.ids.get(" ".join(value.split()).casefold(), set())


def known_places(session: Session, entries: Iterable[RegistryEntry] = ()) -> KnownPlaces:
    """The jurisdictions of the database (with their sources' registry ids) and of registry ``entries``."""
    places = KnownPlaces()
    keys: dict[str, list[str]] = defaultdict(list)
    for key, jurisdiction_id in session.execute(select(Source.key, Source.jurisdiction_id)):
        if key:
            keys[jurisdiction_id].append(key)
    for place in session.scalars(select(Jurisdiction)):
        places.add(place, *keys[place.id])
    for entry in entries:  # as tracker.sources.register_source will store it
        places.add(Jurisdiction(id=entry.ocd_id or entry.id, name=entry.name, state=entry.state, county=entry.county,
                                kind=entry.kind or "other"), entry.id)
    return places


def checked_places(jurisdictions: list[str], counties: list[str], places: KnownPlaces) -> list[str]:
    """The jurisdiction ids ``jurisdictions`` name; raise :class:`UnknownValues` for any unknown or ambiguous
    one, and for a county no known jurisdiction lies in."""
    ids, problems = [], []
    for value in jurisdictions:
        found = places.resolve(value)
        if len(found) == 1:
            ids.extend(found)
        elif found:
            problems.append(f"jurisdiction {value!r} names {len(found)} places: give one of "
                            f"{', '.join(sorted(found)[:5])}")
        else:
            problems.append(f"unknown jurisdiction {value!r}{_closest(value, places.ids)}; give a registry id "
                            f"(`alpr-tracker sources list`), an OCD id or a name")
    for value in counties:
        if county_name(value) not in places.counties:
            problems.append(f"no known jurisdiction lies in county {value!r}{_closest(value, places.counties.values())}")
    if problems:
        raise UnknownValues("; ".join(problems))
    return list(dict.fromkeys(ids))


def checked_states(values: list[str]) -> list[str]:
    """State codes for names or codes; raise :class:`UnknownValues` naming the unknown ones."""
    problems = [f"unknown state {v!r}{_closest(v, [*STATE_NAMES, *US_STATES])}" for v in values if not state_code(v)]
    if problems:
        raise UnknownValues("; ".join(problems))
    return [state_code(v) for v in values]  # type: ignore[misc]


def checked_vendors(values: list[str]) -> list[str]:
    """Vendor families for any name or alias; raise :class:`UnknownValues` naming the unknown ones."""
    aliases = _vendor_aliases()
    problems = [f"unknown vendor {v!r}{_closest(v, load_lexicon().vendors)}; known vendors: "
                f"{', '.join(sorted(load_lexicon().vendors)[:12])}, ..." for v in values if not vendor_family(v)]
    if problems:
        raise UnknownValues("; ".join(problems))
    return list(dict.fromkeys(aliases[" ".join(v.split()).casefold()] for v in values))


def checked_choice(what: str, value: str, choices: Iterable[str]) -> str:
    """``value`` if it is one of ``choices`` (any case); raise :class:`UnknownValues` listing them."""
    choices = list(choices)
    for choice in choices:
        if choice.casefold() == value.strip().casefold():
            return choice
    raise UnknownValues(f"unknown {what} {value!r}{_closest(value, choices)}; one of {', '.join(choices)}")
