"""Analyses that several signal families read, computed once per article and cached on the Document
(`Document.attribution`, `Document.figures`; the lexicon hits are `Field.lexicon_hits`).

Attribution: who says so. Each reporting cue ("said", "according to") is classified as handing its statement to a
named source, an anonymous one ("diplomatic sources") or nobody identifiable ("he said"); direct quotes get the cue
that gives them a speaker; a closing credit line ("Source: ...") is found; and the sentences holding a cue that is
not anonymous, or a source document ("the latest poll"), are marked as sourced. The attribution family reads all of
it, the figures family the sourced sentences. Names are recognised from the few words around each cue.

Figures: what counts as one (tested in tests/test_signals_figures.py):
- a number written in digits ("12,000", "4.2", "3"), with its currency ("$4.2 billion", "€50m"), percent sign or word
  ("70 percent", "85%") and scale word ("2 million") as part of it; "3 out of 4" is one figure;
- a number word followed by a scale word ("two million", "a billion").
Not figures: years (1900-2099 with no currency or unit), decades ("1990s"), days next to a month name ("June 5",
"5 June"), clock times ("10:30", "5 p.m."), ordinals ("21st"), numbers glued to a word by a hyphen or letter
("COVID-19", "F-16", "19-year-old", "G7"), and number words on their own ("two years", "three stations").
A figure is *supported* when its sentence or the sentence before is sourced.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from scorer import lexicons
from scorer.segment import Field, Offsets

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
# A credit cue on a line of its own, its colon on the same line or alone on the next, and the name on the line after.
_BROKEN_CREDIT = re.compile(
    r"^[^\S\n]*(?:sources?|(?:additional\s)?reporting\sby|writing\sby|editing\sby)[^\S\n]*:?[^\S\n]*\n"
    r"(?:[^\S\n]*:[^\S\n]*\n)?[^\S\n]*(?P<name>\S[^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
# A broken credit line is looked for in this many final characters of the text.
_BROKEN_CREDIT_REACH = 300

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
# Ends a clause after "according to": "according to him, the ..." names nobody.
_CLAUSE_END = re.compile(r"[,;.!?\n]")


# --- the attribution analysis ---


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


def _is_name(word: str) -> bool:
    """A capitalised word that is not a pronoun/calendar/group word, or an institution ("ministry")."""
    bare = _bare(word)
    if bare in _INSTITUTIONS:
        return True
    stripped = word.lstrip(_EDGE_PUNCTUATION)
    return bool(stripped) and stripped[0].isupper() and bare not in _NOT_A_NAME


def _words_before(window: str, count: int = _MAX_WORDS_BEFORE) -> list[str]:
    """The last `count` whitespace-separated words of `window`, nearest first (enough for a subject with an
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
    words = _words_before(window)
    first = _subject_index(words)
    return cue - len(window) + _offset_of(window, words, first) if first >= 0 else -1


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


def _quotes(field: Field, cues: list[Cue]) -> tuple[Quote, ...]:
    cue_starts = [cue.start for cue in cues]
    quotes = []
    for match in _QUOTE.finditer(field.text):
        if len(match.group().split(None, _MIN_QUOTE_WORDS)) >= _MIN_QUOTE_WORDS:  # splits off no more than needed
            start, end = match.span()
            quotes.append(Quote(start, end, _speaker(field, start, end, cues, cue_starts)))
    return tuple(quotes)


def _credit_line(field: Field, credit_hits: list[Offsets]) -> Offsets | None:
    """The span of a closing credit line ("Source: ...", "Reporting by ..."): in the last two paragraphs and the
    last three sentences, from the cue to the end of its sentence (at most 120 characters). A credit broken over
    lines by page extraction ("Source" / ":" / "Al Jazeera", "Reporting by" / "Jane Doe") is one credit line."""
    if not field.sentences:
        return None
    broken = _broken_credit_line(field)
    if broken:
        return broken
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


def _broken_credit_line(field: Field) -> Offsets | None:
    """A credit cue alone on its line (with or without its colon, or the colon alone on the next line), and the
    name on the line after, which is one of the last two lines: from the cue to the end of the name's line."""
    text = field.text
    tail = max(0, len(text) - _BROKEN_CREDIT_REACH)
    for match in _BROKEN_CREDIT.finditer(text, tail):
        name_line = len(field.paragraphs) - 1 - next(
            i for i, (start, _) in enumerate(reversed(field.paragraphs)) if start <= match.start("name")
        )
        if name_line >= len(field.paragraphs) - _CREDIT_TAIL_PARAGRAPHS:
            return match.start(), min(match.end(), match.start() + _MAX_CREDIT_LINE_CHARS)
    return None


def _is_capitalised_mid_sentence(text: str, span: Offsets, sentence: Offsets) -> bool:
    """ "States" in "the United States", "Notes" in a heading: a capital where a verb has none ("SAID" is a verb)."""
    start, end = span
    word = text[start:end]
    return word[0].isupper() and not word.isupper() and sentence[0] != start


def _cues(field: Field, verbs: list[Offsets], anonymous: tuple[Offsets, ...]) -> tuple[list[Cue], set[int]]:
    """The reporting cues, classified, and the indexes of the sentences holding one that is not anonymous."""
    text, sentences = field.text, field.sentences
    anonymous_starts = [start for start, _ in anonymous]
    cues, sourced = [], set()
    for span in verbs:
        index = field.sentence_index(span[0])
        sentence = sentences[max(index, 0)]
        if _is_capitalised_mid_sentence(text, span, sentence):
            continue
        near = _anonymous_near(span, sentence, anonymous, anonymous_starts)
        cue = _classify(text, span, sentence, near)
        cues.append(cue)
        if cue.kind != "anonymous":
            sourced.add(index)
    return cues, sourced


def analyse_attribution(field: Field) -> Attribution:
    """Reporting cues, anonymous sources, quotes with their speakers, the credit line and the sourced sentences of one
    field (the body text: `Document.attribution`)."""
    anonymous = tuple(field.hits("anonymous_sources"))
    cues, sourced = _cues(field, field.hits("reporting_verbs"), anonymous)
    sourced.update(field.sentence_index(start) for start, _ in field.hits("source_documents"))
    quotes = _quotes(field, cues)
    credit_line = _credit_line(field, field.hits("credit_lines"))
    return Attribution(tuple(cues), anonymous, quotes, credit_line, frozenset(sourced))


# --- figures ---

# A number with its unit or scale. The lookbehind after its first digit keeps out numbers inside words, decimals,
# dates and times, the lookahead keeps out ordinals, compounds ("19-year-old") and the middle of a longer number.
# No quantifier is nested over an overlapping class, so matching is linear in the text length.
_FIGURE = re.compile(
    r"(?P<number>\d(?<![\w.,/:-]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?)"
    r"(?P<unit>\s?%|\s?(?:percent|per\scent|percentage\spoints?)\b"
    r"|\s(?:hundred|thousand|million|billion|trillion)\b|(?:bn|tn|m|k)\b|\s+out\s+of\s+\d+\b)?"
    r"(?![\w/:]|[.,]\d|-\w)"
)
# A currency right before the number ("$4.2 billion", "US$ 5", "€50m") makes the figure money and part of the span.
_CURRENCY_BEFORE = re.compile(r"(?:US|A|C|NZ|HK)?[$€£¥]\s?\Z")
# Characters to look back for a currency ("US$ " is 4).
_CURRENCY_REACH = 4
# A number word before a scale word ("two million"): each scale word is found, then the word before it is checked.
_SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion")
_NUMBER_WORD_BEFORE = re.compile(
    r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|several|half a)\s\Z"
)
# Characters to look back for the number word ("seventy " is 8, "several " 8, "half a " 7).
_NUMBER_WORD_REACH = 9
_YEAR = re.compile(r"(?:19|20)\d\d")
# A month name right before the number ("June 5", "Sept. 19") or right after it ("5 June").
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MONTH_BEFORE = re.compile(_MONTH + r"\s+\Z", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"\s+" + _MONTH + r"\b", re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"\s?[ap]\.?m\b", re.IGNORECASE)
# Characters to look back for a month name ("September " is 10).
_MONTH_REACH = 11
# A day of the month is at most this; larger numbers next to a month name are counts.
_MAX_DAY = 31


