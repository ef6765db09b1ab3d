"""Attribution: who says so. Reporting cues, named and anonymous sources, quotes with a speaker, source lines.

All signals here share one analysis per Document (`attribution_of`), built from the shared lexicon scan
(`scorer.lexicons.find`) and a regex pass for quotes; the hedging and figures families reuse both.
Names are recognised from the few words around each reporting cue (string splits, no tokenising: tokenising a
400-word article costs ~150 µs, the whole catalog has ~500 µs).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice
from operator import attrgetter, gt
from typing import NamedTuple

from scorer import lexicons
from scorer.segment import Document, Field, matches_by_mark
from scorer.signals.base import MAX_EVIDENCE, SignalResult, Span, cached

Offsets = tuple[int, int]

# Every lexicon the three families (attribution, hedging, figures) read from the shared scan.
LEXICONS = (
    "reporting_verbs",
    "anonymous_sources",
    "credit_lines",
    "source_documents",
    "hedges",
    "boosters",
    "absolutes",
    "vague_quantities",
)

# Capitalised words that do not name a source: pronouns, determiners, connectives, calendar words, groups of
# unnamed people. A subject made only of these ("He said", "On Tuesday officials said") is not a named source.
_NOT_A_NAME = frozenset(
    """
    i he she it we they you this that these those there here who what which one someone somebody
    the a an and but or so yet if when while after before as at on in of for from by with to last next
    however meanwhile still also then now later earlier today yesterday tonight
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    officials official sources source analysts experts observers critics insiders people residents witnesses
    others some many most several few scientists researchers doctors reports authorities
    mr mrs ms dr
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Institutions that name a source when they are the subject ("the ministry said", "according to the court").
_INSTITUTIONS = frozenset(lexicons.load("institutions"))
# Words that may stand between a source and its verb ("Brandt also said", "Keller has told").
_AUXILIARIES = frozenset("also later then has have had previously earlier recently once again further".split())  # noqa: SIM905
# Reporting verbs that take the source after them in inverted attributions ('..." said Brandt').
_INVERTIBLE = frozenset("said says added wrote writes noted explained stated insisted argued warned".split())  # noqa: SIM905
# Punctuation stripped from a word before it is judged as (part of) a name.
_EDGE_PUNCTUATION = "\"'“”‘’«»„()[]:;,.!?"
# How far (in words) to look for a name: a subject of up to 5 capitalised words, an apposition of up to 15 words.
_MAX_NAME_WORDS = 5
_MAX_APPOSITION_WORDS = 15
# Words before a cue ever looked at: two auxiliaries, an apposition and a name; without an apposition, fewer.
_MAX_WORDS_BEFORE = 2 + _MAX_APPOSITION_WORDS + _MAX_NAME_WORDS
_MAX_WORDS_BEFORE_UNLESS_APPOSITION = 2 + _MAX_NAME_WORDS
# Words after "according to" that may hold the source ("according to the text published by the ministry").
_ACCORDING_TO_REACH = 8
# Characters around a reporting cue (same sentence) in which an anonymous-source phrase makes the cue anonymous,
# unless a name stands right before the cue ("Brandt said insiders were wrong" is Brandt's statement).
_ANONYMOUS_REACH = 50
# An anonymous phrase ending right before the name (this many characters) makes the cue anonymous ("sources close
# to Ali said").
_ANONYMOUS_BEFORE_NAME = 3
# Characters before a cue searched for its subject: room for a title, a full name and a short apposition.
_SUBJECT_REACH = 160
# A quote shorter than this many words is a scare quote or a title, not somebody's speech.
_MIN_QUOTE_WORDS = 4
# How close (in characters) a reporting cue after a quote must be to name its speaker ('," Eldoran Foreign
# Minister Anna Keller told': a title and a full name fit in 60 characters).
_SPEAKER_AFTER_CHARS = 60
# A credit line closes the text: it must lie in the last two paragraphs and the last three sentences (some
# corpora keep a whole article on one line). Wire datelines ("WASHINGTON (AP) -") are not counted: in the
# training corpora they occur in 37 fake or satire texts and 1 real one (satire and fake sites imitate them).
_CREDIT_TAIL_PARAGRAPHS = 2
_CREDIT_TAIL_SENTENCES = 3
# Evidence for a credit line stops at its sentence end or after this many characters.
_MAX_CREDIT_LINE_CHARS = 120

