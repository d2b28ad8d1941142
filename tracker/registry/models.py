"""One row of the jurisdiction registry: who, where, which platform, which entry point.

The registry is data, never code: a row is validated here once, so a spider can trust that ``state`` is a
real postal code, ``platform`` names a spider and ``url`` is already the platform's entry point
(:func:`tracker.registry.urls.entry_point`).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from tracker.registry.options import validate_options
from tracker.registry.platforms import PLATFORMS
from tracker.registry.timezones import checked_zone
from tracker.registry.urls import Platform, entry_point

#: ``federal``: a federal source; ``aggregator``: a nationwide collection of local records (Eyes on Flock).
Kind = Literal["city", "county", "special_district", "agency", "state", "federal", "aggregator"]

#: USPS codes of the states, DC and the inhabited territories.
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP".split()
)
#: ``state`` of a nationwide source (a federal agency, a USAspending search, an aggregator of local portals):
#: only with ``kind: federal`` or ``kind: aggregator``.
NATIONWIDE = "US"
OCD_PREFIX = "ocd-division/country:us"


class RegistryEntry(BaseModel):
    """A jurisdiction's source on one platform; ``id`` is unique within a registry file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1, pattern=r"^\S+$")
    name: str = Field(min_length=1)
    state: str
    platform: Platform
    url: str
    kind: Kind | None = None
    ocd_id: str | None = None
    #: The county (or parish, borough) the jurisdiction lies in, as GeoNames names it ("Knox County").
    county: str | None = None
    lat: float | None = Field(default=None, ge=-90.0, le=90.0)
    lon: float | None = Field(default=None, ge=-180.0, le=180.0)
    #: IANA zone of the jurisdiction's meeting times; the state's zone when unset (see ``timezones.zone_for``).
    timezone: str | None = None
    bodies: list[str] = Field(default_factory=list)
    enabled: bool = True
    options: dict[str, Any] = Field(default_factory=dict)
    provenance: str | None = None
    #: Why an entry is ``enabled: false`` (an unprovisioned Legistar client, a place GeoNames does not know).
    disabled_reason: str | None = None

    @field_validator("state")
    @classmethod
    def _known_state(cls, value: str) -> str:
        code = value.upper()
        if code not in US_STATES and code != NATIONWIDE:
            raise ValueError(f"not a US state or territory postal code: {value!r}")
        return code

    @field_validator("options", mode="before")
    @classmethod
    def _options_from_json(cls, value: Any) -> Any:
        """Accept a JSON object text too: that is how a CSV cell or a CLI flag carries options."""
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not a JSON object: {exc.msg}") from exc

    @field_validator("options")
    @classmethod
    def _platform_options(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        """Only the keys the platform's options model knows, typed (:mod:`tracker.registry.options`)."""
        platform = info.data.get("platform")
        if platform is None:  # the platform itself is invalid, and reported as such
            return value
        return validate_options(PLATFORMS[platform].options, platform, value)

    @field_validator("timezone")
    @classmethod
    def _iana_zone(cls, value: str | None) -> str | None:
        """Refuse a zone name ``zoneinfo`` cannot load: a typo would silently shift every meeting time."""
        return checked_zone(value)

    @field_validator("ocd_id")
    @classmethod
    def _ocd_division(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(OCD_PREFIX):
            raise ValueError(f"an OCD division id starts with {OCD_PREFIX!r}: {value!r}")
        return value

    @model_validator(mode="after")
    def _normalize(self) -> RegistryEntry:
        """Rewrite ``url`` to the platform entry point; keep nationwide rows federal; a reason only while disabled.

        ``sources enable`` flips ``enabled`` alone: the stale reason goes the next time the row is read.
        """
        if self.state == NATIONWIDE and self.kind not in ("federal", "aggregator"):
            raise ValueError(f"state {NATIONWIDE!r} is only for kind 'federal' or 'aggregator'")
        # Assigning through __dict__ avoids re-running validation on assignment.
        self.__dict__["url"] = entry_point(self.platform, self.url, self.options)
        if self.enabled:
            self.__dict__["disabled_reason"] = None
        return self
