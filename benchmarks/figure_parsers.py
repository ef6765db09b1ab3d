"""Which figure parser to build on: price-parser and quantulum3 beside scorer.corroboration.figures, on the spellings
the corroboration has to equate. Prints a Markdown table (docs/corroboration.md holds the last run).

    .venv/bin/pip install quantulum3 stemming    # not project dependencies: this comparison is why
    .venv/bin/python -m benchmarks.figure_parsers
"""

from __future__ import annotations

import sys
import time

from price_parser import Price

from scorer.corroboration.figures import normalise_figure

TABLE = ("$1,000", "1,000 dollars", "US$1000", "£50 million", "50 million pounds", "£50m", "60%", "60 per cent",
         "10 million", "10m", "$4.2bn", "3 out of 4", "", "9" * 40)
SAMPLE = "$4.2 billion"


def _price(text: str) -> str:
    price = Price.fromstring(text)
    return "—" if price.amount is None else f"{price.amount:f} {price.currency or ''}".strip()


def _quantulum(text: str) -> str:
    from quantulum3 import parser

    try:
        found = parser.parse(text)
    except Exception as error:  # its optional modules are missing for some inputs
        return f"error: {type(error).__name__}"
    return "; ".join(f"{q.value:g} {q.unit.name}" for q in found) or "—"


def _ours(text: str) -> str:
    amount = normalise_figure(text)
    return "—" if amount is None else f"{amount.value:f} {amount.unit}".strip()


def _per_call_ms(parse, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        parse(SAMPLE)
    return (time.perf_counter() - start) / calls * 1000


def main() -> int:
    try:
        import quantulum3  # noqa: F401
    except ImportError:
        print("install quantulum3 first (see the module docstring)", file=sys.stderr)
        return 2
    print("| figure | price-parser | quantulum3 | scorer.corroboration.figures |\n|---|---|---|---|")
    for text in TABLE:
        shown = text if len(text) < 20 else f"{text[:6]}… ({len(text)} digits)"
        print(f"| `{shown}` | {_price(text)} | {_quantulum(text)} | {_ours(text)} |")
    print(f"\nms per call on \"{SAMPLE}\": price-parser {_per_call_ms(Price.fromstring, 2000):.3f}, "
          f"quantulum3 {_per_call_ms(__import__('quantulum3.parser').parser.parse, 200):.3f}, "
          f"ours {_per_call_ms(normalise_figure, 2000):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