# A direct quote inside one paragraph: typographic, straight, German or guillemet quotes, one pattern per opening
# mark. A straight quote opens after a space or bracket and before a non-space, and closes the other way round, so
# one stray quote mark does not shift every pair after it (the lookbehind comes after the quote mark so that the
# pattern starts with a literal). Bounded: an unclosed quote costs at most 1,500 characters.
_QUOTE_KINDS = (
    ("“", r"“[^“”\n]{1,1500}”"),
    ('"', r"\"(?<![^\s(\[—–-]\")(?=\S)[^\"\n]{1,1500}(?<=\S)\"(?![^\s.,;:!?)\]—–-])"),
    ("„", r"„[^„“”\n]{1,1500}[“”]"),
    ("«", r"«[^«»\n]{1,1500}»"),
)
# All kinds at once, for texts where quotes of two kinds overlap ('“He said "no" twice”'): the first one opened wins.
_QUOTE = re.compile("|".join(pattern for _, pattern in _QUOTE_KINDS))
# Each kind alone, run by segment.matches_by_mark: 1/3 of the alternation's instructions on the Webis articles.
_QUOTE_BY_KIND = tuple((mark, re.compile(pattern)) for mark, pattern in _QUOTE_KINDS)
# Ends a clause after "according to": "according to him, the ..." names nobody.
_CLAUSE_END = re.compile(r"[,;.!?\n]")


def _hits(field: Field) -> dict[str, list[Offsets]]:
    return lexicons.find_each(LEXICONS, field.text, field.lower)


def _title_then_body_hits(doc: Document) -> tuple[dict[str, list[Offsets]], dict[str, list[Offsets]]]:
    # The title is scanned first so that the shared scan's one-text cache is left holding the body for the
    # other families.
    title = _hits(doc.title)
    return title, _hits(doc.text)


def lexicon_hits(doc: Document) -> dict[str, list[Offsets]]:
    """The (start, end) hits of each of this module's lexicons in the body text, found once per Document."""
    return cached(doc, "lexicon_hits", _title_then_body_hits)[1]


def title_hits(doc: Document) -> dict[str, list[Offsets]]:
    """The same for the title."""
    return cached(doc, "lexicon_hits", _title_then_body_hits)[0]


def share(part: int, whole: int) -> float:
    """part / whole, and 0.0 when there is nothing to take a share of (whole == 0)."""
    return part / whole if whole else 0.0


# --- the attribution analysis ---


# Cue, Quote and Attribution are NamedTuples, not frozen dataclasses, for speed: an article makes a dozen of them and a
# frozen dataclass takes ~3x as long to build (one object.__setattr__ per field).
class Cue(NamedTuple):
    """A reporting cue and who it hands the statement to: kind is named, anonymous or unknown ("he said")."""

    start: int
    end: int
    kind: str
    # The evidence span: the source and the cue together ("Tomas Brandt, said"), or the cue alone.
    evidence: Offsets


class Quote(NamedTuple):
    start: int
    end: int
    speaker: Cue | None


class Attribution(NamedTuple):
    cues: tuple[Cue, ...]
    anonymous: tuple[Offsets, ...]
    quotes: tuple[Quote, ...]
    credit_line: Offsets | None
    # Sentences holding a reporting cue that is not anonymous, or a source document ("the latest poll"):
    # they support a figure in them or in the sentence after.
    sourced_sentences: frozenset[int]


def _bare(word: str) -> str:
    return word.strip(_EDGE_PUNCTUATION).lower().removesuffix("'s").removesuffix("’s")


# Memoised: the same few hundred words ("he", "the", "Trump") come before cues again and again (7 in 10 calls hit),
# and a hit costs a tenth of judging the word.
@lru_cache(maxsize=4096)
def _is_name(word: str) -> bool:
    """A capitalised word that is not a pronoun/calendar/group word, or an institution ("ministry")."""
    bare = _bare(word)
    if bare in _INSTITUTIONS:
        return True
    stripped = word.lstrip(_EDGE_PUNCTUATION)
    return bool(stripped) and stripped[0].isupper() and bare not in _NOT_A_NAME


def _words_before(window: str, count: int = _MAX_WORDS_BEFORE) -> list[str]:
    """The last `count` whitespace-separated words of `window`, nearest first (by default enough for a subject with an
    apposition)."""
    words = window.rsplit(None, count)
    if len(words) > count:
        del words[0]  # the unsplit rest of the window
    words.reverse()
    return words


def _offset_of(window: str, words: list[str], index: int) -> int:
    """Offset in `window` of words[index] (counted from the end of the window)."""
    stop = len(window)
    for word in words[: index + 1]:
        stop = window.rfind(word, 0, stop)
    return stop


