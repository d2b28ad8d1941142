"""Contract terms and retention periods."""

import datetime as dt

import pytest

from tracker.analysis.durations import find_retention, find_term


@pytest.mark.parametrize(
    "text, months",
    [("a Two-Year Term", 24), ("FIVE (5) YEAR AGREEMENT", 60), ("a 2 -year contract", 24),
     ("at a cost of $1,412,700 over five years", 60), ("three (3) years with two one-year extensions", 36),
     ("a 66 month agreement", 66), ("for the Period July 1, 2025, through June 30, 2026", 12),
     ("for a five-year term beginning October 15, 2025 through October 15, 2030", 60),
     ("an eighteen month pilot", 18)],
)
def test_terms(text, months):
    assert find_term(text)[0] == months


def test_through_a_date_counts_from_the_meeting():
    assert find_term("extend the agreement through December 2029", dt.date(2024, 12, 3))[0] == 60
    assert find_term("extend the agreement through December 2029") is None


@pytest.mark.parametrize("text", ["the 2024 fiscal year budget", "a 10-year-old vehicle", "adopted 5 years ago"])
def test_not_terms(text):
    assert find_term(text) is None


@pytest.mark.parametrize(
    "text, days",
    [("data retention will be increased from 30 days to one year", 365), ("images are retained for 30 days", 30),
     ("data is stored for thirty (30) days and then purged", 30), ("retention period of 6 months", 180)],
)
def test_retention(text, days):
    assert find_retention(text)[0] == days


def test_no_retention_without_a_cue():
    assert find_retention("a 30 day notice period") is None
