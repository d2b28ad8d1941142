"""Typed ``options`` of a registry entry, one model per platform, checked when the registry loads.

Options tune how a spider reads a source. A misspelt key (``view_ids``, ``comittee_id``) used to be
carried silently and ignored by the spider, so the source crawled with defaults and nobody noticed. Each
platform's model forbids keys it does not know, and :func:`validate_options` names the unknown key, the
closest valid one and the whole list. Spiders still receive a plain dict: the validated model dumped with
only the keys the row set (``exclude_unset``), so a spider's defaults stay where they are.
"""

from __future__ import annotations

import difflib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, ValidationError, field_validator

from tracker.registry.timezones import checked_zone

#: A list option that a registry row may also give as one string (``keywords: ALPR``).
Strings = str | list[str]


class SourceOptions(BaseModel):
    """Options every source takes, whatever its platform (read by the spider base and the pipelines)."""

    model_config = ConfigDict(extra="forbid")

    #: Extra hosts the source's pages may send the crawler to (``scrapers.middlewares.source_domains``).
    allowed_domains: list[str] = Field(default_factory=list)
    #: The source's file size cap in bytes, over ``ALPR_DOCUMENT_MAXSIZE``.
    max_bytes: PositiveInt | None = None
    #: ``ignore`` only with the site's permission (``PlatformSpider.robots_meta``).
    robots: Literal["obey", "ignore"] = "obey"
    #: IANA zone of the source's meeting times, where its state's usual zone is wrong (``timezones.zone_for``).
    timezone: str | None = None

    @field_validator("robots", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @field_validator("timezone")
    @classmethod
    def _iana_zone(cls, value: str | None) -> str | None:
        return checked_zone(value)


class LegistarOptions(SourceOptions):
    """``scrapers.spiders.legistar``: which bodies, and the API token of a restricted client."""

    bodies: list[str] = Field(default_factory=list)
    token: str | None = None


class GranicusOptions(SourceOptions):
    """``view_id`` completes a bare ``{site}.granicus.com`` into its ViewPublisher page (``urls.granicus_url``)."""

    view_id: int | None = Field(default=None, ge=0)


class CivicPlusOptions(SourceOptions):
    """``archive_years``: the first and last year of the site's archive, as civic-scraper's site list records them."""

    archive_years: list[int] = Field(default_factory=list, max_length=2)


class NovusAgendaOptions(SourceOptions):
    """``meeting_types``: NovusAgenda ``MeetingType`` ids that narrow the search to some bodies."""

    meeting_types: list[int | str] = Field(default_factory=list)


class BoardDocsOptions(SourceOptions):
    """``committee_id``: the committee to read, when the public page names none or several."""

    committee_id: str | None = None


class USAspendingOptions(SourceOptions):
    """The searches of ``scrapers.spiders.usaspending`` (see its module docstring)."""

    keywords: Strings | None = None
    recipient_search_text: Strings | None = None
    agency_recipient_search_text: Strings | None = None
    #: Awarding agencies of the agency search: names of sub-agencies, or the API's filter objects.
    agencies: str | dict[str, Any] | list[str | dict[str, Any]] | None = None
    award_types: Literal["contracts", "idvs", "grants"] | list[Literal["contracts", "idvs", "grants"]] | None = None
    subawards: bool = True
    days_back: PositiveInt | None = None


class SocrataOptions(SourceOptions):
    """The columns and rows of ``scrapers.spiders.socrata`` (see its module docstring)."""

    #: The dataset id when the URL has none (``urls.socrata_url``).
    dataset: str | None = Field(default=None, pattern=r"^[a-z0-9]{4}-[a-z0-9]{4}$")
    #: The dataset's title on its portal, for the people who read the registry.
    dataset_name: str | None = None
    fields: dict[Literal["vendor", "agency", "description", "amount", "date", "start", "end"], str] = Field(
        default_factory=dict)
    where: str | None = None
    q: str | None = None
    keywords: Strings | None = None
    vendors: Strings | None = None
    key_fields: list[str] = Field(default_factory=list)
    page_size: PositiveInt | None = None
    days_back: PositiveInt | None = None


def validate_options(model: type[SourceOptions], platform: str, value: dict[str, Any]) -> dict[str, Any]:
    """``value`` checked against ``model``: the keys it set, typed; ValueError naming what is wrong.

    Unknown keys are reported first and on their own, with a close match, since a typo is the usual cause.
    """
    valid = sorted(model.model_fields)
    unknown = [key for key in value if key not in model.model_fields]
    if unknown:
        problems = []
        for key in unknown:
            close = difflib.get_close_matches(str(key), valid, n=1)
            problems.append(f"unknown option {key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise ValueError(f"{'; '.join(problems)}; {platform} takes {', '.join(valid)}")
    try:
        return model.model_validate(value).model_dump(exclude_unset=True)
    except ValidationError as error:
        raise ValueError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())) from None

