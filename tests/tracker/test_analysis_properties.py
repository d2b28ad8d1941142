"""Properties that must hold for any text, hostile or not."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.analysis import analyze_item

_WORDS = st.sampled_from(
    ["ALPR", "Flock", "Safety", "$", "1,000", "twenty-six", "(26)", "cameras", "not to exceed", "red light", "LPR",
     "years", "through", "June 30, 2026", "AYES:", "retained", "days", "-", "\n", "é", "\x00", "<script>", "."]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), st.lists(_WORDS, max_size=60).map(" ".join)))
def test_any_text_gives_a_valid_finding_with_exact_evidence(text):
    finding = analyze_item(text)
    assert finding.category in ("alpr", "parking_lpr", "not_alpr")
    assert finding.relevant == (finding.category != "not_alpr")
    for fact in finding.facts.values():
        assert 0 <= fact.evidence.start <= fact.evidence.end <= len(text)
        assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.text
    for amount in finding.amounts:
        assert amount.usd > 0


#: Finding fields that state a fact of the document, each of which must carry its evidence.
_FACT_FIELDS = ("vendor", "product", "camera_count", "cameras_added", "total_usd", "term_months", "action",
                "procurement", "funding", "retention_days")
_SHARING_WORDS = st.sampled_from(
    ["Flock Safety", "automated license plate reader", "cameras", "data", "shared with", "ICE", "DHS",
     "federal agencies", "out-of-state", "agencies", "retained for 30 days", "20", "$48,000", "agreement", "."])


@settings(max_examples=300, deadline=None)
@given(st.lists(_SHARING_WORDS | _WORDS, max_size=60).map(" ".join))
def test_every_field_that_is_set_has_its_fact(text):
    """A reporter quotes the passage behind each fact: no set field without one (sharing's were lost)."""
    finding = analyze_item(text)
    for name in _FACT_FIELDS:
        if getattr(finding, name) is not None and not (name == "cameras_added" and finding.camera_count is not None):
            assert name in finding.facts, (name, text)
    for tag in finding.sharing:
        assert f"sharing.{tag}" in finding.facts, (tag, text)


def test_sharing_terms_keep_their_evidence():
    text = "Approve a Flock Safety automated license plate reader agreement; data shared with ICE and DHS."
    finding = analyze_item(text)
    assert finding.sharing and all(text[f.evidence.start:f.evidence.end] == f.evidence.text
                                   for f in (finding.facts[f"sharing.{tag}"] for tag in finding.sharing))
