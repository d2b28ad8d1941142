"""Which known agreement a step belongs to, if any: the linking rules, as pure functions.

Candidates are the jurisdiction's contracts with the step's vendor. In order of strength:

1. a shared reference number (resolution, file, contract number...);
2. the same meeting, from another document (the agenda item and its minutes; the staff report), with
   no contradicting figures, preferring the same item number;
3. for an amendment, renewal, expansion, suspension or termination: the latest contract not rejected;
4. for a new agreement: a contract still undecided (proposed, continued) within a year, with no
   contradicting figures (the item comes back at a later meeting); for a procurement award, an approved
   contract of the same value or camera count within a year (the purchase order after the vote).

Two different agreement numbers of the same kind (two contract numbers) always mean two agreements.
A step that matches nothing starts a new contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tracker.contracts.identifiers import Identifier
from tracker.contracts.model import Step
from tracker.contracts.timeline import ACTIVE, ContractState, timeline

#: How long an undecided agreement may wait for its next step.
WINDOW = dt.timedelta(days=365)
#: Figures closer than this (relative) are the same figure.
_TOLERANCE = 0.01


@dataclass
class Candidate:
    """A contract being linked: its natural key and the steps known so far."""

    jurisdiction_id: str
    vendor: str
    agreement_key: str
    steps: list[Step] = field(default_factory=list)
    contract_id: int | None = None

    @property
    def identifiers(self) -> set[Identifier]:
        """Every reference number any of its items quotes."""
        return {i for step in self.steps for i in step.identifiers}

    @property
    def state(self) -> ContractState:
        """The state after all its steps (expiry aside)."""
        history = timeline(self.steps)
        return history[-1][1] if history else ContractState()

    @property
    def last_date(self) -> dt.date:
        """The day of its latest dated step."""
        return max((s.occurred_on for s in self.steps if s.occurred_on), default=dt.date.min)


def _differ(a: object, b: object) -> bool:
    if a is None or b is None:
        return False
    return abs(float(a) - float(b)) > _TOLERANCE * max(abs(float(a)), abs(float(b)))


def _figures_conflict(step: Step, values: dict[str, object]) -> bool:
    return any(_differ(step.values[name].value if name in step.values else None, values.get(name))
               for name in ("total_usd", "camera_count"))


def _agreement_conflict(step: Step, candidate: Candidate) -> bool:
    """Both quote agreement numbers of one kind, and none in common."""
    theirs = candidate.identifiers
    for mine in (i for i in step.identifiers if i.role == "agreement"):
        same_kind = {i for i in theirs if i.kind == mine.kind}
        if same_kind and not same_kind & {i for i in step.identifiers if i.kind == mine.kind}:
            return True
    return False


def _same_meeting(step: Step, candidate: Candidate) -> bool | None:
    """For a candidate with a matching step of the step's meeting: whether the item numbers agree; else None."""
    if step.meeting_id is None:
        return None
    others = [s for s in candidate.steps if s.meeting_id == step.meeting_id]
    if not others or any(s.document_id == step.document_id for s in others):
        return None  # another item of the same document is another agreement
    if any(_figures_conflict(step, {k: v.value for k, v in s.values.items()}) for s in others):
        return None
    return any(s.item_number is not None and s.item_number == step.item_number for s in others)


def _within(step: Step, candidate: Candidate) -> bool:
    if step.occurred_on is None:
        return True
    return abs(step.occurred_on - candidate.last_date) <= WINDOW


def choose(step: Step, candidates: list[Candidate]) -> Candidate | None:
    """The candidate ``step`` belongs to (see the module docstring), or None for a new contract."""
    viable = sorted((c for c in candidates if not _agreement_conflict(step, c)),
                    key=lambda c: (c.last_date, c.agreement_key), reverse=True)
    shared = [c for c in viable if step.identifiers & c.identifiers]
    if shared:
        return max(shared, key=lambda c: len(step.identifiers & c.identifiers))
    meeting = [(same, c) for c in viable if (same := _same_meeting(step, c)) is not None]
    if meeting:
        return next((c for same, c in meeting if same), meeting[0][1])
    if step.change != "new":
        standing = [c for c in viable if c.state.status != "rejected"]
        return next((c for c in standing if c.state.status in ACTIVE), standing[0] if standing else None)
    for candidate in viable:
        state = candidate.state
        current = {name: state.value(name) for name in ("total_usd", "camera_count")}
        if not _within(step, candidate) or _figures_conflict(step, current):
            continue
        if state.status in ("proposed", "continued"):
            return candidate
        if step.stage == "awarded" and state.status in ACTIVE and any(
            name in step.values and current[name] is not None for name in current
        ):
            return candidate
    return None
