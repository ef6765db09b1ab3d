"""The contract every signal follows: a pure function `Document -> SignalResult`, with evidence spans."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from scorer.segment import Document, Offsets

# Evidence lists are cut at this many spans per signal: enough for an editor to check, small enough for a response.
MAX_EVIDENCE = 25
# What a signal's contribution is measured from: 0 (a cue that does not fire contributes nothing) or a typical value
# (the training median, for lengths, where 0 means nothing).
REFERENCES = ("zero", "typical")


class Span(NamedTuple):
    """A half-open `[start, end)` slice of one field the caller sent; `field` is title, text or page_text."""

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
    # (the signal fires in too few training articles of either class); `prior_reason` says why this number.
    prior_weight: float | None = None
    prior_reason: str | None = None
    # Which way a higher value should move the score by what the signal means: +1 towards credible, -1 away, None
    # where the meaning does not say (length, figures as such). A prior's sign is its direction.
    direction: int | None = None
    # "zero" for cue counts and rates, "typical" for lengths (see REFERENCES); training writes the number.
    reference: str = "zero"

    def __post_init__(self) -> None:
        if self.reference not in REFERENCES:
            raise ValueError(f"{self.name}: reference must be one of {REFERENCES}, not {self.reference!r}")
        if (self.prior_weight is None) != (self.prior_reason is None):
            raise ValueError(f"{self.name}: a prior weight needs its reason, and a reason its weight")
        if self.direction not in (None, -1, 1):
            raise ValueError(f"{self.name}: direction must be +1, -1 or None")

    @property
    def expected_sign(self) -> int:
        """+1 or -1 as stated by `direction` or the prior's sign; 0 when neither states one."""
        if self.direction is not None:
            return self.direction
        prior = self.prior_weight or 0.0
        return (prior > 0) - (prior < 0)


def signal(compute: Callable[[Document], SignalResult], *, family: str, unit: str, **options) -> Signal:
    """A catalog entry for `compute`: its name is the function's name, its description the docstring's first
    paragraph; `options` are Signal's optional fields (direction, prior_weight, prior_reason, reference)."""
    doc = inspect.getdoc(compute)
    if not doc:
        raise ValueError(f"{compute.__name__} needs a docstring: it is the signal's description")
    description = " ".join(doc.split("\n\n", 1)[0].split())
    return Signal(compute.__name__, description, family, unit, compute, **options)


def spans(offsets: Iterable[Offsets], label: str, field: str = "text") -> tuple[Span, ...]:
    """Evidence spans for `(start, end)` pairs in one field, all with one label, cut at MAX_EVIDENCE."""
    out = []
    for start, end in offsets:
        if len(out) >= MAX_EVIDENCE:
            break
        out.append(Span(start, end, label, field))
    return tuple(out)


def capped(evidence: Iterable[Span]) -> tuple[Span, ...]:
    """Spans already built (of several labels), cut at MAX_EVIDENCE."""
    return tuple(evidence)[:MAX_EVIDENCE]


def share(part: int, whole: int) -> float:
    """part / whole, and 0.0 when there is nothing to take a share of (whole == 0)."""
    return part / whole if whole else 0.0
