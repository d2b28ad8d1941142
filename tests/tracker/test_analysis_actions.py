"""Actions: what an item does, and the words that only look like an action.

Each phrasing is one issue 10 names from the real items it was measured on; the sentences around them are
stand-ins, except the first case, which is a real dev-corpus item (ex-... "Update: License Plate Readers
were authorized ...").
"""

import pytest

from tracker.analysis import analyze_item


@pytest.mark.parametrize(
    "text, action",
    [
        # talk about the technology is a discussion, whatever it mentions
        ("Update: License Plate Readers were authorized and have been purchased (10). Installation is ongoing.",
         "discussion"),
        ("Presentation on the Flock Safety automated license plate reader program by the Police Chief", "discussion"),
        ("Public records request regarding Flock Safety ALPR data sharing", "discussion"),
        ("The City Council approved the Flock Safety ALPR agreement on May 5; the cameras were installed in June",
         "discussion"),
        # ... but a discussion that asks for a decision is the decision
        ("Discussion and possible action to approve an agreement with Flock Safety for ALPR cameras", "new"),
        # clauses and other senses of the verbs are not actions
        ("Approve the agreement with Flock Safety for ALPR cameras. The agreement may be terminated by either party "
         "upon 30 days notice.", "new"),
        ("Approve an agreement with Flock Safety for ALPR cameras, with termination for convenience", "new"),
        ("Approve a budget amendment of $50,000 for Flock Safety ALPR cameras", None),
        ("Purchase ALPR cameras to read plates of vehicles with suspended registration", "purchase"),
        # ending and halting
        ("Vote to end the contract with Flock Safety for license plate reader cameras", "termination"),
        ("Approve a resolution to halt the purchase of Flock Safety ALPR cameras", "cancellation"),
    ],
)
def test_action(text, action):
    assert analyze_item(text).action == action


def test_a_halted_purchase_ends_its_contract():
    from tracker.contracts.model import CHANGE_OF_ACTION

    assert CHANGE_OF_ACTION["cancellation"] == "termination"


@pytest.mark.parametrize(
    "text, action",
    [
        # stand-ins for the shape of minutes seen while building the rule
        ("Motion to authorize a five-year contract with Flock Safety for ALPR cameras; the motion, as moved, included "
         "an amendment to allow for termination of the contract in case of any breach.", "new"),
        ("Approve a services agreement with Flock Group Inc. for license plate reader cameras and adopt an ordinance "
         "amending the FY2021-22 budget", "new"),
    ],
)
def test_a_motion_or_budget_amendment_and_a_termination_clause_are_not_the_action(text, action):
    assert analyze_item(text).action == action


def test_minutes_recording_the_decision_are_the_decision_not_news():
    text = ("2. File No. 2026-301. Agreement with Flock Group Inc. for twelve (12) automated license plate reader "
            "cameras, not to exceed $54,000. The agreement was approved by a vote of 5-0.")
    assert analyze_item(text).action == "new"
