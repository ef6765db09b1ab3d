"""Figures normalised for comparison across versions of a story: equal amounts written differently, and junk."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorer.corroboration.figures import Amount, normalise_figure

SAME_AMOUNT = [
    ("$1,000", "1,000 dollars", "US$1000", "1,000 US dollars"),
    ("£50 million", "50 million pounds", "£50m", "£50,000,000"),
    ("60%", "60 per cent", "60 percent", "60 %"),
    ("10 million", "10m", "10,000,000", "ten million"),
    ("$4.2 billion", "$4.2bn", "4.2 billion dollars"),
    ("€3.5bn", "3.5 billion euros", "€3,500 million"),
    ("3 out of 4", "75%"),
    ("half a billion", "500 million", "500m"),
]


@pytest.mark.parametrize("spellings", SAME_AMOUNT, ids=[s[0] for s in SAME_AMOUNT])
def test_one_amount_written_several_ways_normalises_to_one_value(spellings) -> None:
    amounts = {normalise_figure(text) for text in spellings}
    assert len(amounts) == 1 and None not in amounts, amounts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,000", Amount(Decimal(1000), "USD")),
        ("A$ 5", Amount(Decimal(5), "AUD")),
        ("C$5", Amount(Decimal(5), "CAD")),
        ("¥300", Amount(Decimal(300), "JPY")),
        ("£50m", Amount(Decimal(50_000_000), "GBP")),
        ("5 percentage points", Amount(Decimal(5), "percentage point")),
        ("12,000", Amount(Decimal(12_000), "")),
        ("4.2", Amount(Decimal("4.2"), "")),
        ("two million", Amount(Decimal(2_000_000), "")),
    ],
)
def test_value_and_unit(text, expected) -> None:
    assert normalise_figure(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("$1,000", "£1,000"), ("60%", "60"), ("10m", "10"), ("$4.2bn", "$4.2m"), ("3 out of 4", "3 out of 5"),
     ("5 percentage points", "5%")],
)
def test_different_amounts_or_units_stay_apart(a, b) -> None:
    assert normalise_figure(a) != normalise_figure(b)


@pytest.mark.parametrize(
    "junk",
    ["", "   ", "lots", "billions", "$", "%", "0.0.1", "3 out of 0", "9" * 400, "$" + "9" * 31, "٣٣٣ مليون"],
    ids=["empty", "spaces", "word", "vague", "symbol", "percent sign", "version number", "out of zero",
         "400 digits", "31-digit money", "other script"],
)
def test_text_stating_no_amount_gives_none(junk) -> None:
    assert normalise_figure(junk) is None
