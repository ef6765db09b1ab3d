"""Throughput on one core: signal extraction alone, extraction + scoring, and a TF-IDF + LR baseline.

All three run in the same process on the same ~400-word articles from the Webis corpus (read at run time, never
stored in the repo). Each is timed per article (what the API does for one request) and in batches of 256
(what batch scoring does). BLAS/OpenMP pools are pinned to one thread so "one core" means one core.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from threadpoolctl import threadpool_limits

import scorer
from scorer.model import freeze_loaded_objects
from scorer.segment import segment
from scorer.signals import SIGNAL_NAMES, SIGNALS, extract_signals

# Articles of 300-500 words: the issue's "~400-word article".
WORD_RANGE = (300, 500)
SAMPLE_SIZE = 400
BATCH = 256
# Rounds in which every pipeline takes one turn over the sample (one at a time and in batches): ~25 s in all.
ROUNDS = 9
# Rounds of the per-stage timing (each stage's median is reported): ~3 s in all.
COST_ROUNDS = 5
TARGET_RATIO = 1.5
# Throughput targets per core, scoring with evidence: the speed issue's and the model issue's.
RATE_TARGETS = ((2000, "speed issue"), (1000, "model issue"))
WORDING_STAGE = "wording family (tokenise, look up terms, spans)"


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


def interleaved_rates(passes: dict[str, Callable[[], int]], rounds: int = ROUNDS) -> dict[str, list[float]]:
    """Articles per second of each pass in each round. The passes take turns within every round, so a slow spell of
    this shared VM (its speed drifts by up to 40% over seconds) falls on all of them alike; a first round warms up
    and is dropped."""
    rates: dict[str, list[float]] = {name: [] for name in passes}
    for round_number in range(rounds + 1):
        for name, run_once in passes.items():
            started = time.perf_counter()
            done = run_once()
            if round_number:
                rates[name].append(done / (time.perf_counter() - started))
    return rates


def ratio_summary(ours: list[float], baseline: list[float]) -> tuple[float, float, float]:
    """Median, lowest and highest of the per-round ratios ours / baseline."""
    ratios = sorted(a / b for a, b in zip(ours, baseline, strict=True))
    return statistics.median(ratios), ratios[0], ratios[-1]


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


def _families() -> list[str]:
    return list(dict.fromkeys(signal.family for signal in SIGNALS))


def stage_costs(articles: Sequence[dict], model, rounds: int = COST_ROUNDS) -> dict[str, float]:
    """Microseconds per article in each stage of `model.score`: ingest, each signal family, and the rest (the
    product with the weights and the explanation). Families run in catalog order on a fresh Document, so work they
    share (sentences, the attribution analysis) is counted in the first family that asks for it."""
    per_round: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        totals: dict[str, float] = defaultdict(float)
        started = time.perf_counter()
        for raw in articles:  # a pass of its own: scoring an article just before its stages would warm their caches
            model.score(raw)
        totals["model.score"] = time.perf_counter() - started
        for raw in articles:
            started = time.perf_counter()
            doc = segment(scorer.from_dict(raw))
            totals["ingest"] += time.perf_counter() - started
            for signal in SIGNALS:
                started = time.perf_counter()
                signal.compute(doc)
                totals[signal.family] += time.perf_counter() - started
            if model.wording is not None:  # the wording family: its own tokeniser, term look-up and spans
                started = time.perf_counter()
                model.wording.explain({"title": doc.article.title, "text": doc.article.text})
                totals[WORDING_STAGE] += time.perf_counter() - started
        for stage, seconds in totals.items():
            per_round[stage].append(1e6 * seconds / len(articles))
    costs = {stage: statistics.median(values) for stage, values in per_round.items()}
    families = sum(costs[family] for family in _families())
    costs["weights and explanation"] = costs["model.score"] - costs["ingest"] - families - costs.get(WORDING_STAGE, 0.0)
    return costs


def stage_lines(costs: dict[str, float], baseline_rate: float) -> list[str]:
    """The stage table, and how far the total is from the target ratio to the baseline."""
    total = costs["model.score"]
    budget = 1e6 / baseline_rate / TARGET_RATIO
    lines = [
        f"Where the time of `model.score` goes (µs per article, median of {COST_ROUNDS} rounds after the ones above; "
        "each family timed as it runs in catalog order on a fresh document, so the work families share is counted "
        "in the first one that needs it):\n",
        "| stage | µs per article | share |",
        "|---|---:|---:|",
    ]
    for stage in ("ingest", *_families(), WORDING_STAGE, "weights and explanation"):
        if stage in costs:
            lines.append(f"| {stage} | {costs[stage]:.0f} | {costs[stage] / total:.0%} |")
    lines += [
        f"| **`model.score`, all stages** | **{total:.0f}** | 100% |",
        "",
        f"At the baseline's {1e6 / baseline_rate:.0f} µs per article, {TARGET_RATIO}x needs at most {budget:.0f} µs: "
        f"{max(total - budget, 0):.0f} µs less than measured here.\n",
    ]
    return lines


def run(datasets: Path) -> str:
    articles, train_texts, train_labels = load_articles(datasets)
    texts = [a["text"] for a in articles]
    median_words = int(pd.Series([len(t.split()) for t in texts]).median())
    tfidf = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2), LogisticRegression(max_iter=1000))
    tfidf.fit(train_texts, train_labels)
    model = scorer.load_model()
    freeze_loaded_objects()  # as the API and batch workers do once their model is loaded

    with threadpool_limits(1):
        rates = interleaved_rates({
            "tfidf single": per_article(lambda t: tfidf.predict_proba([t]), texts),
            "tfidf batch": batched(tfidf.predict_proba, texts),
            "extraction single": per_article(lambda a: extract_signals(scorer.from_dict(a)), articles),
            "scoring single": per_article(model.score, articles),
            "scoring batch": batched(model.score_many, articles),
        })  # fmt: skip
        costs = stage_costs(articles, model)
    median = {name: statistics.median(values) for name, values in rates.items()}
    single = ratio_summary(rates["scoring single"], rates["tfidf single"])
    batch = ratio_summary(rates["scoring batch"], rates["tfidf batch"])
    ours_single, ours_batch = median["scoring single"], median["scoring batch"]
    rows = [
        ("TF-IDF (1-2 gram) + LR, baseline", median["tfidf single"], median["tfidf batch"]),
        ("signal extraction (ingest + segment + all signals)", median["extraction single"], None),
        ("extraction + scoring (`model.score` / `model.score_many`)", ours_single, ours_batch),
    ]
    lines = [
        "## Signals and scoring throughput (one core)\n",
        f"{len(articles)} Webis articles of {WORD_RANGE[0]}-{WORD_RANGE[1]} words (median {median_words}), "
        f"{len(SIGNAL_NAMES)} signals, model `{model.version}`, BLAS/OpenMP pinned to one thread, `gc.freeze()` after "
        f"loading as in the API and batch workers. The pipelines take turns over the whole sample in each of {ROUNDS} "
        "rounds; the table gives each one's median, the ratios are medians of the per-round ratios (range in "
        "brackets). Command: `python -m benchmarks --only signals_speed`.\n",
        "| pipeline | articles/s, one at a time | articles/s, batches of 256 |",
        "|---|---:|---:|",
    ]
    for name, one, many in rows:
        lines.append(f"| {name} | {one:,.0f} | {'—' if many is None else f'{many:,.0f}'} |")
    lines += [
        "",
        f"Extraction + scoring vs the TF-IDF baseline: **{single[0]:.2f}x** one at a time ({single[1]:.2f}-"
        f"{single[2]:.2f}), **{batch[0]:.2f}x** in batches ({batch[1]:.2f}-{batch[2]:.2f}); target ≥ {TARGET_RATIO}x.",
        *(f"Target ≥ {target:,} articles/s per core ({issue}): {'met' if ours_single >= target else 'not met'} one "
          f"at a time ({ours_single:,.0f}/s), {'met' if ours_batch >= target else 'not met'} in batches "
          f"({ours_batch:,.0f}/s)." for target, issue in RATE_TARGETS),
        "",
        *stage_lines(costs, median["tfidf single"]),
    ]
    return "\n".join(lines)
