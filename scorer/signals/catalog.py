"""Every signal the product computes, in one list: name, one-line description, family, unit, function.

The order here is the feature order of the model. Adding a signal changes SIGNAL_SET_VERSION's digest, and the
training table must be rebuilt (`make features`).
"""

from __future__ import annotations

from scorer.signals import style
from scorer.signals.base import Signal

SIGNALS: tuple[Signal, ...] = (
    # --- attribution: who says so ---
    # --- hedging and certainty ---
    # --- figures with and without a source ---
    # --- page boilerplate and solicitations ---
    # --- text integrity ---
    # --- style ---
    Signal("exclamations_per_sentence", style.exclamations_per_sentence.__doc__, "style", "per sentence",
           style.exclamations_per_sentence),
    Signal("all_caps_per_100_words", style.all_caps_per_100_words.__doc__, "style", "per 100 words",
           style.all_caps_per_100_words),
    Signal("log_word_count", style.log_word_count.__doc__, "style", "log(1 + words)", style.log_word_count),
)
