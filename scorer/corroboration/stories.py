"""Stories: the articles of a batch that tell the same story, found by content similarity in near-linear time.

Each article is reduced to the set of its content words (title and text, lowercased, the English function words left
out). MinHash/LSH (datasketch) proposes the pairs whose sets probably overlap; a proposed pair is kept when the exact
Jaccard similarity of the two sets is at least SAME_STORY_JACCARD. Kept pairs join articles into groups (connected
components), and a group is a story when its articles come from at least two sources. Cost: one MinHash per article
and a few LSH look-ups, so time grows with the number of articles, not with the number of pairs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache
from urllib.parse import urlsplit

import numpy as np
from datasketch import MinHash, MinHashLSH

from scorer.article import Article

# Exact Jaccard similarity of content-word sets at or above which two articles tell the same story. Measured on the
# invented story families and unrelated articles of tests/fixtures (docs/corroboration.md): versions of one story
# overlap by 0.29 or more, articles of different stories by 0.14 at most.
SAME_STORY_JACCARD = 0.25
# LSH in 64 bands of 2 MinHash values (128 permutations): a pair with a Jaccard similarity of 0.25 is proposed with
# probability 1 - (1 - 0.25**2)**64 = 0.984, one of 0.30 with 0.998, and a typical unrelated pair (0.05) with 0.15, to
# be dropped by the exact check. datasketch's own choice for a 0.25 threshold (42 bands of 3) proposes a pair at 0.25
# only half the time.
LSH_BANDS, LSH_ROWS = 64, 2
NUM_PERM = LSH_BANDS * LSH_ROWS
# A proposed pair is checked exactly only when its MinHash estimate is within this of the threshold (3 standard
# errors at 0.25 with 128 permutations): most proposals are unrelated pairs, and the estimate costs a vector compare.
ESTIMATE_MARGIN = 0.12
# An article with fewer content words than this is too short to tell which story it belongs to.
MIN_CONTENT_WORDS = 15
# Host prefixes that do not make another outlet ("www.example" and "m.example" are one source).
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_WORD = re.compile(r"\w+")


@cache
def _function_words() -> frozenset[str]:
    from scorer import lexicons

    return frozenset(lexicons.load("english_function_words"))


def content_words(article: Article) -> frozenset[str]:
    """The lowercased words of the title and text, without English function words and numbers."""
    stop = _function_words()
    words = _WORD.findall(f"{article.title}\n{article.text}".lower())
    return frozenset(w for w in words if w not in stop and not w.isdigit())


def source_key(article: Article, index: int) -> str:
    """Who published the article: the URL's host (without www.), else the `source` name; an article with neither is
    a source of its own."""
    host = urlsplit(article.url).hostname if article.url else None
    if host:
        for prefix in _HOST_PREFIXES:
            host = host.removeprefix(prefix)
        return f"host:{host}"
    if article.source and article.source.strip():
        return f"name:{' '.join(article.source.lower().split())}"
    return f"unknown:{index}"


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if a or b else 0.0


def similar_pairs(word_sets: Sequence[frozenset[str]], threshold: float = SAME_STORY_JACCARD) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, whose content-word sets have a Jaccard similarity of at least `threshold`: proposed by
    MinHash/LSH, checked exactly."""
    usable = [i for i, words in enumerate(word_sets) if len(words) >= MIN_CONTENT_WORDS]
    if len(usable) < 2:
        return []
    hashes = MinHash.bulk([[w.encode("utf-8") for w in word_sets[i]] for i in usable], num_perm=NUM_PERM)
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))
    values = np.array([minhash.hashvalues for minhash in hashes])
    row_of = {index: row for row, index in enumerate(usable)}
    pairs = set()
    for index, minhash in zip(usable, hashes, strict=True):
        candidates = lsh.query(minhash)
        if candidates:
            estimates = (values[[row_of[c] for c in candidates]] == values[row_of[index]]).mean(axis=1)
            for other, estimate in zip(candidates, estimates.tolist(), strict=True):
                if estimate >= threshold - ESTIMATE_MARGIN and jaccard(word_sets[index], word_sets[other]) >= threshold:
                    pairs.add((other, index))
        lsh.insert(index, minhash)
    return sorted(pairs)


def connected_groups(count: int, pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """The groups of indexes joined by `pairs` (union-find), each sorted, in order of their first index; singletons
    are left out."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(count):
        groups.setdefault(root(i), []).append(i)
    return [members for members in groups.values() if len(members) > 1]


def group_stories(articles: Sequence[Article], threshold: float = SAME_STORY_JACCARD) -> list[list[int]]:
    """Stories among `articles`: lists of indexes (in input order) of similar articles from at least two sources."""
    pairs = similar_pairs([content_words(a) for a in articles], threshold)
    sources = [source_key(article, i) for i, article in enumerate(articles)]
    return [g for g in connected_groups(len(articles), pairs) if len({sources[i] for i in g}) >= 2]


def story_id(article_ids: Sequence[str]) -> str:
    """A stable id for the story made of these articles: the same articles give the same id, in any order."""
    digest = hashlib.sha256("\x1f".join(sorted(article_ids)).encode("utf-8", "surrogatepass")).hexdigest()
    return f"story-{digest[:12]}"
