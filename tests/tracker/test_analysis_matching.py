"""The lexicon matcher: boundaries, plurals, OCR spacing, case-sensitive acronyms, offsets."""

from tracker.analysis.lexicon import load_lexicon, parse_lexicon
from tracker.analysis.matching import NormalizedText, has_trigger, scan


def _found(text, kind=None):
    return [(m.term.kind, text[m.start : m.end]) for m in scan(text) if kind is None or m.term.kind == kind]


def test_offsets_map_back_through_collapsed_spaces_and_hyphens():
    text = "Purchase of   license-plate \n readers from  Flock   Group Inc."
    tech = _found(text, "tech")
    assert ("tech", "license-plate \n readers") in tech
    vendors = _found(text, "vendor")
    assert ("vendor", "Flock   Group") in vendors


def test_normalized_text_offsets():
    n = NormalizedText("a  b   c")
    assert n.text == "a b c"
    assert [n.to_original(i) for i in range(5)] == [0, 1, 3, 4, 7]


def test_acronym_glued_to_previous_word_by_ocr():
    assert ("tech", "ALPR") in _found("The Agreement is forALPR units at 69 locations", "tech")


def test_lowercase_lpr_is_not_the_acronym():
    assert _found("lpr FRL SSC 19 BEG NW CORE", "tech") == []


def test_no_match_inside_longer_words():
    assert _found("the flocked wallpaper and a plateau", "vendor") == []
    assert _found("Palpr and ALPRX", "tech") == []


def test_plural_and_possessive_suffixes():
    assert ("tech", "ALPRs") in _found("two ALPRs", "tech")
    assert ("tech", "Plate Readers") in _found("Plate Readers", "tech")


def test_products_are_case_sensitive():
    assert ("product", "Falcon") in _found("Flock Falcon cameras", "product")
    assert ("product", "FALCON") in _found("FLOCK FALCON CAMERAS", "product")
    assert _found("falcon drive", "product") == []


def test_has_trigger_prefilter():
    assert has_trigger("Item 4: license  plate readers")
    assert not has_trigger("Item 4: approve the minutes of the regular meeting")


def test_lexicon_is_data_and_extensible():
    data = {
        "technology": {"strong": ["vehicle fingerprint"]},
        "vendors": [{"family": "acme", "name": "Acme", "alpr_aliases": ["acme plates"]}],
        "negatives": {"birds": {"veto": "weak", "terms": ["pigeons"]}},
        "actions": {"purchase": ["buy"]},
    }
    lexicon = parse_lexicon(data)
    kinds = [(m.term.kind, m.term.key) for m in scan("Buy Acme Plates vehicle fingerprint; pigeons", lexicon)]
    assert ("vendor", "acme") in kinds and ("tech", "") in kinds and ("negative", "birds") in kinds
    assert ("action", "purchase") in kinds


def test_bundled_lexicon_has_every_vendor_family_named_in_the_brief():
    families = set(load_lexicon().vendors)
    for family in ["flock", "motorola", "axon", "genetec", "rekor", "leonardo", "neology", "insight lpr",
                   "ubicquia", "lehr", "insight public sector", "verra mobility", "soundthinking"]:
        assert family in families


def test_normalization_equals_the_character_table_on_any_text():
    # The fast path (str.replace for non-ASCII, bytes.translate for ASCII) must equal str.translate exactly:
    # non-ASCII letters keep their case, a lone surrogate (broken PDF text) survives.
    from tracker.analysis.matching import _SPACE_RUN, _TABLE

    for text in ["İSTANBUL Àb–c’d‘e\u2014f\xa0g\u2028h", "Flock  Safety\t\nALPR\ud800", "", "plain ascii TEXT"]:
        assert NormalizedText(text).text == _SPACE_RUN.sub(" ", text.translate(_TABLE))
