"""Figures normalised to a comparable amount: "$1,000" = "1,000 dollars" = "US$1000", "£50m" = "50 million pounds".

price-parser reads the number and the currency symbol in front of it ("US$1000" -> 1000, "US$"); what it does not
read is added here: scale words and suffixes ("million", "m", "bn"), currency words after the number ("dollars",
"pounds"), percentages ("%", "per cent") and "3 out of 4" (a share, 75 percent). quantulum3 was measured on the same
table and not used: it reads "10m" and "£50m" as metres, needs another package for "pounds", and costs ~2 ms a call
(see docs/corroboration.md).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from price_parser import Price


class Amount(NamedTuple):
    """A figure's value in units (not thousands or millions) and its unit: a currency code, "percent",
    "percentage point" or "" for a plain count."""

    value: Decimal
    unit: str


# "$" in English-language news is the US dollar unless a prefix says otherwise ("A$", "C$").
_CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "A$": "AUD", "C$": "CAD", "NZ$": "NZD", "HK$": "HKD",
                     "£": "GBP", "€": "EUR", "¥": "JPY"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
                   "euro": "EUR", "euros": "EUR", "yen": "JPY"}
_SCALES = {"hundred": 100, "thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000, "mn": 1_000_000,
           "billion": 10**9, "bn": 10**9, "trillion": 10**12, "tn": 10**12}
# Number words the figures signal accepts before a scale word ("two million", "half a billion").
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
                 "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
# Words (and "%") of a figure's text, after its number; "per cent" is two words.
_WORD = re.compile(r"%|[a-z]+")
# A number at the start of a figure, for what price-parser does not read; ASCII digits only (a figure in another
# script comes with scale words this module does not know).
_LEADING_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?(?![.,]?[0-9])")
# "3 out of 4": the second number.
_OUT_OF = re.compile(r"out\s+of\s+([0-9][0-9,]*(?:\.[0-9]+)?)")
# A figure with more digits than this is no amount anybody reports; Decimal would still hold it, but it is junk.
MAX_DIGITS = 30


def normalise_figure(text: str) -> Amount | None:
    """The amount a figure's text states, or None when it states none ("", "0.0.1", "lots")."""
    low = text.strip().lower()
    if _digit_count(low) > MAX_DIGITS:
        return None
    price = Price.fromstring(text.strip())
    value, rest = _value_and_rest(price, low)
    if value is None:
        return None
    unit = _CURRENCY_SYMBOLS.get((price.currency or "").upper(), "")
    for word in _WORD.findall(rest):
        if word in _SCALES:
            value *= _SCALES[word]
        elif word in _CURRENCY_WORDS and not unit:
            unit = _CURRENCY_WORDS[word]
        elif word in ("%", "percent", "cent", "percentage"):
            unit = "percent"
        elif word in ("point", "points") and unit == "percent":
            unit = "percentage point"
    out_of = _OUT_OF.search(low)
    if out_of:
        whole = _decimal(out_of.group(1))
        if not whole:
            return None
        value, unit = value / whole * 100, "percent"
    return Amount(value.normalize(), unit)


def _value_and_rest(price: Price, low: str) -> tuple[Decimal | None, str]:
    """The number a figure starts with and the text after it. price-parser reads most; "60%" it refuses (a percent
    is no price), and number words ("two million") are read here."""
    if price.amount is not None and price.amount_text and price.amount_text.isascii():
        return price.amount, low[low.find(price.amount_text.lower()) + len(price.amount_text) :]
    leading = _LEADING_NUMBER.match(low)
    if leading:
        return _decimal(leading.group()), low[leading.end() :]
    return _number_word_value(low), low


def _number_word_value(low: str) -> Decimal | None:
    """1 for "a million", 0.5 for "half a billion", 2 for "two million"; None when the text starts otherwise."""
    words = low.split()
    if words[:2] == ["half", "a"]:
        return Decimal("0.5")
    return Decimal(_NUMBER_WORDS[words[0]]) if words and words[0] in _NUMBER_WORDS else None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)
