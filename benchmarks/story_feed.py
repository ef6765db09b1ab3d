"""Invented news feeds for the corroboration benchmark: stories in four versions scattered among unrelated articles.

Every word that names something is made up from syllables, so no corpus text is needed and two stories share only
the function words and the sentence frames. A story has
- a wire original: figures, two quotes and named sources;
- a rewrite: about a quarter of its content words swapped, figures spelled another way ("£12m" for "£12 million"),
  one quote trimmed;
- a blog copy: the wire's first five sentences;
- a regional copy: the wire with a figure and a quote nobody else has.
Versions of one story are placed at random within SPREAD items of each other (as a feed ordered by time holds them).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

VERSIONS = ("wire", "rewrite", "blog", "regional")
# Versions of one story lie within this many items of each other in the feed.
SPREAD = 600
_SYLLABLES = ("ka", "lo", "ven", "mar", "ti", "dro", "sel", "ba", "nor", "qui", "fen", "ras", "tol", "mi", "zan",
              "pe", "gor", "lu", "ber", "sha", "kel", "dun", "vi", "ost", "ram", "cle", "hu", "jas", "pri", "wen")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
# Made-up words per story; the first 31 fill the fixed sentences, the rest the background sentences and the swaps.
_NOUNS = 90
# Background sentences: function words and the story's own words only, so that two stories share few content words.
_BACKGROUND = (
    "The {0} of {place} has been {1} for {2}, and the {3} {4} the {5}.",
    "It was not the {0} in {place}: the {1} {2} had {3} the {4} in the {5}.",
    "The {0} {1} were {2} by the {3}, and the {4} had {5} with the {0}.",
    "For the {0}, the {1} will {2} on the {3} and the {4} that {5} it.",
)
_BACKGROUND_SENTENCES = 8


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def _name(rng: random.Random) -> str:
    return f"{_word(rng, 2).title()} {_word(rng, 3).title()}"


@dataclass
class _Facts:
    """What one story is about: its names, words and figures."""

    place: str
    org: str
    people: tuple[str, str]
    nouns: list[str]
    money: int
    count: int
    percent: int
    day: str


def _facts(rng: random.Random) -> _Facts:
    return _Facts(_word(rng, 3).title(), f"{_word(rng, 3).title()} {_word(rng, 3).title()}",
                  (_name(rng), _name(rng)), [_word(rng, rng.choice((2, 3))) for _ in range(_NOUNS)],
                  rng.randrange(2, 900), rng.randrange(1_100, 9_900), rng.randrange(3, 95), rng.choice(_DAYS))


def _quote(rng: random.Random, nouns: list[str], words: int = 12) -> str:
    frame = ["we", "will", "not", "the", "of", "this", "and", "for", "is", "a", "to", "in"]
    return " ".join(rng.choice(nouns) if i % 2 else rng.choice(frame) for i in range(words)).capitalize()


def _wire(rng: random.Random, f: _Facts) -> list[str]:
    """Fixed sentence frames hold the claims; their few fixed content words ("told reporters", "according to",
    "percent") are what real reports share too."""
    n = f.nouns
    first, second = f.people
    quote_one, quote_two = _quote(rng, n), _quote(rng, n)
    return [
        f"The {f.org} said on {f.day} that it would {n[0]} the {n[1]} {n[2]} in {f.place} after {n[3]}.",
        f'"{quote_one}," {first} told reporters at the {n[4]} in {f.place}.',
        f"The {n[31]} will {n[32]} £{f.money} million and {n[33]} {f.count:,} {n[5]} {n[6]}, according to the "
        f"{f.org}.",
        f"{second} said {f.percent} percent of the {n[7]} had {n[8]} since the {n[9]} {n[34]}.",
        f"The {n[10]} of {f.place} has been {n[11]} for {n[12]}, and the {n[13]} {n[14]} the {n[15]}.",
        f'"{quote_two}," {second} said.',
        f"The {n[16]} of the {n[35]} said the {n[17]} would {n[18]} the {n[19]} of the {n[20]} {n[21]}.",
        f"The {f.org} will {n[36]} the {n[22]} {n[23]} and the {n[24]} of the {n[25]}.",
        f"The {n[37]} of {f.place} said the {n[26]} {n[27]} had {n[28]} the {n[29]} and the {n[30]}.",
        *_background(rng, f),
    ]


def _background(rng: random.Random, f: _Facts) -> list[str]:
    return [rng.choice(_BACKGROUND).format(*rng.sample(f.nouns[40:], 6), place=f.place)
            for _ in range(_BACKGROUND_SENTENCES)]


def _rewrite(rng: random.Random, f: _Facts, wire: list[str]) -> list[str]:
    swaps = {word: _word(rng, 3) for word in rng.sample(f.nouns, len(f.nouns) // 4)}
    out = []
    for sentence in wire:
        words = [swaps.get(w, w) for w in sentence.split(" ")]
        out.append(" ".join(words))
    out[2] = out[2].replace(f"£{f.money} million", f"£{f.money}m")  # the same figures, spelled another way
    out[3] = out[3].replace(f"{f.percent} percent", f"{f.percent} per cent")
    quote = out[1].split('"')[1]
    out[1] = f'{f.people[0]} said the plan would "{" ".join(quote.rstrip(",").split()[2:])}".'  # trimmed quote
    out[5], out[6] = out[6], out[5]
    return out


def _regional(rng: random.Random, f: _Facts, wire: list[str]) -> list[str]:
    extra_figure = f"A further {rng.randrange(11, 99)} {f.nouns[38]} {f.nouns[39]} are expected to {f.nouns[3]}."
    extra_quote = f'"{_quote(rng, f.nouns[30:])}," councillor {_name(rng)} said.'
    return [*wire[:4], extra_figure, *wire[4:6], extra_quote, *wire[6:]]


def story_versions(rng: random.Random) -> dict[str, tuple[str, str]]:
    """(title, text) of each version of one invented story."""
    f = _facts(rng)
    wire = _wire(rng, f)
    title = f"{f.place} {f.nouns[0]} {f.nouns[1]}: {f.org} to {f.nouns[2]}"
    texts = {"wire": wire, "rewrite": _rewrite(rng, f, wire), "blog": wire[:5], "regional": _regional(rng, f, wire)}
    return {name: (title, "\n".join(sentences) + "\n") for name, sentences in texts.items()}


def unrelated_article(rng: random.Random) -> tuple[str, str]:
    f = _facts(rng)
    return f"{f.place} {f.nouns[0]} {f.nouns[1]}: {f.org} to {f.nouns[2]}", "\n".join(_wire(rng, f)) + "\n"


def feed(items: int, stories: int, seed: int = 7) -> list[dict]:
    """`items` articles: `stories` stories in four versions from four outlets, scattered within SPREAD items of
    each other, the rest unrelated. Each item has id, url, title, text and `story` (the truth: a story number or
    None)."""
    rng = random.Random(seed)
    placed: list[tuple[float, dict]] = []
    for number in range(stories):
        start = rng.uniform(0, max(items - SPREAD, 1))
        for version, (title, text) in story_versions(rng).items():
            article = {"id": f"s{number}-{version}", "url": f"https://{version}-{number % 7}.example/{number}",
                       "title": title, "text": text, "story": number}
            placed.append((start + rng.uniform(0, SPREAD), article))
    for number in range(items - len(placed)):
        title, text = unrelated_article(rng)
        placed.append((rng.uniform(0, items), {"id": f"u{number}", "url": f"https://outlet-{number % 50}.example/"
                                               f"{number}", "title": title, "text": text, "story": None}))
    placed.sort(key=lambda pair: pair[0])
    return [article for _, article in placed]