def _name_run(words: list[str], at: int) -> int:
    """Index of the first word of the name ending at words[at] (up to 5 name words), or -1 if it is no name."""
    if at >= len(words) or not _is_name(words[at]):
        return -1
    first = at
    while first + 1 < len(words) and first + 1 - at < _MAX_NAME_WORDS and _is_name(words[first + 1]):
        if words[first + 1][-1] in ',"”:;.':  # punctuation after a word ends the name before it
            break
        first += 1
    return first


def _subject_index(words: list[str]) -> int:
    """Index of the first word of a named subject at the end of `words` (nearest first), or -1."""
    at = 0
    while at < len(words) and at < 2 and words[at].lower() in _AUXILIARIES:
        at += 1
    if at >= len(words):
        return -1
    word = words[at]
    if word[-1].isalnum() or word[-1] in "’'":  # "Brandt said", "the ministries said"
        return _name_run(words, at)
    if word[-1] != ",":
        return -1
    first = _name_run(words, at)  # "Varnessa's energy minister, Tomas Brandt, said"
    if first >= 0:
        return first
    for k in range(at + 1, min(at + _MAX_APPOSITION_WORDS, len(words))):  # "The World Bank, which ..., said"
        if words[k].endswith(","):
            return _name_run(words, k)
    return -1


def _subject_before(text: str, floor: int, cue: int) -> int:
    """Start offset of a named subject right before the cue ("Brandt said", "Lena Ortiz, who ..., said"), or -1."""
    window = text[max(floor, cue - _SUBJECT_REACH) : cue]
    words = _words_before(window, _MAX_WORDS_BEFORE_UNLESS_APPOSITION)
    if len(words) == _MAX_WORDS_BEFORE_UNLESS_APPOSITION and _may_have_apposition(words):
        words = _words_before(window)
    first = _subject_index(words)
    return cue - len(window) + _offset_of(window, words, first) if first >= 0 else -1


def _may_have_apposition(words: list[str]) -> bool:
    """Whether _subject_index(words) may look past the first 7 words: only when one of the first 3 (two auxiliaries
    and the word the name ends at) ends with a comma. Splitting 7 words instead of 22 saves ~40% of the split; 1 cue
    in 6 splits again."""
    return words[0][-1] == "," or words[1][-1] == "," or words[2][-1] == ","


def _source_after(text: str, ceiling: int, start: int, end: int) -> int:
    """End offset of a named source after the cue ('..." said Brandt', "according to the ministry"), or -1."""
    cue = text[start:end].lower()
    if cue in _INVERTIBLE:
        before = text[max(0, start - 3) : start]
        if "," in before or '"' in before or "”" in before:
            after = text[end : min(ceiling, end + 60)]
            words = after.split(None, 1)
            if words and after[:1].isspace() and _is_name(words[0]):
                return end + after.index(words[0]) + len(words[0].rstrip(_EDGE_PUNCTUATION + ","))
        return -1
    if not cue.startswith("according"):
        return -1
    clause = text[end:ceiling]
    stop = _CLAUSE_END.search(clause)
    clause = clause[: stop.start()] if stop else clause
    offset = 0
    for word in clause.split()[:_ACCORDING_TO_REACH]:
        offset = clause.index(word, offset) + len(word)
        if _is_name(word):
            return end + offset
    return -1


def _anonymous_near(
    span: Offsets, sentence: Offsets, anonymous: tuple[Offsets, ...], anonymous_starts: list[int]
) -> list[Offsets]:
    """Anonymous-source phrases in the cue's sentence that end or start within _ANONYMOUS_REACH of the cue."""
    lo_char, hi_char = max(sentence[0], span[0] - _ANONYMOUS_REACH), min(sentence[1], span[1] + _ANONYMOUS_REACH)
    first = bisect_left(anonymous_starts, lo_char - _ANONYMOUS_REACH)
    return [(a, b) for a, b in anonymous[first : bisect_right(anonymous_starts, hi_char)] if b >= lo_char]


def _classify(text: str, span: Offsets, sentence: Offsets, near: list[Offsets]) -> Cue:
    """Named, anonymous or unknown: which source the reporting cue at `span` (in `sentence`, with the anonymous-source
    phrases `near` it) hands its statement to."""
    start, end = span
    if near and any(a <= end and b >= start - 1 for a, b in near):  # "sources said", "according to sources"
        return Cue(start, end, "anonymous", span)
    subject = _subject_before(text, sentence[0], start)
    if subject >= 0:
        # "Sources close to Prime Minister Ali said": the phrase right before the name makes it anonymous
        if near and any(b > subject - _ANONYMOUS_BEFORE_NAME and a < start for a, b in near):
            return Cue(start, end, "anonymous", span)
        return Cue(start, end, "named", (subject, end))
    if near and any(a < start for a, _ in near):  # "Officials familiar with the matter, who ..., warned"
        return Cue(start, end, "anonymous", span)
    source_end = _source_after(text, sentence[1], start, end)
    if source_end >= 0:
        return Cue(start, end, "named", (start, source_end))
    if near:  # '..." said a source close to the talks'
        return Cue(start, end, "anonymous", span)
    return Cue(start, end, "unknown", span)