class Figure(NamedTuple):
    start: int
    end: int
    kind: str  # money, percentage or number
    supported: bool


def _kind(match: re.Match) -> str:
    """percentage or number (money is recognised by the currency before the match)."""
    unit = (match.group("unit") or "").strip().lower()
    return "percentage" if unit.startswith(("%", "per")) else "number"


def _is_date_or_time(text: str, match: re.Match) -> bool:
    if match.group("unit"):
        return False
    number = match.group("number")
    if _YEAR.fullmatch(number):
        return True
    if _CLOCK_AFTER.match(text, match.end()):
        return True
    if len(number) > 2 or int(number) > _MAX_DAY:  # also keeps int() off 100,000-digit strings
        return False
    before = _MONTH_BEFORE.search(text, max(0, match.start() - _MONTH_REACH), match.start())
    return bool(before) or bool(_MONTH_AFTER.match(text, match.end()))


def _digit_figures(field: Field) -> list[tuple[int, int, str]]:
    text = field.text
    figures = []
    for match in _FIGURE.finditer(text):
        currency = _currency_before(text, match.start())
        if currency:
            figures.append((currency.start(), match.end(), "money"))
        elif not _is_date_or_time(text, match):
            figures.append((match.start(), match.end(), _kind(match)))
    return figures


def _currency_before(text: str, start: int) -> re.Match | None:
    return _CURRENCY_BEFORE.search(text, max(0, start - _CURRENCY_REACH), start)


def _word_figures(text: str, low: str) -> list[tuple[int, int, str]]:
    """ "two million", "a billion": a number word followed by a scale word (digits are matched by _FIGURE)."""
    out: list[tuple[int, int, str]] = []
    for scale in _SCALE_WORDS:
        at = low.find(scale)
        while at >= 0:
            end = at + len(scale)
            before = _NUMBER_WORD_BEFORE.search(low, max(0, at - _NUMBER_WORD_REACH), at)
            if before and (end == len(low) or not low[end].isalnum()):
                out.append((before.start(), end, "number"))
            at = low.find(scale, end)
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(out):  # "two hundred thousand" is one figure: merge overlapping matches
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), kind)
        else:
            merged.append((start, end, kind))
    return merged


def find_figures(field: Field, sourced_sentences: frozenset[int]) -> tuple[Figure, ...]:
    """Every figure in `field` (the body text: `Document.figures`), supported when it or the sentence before is in
    `sourced_sentences`."""
    found = sorted(_digit_figures(field) + _word_figures(field.text, field.lower))
    figures = []
    for start, end, kind in found:
        if not field.within_a_word(start, start + 1):  # digits inside a URL or a base64 blob are no figure
            continue
        sentence = field.sentence_index(start)
        supported = sentence in sourced_sentences or sentence - 1 in sourced_sentences
        figures.append(Figure(start, end, kind, supported))
    return tuple(figures)
