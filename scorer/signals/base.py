"""The contract every signal follows: a pure function `Document -> SignalResult`, with evidence spans."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from scorer.segment import Document, Field

T = TypeVar("T")

# Evidence lists are cut at this many spans per signal: enough for an editor to check, small enough for a response.
MAX_EVIDENCE = 25


class Span(NamedTuple):
    """A half-open `[start, end)` slice of one field the caller sent; `field` is title, text or page_text.

    A NamedTuple, not a frozen dataclass: an article makes dozens of spans and this builds them twice as fast.
    """

    start: int
    end: int
    label: str
    field: str = "text"


class SignalResult(NamedTuple):
    value: float
    evidence: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Signal:
    name: str
    description: str
    family: str
    unit: str
    compute: Callable[[Document], SignalResult]
    # Logit change per unit of value, used only when the training data cannot support a learned weight
    # (the signal fires in too few training articles of either class); justified in the model card.
    prior_weight: float | None = None
    # Which way a higher value should move the score by what the signal means: +1 towards credible, -1 away, None
    # where the meaning does not say (length, figures as such). A prior's sign is its direction.
    direction: int | None = None

    @property
    def expected_sign(self) -> int:
        """+1 or -1 as stated by `direction` or the prior's sign; 0 when neither states one."""
        if self.direction is not None:
            return self.direction
        prior = self.prior_weight or 0.0
        return (prior > 0) - (prior < 0)


def spans(matches: Iterable[re.Match], field: Field, label: str | Callable[[re.Match], str]) -> tuple[Span, ...]:
    """Evidence spans for regex matches in `field`, labelled by a fixed string or by a function of the match."""
    out = []
    for match in matches:
        if len(out) >= MAX_EVIDENCE:
            break
        out.append(Span(match.start(), match.end(), label if isinstance(label, str) else label(match), field.name))
    return tuple(out)


def capped(evidence: Iterable[Span]) -> tuple[Span, ...]:
    return tuple(evidence)[:MAX_EVIDENCE]


def cached(owner: Document | Field, key: str, build: Callable[[Any], T]) -> T:
    """`build(owner)`, computed once and kept on the Document or Field for every signal that asks again."""
    try:  # the common case, a value already built: no new dict and one look-up
        return vars(owner)["_signal_cache"][key]
    except KeyError:
        store = vars(owner).setdefault("_signal_cache", {})
        store[key] = build(owner)
        return store[key]