def _cues_between(cues: list[Cue], cue_starts: list[int], start: int, end: int) -> list[Cue]:
    return cues[bisect_left(cue_starts, start) : bisect_left(cue_starts, end)]


def _speaker(field: Field, start: int, end: int, cues: list[Cue], cue_starts: list[int]) -> Cue | None:
    """The reporting cue that gives the quote text[start:end] its speaker, if any (see the three rules below)."""
    text, sentences = field.text, field.sentences
    # 1. A cue right after the quote, even past a sentence break: '," Keller told reporters', '!" Brandt said'.
    after = bisect_left(cue_starts, end)
    if (
        after < len(cues)
        and cue_starts[after] - end <= _SPEAKER_AFTER_CHARS
        and text.find("\n", end, cue_starts[after]) < 0
    ):
        return cues[after]
    # 2. A cue elsewhere in the quote's own sentence(s), outside the quote: 'Brandt said the deal was "a start".'
    first, last = max(field.sentence_index(start), 0), field.sentence_index(end - 1)
    around = [
        c
        for c in _cues_between(cues, cue_starts, sentences[first][0], sentences[last][1])
        if not start <= c.start < end
    ]
    if around:
        return next((c for c in around if c.kind != "anonymous"), around[0])
    # 3. A quote that opens its sentence goes on with the speaker of the sentence before, in the same paragraph.
    if first > 0 and start == sentences[first][0] and "\n" not in text[sentences[first - 1][1] : start]:
        before = [c for c in _cues_between(cues, cue_starts, *sentences[first - 1]) if c.kind != "anonymous"]
        if before:
            return before[-1]
    return None


def _quote_matches(text: str) -> list[re.Match]:
    """Exactly _QUOTE.finditer(text): each kind of quote found alone, in order. When no two of them overlap this is
    what the alternation finds (a kind can only match where its own mark is, and nothing of another kind stands in
    its way); when two do, the alternation decides which comes first."""
    found = matches_by_mark(text, _QUOTE_BY_KIND)
    if _any_overlap(found):
        return list(_QUOTE.finditer(text))
    return found


def _any_overlap(matches: list[re.Match]) -> bool:
    """Whether a match ends after the next one starts; compared at C speed (a generator over pairs costs 3x)."""
    return any(map(gt, map(re.Match.end, matches), map(re.Match.start, islice(matches, 1, None))))


def _quotes(field: Field, cues: list[Cue]) -> tuple[Quote, ...]:
    cue_starts = [cue.start for cue in cues]
    quotes = []
    for match in _quote_matches(field.text):
        if len(match.group().split(None, _MIN_QUOTE_WORDS)) >= _MIN_QUOTE_WORDS:  # splits off no more than needed
            start, end = match.span()
            quotes.append(Quote(start, end, _speaker(field, start, end, cues, cue_starts)))
    return tuple(quotes)


def _credit_line(field: Field, credit_hits: list[Offsets]) -> Offsets | None:
    """The span of a closing credit line ("Source: ...", "Reporting by ..."): in the last two paragraphs and the
    last three sentences, from the cue to the end of its sentence (at most 120 characters)."""
    if not credit_hits or not field.sentences:
        return None
    paragraphs, sentences = field.paragraphs, field.sentences
    tail_start = max(
        paragraphs[-min(_CREDIT_TAIL_PARAGRAPHS, len(paragraphs))][0],
        sentences[-min(_CREDIT_TAIL_SENTENCES, len(sentences))][0],
    )
    for start, _ in credit_hits:
        if start >= tail_start:
            sentence_end = sentences[field.sentence_index(start)][1]
            return start, min(sentence_end, start + _MAX_CREDIT_LINE_CHARS)
    return None


def _is_capitalised_mid_sentence(text: str, span: Offsets, sentence: Offsets) -> bool:
    """ "States" in "the United States", "Notes" in a heading: a capital where a verb has none ("SAID" is a verb)."""
    start, end = span
    word = text[start:end]
    return word[0].isupper() and not word.isupper() and sentence[0] != start


