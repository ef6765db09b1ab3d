"""Figures: numbers, money, percentages and counts, and whether a source stands next to them.

What counts as a figure, and when one is supported, is decided in analysis.py (`Document.figures`). A figure is
*unsupported* when neither its sentence nor the sentence before holds a reporting cue that is not anonymous, or a
source document ("poll", "census data", "court documents"): "according to sources familiar with the talks" does not
support a figure.
"""

from __future__ import annotations

from scorer.segment import Document
from scorer.signals.base import MAX_EVIDENCE, SignalResult, Span, share, spans


def figures_per_100_words(doc: Document) -> SignalResult:
    """Figures (numbers, money, percentages, counts; not years or dates) per 100 words of body text."""
    figures = doc.figures
    evidence = tuple(Span(f.start, f.end, f.kind) for f in figures[:MAX_EVIDENCE])
    return SignalResult(doc.text.per_100_words(len(figures)), evidence)


def unsupported_figure_share(doc: Document) -> SignalResult:
    """Share of figures with no non-anonymous source in their sentence or the one before (0 if no figures)."""
    unsupported = [(f.start, f.end) for f in doc.figures if not f.supported]
    return SignalResult(share(len(unsupported), len(doc.figures)), spans(unsupported, "unsupported figure"))


def unsupported_figures_per_100_words(doc: Document) -> SignalResult:
    """Figures with no non-anonymous source in their sentence or the one before, per 100 words."""
    unsupported = [(f.start, f.end) for f in doc.figures if not f.supported]
    return SignalResult(doc.text.per_100_words(len(unsupported)), spans(unsupported, "unsupported figure"))


def vague_quantities_per_100_words(doc: Document) -> SignalResult:
    """Sizes claimed without a number ("cost farmers billions", "countless") per 100 words."""
    hits = doc.text.hits("vague_quantities")
    return SignalResult(doc.text.per_100_words(len(hits)), spans(hits, "vague quantity"))
