"""Text integrity: repeated phrases and sentences (spun or machine-translated copies repeat themselves), phrases
said again with small changes inside one sentence, quotes broken by spinning, immediately repeated words
("the the"), mojibake and broken encoding (ftfy), and text that stops mid-sentence or on an ellipsis.
"""

from __future__ import annotations

import itertools
import operator
import re
from bisect import bisect_left
from collections import Counter

from ftfy.badness import BADNESS_RE
from rapidfuzz import fuzz

from scorer.segment import Document, Field, Offsets
from scorer.signals.base import MAX_EVIDENCE, SignalResult, Span, capped, spans

# Word n-gram length for repeated phrases: 5 words rarely recur by chance in one article ("said in a statement
# on" does, once or twice; a spun copy repeats whole clauses).
NGRAM = 5
# A sentence must have this many words before a repeat of it counts: short headers recur honestly in fact-checks
# and live blogs ("FOX NEWS INTERVIEW, SEPT. 18." six times in one credible corpus text).
MIN_DUPLICATE_SENTENCE_WORDS = 7
# Punctuation that clings to the end of a whitespace-separated word ("season,", "flow.", "talks”").
TRAILING_PUNCTUATION = ".,;:!?\"'”’)]}…"
_NON_SPACE = re.compile(r"\S+")
# Punctuation around a word, stripped before words are compared.
_EDGE_PUNCTUATION = TRAILING_PUNCTUATION + "“‘(["
# Doubled words that are correct English ("she had had enough", "he said that that was wrong").
_CORRECT_DOUBLES = frozenset({"had", "that"})
# Runs of this many words said twice in a row are counted ("talks talks", "the arrangement the arrangement").
DOUBLED_RUN_SIZES = (1, 2, 3)
# A phrase said again inside one sentence: windows of this many words, anchored on a content word that occurs
# twice, that are this similar (rapidfuzz ratio, 0-100). A spinner's synonym swaps keep a repeat near 80-90; two
# ordinary clauses that share one word score far lower.
NEAR_REPEAT_WORDS = 5
NEAR_REPEAT_MIN_RATIO = 80
# A phrase must be said this many times in one sentence to count (see near_repeat_spans), its sayings of a long
# word within this many words.
MIN_SAYINGS = 3
MAX_SAYINGS_SPAN = 40
# A word ending so ends its sentence (for telling whether sayings share one).
_SENTENCE_END = (".", "!", "?", ".”", '."', "!”", "?”")
# Distances between sayings found from different anchors of the same two copies differ by a word or two.
_SAME_COPY_SLACK = 2
# A word shorter than this does not anchor a near repeat ("the", "said" and "with" recur in any long sentence).
_MIN_ANCHOR_CHARS = 5
# Near repeats and broken quotes are counted up to this many: a few already say the text was spun.
MAX_SPINNING_CUES = 5
# Double quote marks of every kind; the opening ones begin a paragraph that continues a quote.
_DOUBLE_QUOTE = re.compile('["“”„«»]')
_OPENING_QUOTES = '"“„«'
# Characters every clean English news text may hold outside ASCII (curly quotes, dashes, ellipsis, bullet, degree,
# no-break space, é): mojibake always holds some other character, so only lines with one are searched with ftfy.
_TYPOGRAPHIC = "\u00a0\u00b0\u00e9\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026"
_SUSPECT = re.compile(f"[^\\x00-\\x7f{_TYPOGRAPHIC}]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Every match of ftfy's BADNESS_RE holds a non-ASCII character and starts at most this many characters before the
# first one ("a Ã " in "[a-z]\s?[ÃÂ][ ]").
BADNESS_MAX_LEAD = 2
# A line is searched whole when more than one character in this many is outside ASCII: trying position by position
# would then cost more than the plain search.
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


def repeated_ngram_starts(words: list[str], n: int = NGRAM) -> list[int]:
    """Word indexes where a word n-gram starts that already occurred earlier in the text."""
    grams = list(zip(*(words[k:] for k in range(n)), strict=False))
    if len(set(grams)) == len(grams):  # no n-gram occurs twice (most articles)
        return []
    seen: set[tuple[str, ...]] = set()
    starts = []
    for start, gram in enumerate(grams):
        if gram in seen:
            starts.append(start)
        else:
            seen.add(gram)
    return starts


def _merge_runs(starts: list[int], n: int) -> list[tuple[int, int]]:
    """Overlapping n-gram repeats as runs of word indexes [first, last]: a repeated clause is one piece of evidence."""
    runs: list[list[int]] = []
    for start in starts:
        if runs and start <= runs[-1][1] + 1:
            runs[-1][1] = start + n - 1
        else:
            runs.append([start, start + n - 1])
    return [(first, last) for first, last in runs]


def repeated_phrase_share(doc: Document) -> SignalResult:
    """Share of the body's word 5-grams that repeat an earlier 5-gram (0-1; spun copies repeat clauses)."""
    total = len(doc.text.lower_words) - NGRAM + 1
    starts = doc.repeated_ngram_starts
    if total <= 0 or not starts:
        return SignalResult(0.0)
    places = doc.text.word_spans
    runs = [(places[first][0], places[last][1]) for first, last in _merge_runs(starts, NGRAM)]
    return SignalResult(len(starts) / total, spans(runs, "repeated phrase"))


def _sentence_key(text: str) -> str:
    return " ".join(text.lower().split())


def duplicate_sentence_share(doc: Document) -> SignalResult:
    """Share of body sentences (7+ words) that repeat an earlier sentence word for word (0-1).

    A measured win over `duplicate_sentence_share_plain` (docs/benchmarks.md): a text that repeats no word 5-gram
    (most do not) repeats no sentence, and is answered without comparing sentences. A sentence of 7+ words has 5+
    words between its first and last, each a whole word of the text (only the first and last can be cut from a
    neighbour, at a break with no space after it such as "。"), so saying the sentence again says a 5-gram again.
    That holds when every token is a word, so that no URL or blob is left out of the words the 5-grams are made of."""
    if doc.text.every_token_is_a_word and not doc.repeated_ngram_starts:
        return SignalResult(0.0)
    return duplicate_sentence_share_plain(doc)


def duplicate_sentence_share_plain(doc: Document) -> SignalResult:
    """What `duplicate_sentence_share` gives, comparing every sentence."""
    text = doc.text.text
    seen: set[str] = set()
    duplicates = []
    for start, end in doc.text.sentences:
        key = _sentence_key(text[start:end])
        if key in seen:
            duplicates.append((start, end))
        elif key.count(" ") + 1 >= MIN_DUPLICATE_SENTENCE_WORDS:
            seen.add(key)
    return SignalResult(doc.text.per_sentence(len(duplicates)), spans(duplicates, "duplicate sentence"))


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _places(words: list[str], anchors: set[str]) -> dict[str, list[int]]:
    """The word indexes of each anchor in `words`, in order."""
    places: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        if word in anchors:
            places.setdefault(word, []).append(index)
    return places


def _near_repeats(words: list[str], anchors: set[str]) -> list[tuple[int, int]]:
    """(first, repeat): word indexes of a window of NEAR_REPEAT_WORDS words and a later window in the same sentence
    that says nearly the same, both starting with the same anchor word, the windows apart."""
    found = []
    for indexes in _places(words, anchors).values():
        for first, repeat in itertools.combinations(indexes, 2):
            if repeat - first < NEAR_REPEAT_WORDS or repeat + NEAR_REPEAT_WORDS > len(words):
                continue
            one = " ".join(words[first : first + NEAR_REPEAT_WORDS])
            two = " ".join(words[repeat : repeat + NEAR_REPEAT_WORDS])
            if _has_digit(one + two):  # a list of figures ("Ohio: $20.9 million Nevada: $10.1 million") is no repeat
                continue
            if fuzz.ratio(one, two) >= NEAR_REPEAT_MIN_RATIO:
                found.append((first, repeat))
    return found


def _copy_distances(pairs: list[tuple[int, int]]) -> list[int]:
    """The distinct distances (in words) between sayings of a phrase: every anchor of one copy and the next finds
    about the same distance, so distances a few words apart are one. A phrase said three times shows two (d and
    2d, or d and e); said twice, one."""
    distances: list[int] = []
    for distance in sorted(repeat - first for first, repeat in pairs):
        if not distances or distance - distances[-1] > _SAME_COPY_SLACK:
            distances.append(distance)
    return distances


def _dense_runs(words: list[str]) -> list[tuple[int, int]]:
    """[first, stop) word ranges where a long word is said MIN_SAYINGS times, its sayings apart but all within
    MAX_SAYINGS_SPAN words: a phrase said three times keeps at least one of its long words all three times. Few
    ranges pass in ordinary prose, so the fuzzy comparison runs on those alone."""
    anchors = {w for w, count in Counter(words).items() if count >= MIN_SAYINGS and len(w) >= _MIN_ANCHOR_CHARS}
    runs = []
    for indexes in _places(words, anchors).values():
        for k in range(len(indexes) - MIN_SAYINGS + 1):
            sayings = indexes[k : k + MIN_SAYINGS]
            apart = all(b - a >= NEAR_REPEAT_WORDS for a, b in itertools.pairwise(sayings))
            if apart and sayings[-1] - sayings[0] <= MAX_SAYINGS_SPAN:
                runs.append((sayings[0], min(sayings[-1] + NEAR_REPEAT_WORDS, len(words))))
    return sorted(runs)


def near_repeat_spans(field: Field) -> tuple[list[Offsets], int]:
    """Stretches inside one sentence where a phrase is said three or more times with small changes, each from its
    first saying to the end of its last, and how many times it was said again (two for a phrase said three times).
    Said twice is left alone: parallel clauses ("possession of a weapon and second-degree possession of a weapon")
    are ordinary prose."""
    words = field.lower_words
    found: list[tuple[int, int]] = []
    repeats = 0
    for first, stop in _dense_runs(words):
        if found and first < found[-1][1]:
            continue  # another long word of a stretch already counted
        stretch = [word.strip(_EDGE_PUNCTUATION) for word in words[first:stop]]
        if any(word.endswith(_SENTENCE_END) for word in words[first : stop - 1]):
            continue  # the sayings are in different sentences
        anchors = {w for w, count in Counter(stretch).items() if count > 1 and len(w) >= _MIN_ANCHOR_CHARS}
        pairs = _near_repeats(stretch, anchors)
        again = len(_copy_distances(pairs))
        if again >= MIN_SAYINGS - 1:
            repeats += again
            found.append((first + min(a for a, _ in pairs), first + max(b for _, b in pairs) + NEAR_REPEAT_WORDS))
    places = field.word_spans if found else []
    return [(places[a][0], places[b - 1][1]) for a, b in found], repeats


def repeated_phrases_in_sentence(doc: Document) -> SignalResult:
    """Phrases said again with small changes inside one sentence of title or body ("the World Bank said it would
    screen the stream, the World Bank stated it would screen the flow"), up to 5: a spinner's word swaps."""
    title, title_repeats = near_repeat_spans(doc.title)
    text, text_repeats = near_repeat_spans(doc.text)
    evidence = (*spans(title, "phrase said again", "title"), *spans(text, "phrase said again"))
    return SignalResult(float(min(title_repeats + text_repeats, MAX_SPINNING_CUES)), capped(evidence))


def _is_stranded(text: str, at: int) -> bool:
    """Whether the quote mark at `at` has whitespace (or the text's edge) on both sides: it belongs to no word."""
    return (at == 0 or text[at - 1].isspace()) and (at + 1 == len(text) or text[at + 1].isspace())


def broken_quote_marks(field: Field) -> list[int]:
    """Offsets of the quote marks that stand alone between spaces, and of the last mark of each paragraph whose
    double quote marks (of any kind: scraped text mixes straight and curly ones) do not come in pairs. A paragraph
    whose quote runs on into the next (the next paragraph opens with a quote mark) is how news prints a quote of
    several paragraphs, and is not broken."""
    text, paragraphs = field.text, field.paragraphs
    marks = [match.start() for match in _DOUBLE_QUOTE.finditer(text)]
    if not marks:
        return []
    broken = {at for at in marks if _is_stranded(text, at)}
    for index, (start, end) in enumerate(paragraphs):
        first, stop = bisect_left(marks, start), bisect_left(marks, end)
        next_opens = index + 1 < len(paragraphs) and text[paragraphs[index + 1][0]] in _OPENING_QUOTES
        if (stop - first) % 2 and not next_opens:
            broken.add(marks[stop - 1])
    return sorted(broken)


def broken_quotes(doc: Document) -> SignalResult:
    """Quote marks in the body that pair with nothing in their paragraph or stand alone between spaces (a quote
    mangled by spinning or by a bad copy), up to 5; a quote that runs on over paragraphs is not broken."""
    field = doc.text
    marks = broken_quote_marks(field)
    # Each mark's evidence is its sentence, so an editor sees which quote; two marks in one sentence share it.
    sentences = dict.fromkeys(field.sentences[max(field.sentence_index(at), 0)] for at in marks)
    return SignalResult(float(min(len(marks), MAX_SPINNING_CUES)), spans(sentences, "broken quote"))


def _is_doubled(words: list[str], index: int, size: int) -> bool:
    """Whether the `size` words at `index` are said again right after, with punctuation only at the very end."""
    first, second = words[index : index + size], words[index + size : index + 2 * size]
    if len(second) < size or not all(word.isalpha() for word in first + second[:-1]):
        return False
    last = second[-1].rstrip(TRAILING_PUNCTUATION)
    if not last.isalpha() or first != [*second[:-1], last]:
        return False
    return not (size == 1 and last in _CORRECT_DOUBLES)


def doubled_run_candidates(words: list[str], size: int) -> list[int]:
    """Word indexes where the word `size` places on is the same (for size 1: the same once its closing punctuation
    is stripped). A measured big win over `doubled_run_candidates_plain`: the comparison runs as one C-level map."""
    following = itertools.islice(words, size, None)
    if size == 1:  # only a single repeated word can carry the closing punctuation on its second copy
        following = map(str.rstrip, following, itertools.repeat(TRAILING_PUNCTUATION))
    return list(itertools.compress(itertools.count(), map(operator.eq, words, following)))


def doubled_run_candidates_plain(words: list[str], size: int) -> list[int]:
    """What `doubled_run_candidates` gives, one comparison at a time."""
    return [
        i
        for i in range(len(words) - size)
        if words[i] == (words[i + size].rstrip(TRAILING_PUNCTUATION) if size == 1 else words[i + size])
    ]


def _doubled_words(field: Field) -> list[Span]:
    """ "the the", "the arrangement the arrangement": runs of 1-3 words said twice in a row, on one line."""
    words, text = field.lower_words, field.text
    found: list[Span] = []
    covered_until = -1
    candidates = ((i, n) for n in DOUBLED_RUN_SIZES for i in doubled_run_candidates(words, n))
    for index, size in sorted((i, n) for i, n in candidates if _is_doubled(words, i, n)):
        places = field.word_spans  # built only when there is a doubled run to point at
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


def _mojibake_matches(field: Field) -> list[re.Match]:
    """ftfy's mojibake sequences, searched only in the lines that hold a character outside ASCII and the typographic
    set (ftfy's scan of a whole text costs more than every other signal together; clean news has no such line)."""
    text = field.text
    if not _SUSPECT.search(text):
        return []
    matches = []
    for start, end in field.paragraphs:
        if _SUSPECT.search(text, start, end):
            matches.extend(badness_in_line(text, start, end))
    return matches


def badness_in_line(text: str, start: int, end: int) -> list[re.Match]:
    """What `BADNESS_RE.finditer(text, start, end)` finds (the plain version), tried only at the positions just
    before each character outside ASCII: a measured big win on real pages (docs/benchmarks.md), where ftfy's scan of
    a whole line with one odd character costs more than all the other signals. Exact because every ftfy match holds a
    character outside ASCII and starts at most BADNESS_MAX_LEAD characters before the first one, and ftfy's pattern
    does not look around (tests/test_signals_integrity.py checks both on the installed ftfy)."""
    places = [match.start() for match in _NON_ASCII.finditer(text, start, end)]
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
        return SignalResult(1.0, spans([ellipsis.span()], "ends on an ellipsis"))
    tail = _ENDS_MID_SENTENCE.search(field.text, max(start, end - TAIL_CHARS), end)
    if tail and _has_words(field.text[start:end], MIN_TRUNCATED_LINE_WORDS):
        return SignalResult(1.0, spans([tail.span()], "ends mid-sentence"))
    return SignalResult(0.0)
