"""Fold an agreement's steps, in date order, into its current state: status, terms, and their evidence.

The fold is pure and order-independent in its input (steps are sorted first), so linking the same
findings again, or in another order, always gives the same contract. The rules, in short:

* A new agreement's proposals set its terms while it is undecided (proposed, continued, rejected); the
  approval fills in what the proposals left out and starts the term on the day of the vote.
* A change (amendment, renewal, expansion, suspension, termination) touches the contract only once it is
  approved; its terms are the proposal's, completed by the approval's (minutes abbreviate, agendas don't).
  An approved change sets the status it names (amended, renewed...).
* Money and cameras of an amendment or expansion add to the contract unless the item states a new total
  at least as large as the current one ("an additional $90,000, for a total not to exceed $690,000").
  A renewal adds its term to the contract's and moves the end date.
* A change seen without its original agreement implies one: the contract starts as ``approved``, with
  the change's words as evidence.
* An active contract whose end date has passed is ``expired``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from tracker.contracts.model import STATUS_OF_CHANGE, Change, EvidenceRef, Sourced, Step

#: Statuses a new proposal may (re)open: nothing was decided yet, or it was turned down before.
UNDECIDED = (None, "proposed", "continued", "rejected")
#: Statuses of an agreement in force.
ACTIVE = ("approved", "amended", "renewed", "expanded")
#: Fields whose change is worth an alert, in the order alerts list them.
TRACKED = ("status", "total_usd", "camera_count", "term_months", "end_date", "retention_days", "sharing")
_GROWING = ("total_usd", "camera_count")


@dataclass(frozen=True)
class ContractState:
    """An agreement as known after some steps; ``values`` holds every stated field with its evidence."""

    status: str | None = None
    status_evidence: EvidenceRef | None = None
    values: dict[str, Sourced] = field(default_factory=dict)
    #: The latest undecided proposal of each change, waiting for its vote.
    pending: dict[Change, Step] = field(default_factory=dict)

    def value(self, name: str) -> Any:
        """The current value of a field, or None."""
        if name == "status":
            return self.status
        sourced = self.values.get(name)
        return sourced.value if sourced else None

    def evidence(self) -> dict[str, dict[str, Any]]:
        """``field_evidence``: for each known field (and the status), where it was read."""
        found = {name: sourced.evidence.as_json() for name, sourced in self.values.items()}
        if self.status_evidence is not None:
            found["status"] = self.status_evidence.as_json()
        return found


def add_months(start: dt.date, months: int) -> dt.date:
    """The last day of a term of ``months`` starting on ``start`` (a year from March 3 ends March 2)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
                          31, 31, 30, 31, 30, 31][month - 1])
    return dt.date(year, month, day) - dt.timedelta(days=1)


def _merged(first: Step | None, then: Step) -> dict[str, Sourced]:
    """The proposal's values, completed by the decision's."""
    return {**then.values, **(first.values if first else {})}


def _set_term_dates(values: dict[str, Sourced], started: Sourced | None) -> None:
    """Start the term on ``started`` unless stated, and end it after ``term_months`` unless stated."""
    if "start_date" not in values and started is not None:
        values["start_date"] = started
    term, start = values.get("term_months"), values.get("start_date")
    if "end_date" not in values and term is not None and start is not None:
        values["end_date"] = Sourced(add_months(start.value, int(term.value)), term.evidence)


def _apply_new(state: ContractState, step: Step) -> ContractState:
    if step.stage in ("proposed", "solicited", "considered", "continued", "rejected"):
        if state.status not in UNDECIDED:
            return state  # a report restating an approved agreement changes nothing
        status = "proposed" if step.stage in ("solicited", "considered") else step.stage
        if step.stage == "considered" and state.status is not None:
            status = state.status  # minutes that discuss without deciding keep the status
        values = {**state.values, **step.values} if step.stage in ("proposed", "solicited") else {
            **step.values, **state.values}
        return replace(state, status=status, status_evidence=step.stage_evidence, values=values)
    values = {**step.values, **state.values}  # the decision completes the proposal
    if state.status in UNDECIDED:
        _set_term_dates(values, Sourced(step.occurred_on, step.stage_evidence) if step.occurred_on else None)
        return replace(state, status="approved", status_evidence=step.stage_evidence, values=values)
    return replace(state, values=values) if state.status in ACTIVE else state


