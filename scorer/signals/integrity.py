"""Text integrity: repeated phrases and sentences (spun or machine-translated copies repeat themselves), immediately
repeated words ("the the"), mojibake and broken encoding (ftfy), and text that stops mid-sentence or on an ellipsis.
"""

from __future__ import annotations

import itertools
import operator
import re
from bisect import bisect_right

import numpy as np
from ftfy.badness import BADNESS_RE

from scorer.segment import Document, Field
from scorer.signals.base import MAX_EVIDENCE, SignalResult, Span, cached, spans
from scorer.signals.style import TRAILING_PUNCTUATION, lower_words, word_spans

# Word n-gram length for repeated phrases: 5 words rarely recur by chance in one article ("said in a statement
# on" does, once or twice; a spun copy repeats whole clauses).
NGRAM = 5
# A sentence must have this many words before a repeat of it counts: short headers recur honestly in fact-checks
# and live blogs ("FOX NEWS INTERVIEW, SEPT. 18." six times in one credible corpus text).
MIN_DUPLICATE_SENTENCE_WORDS = 7
# An odd 64-bit multiplier (the FNV prime) that mixes one word's hash after another into an n-gram's key.
_HASH_MIX = np.uint64(0x100000001B3)
# Doubled words that are correct English ("she had had enough", "he said that that was wrong").
_CORRECT_DOUBLES = frozenset({"had", "that"})
# Runs of this many words said twice in a row are counted ("talks talks", "the arrangement the arrangement").
DOUBLED_RUN_SIZES = (1, 2, 3)
# Cheap gate before ftfy: mojibake always contains a character outside ASCII and the typographic punctuation that
# clean English news uses (curly quotes, dashes, ellipsis, bullet, degree, no-break space, é); ftfy's own scan costs
# ~0.6 ms on a 400-word text, and on 2,836 corpus texts the gated count equals the full count.
_TYPOGRAPHIC = "\u00a0\u00b0\u00e9\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026"
# Every match of ftfy's BADNESS_RE holds a non-ASCII character and starts at most this many characters before the
# first one ("a Ã " in "[a-z]\s?[ÃÂ][ ]").
BADNESS_MAX_LEAD = 2
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# A line is tried only at the positions just before its non-ASCII characters when they are rarer than one in this
# many characters; else it is searched whole (a Python step per non-ASCII character would cost more). Either way
# gives the same matches. 5 was fastest on the Webis articles (3, 10 and 20 were slower).
WINDOW_SEARCH_CHARS = 5
# U+FFFD: what a decoder leaves where bytes were lost; a run of them is one loss.
_REPLACEMENT = re.compile("\ufffd+")
# Text that ends on an ellipsis or an elision mark: "...", "…", "[…]", "[...]", "(...)".
_ENDS_ON_ELLIPSIS = re.compile(
    # a run of dots or ellipses is matched only from its first character ((?<!...)): linear time on any input
    r"(?:\[\s{0,3}(?:\.{3}|…)\s{0,3}\]|\(\s{0,3}(?:\.{3}|…)\s{0,3}\)|(?<!\.)\.{3,}|(?<!…)…+)\s*\Z"
)
# The last line stops mid-sentence when it ends on a lower-case word, comma, semicolon or dash (not a colon: 25
# credible corpus texts end on "Watch:" or "Read the statement:" where an embed was stripped) ...
_ENDS_MID_SENTENCE = re.compile(r"(?:\b[a-z]\w*|[,;\u2013\u2014-])[ \t]*\Z")
# Both end patterns are searched only in this many final characters of the text (bounded work on any input).
TAIL_CHARS = 40
# ... and is long enough to be prose, not a closing credit ("Reporting by Marta Sol; editing by Ivan Petrov").
MIN_TRUNCATED_LINE_WORDS = 15


def _word_hashes(field: Field) -> np.ndarray:
    """hash() of each lower-cased word, as unsigned 64-bit integers (computed once per field). The repeat signals
    compare these with numpy, a C-level pass over whole arrays, where comparing the words pairwise in Python (map,
    zip) cost ~400 instructions per word and pass; a hash match only makes a candidate, checked on the words."""
    return cached(field, "word_hashes", _hash_words)


