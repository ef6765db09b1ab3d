"""Page boilerplate and solicitations: comment forms, share/subscribe prompts, related links, cookie and ad notices,
calls to send in content or to advertise, and obfuscated e-mail artefacts.

The detector works on lines (one block per line): a line is boilerplate when a cue from the lexicons starts in it
and the line is short enough to be a widget rather than prose. Measured on the body text and, for HTML input, on the
full page text (`field="page_text"` in the evidence). Line precision/recall on a real HTML benchmark:
docs/boilerplate.md (`python -m benchmarks.boilerplate_lines`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from scorer.segment import Document, Field, Offsets
from scorer.signals.base import MAX_EVIDENCE, SignalResult, Span

# Widget lines are short; a longer line that mentions "cookie policy" or "related posts" is prose, not furniture.
MAX_BOILERPLATE_LINE_WORDS = 40
# Body text: boilerplate lines are counted up to this many (a comment form is 3-8 lines; more adds nothing new).
MAX_TEXT_LINES = 5
# Page text: every real page has some furniture, so only the share of lines means something there (per 10 lines).
PER_LINES = 10
# Solicitations are counted up to this many: one call to submit or to advertise already says what it says.
MAX_SOLICITATIONS = 3

SOLICITATION = "solicitation"
# Cloudflare's e-mail obfuscation leaves "[email protected]" (or "[email&#160;protected]") in scraped copies.
_OBFUSCATED_EMAIL = re.compile(r"\[email(?:\s|&#160;|&nbsp;)protected\]", re.IGNORECASE)
# Labels that are furniture only when they are the whole line ("Related", "Comments (3)", "Most popular"): in prose
# the same words are ordinary ("the most popular ...", "the next article in this series", "look like this:").
# fmt: off
_WHOLE_LINE_LABELS = (
    # share and comment buttons
    "share", "tweet", "print", "e-?mail", "comments?", "reply", "like this",
    "facebook", "twitter", "instagram", "linkedin", "pinterest", "youtube", "whatsapp", "reddit", "flipboard",
    # subscribe and account prompts
    "subscribe", "subscribe now", "newsletters?", "sign up", "sign in", "log in", "register", "rss",
    # related links and navigation
    "related", "read more", "continue reading", "show more", "load more", "more stories", "read next",
    "next article", "previous article", "next post", "previous post", "most popular", "most read", "trending now",
    "back to main menu", "skip to content", "menu", "search", "close",
    # ad, legal and contact footers
    "advertisement", "advertise", "advertising", "sponsored", "contact us", "privacy policy", "terms of use",
    "terms of service", "cookie policy",
)
# fmt: on
# A label alone on its line: the optional count or colon after it is part of the cue, the margins are not.
_WIDGET_LABEL_LINE = (
    r"[^\S\n]*(?P<cue>(?:" + "|".join(label.replace(" ", r"[^\S\n]+") for label in _WHOLE_LINE_LABELS) + r")"
    r"(?:[^\S\n]*(?::|\(\d{1,6}\)|\d{1,6}))?)[^\S\n]*$"
)
_WIDGET_LABEL = re.compile(r"^" + _WIDGET_LABEL_LINE, re.IGNORECASE | re.MULTILINE)
# The same after a line break: a pattern that opens with a literal lets the regex engine skip from line break to line
# break, where "^" with MULTILINE is tried at every character.
_WIDGET_LABEL_AFTER_BREAK = re.compile(r"\n" + _WIDGET_LABEL_LINE, re.IGNORECASE | re.MULTILINE)

# A finder gives the (start, end) offsets of one kind of cue in a field's text.
Finder = Callable[[Field], Iterable[Offsets]]


def _lexicon(name: str) -> Finder:
    return lambda field: field.hits(name)


def _widget_labels(field: Field) -> Iterator[Offsets]:
    """What `_WIDGET_LABEL.finditer` finds (as "cue" spans): a label on the first line, then one after each break."""
    first = _WIDGET_LABEL.match(field.text)
    if first:
        yield first.span("cue")
    for match in _WIDGET_LABEL_AFTER_BREAK.finditer(field.text):
        yield match.span("cue")


def _regex(pattern: re.Pattern) -> Finder:
    return lambda field: (match.span() for match in pattern.finditer(field.text))


# (label, finder) for each kind of furniture line; the label is what an editor sees in the evidence.
_FURNITURE_CUES: tuple[tuple[str, Finder], ...] = (
    ("comment form", _lexicon("comment_form")),
    ("page widget", _lexicon("page_widgets")),
    ("widget label", _widget_labels),
)
_SOLICITATION_CUES: tuple[tuple[str, Finder], ...] = (
    (SOLICITATION, _lexicon("solicitations")),
    ("obfuscated e-mail", _regex(_OBFUSCATED_EMAIL)),
)


@dataclass(frozen=True)
class LineCue:
    """One lexicon or pattern match: where it is, which line it sits in, and what kind of cue it is."""

    start: int
    end: int
    line: int
    label: str


def _is_short_line(field: Field, line: int) -> bool:
    """Whether line `line` has at most MAX_BOILERPLATE_LINE_WORDS words (asked only for the lines that hold a cue)."""
    start, end = field.paragraphs[line]
    return len(field.text[start:end].split(None, MAX_BOILERPLATE_LINE_WORDS)) <= MAX_BOILERPLATE_LINE_WORDS


def _find_cues(field: Field, cues: tuple[tuple[str, Finder], ...]) -> list[LineCue]:
    """Every match of every cue finder, tagged with the index of the line (paragraph) it starts in."""
    line_starts = [start for start, _ in field.paragraphs]
    found = []
    for label, finder in cues:
        for start, end in finder(field):
            if "\n" not in field.text[start:end]:  # a cue is one line's text; a phrase broken over lines is two blocks
                found.append(LineCue(start, end, bisect_right(line_starts, start) - 1, label))
    return sorted(found, key=lambda cue: cue.start)


def furniture_cues(field: Field) -> list[LineCue]:
    """Furniture cues that sit in short lines (a long line that mentions one is prose)."""
    cues = _find_cues(field, _FURNITURE_CUES)
    return [cue for cue in cues if cue.line >= 0 and _is_short_line(field, cue.line)]


def solicitation_cues(field: Field) -> list[LineCue]:
    """Every call to submit content or to advertise, and the obfuscated e-mail addresses beside such a call.

    Alone, "[email protected]" is the scraped contact line of many credible articles (5 of 1,249 credible Webis
    texts, 0 false ones); it counts only where the text also asks for submissions or advertising."""
    cues = _find_cues(field, _SOLICITATION_CUES)
    return cues if any(cue.label == SOLICITATION for cue in cues) else []


def boilerplate_line_indexes(text: str) -> set[int]:
    """Indexes of the non-empty lines of `text` that the detector calls boilerplate (for the line benchmark)."""
    field = Field("page_text", text)
    lines = {cue.line for cue in furniture_cues(field)}
    return lines | {cue.line for cue in solicitation_cues(field) if cue.line >= 0}


def _evidence(cues: list[LineCue], field: Field) -> tuple[Span, ...]:
    return tuple(Span(cue.start, cue.end, cue.label, field.name) for cue in cues[:MAX_EVIDENCE])


def boilerplate_lines_in_text(doc: Document) -> SignalResult:
    """Body lines that are page furniture (comment form, share/subscribe, related links, cookie/ad notice), up to 5."""
    cues = furniture_cues(doc.text)
    lines = len({cue.line for cue in cues})
    return SignalResult(float(min(lines, MAX_TEXT_LINES)), _evidence(cues, doc.text))


def solicitations_in_text(doc: Document) -> SignalResult:
    """Calls in the body to send in content or to advertise (and any "[email protected]" with them), up to 3."""
    cues = solicitation_cues(doc.text)
    return SignalResult(float(min(len(cues), MAX_SOLICITATIONS)), _evidence(cues, doc.text))


def boilerplate_lines_in_page(doc: Document) -> SignalResult:
    """Page-furniture lines per 10 lines of the full page text (HTML input only; 0 without a page)."""
    if doc.page is None:
        return SignalResult(0.0)
    cues = furniture_cues(doc.page)
    per_lines = PER_LINES * len({cue.line for cue in cues}) / max(len(doc.page.paragraphs), 1)
    return SignalResult(per_lines, _evidence(cues, doc.page))


def solicitations_in_page(doc: Document) -> SignalResult:
    """Calls on the page to send in content or to advertise (and obfuscated e-mails with them), up to 3; HTML only."""
    if doc.page is None:
        return SignalResult(0.0)
    cues = solicitation_cues(doc.page)
    return SignalResult(float(min(len(cues), MAX_SOLICITATIONS)), _evidence(cues, doc.page))
