"""Numbers as agendas write them: digits, words ("Forty-Three (43)"), and OCR-spaced dollars.

Only parsing lives here; what a number *means* (cameras, months, a total) is decided by the field rules.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "single": 1, "a dozen": 12,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_UNIT_WORDS = "|".join(sorted((w for w in _UNITS if " " not in w), key=len, reverse=True))
_TENS_WORDS = "|".join(_TENS)
# "forty-three", "forty three", "one hundred twenty", "twenty", "seven", "a dozen"
NUMBER_WORDS = (
    rf"(?:(?:{_UNIT_WORDS})\s+hundred(?:\s+(?:and\s+)?)?)?"
    rf"(?:(?:{_TENS_WORDS})(?:[\s-]+(?:{_UNIT_WORDS}))?|{_UNIT_WORDS}|a\s+dozen)"
    rf"|(?:{_UNIT_WORDS})\s+hundred"
)
# The first letters a count can start with: a lookahead on them lets the regex engine leave every other
# position at once instead of trying each number word there (it changes no match: every alternative below
# starts with one of them). Counts are searched in every word before a camera noun, so this is most of
# their cost.
_FIRST = "".join(sorted({word[0] for word in [*_UNITS, *_TENS]}))
# A count as agendas write it: digits, words, or words with digits in parentheses.
COUNT = (rf"(?=[{_FIRST}{_FIRST.upper()}\d])"
         rf"(?:(?:{NUMBER_WORDS})(?:\s*\(\s*\d{{1,5}}\s*\))?|\d{{1,3}}(?:,\d{{3}})+|\d{{1,5}})")
_COUNT_RE = re.compile(COUNT, re.IGNORECASE)
_PAREN_DIGITS = re.compile(r"\(\s*(\d{1,5})\s*\)")


def words_to_int(words: str) -> int | None:
    """``"Forty-Three"`` -> 43, ``"one hundred twenty"`` -> 120; None if not a number phrase."""
    tokens = re.split(r"[\s-]+", words.lower().strip())
    if tokens == ["a", "dozen"]:
        return 12
    total, current, seen = 0, 0, False
    for token in tokens:
        if token == "and":
            continue
        if token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_count(text: str) -> int | None:
    """Parse a COUNT match; the parenthesized digits win when words and digits disagree (OCR)."""
    text = text.strip()
    paren = _PAREN_DIGITS.search(text)
    if paren:
        return int(paren.group(1))
    if text.replace(",", "").isdigit():
        return int(text.replace(",", ""))
    return words_to_int(text)


# "$54 , 975 . 00", "$1.2 million", "$68,500", "AMOUNT OF$250,799.00", "$ 150,000", "$1 37,287.63" (OCR split a
# thousands group: three digits with one space among them before a comma group)
# OCR spacing is horizontal: "$162,000.\n12. Adjournment" is an amount and the next item's number.
MONEY = re.compile(
    r"\$[ \t]{0,2}(?P<int>(?:\d[ \t]\d\d|\d\d[ \t]\d|\d{1,3})(?:[ \t]{0,2}[,.][ \t]{0,2}\d{3})+(?!\d)|\d+)"
    r"(?:[ \t]{0,2}\.[ \t]{0,2}(?P<cents>\d{1,2})(?!\d))?"
    r"(?:\s*(?P<scale>million|thousand|billion|[MK])\b)?",
    re.IGNORECASE,
)
# "4,995 Dollars" (purchase orders and quotes that spell the currency out instead of a "$")
DOLLARS_WORD = re.compile(
    r"(?<![\d$.,])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<cents>\d{2}))?(?P<scale>)\s+dollars?\b", re.IGNORECASE
)
_SCALES = {"million": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3, "billion": 1e9}


def money_value(match: re.Match) -> float:
    """The dollar value of a :data:`MONEY` or :data:`DOLLARS_WORD` match."""
    digits = re.sub(r"[\s,.]", "", match.group("int"))
    value = float(digits)
    scale = match.group("scale")
    cents = match.group("cents")
    if scale:
        # "$1.2 million": the cents group held the decimal fraction.
        fraction = float(f"0.{cents}") if cents else 0.0
        return (value + fraction) * _SCALES[scale.lower()]
    if cents:
        value += float(f"0.{cents}")
    return value


def find_counts(text: str) -> list[tuple[int, int, int]]:
    """Every count in ``text`` as (value, start, end)."""
    found = []
    for m in _COUNT_RE.finditer(text):
        value = parse_count(m.group(0))
        if value is not None:
            found.append((value, m.start(), m.end()))
    return found


# A number alone at the start of a line (or after an HTML line break), with no period: the margin line
# numbers of pleading-paper minutes ("2 Police Chief ... <br /> 3 License Plate Readers ... <br /> 4 the City").
_LINE_NUMBER = re.compile(r"(?:^|\n|<br\s*/?>)[ \t]*(\d{1,3})(?=[ \t])", re.IGNORECASE)


def blank_line_numbers(text: str) -> str:
    """``text`` with margin line numbers replaced by spaces (offsets unchanged), when it has them.

    Three or more such numbers counting up by one are a numbered margin, never quantities; agenda item
    labels ("3. License Plate Readers") carry a period and are left alone.
    """
    found = list(_LINE_NUMBER.finditer(text))
    runs = sum(1 for a, b in zip(found, found[1:]) if int(b.group(1)) == int(a.group(1)) + 1)
    if len(found) < 3 or runs < 2:
        return text
    chars = list(text)
    for m in found:
        chars[m.start(1):m.end(1)] = " " * (m.end(1) - m.start(1))
    return "".join(chars)
