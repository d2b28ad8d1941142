"""tracker.contracts.timeline and matching: the rules that fold steps into a contract, on hand-built steps."""

from __future__ import annotations

import datetime as dt
from itertools import count
from typing import Any

import pytest

from tracker.contracts.identifiers import Identifier
from tracker.contracts.matching import Candidate, choose
from tracker.contracts.model import Change, EvidenceRef, Sourced, Stage, Step, event_kind
from tracker.contracts.timeline import add_months, changes, current_state, timeline

_ids = count(1)


def step(change: Change, stage: Stage, day: dt.date, *, kind: str = "agenda", meeting: int | None = None,
         added: int | None = None, identifiers: tuple[Identifier, ...] = (), **values: Any) -> Step:
    finding = next(_ids)
    ref = EvidenceRef(finding, finding, finding, f"https://city.example.gov/{finding}", f"words of {finding}")
    return Step(finding_id=finding, item_id=finding, document_id=finding, document_kind=kind,
                url=ref.url, meeting_id=meeting, occurred_on=day, jurisdiction_id="city", vendor="flock",
                change=change, stage=stage, stage_evidence=ref, identifiers=frozenset(identifiers),
                values={name: Sourced(value, ref) for name, value in values.items()},
                cameras_added=Sourced(added, ref) if added is not None else None)


JAN, FEB, JUN, DEC = dt.date(2025, 1, 14), dt.date(2025, 2, 11), dt.date(2025, 6, 10), dt.date(2025, 12, 9)


@pytest.mark.parametrize(("change", "stage", "kind"), [
    ("new", "proposed", "proposed"), ("new", "approved", "approved"), ("new", "awarded", "awarded"),
    ("new", "rejected", "rejected"), ("amendment", "proposed", "amendment_proposed"),
    ("amendment", "approved", "amended"), ("renewal", "approved", "renewed"), ("termination", "awarded", "terminated"),
    ("expansion", "continued", "expansion_continued"),
])
def test_event_kinds_name_the_change_and_its_stage(change: Change, stage: Stage, kind: str) -> None:
    assert event_kind(change, stage) == kind


def test_add_months_ends_the_day_before_the_anniversary() -> None:
    assert add_months(dt.date(2026, 3, 3), 24) == dt.date(2028, 3, 2)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 28)  # Feb 29, less a day


def test_the_approval_completes_the_proposal_and_starts_the_term() -> None:
    state = current_state([step("new", "proposed", JAN, camera_count=20, term_months=12),
                           step("new", "approved", FEB, kind="minutes", total_usd=60000.0)], JUN)
    assert (state.status, state.value("camera_count"), state.value("total_usd")) == ("approved", 20, 60000.0)
    assert (state.value("start_date"), state.value("end_date")) == (FEB, dt.date(2026, 2, 10))


def test_a_report_after_the_approval_does_not_rewrite_it() -> None:
    state = current_state([step("new", "approved", FEB, kind="minutes", camera_count=20),
                           step("new", "proposed", JUN, camera_count=99)], JUN)
    assert (state.status, state.value("camera_count")) == ("approved", 20)


def test_an_amendment_counts_only_once_approved_and_adds_what_it_adds() -> None:
    base = [step("new", "approved", FEB, kind="minutes", camera_count=20, total_usd=60000.0)]
    proposal = step("amendment", "proposed", JUN, added=5, total_usd=15000.0)
    assert current_state([*base, proposal], JUN).value("camera_count") == 20
    state = current_state([*base, proposal, step("amendment", "approved", JUN, kind="minutes")], JUN)
    assert (state.status, state.value("camera_count"), state.value("total_usd")) == ("amended", 25, 75000.0)
    restated = current_state([*base, step("amendment", "approved", JUN, total_usd=80000.0)], JUN)
    assert restated.value("total_usd") == 80000.0  # a stated new total at least the old one is the total


def test_a_renewal_extends_the_term_and_the_end_date() -> None:
    state = current_state([step("new", "approved", FEB, kind="minutes", term_months=12),
                           step("renewal", "approved", DEC, kind="minutes", term_months=12)], DEC)
    assert (state.status, state.value("term_months"), state.value("end_date")) == ("renewed", 24, dt.date(2027, 2, 10))


def test_an_amendment_of_an_unseen_agreement_implies_it_was_approved() -> None:
    state = current_state([step("amendment", "proposed", JUN, added=5)], JUN)
    assert state.status == "approved" and state.values == {}


def test_rejection_then_a_new_proposal_reopens_it_and_termination_ends_it() -> None:
    steps = [step("new", "proposed", JAN), step("new", "rejected", JAN, kind="minutes"),
             step("new", "proposed", FEB), step("new", "approved", FEB, kind="minutes"),
             step("termination", "approved", DEC, kind="minutes")]
    assert [state.status for _, state in timeline(steps)] == [
        "proposed", "rejected", "proposed", "approved", "terminated"]
    assert current_state(steps, dt.date(2026, 6, 1)).value("end_date") == DEC


def test_expiry_and_changes_between_states() -> None:
    steps = [step("new", "approved", FEB, kind="minutes", term_months=6)]
    in_force, ended = current_state(steps, JUN), current_state(steps, DEC)
    assert (in_force.status, ended.status) == ("approved", "expired")
    assert changes(in_force, ended) == {"status": {"before": "approved", "after": "expired"}}


def test_matching_prefers_shared_numbers_then_the_same_meeting_then_an_undecided_proposal() -> None:
    reso = Identifier("resolution", "action", "2025-7")
    old = Candidate("city", "flock", "old", [
        step("new", "approved", dt.date(2023, 5, 1), kind="minutes", total_usd=1.0)])
    numbered = Candidate("city", "flock", "resolution:2025-7", [step("new", "proposed", JAN, identifiers=(reso,))])
    assert choose(step("new", "approved", FEB, kind="minutes", identifiers=(reso,)), [old, numbered]) is numbered
    meeting = Candidate("city", "flock", "m", [step("new", "proposed", FEB, meeting=9, total_usd=5000.0)])
    assert choose(step("new", "approved", FEB, kind="minutes", meeting=9), [old, meeting]) is meeting
    assert choose(step("new", "approved", FEB, kind="minutes", meeting=9, total_usd=9000.0), [old, meeting]) is None
    assert choose(step("new", "proposed", JUN, total_usd=5000.0), [old, meeting]) is meeting
    assert choose(step("renewal", "proposed", DEC), [old]) is old


def test_different_contract_numbers_are_different_agreements() -> None:
    first = Candidate("city", "flock", "contract:A-1", [step(
        "new", "proposed", JAN, identifiers=(Identifier("contract", "agreement", "A-1"),), meeting=3)])
    other = step("new", "proposed", JAN, identifiers=(Identifier("contract", "agreement", "A-2"),), meeting=3)
    assert choose(other, [first]) is None