def _hash_words(field: Field) -> np.ndarray:
    words = lower_words(field)
    return np.fromiter(map(hash, words), dtype=np.int64, count=len(words)).view(np.uint64)


def _repeated_ngram_starts(words: list[str], hashes: np.ndarray, n: int = NGRAM) -> list[int]:
    """Word indexes where a word n-gram starts that already occurred earlier in the text (`hashes`: of `words`).

    Each n-gram gets a 64-bit key mixed from its words' hashes (wrapping arithmetic); equal n-grams have equal keys,
    so an n-gram whose key is unique occurs once. Only n-grams that share a key with another are compared as words
    (none in 2 of 3 Webis articles): 3x fewer instructions than keying a dict by every n-gram's tuple of words."""
    count = len(words) - n + 1
    keys = hashes[:count].copy()
    for k in range(1, n):
        keys = keys * _HASH_MIX + hashes[k : k + count]
    # Sorting the keys finds the shared ones; np.sort costs ~1.5 µs here where argsort (which would also give their
    # places) costs ~12 µs, so the places are looked up with isin, only when some key is shared.
    ranked = np.sort(keys)
    shared_keys = ranked[1:][ranked[1:] == ranked[:-1]]
    if not len(shared_keys):
        return []
    seen: set[tuple[str, ...]] = set()
    starts = []
    for start in np.flatnonzero(np.isin(keys, shared_keys)).tolist():  # in text order
        gram = tuple(words[start : start + n])
        if gram in seen:
            starts.append(start)
        else:
            seen.add(gram)
    return starts


def _merge_runs(starts: list[int], n: int) -> list[tuple[int, int]]:
    """Overlapping n-gram repeats as runs of token indexes [first, last]: a repeated clause is one piece of evidence."""
    runs: list[list[int]] = []
    for start in starts:
        if runs and start <= runs[-1][1] + 1:
            runs[-1][1] = start + n - 1
        else:
            runs.append([start, start + n - 1])
    return [(first, last) for first, last in runs]


def repeated_phrase_share(doc: Document) -> SignalResult:
    """Share of the body's word 5-grams that repeat an earlier 5-gram (0-1; spun copies repeat clauses)."""
    words = lower_words(doc.text)
    total = len(words) - NGRAM + 1
    if total <= 0:
        return SignalResult(0.0)
    starts = _repeated_ngram_starts(words, _word_hashes(doc.text))
    if not starts:
        return SignalResult(0.0)
    places = word_spans(doc.text)
    evidence = tuple(
        Span(places[first][0], places[last][1], "repeated phrase", "text")
        for first, last in _merge_runs(starts, NGRAM)[:MAX_EVIDENCE]
    )
    return SignalResult(len(starts) / total, evidence)


def _sentence_key(text: str) -> str:
    return " ".join(text.lower().split())


def _slices_of_lower(field: Field) -> bool:
    """Whether slicing the field's cached lower-cased text equals lower-casing the slice: true when every character
    lower-cases to one character and there is no capital sigma (the one context-dependent case: final "ς")."""
    return len(field.lower) == len(field.text) and "\u03a3" not in field.text


def _sentence_keys(field: Field) -> list[str]:
    """Each sentence lower-cased with its whitespace collapsed, built by a chain of C-level maps (slice, split, join)
    from the cached lower-cased text where slicing it is exact; a Python loop per sentence cost 2-3x more."""
    if _slices_of_lower(field):
        pieces = list(map(field.lower.__getitem__, itertools.starmap(slice, field.sentences)))
        # A sentence is trimmed; if its only whitespace is lone spaces it is its own key. Every whitespace character
        # but the space is unprintable, so two C-level scans tell: skips split and join for 4 of 5 Webis articles.
        if all(map(str.isprintable, pieces)) and not any(map(operator.contains, pieces, itertools.repeat("  "))):
            return pieces
        return list(map(" ".join, map(str.split, pieces)))
    return [_sentence_key(field.text[start:end]) for start, end in field.sentences]


