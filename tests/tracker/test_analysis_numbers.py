"""Number parsing: words, parenthesized digits, OCR-spaced dollars."""

import re

import pytest

from tracker.analysis.numbers import MONEY, find_counts, money_value, parse_count, words_to_int


@pytest.mark.parametrize(
    "words, value",
    [("Forty-Three", 43), ("twenty six", 26), ("one hundred twenty", 120), ("a dozen", 12), ("Seven", 7),
     ("ninety-nine", 99), ("two hundred", 200), ("fourty-two", 42)],
)
def test_words_to_int(words, value):
    assert words_to_int(words) == value


def test_words_to_int_rejects_other_words():
    assert words_to_int("several") is None
    assert words_to_int("") is None


@pytest.mark.parametrize("text, value", [("Forty-Three (43)", 43), ("twenty-six (26)", 26), ("1,200", 1200), ("ten ( 10 )", 10)])
def test_parse_count(text, value):
    assert parse_count(text) == value


def test_parenthesized_digits_win_over_misspelled_words():
    assert parse_count("twnety (20)") == 20


@pytest.mark.parametrize(
    "text, value",
    [("$54 , 975 . 00", 54975.0), ("AMOUNT OF$250,799.00;", 250799.0), ("$1.2 million", 1_200_000.0),
     ("$ 150,000", 150000.0), ("$5.5M in", 5_500_000.0), ("$342,500/5 year", 342500.0), ("$2,000.5", 2000.5),
     ("$750K", 750000.0)],
)
def test_money_value(text, value):
    assert money_value(MONEY.search(text)) == pytest.approx(value)


def test_find_counts_reports_offsets():
    text = "buy twenty-six (26) cameras and 4 poles"
    found = find_counts(text)
    assert [(v, text[s:e]) for v, s, e in found] == [(26, "twenty-six (26)"), (4, "4")]


def test_money_pattern_ignores_bare_numbers():
    assert not re.search(MONEY, "Resolution 2024-15 adopted 5-0")


def test_the_first_letter_guard_of_count_changes_no_match():
    # COUNT starts with a lookahead on the letters a count can start with (for speed); without it every
    # match must be the same, in either case.
    import re

    from tracker.analysis.numbers import COUNT

    unguarded = re.compile(COUNT[COUNT.index(")") + 1:], re.IGNORECASE)
    guarded = re.compile(COUNT, re.IGNORECASE)
    text = ("Forty-Three (43) cameras, a dozen readers, one hundred twenty units, 1,250 plates, Seven, "
            "TWENTY FIVE, zero, single, eleven hundred, fourty, 12345 and 7 of them; Ninety-nine; SIXTY")
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in unguarded.finditer(text)]
    assert [m.group() for m in guarded.finditer("Forty-Three (43) cameras")] == ["Forty-Three (43)"]
