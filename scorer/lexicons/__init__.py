"""The project's own commented lexicon files (`*.txt` beside this module), and matching over them.

File format: one phrase per line; `#` starts a comment; blank lines are ignored. Phrases are matched
case-insensitively on word boundaries. A phrase may end in `*` to match any word ending ("alleg*" matches
"alleged", "allegedly"). A space in a phrase matches any one whitespace character.

`scan(text)` is a measured big win (docs/benchmarks.md): one Aho-Corasick automaton holds every phrase of every
scanned lexicon and reads a text once; each lexicon gets its leftmost-longest, non-overlapping hits. `find_plain`
beside it is the plain way, one regex alternation per lexicon; tests/test_lexicons.py checks they agree.
A signal reads the hits through `Field.lexicon_hits` (segment.py), scanned once per field.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import NamedTuple

import ahocorasick_rs

# Lexicons read by other code than signals; their many hits would slow every scan for nothing.
_NOT_SCANNED = frozenset({"caps_wordmarks", "english_function_words", "institutions"})
# Every character str.isspace() accepts, ASCII ones first (the others are looked for only in a non-ASCII text).
_WHITESPACE = "\n\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + (
    "\u2028\u2029\u202f\u205f\u3000"
)


class UnknownLexiconError(KeyError):
    pass


def available() -> list[str]:
    return sorted(p.name[:-4] for p in resources.files(__package__).iterdir() if p.name.endswith(".txt"))


@cache
def load(name: str) -> tuple[str, ...]:
    path = resources.files(__package__) / f"{name}.txt"
    if not path.is_file():
        raise UnknownLexiconError(f"no lexicon '{name}'; known: {', '.join(available())}")
    phrases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        phrase = line.split("#", 1)[0].strip()
        if phrase:
            phrases.append(phrase)
    return tuple(phrases)


@cache
def scanned_names() -> frozenset[str]:
    return frozenset(available()) - _NOT_SCANNED


def scanned(name: str) -> str:
    """`name`, when it is a scanned lexicon; else an UnknownLexiconError that says what to do."""
    if name not in scanned_names():
        load(name)  # raises UnknownLexiconError with the known names
        raise UnknownLexiconError(f"lexicon '{name}' is not scanned; read it with load('{name}')")
    return name


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# A run of word characters: what `_word_char` accepts (the regex \w is str.isalnum() or "_").
_WORD_CHARS = re.compile(r"\w*")


def fold(text: str, lowered: str | None = None) -> str:
    """Lower-case `text` and turn every whitespace character into a space, keeping every offset in place.
    `lowered` is text.lower() when the caller has it already."""
    lowered = text.lower() if lowered is None else lowered
    if len(lowered) != len(text):  # a few characters ("İ") lower-case to two; keep those as they are
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    for ch in _WHITESPACE if not lowered.isascii() else _WHITESPACE[:5]:
        lowered = lowered.replace(ch, " ")
    return lowered


# The automaton's layout, an ahocorasick_rs.Implementation by name. The contiguous NFA is a fraction of the DFA's
# size, so less of it has left the CPU caches when the next article is scanned: faster in the scoring pipeline,
# though not in a loop of scans alone (benchmarks/fast_paths.py times both after scoring another article).
AUTOMATON = "ContiguousNFA"


class _Phrase(NamedTuple):
    """What the scan needs to know about one phrase of the automaton, worked out once when it is built."""

    # The phrase, when it holds a character outside ASCII (a "?" in its bytes): a hit must then be compared with it.
    checked_text: str | None
    # Its first (last) character is a word character, so a hit must not start (end) inside a word.
    opens_word: bool
    closes_word: bool
    owners: tuple[tuple[str, bool], ...]  # (lexicon name, phrase ends in "*") for each lexicon that holds it


@cache
def _automaton(implementation: str = AUTOMATON) -> tuple[ahocorasick_rs.BytesAhoCorasick, tuple[_Phrase, ...]]:
    """The automaton over every scanned phrase, and for each phrase (by index) what the scan needs to know of it."""
    owners: dict[str, list[tuple[str, bool]]] = {}
    for name in sorted(scanned_names()):
        for phrase in load(name):
            key = " ".join(phrase.rstrip("*").lower().split())
            owners.setdefault(key, []).append((name, phrase.endswith("*")))
    patterns = [_one_byte_per_character(key) for key in owners]
    layout = getattr(ahocorasick_rs.Implementation, implementation)
    search = ahocorasick_rs.BytesAhoCorasick(patterns, implementation=layout)
    phrases = tuple(
        _Phrase(None if key.isascii() else key, _word_char(key[0]), _word_char(key[-1]), tuple(names))
        for key, names in owners.items()
    )
    return search, phrases


def _one_byte_per_character(text: str) -> bytes:
    """`text` as ASCII bytes with "?" for every other character, so that byte offsets are character offsets and any
    string can be scanned (a str automaton encodes to UTF-8 and fails on a lone surrogate). A phrase with a
    character outside ASCII matches wherever the text has any character there, so its hits are checked."""
    return text.encode("ascii", "replace")


def _leftmost_longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def scan(text: str, lowered: str | None = None, implementation: str = AUTOMATON) -> dict[str, list[tuple[int, int]]]:
    """{lexicon: [(start, end), ...]} for every scanned lexicon with a hit in `text` (leftmost-longest, in order).
    Every `implementation` of the automaton finds the same hits; they differ in speed (see AUTOMATON)."""
    folded = fold(text, lowered)
    size = len(folded)
    search, phrases = _automaton(implementation)
    hits: dict[str, list[tuple[int, int]]] = {}
    # Lexicons with a hit that starts before the one before it ends: only their hits need sorting out.
    tangled: set[str] = set()
    for index, start, end in search.find_matches_as_indexes(_one_byte_per_character(folded), overlapping=True):
        checked_text, opens_word, closes_word, owners = phrases[index]
        if opens_word and start > 0 and _word_char(folded[start - 1]):
            continue  # starts inside a word
        if checked_text is not None and folded[start:end] != checked_text:
            continue  # a "?" in its bytes stood for another character
        for name, is_stem in owners:
            stop = end
            if is_stem:
                stop = _WORD_CHARS.match(folded, end).end()
            elif closes_word and stop < size and _word_char(folded[stop]):
                continue  # ends inside a word
            spans = hits.setdefault(name, [])
            if spans and start < spans[-1][1]:
                tangled.add(name)
            spans.append((start, stop))
    for name in tangled:
        hits[name] = _leftmost_longest(hits[name])
    return hits


def find(name: str, text: str) -> list[tuple[int, int]]:
    """Offsets of the phrases of lexicon `name` in `text` (leftmost-longest, non-overlapping, in order)."""
    return scan(text).get(scanned(name), [])


def _phrase_regex(phrase: str) -> str:
    stem = phrase[:-1] if phrase.endswith("*") else phrase
    body = r"\s".join(re.escape(word) for word in stem.split())
    # A leading/trailing non-word character (e.g. "[email") gets no \b, which would never match there.
    left = r"\b" if stem[0].isalnum() else ""
    right = r"\w*" if phrase.endswith("*") else (r"\b" if stem[-1].isalnum() else "")
    return left + body + right


@cache
def _plain_pattern(name: str) -> re.Pattern:
    """One alternation for the whole lexicon, longest phrase first so the longest cue wins at a position."""
    phrases = sorted(load(name), key=len, reverse=True)
    return re.compile("|".join(_phrase_regex(p) for p in phrases), re.IGNORECASE)


def find_plain(name: str, text: str) -> list[tuple[int, int]]:
    """What `find` gives, the plain way: one regex alternation per lexicon (many times slower over all lexicons)."""
    return [match.span() for match in _plain_pattern(scanned(name)).finditer(text)]
