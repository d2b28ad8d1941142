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