def _grown(current: Sourced | None, stated: Sourced) -> Sourced:
    """A stated figure of an amendment: a new total if at least the current one, else an addition."""
    if current is None or stated.value >= current.value:
        return stated
    return Sourced(current.value + stated.value, stated.evidence)


def _apply_decided_change(state: ContractState, step: Step) -> ContractState:
    proposal = state.pending.get(step.change)
    stated = _merged(proposal, step)
    added = (proposal.cameras_added if proposal and proposal.cameras_added else None) or step.cameras_added
    values = dict(state.values)
    change = step.change
    if change in ("amendment", "expansion", "renewal"):
        for name in _GROWING:
            if name in stated:
                values[name] = _grown(values.get(name), stated[name])
        if "camera_count" not in stated and added is not None and "camera_count" in values:
            values["camera_count"] = Sourced(values["camera_count"].value + added.value, added.evidence)
        for name in ("products", "retention_days", "sharing", "agency", "start_date", "end_date"):
            if name in stated:
                values[name] = stated[name]
    if change == "renewal" and "term_months" in stated:
        extra = stated["term_months"]
        before = values.get("term_months")
        values["term_months"] = Sourced((before.value if before else 0) + extra.value, extra.evidence)
        if "end_date" not in stated:
            base = values.get("end_date")
            start = base.value + dt.timedelta(days=1) if base else step.occurred_on
            if start is not None:
                values["end_date"] = Sourced(add_months(start, int(extra.value)), extra.evidence)
    if change == "termination" and step.occurred_on is not None:
        values["end_date"] = Sourced(step.occurred_on, step.stage_evidence)
    pending = {k: v for k, v in state.pending.items() if k != change}
    return ContractState(STATUS_OF_CHANGE[change], step.stage_evidence, values, pending)


def _apply_change(state: ContractState, step: Step) -> ContractState:
    if state.status is None:
        # An amendment (or renewal...) of an agreement we never saw: the agreement exists and was approved.
        state = replace(state, status="approved", status_evidence=step.stage_evidence)
    if step.decides:
        return _apply_decided_change(state, step)
    if step.stage in ("proposed", "solicited", "continued", "considered"):
        return replace(state, pending={**state.pending, step.change: step})
    return replace(state, pending={k: v for k, v in state.pending.items() if k != step.change})  # rejected


def apply(state: ContractState, step: Step) -> ContractState:
    """The state after ``step``."""
    return _apply_new(state, step) if step.change == "new" else _apply_change(state, step)


def timeline(steps: Iterable[Step]) -> list[tuple[Step, ContractState]]:
    """Each step in order with the state right after it."""
    state, history = ContractState(), []
    for step in sorted(steps, key=Step.order):
        state = apply(state, step)
        history.append((step, state))
    return history


def expire(state: ContractState, as_of: dt.date) -> ContractState:
    """``expired`` when the contract is in force and its end date is before ``as_of``."""
    end = state.values.get("end_date")
    if state.status in ACTIVE and end is not None and end.value < as_of:
        return replace(state, status="expired", status_evidence=end.evidence)
    return state


def current_state(steps: Iterable[Step], as_of: dt.date) -> ContractState:
    """The state after every step, expired if its term has ended by ``as_of``."""
    history = timeline(steps)
    return expire(history[-1][1] if history else ContractState(), as_of)


def changes(before: ContractState, after: ContractState) -> dict[str, dict[str, Any]]:
    """The tracked fields that differ, as ``{field: {"before": ..., "after": ...}}`` (JSON-ready dates)."""

    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value

    return {name: {"before": plain(before.value(name)), "after": plain(after.value(name))}
            for name in TRACKED if before.value(name) != after.value(name)}
