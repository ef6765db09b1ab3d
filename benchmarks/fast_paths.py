"""The fast paths the signals keep, each timed beside the plain version in its module, on the same Webis articles.

A fast path stays only for a material gain on real articles; the plain version is what it must equal (the tests
check that) and what it is measured against here. CPU time of the thread, so other processes on the machine do not
count.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from ftfy.badness import BADNESS_RE

import scorer
from benchmarks.signals_speed import load_articles
from scorer import lexicons, wording
from scorer.article import MIN_WORDS, Article
from scorer.segment import Field, count_words, has_words, segment, split_sentences, split_sentences_plain
from scorer.signals import integrity

ROUNDS = 5


Run = Callable[[str], object]


def _cpu_micros_pair(fast: Run, plain: Run, texts: list[str]) -> tuple[float, float]:
    """The best over ROUNDS of the CPU microseconds per text of `fast` and of `plain`, their rounds alternating so
    that both meet the same load on a shared machine."""
    best = [float("inf"), float("inf")]
    for _ in range(ROUNDS):
        for slot, run in enumerate((fast, plain)):
            started = time.thread_time()
            for text in texts:
                run(text)
            best[slot] = min(best[slot], 1e6 * (time.thread_time() - started) / len(texts))
    return best[0], best[1]


def _scan_plain(text: str) -> None:
    for name in lexicons.scanned_names():
        lexicons.find_plain(name, text)


def _doubled(candidates: Callable[[list[str], int], list[int]]) -> Callable[[str], object]:
    def run(text: str) -> None:
        words = text.lower().split()
        for size in integrity.DOUBLED_RUN_SIZES:
            candidates(words, size)

    return run


def _mojibake(search: Callable[[str, int, int], object]) -> Callable[[str], object]:
    def run(text: str) -> None:
        for start, end in Field("text", text).paragraphs:
            if integrity._SUSPECT.search(text, start, end):
                search(text, start, end)

    return run


def _term_counts_plain(terms: wording.Wording) -> Run:
    known = frozenset(terms.terms)
    return lambda text: Counter(term for term, _, _ in wording.occurrences(text) if term in known)


def _term_counts_fast(terms: wording.Wording) -> Run:
    known = frozenset(terms.terms)
    return lambda text: wording.SplitText.of(text).term_counts(known)


def _strongest(terms: wording.Wording, n: int = 20) -> frozenset[str]:
    ranked = sorted(zip(terms.terms, terms.coefficients, strict=True), key=lambda pair: -abs(pair[1]))
    return frozenset(term for term, _ in ranked[:n])


def _strongest_terms_plain(terms: wording.Wording) -> Run:
    strongest = _strongest(terms)
    return lambda text: [occurrence for occurrence in wording.occurrences(text) if occurrence[0] in strongest]


def _strongest_terms_fast(terms: wording.Wording) -> Run:
    strongest = _strongest(terms)
    return lambda text: wording.SplitText.of(text).find(strongest)


def _duplicate_sentences(signal: Callable) -> Run:
    """`signal` on each text's document as the integrity family leaves it for duplicate sentences: its words,
    sentences and repeated 5-grams already known (repeated_phrase_share runs first)."""
    documents: dict[str, object] = {}

    def run(text: str) -> object:
        if text not in documents:
            document = segment(Article(text=text))
            _ = document.text.sentences, document.repeated_ngram_starts  # known when the signal runs in scoring
            documents[text] = document
        return signal(documents[text])

    return run


def _scan_after_scoring(model, articles: list[dict], layout: str) -> float:
    """CPU µs per article of the lexicon scan of each text with the automaton `layout`, each scan right after
    `model.score` of the article before: the CPU caches hold what the rest of scoring left in them, as in service."""
    spent = 0.0
    for index, article in enumerate(articles):
        model.score(articles[index - 1])
        started = time.thread_time()
        lexicons.scan(article["text"], implementation=layout)
        spent += time.thread_time() - started
    return 1e6 * spent / len(articles)


def _layout_lines(model, articles: list[dict]) -> list[str]:
    """The lexicon automaton's kept layout timed beside the DFA, after scoring (best of ROUNDS, alternating)."""
    layouts = (lexicons.AUTOMATON, "DFA")
    best = dict.fromkeys(layouts, float("inf"))
    for _ in range(ROUNDS):
        for layout in layouts:
            best[layout] = min(best[layout], _scan_after_scoring(model, articles, layout))
    kept, other = best[lexicons.AUTOMATON], best["DFA"]
    return [
        "",
        "A choice that is faster only inside the pipeline, timed there: each scan right after `model.score` of "
        f"another article (CPU µs per article, best of {ROUNDS} rounds, alternating).\n",
        "| what | kept | alternative | alternative / kept |",
        "|---|---:|---:|---:|",
        f"| lexicon hits: the automaton as a contiguous NFA (kept) or a DFA (lexicons) | {kept:.1f} | {other:.1f} | "
        f"{other / max(kept, 1e-9):.2f}x |",
    ]


def run(datasets: Path) -> str:
    articles, _, _ = load_articles(datasets)
    texts = [article["text"] for article in articles]
    model = scorer.load_model()
    terms = model.wording
    rows = [
        ("sentence splitter (segment.py)", split_sentences, split_sentences_plain),
        ("lexicon hits, every scanned lexicon (lexicons)", lexicons.scan, _scan_plain),
        (
            "doubled-word candidates, runs of 1-3 (integrity.py)",
            _doubled(integrity.doubled_run_candidates),
            _doubled(integrity.doubled_run_candidates_plain),
        ),
        (
            "too-short check at ingest: has_words vs count_words (segment.py)",
            lambda text: has_words(text, MIN_WORDS),
            lambda text: count_words(text) >= MIN_WORDS,
        ),
        (
            "duplicate sentences, the repeated 5-grams known (integrity.py)",
            _duplicate_sentences(integrity.duplicate_sentence_share),
            _duplicate_sentences(integrity.duplicate_sentence_share_plain),
        ),
        (
            "mojibake search in lines with an odd character (integrity.py)",
            _mojibake(integrity.badness_in_line),
            _mojibake(lambda text, start, end: list(BADNESS_RE.finditer(text, start, end))),
        ),
    ]
    if terms is not None:
        rows.append((
            "counts of the shipped model's wording terms in a text (wording.py)",
            _term_counts_fast(terms),
            _term_counts_plain(terms),
        ))  # fmt: skip
        rows.append((
            "spans of 20 wording terms in a text (wording.py)",
            _strongest_terms_fast(terms),
            _strongest_terms_plain(terms),
        ))  # fmt: skip
    lines = [
        "## Fast paths beside their plain versions\n",
        f"{len(texts)} Webis articles as in the section above; CPU µs per article (best of {ROUNDS} rounds, "
        "fast and plain alternating). "
        "Command: `python -m benchmarks --only fast_paths`.\n",
        "| what | fast path | plain version | plain / fast |",
        "|---|---:|---:|---:|",
    ]
    for name, fast, plain in rows:
        fast_us, plain_us = _cpu_micros_pair(fast, plain, texts)
        lines.append(f"| {name} | {fast_us:.1f} | {plain_us:.1f} | {plain_us / max(fast_us, 1e-9):.1f}x |")
    lines += _layout_lines(model, articles)
    return "\n".join(lines) + "\n"