def duplicate_sentence_share(doc: Document) -> SignalResult:
    """Share of body sentences (7+ words) that repeat an earlier sentence word for word (0-1)."""
    keys = _sentence_keys(doc.text)
    if len(set(keys)) == len(keys):  # the common case: no sentence occurs twice
        return SignalResult(doc.text.per_sentence(0))
    seen: set[str] = set()
    duplicates = []
    for key, (start, end) in zip(keys, doc.text.sentences, strict=True):
        if key in seen:
            duplicates.append(Span(start, end, "duplicate sentence", "text"))
        elif key.count(" ") + 1 >= MIN_DUPLICATE_SENTENCE_WORDS:
            seen.add(key)
    return SignalResult(doc.text.per_sentence(len(duplicates)), tuple(duplicates[:MAX_EVIDENCE]))


def _is_doubled(words: list[str], index: int, size: int) -> bool:
    """Whether the `size` words at `index` are said again right after, with punctuation only at the very end."""
    first, second = words[index : index + size], words[index + size : index + 2 * size]
    if len(second) < size or not all(word.isalpha() for word in first + second[:-1]):
        return False
    last = second[-1].rstrip(TRAILING_PUNCTUATION)
    if not last.isalpha() or first != [*second[:-1], last]:
        return False
    return not (size == 1 and last in _CORRECT_DOUBLES)


def _doubled_runs(words: list[str], size: int, hashes: np.ndarray) -> list[int]:
    """Word indexes where a run of `size` words is immediately followed by the same run (`hashes`: of `words`)."""
    # Candidates are found at C speed; the few candidates are then checked on the words in Python.
    if size == 1:  # only a single repeated word can carry the closing punctuation on its second copy
        # b.rstrip(punctuation) is b itself when b does not end in punctuation, so one comparison covers both
        # cases (a == b with punctuation on both was a candidate before, but _is_doubled rejects a non-alphabetic a)
        following = map(str.rstrip, itertools.islice(words, 1, None), itertools.repeat(TRAILING_PUNCTUATION))
        candidates = itertools.compress(itertools.count(), map(operator.eq, words, following))
    else:  # the first words of the two runs hash alike
        candidates = np.flatnonzero(hashes[:-size] == hashes[size:]).tolist()
    return [i for i in candidates if _is_doubled(words, i, size)]


def _doubled_words(field: Field) -> list[Span]:
    """ "the the", "the arrangement the arrangement": runs of 1-3 words said twice in a row, on one line."""
    words, text = lower_words(field), field.text
    found: list[Span] = []
    covered_until = -1
    hashes = _word_hashes(field)
    for index, size in sorted((i, n) for n in DOUBLED_RUN_SIZES for i in _doubled_runs(words, n, hashes)):
        places = word_spans(field)
        last = index + 2 * size - 1
        start = places[index][0]
        end = places[last][1] - (len(words[last]) - len(words[last].rstrip(TRAILING_PUNCTUATION)))
        if "\n" not in text[start:end] and start >= covered_until:
            found.append(Span(start, end, "repeated word" if size == 1 else "repeated words", field.name))
            covered_until = end
    return found


def repeated_words_per_100_words(doc: Document) -> SignalResult:
    """Words or 2-3-word runs said twice in a row ("the the", "talks talks") in title and body, per 100 body words."""
    found = _doubled_words(doc.title) + _doubled_words(doc.text)
    return SignalResult(doc.text.per_100_words(len(found)), tuple(found[:MAX_EVIDENCE]))


def _suspect_characters(field: Field) -> set[str]:
    """The distinct characters of the field outside ASCII and the typographic set (a few dozen in a news text)."""
    return set(field.non_ascii).difference(_TYPOGRAPHIC)


def _lines_holding(text: str, line_starts: list[int], characters: set[str]) -> list[int]:
    """Indexes of the lines that hold any of `characters` (a line runs from its start to the next line's start; -1 is
    the stretch before the first line). str.find jumps to the next line after each hit: one search per line and
    character at most."""
    lines = set()
    for character in characters:
        at = text.find(character)
        while at >= 0:
            line = bisect_right(line_starts, at) - 1
            lines.add(line)
            if line + 1 >= len(line_starts):
                break
            at = text.find(character, line_starts[line + 1])
    return sorted(lines)


