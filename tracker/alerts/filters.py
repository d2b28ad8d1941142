"""What a subscription asks for (``Subscription.filters``) and whether an alert is about that.

Every filter given must match; the values of one list filter are alternatives ("CA or OR"). An empty
filter set matches every alert. Filters that need a fact the alert lacks do not match it: an alert
with no known amount fails ``min_amount``, a jurisdiction without coordinates fails ``near``. The one
exception is ``categories``: contract and portal alerts carry no analysis category, and pass it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from db.models import Jurisdiction
from tracker.alerts.values import counties_of, county_name, state_code, vendor_family
from tracker.analysis.models import Category

AlertKind = Literal["upcoming_vote", "new_contract", "contract_changed", "portal_changed", "federal_award"]
ALERT_KINDS: tuple[AlertKind, ...] = ("upcoming_vote", "new_contract", "contract_changed", "portal_changed",
                                      "federal_award")
_EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Subject:
    """What an alert is about, as the filters see it."""

    kind: str
    jurisdiction: Jurisdiction | None
    vendor: str | None = None
    vendor_name: str | None = None
    amount: float | None = None
    category: str | None = None
    #: The words keywords are searched in (the item's text, the evidence, the organizations named...).
    text: str = ""


class Near(BaseModel):
    """A circle on the map: jurisdictions whose coordinates lie within ``radius_km`` of the point."""

    model_config = ConfigDict(extra="forbid")

    lat: float = Field(ge=-90.0, le=90.0)
    lon: float = Field(ge=-180.0, le=180.0)
    radius_km: float = Field(gt=0.0)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) between two points in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class SubscriptionFilters(BaseModel):
    """The filters of one subscription (stored as JSON in ``Subscription.filters``)."""

    model_config = ConfigDict(extra="forbid")

    states: list[str] = Field(default_factory=list)
    counties: list[str] = Field(default_factory=list)
    jurisdictions: list[str] = Field(default_factory=list)
    near: Near | None = None
    vendors: list[str] = Field(default_factory=list)
    kinds: list[AlertKind] = Field(default_factory=list)
    categories: list[Category] = Field(default_factory=list)
    min_amount: float | None = Field(default=None, ge=0.0)
    keywords: list[str] = Field(default_factory=list)

    @field_validator("states")
    @classmethod
    def _state_codes(cls, values: list[str]) -> list[str]:
        """Codes for names ("California" is CA); an unknown value is kept as written, for ``checked`` to refuse."""
        return [state_code(v) or v.strip() for v in values]

    @field_validator("vendors")
    @classmethod
    def _vendor_families(cls, values: list[str]) -> list[str]:
        """The lexicon's family for any alias ("Flock Safety" is flock); an unknown value is kept as written."""
        return [vendor_family(v) or v.strip() for v in values]

    def stored(self) -> dict[str, object]:
        """The JSON kept in the database: only the filters that are set."""
        return self.model_dump(mode="json", exclude_defaults=True)

    def _place_matches(self, place: Jurisdiction | None) -> bool:
        if not (self.states or self.counties or self.jurisdictions or self.near):
            return True
        if place is None:
            return False
        if self.states and (place.state or "").upper() not in self.states:
            return False
        if self.counties and not counties_of(place) & {county_name(c) for c in self.counties}:
            return False
        if self.jurisdictions and place.id not in self.jurisdictions:
            return False
        if self.near is not None:
            if place.lat is None or place.lon is None:
                return False
            return distance_km(self.near.lat, self.near.lon, place.lat, place.lon) <= self.near.radius_km
        return True

    def _vendor_matches(self, subject: Subject) -> bool:
        wanted = {v.casefold() for v in self.vendors}
        names = {(subject.vendor or "").casefold()}
        return bool(wanted & names) or any(w in (subject.vendor_name or "").casefold() for w in wanted)

    def matches(self, subject: Subject) -> bool:
        """True when every filter set accepts ``subject``."""
        if self.kinds and subject.kind not in self.kinds:
            return False
        if self.categories and subject.category is not None and subject.category not in self.categories:
            return False
        if self.vendors and not self._vendor_matches(subject):
            return False
        if self.min_amount is not None and (subject.amount is None or subject.amount < self.min_amount):
            return False
        if self.keywords and not any(
            re.search(rf"(?<!\w){re.escape(word)}(?!\w)", subject.text, re.I) for word in self.keywords
        ):
            return False
        return self._place_matches(subject.jurisdiction)