def _cues(field: Field, hits: dict[str, list[Offsets]], anonymous: tuple[Offsets, ...]) -> tuple[list[Cue], set[int]]:
    """The reporting cues, classified, and the indexes of the sentences holding one that is not anonymous."""
    text, sentences = field.text, field.sentences
    anonymous_starts = [start for start, _ in anonymous]
    cues, sourced = [], set()
    for span in hits["reporting_verbs"]:
        index = field.sentence_index(span[0])  # once per cue: the sentence serves every test below
        sentence = sentences[max(index, 0)]
        if _is_capitalised_mid_sentence(text, span, sentence):
            continue
        # most articles name no anonymous source: skip the two searches
        near = _anonymous_near(span, sentence, anonymous, anonymous_starts) if anonymous else []
        cue = _classify(text, span, sentence, near)
        cues.append(cue)
        if cue.kind != "anonymous":
            sourced.add(index)
    return cues, sourced


def _analyse(doc: Document) -> Attribution:
    field = doc.text
    hits = lexicon_hits(doc)
    anonymous = tuple(hits["anonymous_sources"])
    cues, sourced = _cues(field, hits, anonymous)
    sourced.update(map(field.sentence_index, (start for start, _ in hits["source_documents"])))
    quotes = _quotes(field, cues)
    return Attribution(tuple(cues), anonymous, quotes, _credit_line(field, hits["credit_lines"]), frozenset(sourced))


def attribution_of(doc: Document) -> Attribution:
    """The shared attribution analysis of the body text, computed once per Document."""
    return cached(doc, "attribution", _analyse)


# Builds a Span the way its namedtuple __new__ does, minus the Python-level call: ~90 ns a span of ~180 (an article's
# signals here build ~20 spans).
_new_tuple = tuple.__new__


def evidence_spans(pairs: Iterable[Offsets], label: str, field: str = "text") -> tuple[Span, ...]:
    """Spans for (start, end) pairs, built only for the first MAX_EVIDENCE of them."""
    return tuple([_new_tuple(Span, (start, end, label, field)) for start, end in islice(pairs, MAX_EVIDENCE)])


# --- signals ---

# (start, end) of a Cue or a Quote.
_start_end = attrgetter("start", "end")


def attribution_cues_per_sentence(doc: Document) -> SignalResult:
    """Reporting cues ("said", "told", "according to") per sentence of body text."""
    cues = attribution_of(doc).cues
    return SignalResult(doc.text.per_sentence(len(cues)), evidence_spans(map(_start_end, cues), "cue"))


def named_sources_per_sentence(doc: Document) -> SignalResult:
    """Statements handed to a named person or organisation ("Brandt said", "according to the ministry") per sentence."""
    named = [c.evidence for c in attribution_of(doc).cues if c.kind == "named"]
    return SignalResult(doc.text.per_sentence(len(named)), evidence_spans(named, "named source"))


def anonymous_source_share(doc: Document) -> SignalResult:
    """Anonymous sources ("diplomatic sources", "insiders") as a share of named + anonymous sources (0 if none)."""
    analysis = attribution_of(doc)
    named = [c.kind for c in analysis.cues].count("named")
    anonymous = len(analysis.anonymous)
    evidence = evidence_spans(analysis.anonymous, "anonymous source")
    return SignalResult(share(anonymous, anonymous + named), evidence)


def speaker_quotes_per_sentence(doc: Document) -> SignalResult:
    """Direct quotes of 4+ words with an identified (not anonymous) speaker next to them, per sentence."""
    quotes = [q for q in attribution_of(doc).quotes if q.speaker and q.speaker.kind != "anonymous"]
    return SignalResult(doc.text.per_sentence(len(quotes)), evidence_spans(map(_start_end, quotes), "quote"))


def unattributed_quote_share(doc: Document) -> SignalResult:
    """Direct quotes with no identified speaker as a share of all direct quotes (0 if there are no quotes)."""
    quotes = attribution_of(doc).quotes
    orphans = [q for q in quotes if not q.speaker or q.speaker.kind == "anonymous"]
    evidence = evidence_spans(map(_start_end, orphans), "quote without speaker")
    return SignalResult(share(len(orphans), len(quotes)), evidence)


def has_source_line(doc: Document) -> SignalResult:
    """1 if the text ends with a source or credit line ("Source: ...", "Reporting by ...", "... contributed")."""
    line = attribution_of(doc).credit_line
    return SignalResult(1.0 if line else 0.0, evidence_spans([line] if line else [], "source line"))
