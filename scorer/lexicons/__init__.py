"""The project's own commented lexicon files (`*.txt` beside this module), and fast matching over them.

File format: one phrase per line; `#` starts a comment; blank lines are ignored. Phrases are matched
case-insensitively on word boundaries. A phrase may end in `*` to match any word ending ("alleg*" matches
"alleged", "allegedly").

Two ways to match:
- `find(name, text)`: the fast path for signals. One Aho-Corasick automaton holds every phrase of every lexicon;
  it scans a text once (cached per text, so the second lexicon asked about the same string costs nothing) and
  each lexicon gets its leftmost-longest, non-overlapping hits. A space in a phrase matches any one whitespace
  character. A regex alternation of the same phrases costs 100-500 µs per lexicon on a 400-word article; the
  shared scan costs about 30 µs for all of them (ahocorasick_rs's DFA; pyahocorasick's trie took 50 µs).
  `find_each(names, text)` gives several lexicons' hits at once.
- `pattern(name)`: a compiled regex of the same phrases (a space matches any run of whitespace), for composing
  into larger regexes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import NamedTuple, NoReturn

import ahocorasick_rs

Offsets = tuple[int, int]
# Lexicons read by other code than signals; their many hits would slow every scan for nothing.
_NOT_SCANNED = frozenset({"caps_wordmarks", "english_function_words", "institutions"})
# Texts whose scans are kept per thread: an article's title, text and page text, plus one spare.
_SCANS_KEPT = 4
# Whitespace other than these ASCII ones is rare; it is folded only when the text is not ASCII.
_COMMON_WHITESPACE = ("\n", "\t", "\r", "\x0b", "\x0c")
# Every other character str.isspace() accepts, spelled out.
_OTHER_WHITESPACE_CHARS = (
    "\x1c\x1d\x1e\x1f\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
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


def _phrase_regex(phrase: str) -> str:
    stem = phrase[:-1] if phrase.endswith("*") else phrase
    body = r"\s+".join(re.escape(word) for word in stem.split())
    # A leading/trailing non-word character (e.g. "[email") gets no \b, which would never match there.
    left = r"\b" if stem[0].isalnum() else ""
    right = r"\w*" if phrase.endswith("*") else (r"\b" if stem[-1].isalnum() else "")
    return left + body + right


@cache
def pattern(name: str) -> re.Pattern:
    """One alternation for the whole lexicon, longest phrase first so the longest cue wins at a position."""
    phrases = sorted(load(name), key=len, reverse=True)
    return re.compile("|".join(_phrase_regex(p) for p in phrases), re.IGNORECASE)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def fold(text: str, lowered: str | None = None) -> str:
    """Lower-case `text` and turn every whitespace character into a space, keeping every offset in place.
    `lowered` is text.lower() when the caller has it already (lower-casing a text with curly quotes costs ~35 µs)."""
    lowered = text.lower() if lowered is None else lowered
    if len(lowered) != len(text):  # a few characters ("İ") lower-case to two; keep those as they are
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    for ch in _COMMON_WHITESPACE:  # str.replace runs at C speed; str.translate with a table is 20x slower here
        lowered = lowered.replace(ch, " ")
    if not lowered.isascii():
        # A replace that finds nothing returns the same string after one C-level scan; a regex substitution over a
        # text with a no-break space tested every character (~28k instructions an article on Webis).
        for ch in _OTHER_WHITESPACE_CHARS:
            lowered = lowered.replace(ch, " ")
    return lowered


class _Phrase(NamedTuple):
    """What the scan needs to know about one phrase of the automaton (by index)."""

    text: str | None  # the phrase, when a "?" in its bytes stands for a character a hit must be checked for
    opens_word: bool  # its first character is a word character, so a hit must not start inside a word
    closes_word: bool  # its last character is a word character, so a hit (not of a stem) must not end inside one
    owners: tuple[tuple[str, bool], ...]  # (lexicon name, phrase ends in "*") for each lexicon that holds it


class _Automaton(NamedTuple):
    """The shared automaton over every scanned phrase, and what the scan needs to know about each phrase."""

    search: ahocorasick_rs.BytesAhoCorasick
    phrases: tuple[_Phrase, ...]


@cache
def _automaton() -> _Automaton:
    owners: dict[str, list[tuple[str, bool]]] = {}
    for name in available():
        if name in _NOT_SCANNED:
            continue
        for phrase in load(name):
            key = " ".join(phrase.rstrip("*").lower().split())
            owners.setdefault(key, []).append((name, phrase.endswith("*")))
    patterns = [_one_byte_per_character(key) for key in owners]
    search = ahocorasick_rs.BytesAhoCorasick(patterns, implementation=ahocorasick_rs.Implementation.DFA)
    phrases = (
        _Phrase(key if b"?" in pattern else None, _word_char(key[0]), _word_char(key[-1]), tuple(names))
        for (key, names), pattern in zip(owners.items(), patterns, strict=True)
    )
    return _Automaton(search, tuple(phrases))


def _one_byte_per_character(text: str) -> bytes:
    """`text` as ASCII bytes, with "?" for every other character, so byte offsets are character offsets.

    The automaton scans these bytes, not the text: given a str, ahocorasick_rs encodes it as UTF-8 and maps every
    byte offset back to a character offset, which cost about as much as its scan (~28k instructions an article).
    A phrase with a "?" in its bytes ("here’s why") matches wherever the text has any character there, so its hits are
    checked against the text."""
    return text.encode("ascii", "replace")


def _leftmost_longest(spans: list[Offsets]) -> list[Offsets]:
    kept: list[Offsets] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _scan(text: str, lowered: str | None) -> dict[str, list[Offsets]]:
    folded = fold(text, lowered)
    size = len(folded)
    automaton = _automaton()
    hits: dict[str, list[Offsets]] = {}
    # Lexicons with a hit that starts before the previous one ends: only they need sorting into leftmost-longest.
    # Every other lexicon's hits are in order and apart already, which _leftmost_longest would keep as they are
    # (most lexicons of most texts; sorting each cost ~1 µs).
    tangled: set[str] = set()
    # Overlapping matches: each lexicon picks its own leftmost-longest hits, after the word-boundary checks below.
    # The characters inside a match are the phrase's own, so only the ones outside it are looked at.
    matches = automaton.search.find_matches_as_indexes(_one_byte_per_character(folded), overlapping=True)
    for index, start, end in matches:
        phrase = automaton.phrases[index]
        if phrase.text is not None and folded[start:end] != phrase.text:
            continue  # its "?" stood for another character
        if phrase.opens_word and start > 0 and _word_char(folded[start - 1]):
            continue  # starts inside a word
        for name, is_stem in phrase.owners:
            stop = end
            if is_stem:
                while stop < size and _word_char(folded[stop]):
                    stop += 1
            elif phrase.closes_word and stop < size and _word_char(folded[stop]):
                continue  # ends inside a word
            spans = hits.get(name)
            if spans is None:
                hits[name] = [(start, stop)]
            else:
                if start < spans[-1][1]:
                    tangled.add(name)
                spans.append((start, stop))
    for name in tangled:
        hits[name] = _leftmost_longest(hits[name])
    return hits


_recent = threading.local()


def _hits(text: str, lowered: str | None) -> dict[str, list[Offsets]]:
    """The scan of `text`, from the per-thread cache of recent texts (matched by identity, not equality)."""
    scans = getattr(_recent, "scans", None)
    if scans is None:
        scans = _recent.scans = []
    for seen, hits in scans:
        if seen is text:
            return hits
    hits = _scan(text, lowered)
    scans.insert(0, (text, hits))
    del scans[_SCANS_KEPT:]
    return hits


def find(name: str, text: str, lowered: str | None = None) -> list[Offsets]:
    """Offsets of the phrases of lexicon `name` in `text` (leftmost-longest, non-overlapping, in order).
    Pass `lowered` (exactly text.lower()) when you have it: the first scan of a text then skips lower-casing it."""
    if name not in _scanned_names():
        _refuse(name)
    return _hits(text, lowered).get(name, [])


def find_each(names: Iterable[str], text: str, lowered: str | None = None) -> dict[str, list[Offsets]]:
    """`{name: find(name, text, lowered)}` for each of `names`, with one cache look-up for them all."""
    names = tuple(names)
    scanned = _scanned_names()
    if not scanned.issuperset(names):
        _refuse(next(name for name in names if name not in scanned))
    hits = _hits(text, lowered)
    return {name: hits.get(name, []) for name in names}


def _refuse(name: str) -> NoReturn:
    load(name)  # raises UnknownLexiconError with the known names
    raise UnknownLexiconError(f"lexicon '{name}' is not scanned; use pattern('{name}') or load('{name}')")


@cache
def _scanned_names() -> frozenset[str]:
    return frozenset(available()) - _NOT_SCANNED
