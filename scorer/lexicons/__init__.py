"""Load the project's own commented lexicon files (`*.txt` beside this module) as compiled regexes.

File format: one phrase per line; `#` starts a comment; blank lines are ignored. Phrases are matched
case-insensitively on word boundaries, with any run of spaces in a phrase matching any whitespace.
A phrase may end in `*` to match any word ending ("alleg*" matches "alleged", "allegedly").
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


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
