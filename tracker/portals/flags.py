"""Which organizations on a portal's sharing list deserve attention, and under which state law.

Two reasons: ``federal`` (a federal agency: immigration, FBI, DEA, military...) and ``out_of_state`` (an
organization whose state, inferred from its name, is not the portal's own). An organization whose state
cannot be read is never flagged out of state. Where the portal's state restricts that kind of sharing,
the flag cites the statute: that is what turns a sharing list into a possible violation worth an alert.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from tracker.portals.organizations import infer

FlagReason = Literal["federal", "out_of_state"]


@dataclass(frozen=True)
class SharingLaw:
    """A state statute that restricts sharing ALPR data with federal or out-of-state agencies."""

    citation: str
    restricts: frozenset[str]
    summary: str


#: States whose law restricts the sharing these flags detect, with the citation a reader can check.
SHARING_LAWS: dict[str, SharingLaw] = {
    "CA": SharingLaw(
        citation="Cal. Civ. Code § 1798.90.55(b) (SB 34, 2015)",
        restricts=frozenset({"federal", "out_of_state"}),
        summary="A public agency may share ALPR information only with another public agency; the Attorney "
                "General (Information Bulletin 2023-DLE-06) reads this as excluding out-of-state and federal "
                "agencies.",
    ),
    "VA": SharingLaw(
        citation="Va. Code § 2.2-5517 (2025)",
        restricts=frozenset({"federal", "out_of_state"}),
        summary="ALPR data may be shared only with the recipients the statute lists (Virginia law enforcement, "
                "Commonwealth's attorneys, defendants, the vendor, court orders).",
    ),
    "IL": SharingLaw(
        citation="625 ILCS 5/2-130 (Public Act 103-0540, 2023)",
        restricts=frozenset({"out_of_state"}),
        summary="An out-of-state agency may receive ALPR data only after a written declaration that it will not "
                "be used against reproductive health care or on the basis of immigration status.",
    ),
}


@dataclass(frozen=True)
class Flag:
    """One organization flagged for one reason; an organization can carry both reasons."""

    name: str
    reason: FlagReason
    state: str | None
    #: The federal agency recognized, or "TX, not CA".
    detail: str
    #: The citation of the portal state's law that restricts this sharing, if any.
    law: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, as stored on a snapshot and printed by ``alpr-tracker portals``."""
        return asdict(self)


def flag_organizations(names: Iterable[str], home_state: str | None) -> list[Flag]:
    """Flags for the organizations in ``names`` (in list order), judged against the portal's ``home_state``."""
    law = SHARING_LAWS.get(home_state or "")
    flags = []
    for name in names:
        organization = infer(name)
        if organization.kind == "federal":
            flags.append(Flag(name=name, reason="federal", state=organization.state,
                              detail=organization.federal_agency or "federal", law=_citation(law, "federal")))
        if home_state and organization.state and organization.state != home_state:
            flags.append(Flag(name=name, reason="out_of_state", state=organization.state,
                              detail=f"{organization.state}, not {home_state}", law=_citation(law, "out_of_state")))
    return flags


def _citation(law: SharingLaw | None, reason: FlagReason) -> str | None:
    return law.citation if law and reason in law.restricts else None
