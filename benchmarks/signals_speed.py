"""Throughput on one core: signal extraction alone, extraction + scoring, and a TF-IDF + LR baseline.

All three run in the same process on the same ~400-word articles from the Webis corpus (read at run time, never
stored in the repo). Each is timed per article (what the API does for one request) and in batches of 256
(what batch scoring does). BLAS/OpenMP pools are pinned to one thread so "one core" means one core.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from threadpoolctl import threadpool_limits

import scorer
from scorer.model import freeze_loaded_objects
from scorer.signals import SIGNAL_NAMES, extract_signals

# Articles of 300-500 words: the "~400-word article".
WORD_RANGE = (300, 500)
SAMPLE_SIZE = 400
BATCH = 256
# Each measurement repeats until it has run at least this long, so short runs do not dominate the noise.
MIN_SECONDS = 3.0


def load_articles(datasets: Path) -> tuple[list[dict], list[str], list[int]]:
    """(benchmark articles, training texts, training labels) from the Webis corpus."""
    frame = pd.read_csv(datasets / "webis_buzzfeed_2016" / "articles.csv", usecols=["title", "text", "label_binary"])
    frame = frame.dropna(subset=["text"])
    words = frame["text"].str.split().str.len()
    sample = frame[(words >= WORD_RANGE[0]) & (words <= WORD_RANGE[1])].head(SAMPLE_SIZE)
    labelled = frame.dropna(subset=["label_binary"])
    articles = [
        {"title": t if isinstance(t, str) else "", "text": x} for t, x in zip(sample.title, sample.text, strict=True)
    ]
    return articles, labelled["text"].tolist(), labelled["label_binary"].astype(int).tolist()


def rate(run_once: Callable[[], int]) -> float:
    """Articles per second: repeat `run_once` (which returns how many articles it handled) for MIN_SECONDS."""
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < MIN_SECONDS or done == 0:
        done += run_once()
    return done / elapsed


def per_article(func: Callable, items: Sequence) -> Callable[[], int]:
    def run() -> int:
        for item in items:
            func(item)
        return len(items)

    return run


def batched(func: Callable, items: Sequence) -> Callable[[], int]:
    def run() -> int:
        for i in range(0, len(items), BATCH):
            func(items[i : i + BATCH])
        return len(items)

    return run


def run(datasets: Path) -> str:
    articles, train_texts, train_labels = load_articles(datasets)
    texts = [a["text"] for a in articles]
    median_words = int(pd.Series([len(t.split()) for t in texts]).median())
    tfidf = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2), LogisticRegression(max_iter=1000))
    tfidf.fit(train_texts, train_labels)
    model = scorer.load_model()
    freeze_loaded_objects()  # as the API and batch workers do once their model is loaded

    with threadpool_limits(1):
        rows = [
            (
                "TF-IDF (1-2 gram) + LR, baseline",
                rate(per_article(lambda t: tfidf.predict_proba([t]), texts)),
                rate(batched(tfidf.predict_proba, texts)),
            ),
            (
                "signal extraction (ingest + segment + all signals)",
                rate(per_article(lambda a: extract_signals(scorer.from_dict(a)), articles)),
                None,
            ),
            (
                "extraction + scoring (`model.score` / `model.score_many`)",
                rate(per_article(model.score, articles)),
                rate(batched(model.score_many, articles)),
            ),
        ]
    baseline_single, baseline_batch = rows[0][1], rows[0][2]
    ours_single, ours_batch = rows[2][1], rows[2][2]
    lines = [
        "## Signals and scoring throughput (one core)\n",
        f"{len(articles)} Webis articles of {WORD_RANGE[0]}-{WORD_RANGE[1]} words (median {median_words}), "
        f"{len(SIGNAL_NAMES)} signals, model `{model.version}`; each figure repeats for at least {MIN_SECONDS:.0f} s "
        f"with BLAS/OpenMP pinned to one thread, after `gc.freeze()` as in the API and batch workers. "
        "Command: `python -m benchmarks --only signals_speed`.\n",
        "| pipeline | articles/s, one at a time | articles/s, batches of 256 |",
        "|---|---:|---:|",
    ]
    for name, single, batch in rows:
        lines.append(f"| {name} | {single:,.0f} | {'—' if batch is None else f'{batch:,.0f}'} |")
    lines += [
        "",
        f"Extraction + scoring vs the TF-IDF baseline: **{ours_single / baseline_single:.2f}x** one at a time, "
        f"**{ours_batch / baseline_batch:.2f}x** in batches (target ≥ 1.5x). "
        f"Target ≥ 2,000 articles/s per core: {'met' if ours_single >= 2000 else 'not met'} one at a time "
        f"({ours_single:,.0f}/s), {'met' if ours_batch >= 2000 else 'not met'} in batches ({ours_batch:,.0f}/s).\n",
    ]
    return "\n".join(lines)