def _mojibake_matches(field: Field) -> list[re.Match]:
    """ftfy's mojibake sequences, searched only in the lines where the cheap gate found a suspect character."""
    text = field.text
    suspects = _suspect_characters(field)
    if not suspects:
        return []
    matches = []
    for line in _lines_holding(text, [start for start, _ in field.paragraphs], suspects):
        if line >= 0:
            matches.extend(_badness_in_line(text, *field.paragraphs[line]))
    return matches


def _badness_in_line(text: str, start: int, end: int) -> list[re.Match]:
    """Exactly BADNESS_RE.finditer(text, start, end), faster. Every ftfy match holds a non-ASCII character and starts
    at most BADNESS_MAX_LEAD characters before the first one (tests/test_signals_integrity.py checks both on the
    installed ftfy), so a line with a few of them (an "é", a curly quote) is tried only at those positions, in order,
    as finditer would. ftfy's regex costs ~0.3 µs per position tried, in C or by a match call."""
    places = [m.start() for m in _NON_ASCII.finditer(text, start, end)]
    if len(places) * WINDOW_SEARCH_CHARS > end - start:  # mostly non-ASCII (real mojibake, a foreign script)
        return list(BADNESS_RE.finditer(text, start, end))
    matches: list[re.Match] = []
    position = start  # the next position to try: those before it were tried or lie inside a match
    for place in places:
        position = max(position, place - BADNESS_MAX_LEAD)
        while position <= place:
            match = BADNESS_RE.match(text, position, end)
            if match:
                matches.append(match)
                position = match.end()
            else:
                position += 1
    return matches


def mojibake_per_100_words(doc: Document) -> SignalResult:
    """Mojibake sequences found by ftfy ("â€", "Â ") and U+FFFD replacement characters, per 100 body words."""
    field = doc.text
    found = [(m.start(), m.end(), "mojibake") for m in _mojibake_matches(field)]
    covered = {start for start, _, _ in found}
    if "\ufffd" in field.text:  # ftfy counts a replacement character only beside other odd characters
        found += [
            (m.start(), m.end(), "replacement character")
            for m in _REPLACEMENT.finditer(field.text)
            if m.start() not in covered
        ]
        found.sort()
    visible = (_visible(field.text, start, end) for start, end, _ in found)
    evidence = [Span(*span, label, field.name) for span, (_, _, label) in zip(visible, found, strict=True) if span]
    return SignalResult(field.per_100_words(len(found)), tuple(evidence[:MAX_EVIDENCE]))


def _visible(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A cue that is only invisible characters (a lone C1 control "\x85" reads as whitespace) takes in its
    neighbours, so an editor sees where it is; None when even those are blank."""
    if text[start:end].strip():
        return start, end
    start, end = max(start - 1, 0), min(end + 1, len(text))
    return (start, end) if text[start:end].strip() else None


def _has_words(text: str, count: int) -> bool:
    """Whether `text` has at least `count` whitespace-separated words; splits off no more than that many (a corpus
    article is often one long line)."""
    return len(text.split(None, count)) >= count


def truncated_text(doc: Document) -> SignalResult:
    """1 when the body text stops on an ellipsis ("...", "[…]") or mid-sentence in a long last line, else 0."""
    field = doc.text
    if not field.paragraphs:
        return SignalResult(0.0)
    start, end = field.paragraphs[-1]
    ellipsis = _ENDS_ON_ELLIPSIS.search(field.text, max(start, end - TAIL_CHARS), end)
    if ellipsis:
        return SignalResult(1.0, spans([ellipsis], field, "ends on an ellipsis"))
    tail = _ENDS_MID_SENTENCE.search(field.text, max(start, end - TAIL_CHARS), end)
    if tail and _has_words(field.text[start:end], MIN_TRUNCATED_LINE_WORDS):
        return SignalResult(1.0, spans([tail], field, "ends mid-sentence"))
    return SignalResult(0.0)
