"""Training: one additive logistic model over the signals and the wording terms, written as data (model.json).

The model is a single L2-regularised logistic regression over
  - each learnable signal as (value - reference) / scale, and
  - each wording term's value (1 when it occurs in the article: the recipe's `value`) for every term the hygiene
    rules allow,
so every term and every signal contributes coefficient x value and the logit is their sum plus the intercept. The
rules, each named in the model card:
- Support: a signal non-zero in fewer than MIN_SUPPORT training articles of either class is not learned; it uses its
  catalog prior (logit per unit of the raw value) or weight 0.
- Transfer: a signal whose within-corpus direction flips between the training corpora (ROC-AUC on the wrong side of
  0.5 by more than STABILITY_TOLERANCE in some corpus) encodes a corpus, not credibility: not learned either.
- Direction: a learned weight that points against the signal's documented direction is dropped and the rest refitted.
- Wording hygiene: besides the text-level rules of `make features` (names, widget/credit text), a term must occur in
  at least MIN_TERM_GROUPS publishers, no publisher may hold more than MAX_GROUP_SHARE of the articles it occurs in,
  and no corpus more than MAX_CORPUS_SHARE.
- Balance: every (corpus, class) cell carries the same total sample weight, so a term that only says "this is
  corpus X" gains nothing.
- Calibration: Platt scaling (a * logit + b) fitted on grouped out-of-fold logits, folded into the coefficients.
- Reputation: one offset per rating (high / mixed / low), fitted on top of the calibrated out-of-fold logits of the
  corpora whose labels are article-level verdicts only (never ReCOVery, whose labels are these same ratings).
Reported metrics come from grouped cross-validation of this whole procedure, never from the training fit.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from scorer import wording
from scorer.signals import SIGNAL_NAMES, SIGNAL_SET_VERSION, get_signal
from scorer.training.metrics import score_metrics

FORMAT = "credibility-scorer-model"
FORMAT_VERSION = 1
MODEL_FILE = "model.json"
SUMS_FILE = "SHA256SUMS"
MODEL_CARD_FILE = "MODEL_CARD.md"
DEFAULT_FILE = "DEFAULT"
# Band cut points on P(credible): high at or above 0.7, low below 0.4. A score of 0.7 means about 7 in 10 such
# articles were credible in calibration; below 0.4 an article is more likely not credible, with a margin for error.
BANDS = {"high": 0.7, "low": 0.4}
SEED = 20161108

# A weight is learned only if the signal fires (is non-zero) in at least this many training articles of EACH class.
MIN_SUPPORT = 10
# Folds of the grouped cross-validation (reported metrics) and of the calibration inside each fold.
CV_FOLDS = 5
INNER_FOLDS = 3
# Fewer labelled rows than this cannot support a weight per signal, let alone calibration folds.
MIN_ROWS = 40
MIN_PER_CLASS = CV_FOLDS * 2
# Transfer rule: a corpus counts when it has this many articles of each class; a signal whose ROC-AUC inside one of
# them is on the wrong side of 0.5 by more than the tolerance does not generalise.
STABILITY_MIN_PER_CLASS = 20
# 0.1: a lean that small against the documented direction is within what one corpus's topic mix does to a signal
# (unsourced figures lean +0.07 in horne2017's source-list labels); 0.05 is measured as a variant in the evaluation.
STABILITY_TOLERANCE = 0.1
# A prior-weighted signal is clipped where its contribution would pass this many logits (or at its training maximum
# if that is higher): a prior is a judgement, not a measurement, so it may not dominate a score.
PRIOR_MAX_LOGIT = 3.0
# Wording hygiene thresholds (measured in docs/evaluation.md).
MIN_TERM_GROUPS = 3
MAX_GROUP_SHARE = 0.4
MAX_CORPUS_SHARE = 0.9
MIN_TERM_DOCS = 5
NAME_RULE = "contains a name or acronym (capitalised mid-sentence, or in capitals, in most uses)"
FUNCTION_WORD_RULE = "only function words ('to a', 'this'): no reason an editor can check"
SIGNAL_CUE_RULE = "contains a cue word a signal counts ('according', 'reportedly', 'sources'): left to that signal"
# Lexicons whose cues the attribution, hedging and style signals count: the wording family leaves their words alone,
# so a term can never quietly cancel (or double) a signal an editor reads beside it.
SIGNAL_CUE_LEXICONS = ("reporting_verbs", "anonymous_sources", "hedges", "boosters", "absolutes", "second_person")
# Why a signal with a catalog prior keeps it even where it fires in enough training articles.
PRIOR_KEPT = ("documented prior kept: the corpora hold no spun, scraped or templated copies to learn this from, so "
              "a fitted weight would only measure its false alarms in ordinary articles")
# Corpora whose labels are the publishers' ratings: the reputation weight is never fitted on them.
RATING_LABELLED_CORPORA = frozenset({"recovery_covid2020"})
RATINGS = ("high", "mixed", "low")
# Gaussian prior (L2) on each reputation offset, in logits: keeps a rating seen in few articles near 0.
REPUTATION_L2 = 1.0
# A weak prior on each corpus's base-rate shift in the reputation fit (keeps an all-one-class corpus finite).
REPUTATION_SHIFT_L2 = 0.01
REPUTATION_MIN_ROWS = 30


class TrainingDataError(ValueError):
    """Training input that cannot produce a model; the message says what to fix."""


@dataclass(frozen=True)
class Recipe:
    """Every choice that shapes a model besides the data; part of the model version."""

    # L2 over every allowed term ranked held-out corpora better than L1 selecting a few hundred (docs/evaluation.md,
    # recipe variants); with idf_power 0.5, C = 0.01 ranked them best of 0.003 / 0.01 / 0.02 / 0.03.
    penalty: str = "l2"
    c: float = 0.01
    # Signal columns are multiplied by this before the fit (their coefficients divided back after): > 1 means a
    # lighter penalty on the few signals than on the many terms (the L1 recipe needed 3; L2 does best without).
    signal_boost: float = 1.0
    # A term's value is 1 when it occurs, whatever the count: ranked held-out corpora better than log1p(count)
    # (recipe variants), and repeating a word cannot add more.
    value: str = "presence"
    balance: bool = True
    use_signals: bool = True
    use_wording: bool = True
    use_reputation: bool = True
    exclude_names: bool = True
    exclude_function_words: bool = True
    exclude_signal_cues: bool = True
    # Term columns are multiplied by idf ** idf_power for the fit (coefficients multiplied back after, so the served
    # value is unchanged): a rarer term pays a smaller penalty, as TF-IDF weighting would give it. 0.5 ranked
    # held-out corpora as well as 0 and calibrated better; 1.0 ranked them worse (recipe variants).
    idf_power: float = 0.5
    min_term_groups: int = MIN_TERM_GROUPS
    max_group_share: float = MAX_GROUP_SHARE
    max_corpus_share: float = MAX_CORPUS_SHARE
    stability_tolerance: float = STABILITY_TOLERANCE
    directed: bool = True

    def digest(self) -> str:
        settings = {**asdict(self), "min_support": MIN_SUPPORT, "cv_folds": CV_FOLDS, "inner_folds": INNER_FOLDS,
                    "seed": SEED, "prior_max_logit": PRIOR_MAX_LOGIT, "reputation_l2": REPUTATION_L2,
                    "analyzer": wording.analyzer_settings()}  # fmt: skip
        return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class TrainingSet:
    """Signal values, term counts, labels (1 credible / 0 not), publisher groups, corpora and publisher ratings."""

    features: pd.DataFrame
    labels: np.ndarray
    groups: np.ndarray
    corpora: np.ndarray
    ratings: np.ndarray  # "high" | "mixed" | "low" | "" per row
    terms: sparse.csr_matrix | None
    vocabulary: tuple[str, ...]
    digest: str
    description: str
    grouped: bool = True
    per_corpus: dict = field(default_factory=dict)
    name_terms: frozenset[int] = frozenset()


# ---------------------------------------------------------------------------------------------- checks


def check_training_set(labels: np.ndarray) -> None:
    counts = {label: int((labels == label).sum()) for label in (0, 1)}
    if len(labels) < MIN_ROWS:
        raise TrainingDataError(f"only {len(labels)} labelled rows; training needs at least {MIN_ROWS}")
    for label, name in ((1, "credible (1)"), (0, "not credible (0)")):
        if counts[label] == 0:
            raise TrainingDataError(f"no {name} rows: training needs both classes")
        if counts[label] < MIN_PER_CLASS:
            raise TrainingDataError(f"only {counts[label]} {name} rows; each class needs at least {MIN_PER_CLASS}")


def support_counts(x: np.ndarray, labels: np.ndarray, names: list[str]) -> dict[str, dict[str, int]]:
    """Per signal, how many articles of each class it is non-zero in."""
    nonzero = x != 0
    return {
        name: {"credible": int(nonzero[labels == 1, j].sum()), "not_credible": int(nonzero[labels == 0, j].sum())}
        for j, name in enumerate(names)
    }


def is_supported(support: dict[str, int], min_support: int = MIN_SUPPORT) -> bool:
    return min(support["credible"], support["not_credible"]) >= min_support


def reference_kind(name: str) -> str:
    """"typical" (measured from the training median) or "zero" (a cue count or rate: 0 when it does not fire)."""
    return get_signal(name).reference


def prior_reason_of(name: str) -> str | None:
    """Why the catalog gives this signal its prior: the Signal's `prior_reason` field when the catalog has one."""
    return getattr(get_signal(name), "prior_reason", None)


def _auc_minus_half(values: np.ndarray, labels: np.ndarray) -> float:
    """ROC-AUC - 0.5 of one signal (ties count half), by ranks: no sklearn call per signal and corpus."""
    ranks = pd.Series(values).rank().to_numpy()
    positives = labels == 1
    n_pos, n_neg = int(positives.sum()), int((~positives).sum())
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg) - 0.5)


def corpus_directions(x: np.ndarray, labels: np.ndarray, corpora: np.ndarray) -> dict[str, np.ndarray]:
    """Per corpus with enough of both classes: each signal's ROC-AUC - 0.5 inside it (positive: goes with credible)."""
    out = {}
    for corpus in sorted(set(corpora)):
        mask = corpora == corpus
        y = labels[mask]
        if min((y == 1).sum(), (y == 0).sum()) < STABILITY_MIN_PER_CLASS:
            continue
        out[corpus] = np.array([_auc_minus_half(x[mask, j], y) for j in range(x.shape[1])])
    return out


def transfer_directions(x: np.ndarray, labels: np.ndarray, corpora: np.ndarray, names: list[str],
                        tolerance: float) -> tuple[np.ndarray, dict[int, str]]:
    """(expected sign per signal, {index: why it does not transfer}). The expected sign is the documented direction,
    else the sign the corpora agree on; a signal fails when some corpus leans the other way by more than
    `tolerance`, or when corpora disagree about an undocumented direction."""
    directions = corpus_directions(x, labels, corpora)
    expected = np.array([get_signal(name).expected_sign for name in names])
    failures: dict[int, str] = {}
    if len(directions) < 2:  # one corpus: the direction rule alone judges the fit
        return expected, failures
    table = np.vstack(list(directions.values()))
    corpus_names = list(directions)
    for j in range(len(names)):
        leans = table[:, j]
        if expected[j] == 0:
            strong = leans[np.abs(leans) > tolerance]
            if len(strong) and (strong > 0).any() and (strong < 0).any():
                up = corpus_names[int(np.argmax(leans))]
                down = corpus_names[int(np.argmin(leans))]
                failures[j] = f"direction does not hold across corpora (up in {up}, down in {down})"
                continue
            expected[j] = int(np.sign(leans.sum())) if len(strong) else 0
            continue
        against = leans * expected[j] < -tolerance
        if against.any():
            worst = corpus_names[int(np.argmin(leans * expected[j]))]
            failures[j] = f"direction does not hold across corpora (reversed in {worst})"
    return expected, failures


# ---------------------------------------------------------------------------------------------- terms


def term_values(counts: sparse.csr_matrix, value: str) -> sparse.csr_matrix:
    """Counts -> the values the served model computes (scorer.wording.VALUE_FUNCTIONS), entry by entry."""
    out = counts.astype(np.float64)
    distinct, position = np.unique(counts.data, return_inverse=True)  # few distinct counts: one call per count
    out.data = np.array([wording.VALUE_FUNCTIONS[value](int(c)) for c in distinct], dtype=np.float64)[position]
    return out


def concentrated_terms(presence: sparse.csr_matrix, groups: np.ndarray, corpora: np.ndarray, recipe: Recipe) -> dict:
    """Boolean masks over the vocabulary: which terms each concentration rule removes, measured on these rows."""
    documents = np.asarray(presence.sum(axis=0)).ravel()
    by_group = _indicator(groups).T @ presence
    by_corpus = _indicator(corpora).T @ presence
    n_groups = np.asarray((by_group > 0).sum(axis=0)).ravel()
    top_group = np.asarray(by_group.max(axis=0).todense()).ravel()
    top_corpus = np.asarray(by_corpus.max(axis=0).todense()).ravel()
    safe = np.maximum(documents, 1)
    return {
        f"in fewer than {MIN_TERM_DOCS} training articles": documents < MIN_TERM_DOCS,
        f"in fewer than {recipe.min_term_groups} publishers": n_groups < recipe.min_term_groups,
        f"more than {recipe.max_group_share:.0%} of its articles from one publisher":
            top_group / safe > recipe.max_group_share,
        f"more than {recipe.max_corpus_share:.0%} of its articles from one corpus":
            (top_corpus / safe > recipe.max_corpus_share) & (len(np.unique(corpora)) > 1),
    }  # fmt: skip


def function_word_terms(vocabulary: tuple[str, ...]) -> np.ndarray:
    """True for each term made of function words only (scorer/lexicons/english_function_words.txt)."""
    from scorer import lexicons

    function_words = frozenset(lexicons.load("english_function_words"))
    return np.array([all(part in function_words for part in term.split(" ")) for term in vocabulary], dtype=bool)


def signal_cue_terms(vocabulary: tuple[str, ...]) -> np.ndarray:
    """True for each term containing a content word of a cue the signals count (SIGNAL_CUE_LEXICONS)."""
    from scorer import lexicons

    function_words = frozenset(lexicons.load("english_function_words"))
    cue_words = {
        word.rstrip("*")
        for name in SIGNAL_CUE_LEXICONS
        for entry in lexicons.load(name)
        for word in entry.lower().split()
    } - function_words
    return np.array([any(part in cue_words for part in term.split(" ")) for term in vocabulary], dtype=bool)


def _indicator(values: np.ndarray) -> sparse.csr_matrix:
    """Rows x distinct values, 1 where the row has that value."""
    _, codes = np.unique(values, return_inverse=True)
    return sparse.csr_matrix((np.ones(len(values)), (np.arange(len(values)), codes)))


# ---------------------------------------------------------------------------------------------- the fit


@dataclass
class SignalWeight:
    name: str
    family: str
    unit: str
    direction: int
    weight_kind: str  # learned | prior | none
    reason: str | None
    coefficient: float
    reference: float
    scale: float
    clip: list[float]
    support: dict[str, int]
    prior_reason: str | None = None


@dataclass
class FittedModel:
    """Everything model.json holds, and the arithmetic the served model applies to it."""

    signals: list[SignalWeight]
    intercept: float
    term_index: np.ndarray  # indices into the training vocabulary, only non-zero terms
    term_coefficients: np.ndarray
    vocabulary: tuple[str, ...]
    value: str
    platt: tuple[float, float] = (1.0, 0.0)
    reputation: dict[str, float] | None = None
    terms_removed: dict[str, int] = field(default_factory=dict)

    def signal_logits(self, features: np.ndarray) -> np.ndarray:
        out = np.zeros(len(features))
        for j, s in enumerate(self.signals):
            if s.coefficient:
                clipped = np.clip(features[:, j], s.clip[0], s.clip[1])
                out += s.coefficient * (clipped - s.reference) / s.scale
        return out

    def wording_logits(self, counts: sparse.csr_matrix | None) -> np.ndarray:
        if counts is None or not len(self.term_index):
            return np.zeros(counts.shape[0] if counts is not None else 0)
        return term_values(counts[:, self.term_index], self.value) @ self.term_coefficients

    def logits(self, training: TrainingSet, rows: np.ndarray, with_reputation: bool = False) -> np.ndarray:
        x = training.features.to_numpy(dtype=float)[rows]
        out = self.intercept + self.signal_logits(x)
        if training.terms is not None and len(self.term_index):
            out = out + self.wording_logits(training.terms[rows])
        if with_reputation and self.reputation:
            out = out + np.array([self.reputation.get(r, 0.0) for r in training.ratings[rows]])
        return out


def _sample_weights(labels: np.ndarray, corpora: np.ndarray, balance: bool) -> np.ndarray:
    """Each (corpus, class) cell gets the same total weight; the weights average 1."""
    if not balance:
        return np.ones(len(labels))
    cells = pd.Series([f"{c}|{y}" for c, y in zip(corpora, labels, strict=True)])
    sizes = cells.map(cells.value_counts()).to_numpy(dtype=float)
    return len(labels) / (sizes * cells.nunique())


def _folds(labels: np.ndarray, groups: np.ndarray, grouped: bool, n_splits: int):
    if grouped and len(np.unique(groups)) >= n_splits:
        splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=SEED)
        return list(splitter.split(np.zeros(len(labels)), labels, groups))
    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=SEED)
    return list(splitter.split(np.zeros(len(labels)), labels))


def _logistic(recipe: Recipe) -> LogisticRegression:
    # liblinear's coordinate descent is deterministic for a fixed random_state; intercept_scaling keeps its penalty
    # on the intercept negligible. L2 is solved in the dual: ten times faster here with tens of thousands of terms.
    l1_ratio = {"l1": 1.0, "l2": 0.0}[recipe.penalty]
    return LogisticRegression(C=recipe.c, l1_ratio=l1_ratio, dual=recipe.penalty == "l2", solver="liblinear",
                              intercept_scaling=10.0, random_state=SEED, max_iter=1000)  # fmt: skip


def allowed_terms(training: TrainingSet, rows: np.ndarray, recipe: Recipe) -> tuple[np.ndarray, dict[str, int]]:
    """(vocabulary indices the wording hygiene allows, measured on `rows`; how many terms each rule removed)."""
    presence = (training.terms[rows] > 0).astype(np.float64)
    with_names = np.zeros(presence.shape[1], dtype=bool)
    with_names[list(training.name_terms)] = recipe.exclude_names
    masks = {
        NAME_RULE: with_names,
        FUNCTION_WORD_RULE: function_word_terms(training.vocabulary) & recipe.exclude_function_words,
        SIGNAL_CUE_RULE: signal_cue_terms(training.vocabulary) & recipe.exclude_signal_cues,
        **concentrated_terms(presence, training.groups[rows], training.corpora[rows], recipe),
    }
    dropped = np.zeros(presence.shape[1], dtype=bool)
    removed = {}
    for reason, mask in masks.items():
        removed[reason] = int((mask & ~dropped).sum())
        dropped |= mask
    return np.flatnonzero(~dropped), removed


def fit_uncalibrated(training: TrainingSet, rows: np.ndarray, recipe: Recipe) -> FittedModel:
    """The logistic fit of the signals and terms on `rows`, with every rule above except calibration."""
    names = list(training.features.columns)
    x = training.features.to_numpy(dtype=float)[rows]
    y = training.labels[rows]
    corpora = training.corpora[rows]
    support = support_counts(x, y, names)
    expected, unstable = transfer_directions(x, y, corpora, names, recipe.stability_tolerance)
    has_prior = np.array([get_signal(n).prior_weight is not None for n in names])
    learnable = np.array([recipe.use_signals and is_supported(support[n]) and j not in unstable and not has_prior[j]
                          for j, n in enumerate(names)])  # fmt: skip
    references = np.array([float(np.median(x[:, j])) if reference_kind(n) == "typical" else 0.0
                           for j, n in enumerate(names)])  # fmt: skip
    scales = x.std(axis=0)
    scales = np.where(scales > 0, scales, 1.0)
    design_signals = (x - references) / scales

    term_index = np.zeros(0, dtype=int)
    values = None
    removed: dict[str, int] = {}
    if recipe.use_wording and training.terms is not None and training.terms.shape[1]:
        term_index, removed = allowed_terms(training, rows, recipe)
        counts = training.terms[rows]
        values = term_values(counts[:, term_index], recipe.value)
        documents = np.asarray((counts[:, term_index] > 0).sum(axis=0)).ravel()
        column_weights = (np.log((1 + len(rows)) / (1 + documents)) + 1) ** recipe.idf_power
        values = values @ sparse.diags(column_weights)

    weights = _sample_weights(y, corpora, recipe.balance)
    contradicted = np.zeros(len(names), dtype=bool)
    while True:
        use = learnable & ~contradicted
        blocks = [sparse.csr_matrix(design_signals[:, use] * recipe.signal_boost)]
        if values is not None:
            blocks.append(values)
        design = sparse.hstack(blocks, format="csr")
        if design.shape[1] == 0:
            raise TrainingDataError("nothing can be learned: no supported signal and no wording term")
        model = _logistic(recipe).fit(design, y, sample_weight=weights)
        coef = model.coef_[0]
        signal_coef = np.zeros(len(names))
        signal_coef[use] = coef[: int(use.sum())] * recipe.signal_boost
        newly = use & (expected != 0) & (np.sign(signal_coef) == -expected) if recipe.directed else use & False
        if not newly.any():
            break
        contradicted |= newly

    signals = []
    for j, name in enumerate(names):
        signal = get_signal(name)
        column = x[:, j]
        clip = [float(column.min()), float(column.max())]
        if use[j]:
            kind, reason, coefficient = "learned", None, float(signal_coef[j])
            reference, scale = float(references[j]), float(scales[j])
        else:
            prior = signal.prior_weight
            kind = "prior" if prior is not None else "none"
            coefficient, reference, scale = float(prior or 0.0), 0.0, 1.0
            if not recipe.use_signals:
                reason = "signals left out of this model (ablation)"
            elif has_prior[j] and is_supported(support[name]) and j not in unstable:
                reason = PRIOR_KEPT
            elif j in unstable:
                reason = unstable[j]
            elif contradicted[j]:
                reason = ("data contradict the documented direction" if signal.expected_sign else
                          "the fitted weight points against the direction the corpora agree on")
            else:
                reason = "too few training articles"
            if prior:
                clip = [min(clip[0], 0.0), max(clip[1], PRIOR_MAX_LOGIT / abs(prior))]
        signals.append(SignalWeight(
            name=name, family=signal.family, unit=signal.unit, direction=int(expected[j]), weight_kind=kind,
            reason=reason, coefficient=coefficient, reference=reference, scale=scale, clip=clip,
            support=support[name], prior_reason=prior_reason_of(name),
        ))  # fmt: skip
    term_coef = coef[int(use.sum()) :] * column_weights if values is not None else np.zeros(0)
    nonzero = np.flatnonzero(term_coef)
    return FittedModel(
        signals=signals, intercept=float(model.intercept_[0]), term_index=term_index[nonzero],
        term_coefficients=term_coef[nonzero].astype(float), vocabulary=training.vocabulary, value=recipe.value,
        terms_removed=removed,
    )  # fmt: skip


def prior_logits(fitted: FittedModel, training: TrainingSet, rows: np.ndarray) -> np.ndarray:
    """The part of the logit that prior-weighted signals add (not learned, so not recalibrated)."""
    priors = replace(fitted, signals=[s if s.weight_kind == "prior" else replace(s, coefficient=0.0)
                                      for s in fitted.signals])  # fmt: skip
    return priors.signal_logits(training.features.to_numpy(dtype=float)[rows])


def platt(logits: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(a, b) so that sigmoid(a * logit + b) is calibrated on these (out-of-fold) logits."""
    fit = LogisticRegression(C=1e6, max_iter=1000).fit(logits.reshape(-1, 1), labels)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def calibrated(fitted: FittedModel, a: float, b: float) -> FittedModel:
    """The learned part scaled by a and shifted by b; priors stay as documented."""
    signals = [replace(s, coefficient=a * s.coefficient) if s.weight_kind == "learned" else s for s in fitted.signals]
    return replace(fitted, signals=signals, intercept=a * fitted.intercept + b,
                   term_coefficients=a * fitted.term_coefficients, platt=(a, b))  # fmt: skip


def reputation_offsets(logits: np.ndarray, labels: np.ndarray, ratings: np.ndarray,
                       corpora: np.ndarray | None = None) -> dict[str, float]:
    """Per rating, the logit offset r that best fits sigmoid(logit + shift[corpus] + r[rating]) to the labels, with
    r = 0 for unrated publishers. The per-corpus shift absorbs each corpus's base rate, so a rating is compared with
    unrated publishers of the same corpus, not with other corpora. Newton steps on the log-likelihood; Gaussian
    priors: REPUTATION_L2 on each offset, a weak one on the shifts."""
    corpora = np.zeros(len(labels), dtype=int) if corpora is None else np.unique(corpora, return_inverse=True)[1]
    n_corpora = int(corpora.max()) + 1 if len(corpora) else 0
    design = np.zeros((len(labels), n_corpora + len(RATINGS)))
    design[np.arange(len(labels)), corpora] = 1.0
    for k, rating in enumerate(RATINGS):
        design[ratings == rating, n_corpora + k] = 1.0
    penalty = np.array([REPUTATION_SHIFT_L2] * n_corpora + [REPUTATION_L2] * len(RATINGS))
    theta = np.zeros(design.shape[1])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(logits + design @ theta)))
        gradient = design.T @ (labels - p) - penalty * theta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        theta += step
        if np.abs(step).max() < 1e-10:
            break
    return {rating: float(theta[n_corpora + k]) for k, rating in enumerate(RATINGS)}


def reputation_rows(training: TrainingSet, rows: np.ndarray) -> np.ndarray:
    """Rows whose label is an article-level verdict (not the publisher's rating itself), from corpora where some
    publisher is rated: the rated ones and, as the baseline a rating is measured against, the unrated ones."""
    independent = ~np.isin(training.corpora[rows], list(RATING_LABELLED_CORPORA))
    corpora_with_ratings = set(training.corpora[rows][independent & (training.ratings[rows] != "")])
    return rows[independent & np.isin(training.corpora[rows], list(corpora_with_ratings))]


def fit_model(training: TrainingSet, rows: np.ndarray, recipe: Recipe) -> FittedModel:
    """The whole procedure on `rows`: fit, calibrate on inner grouped out-of-fold logits, fit reputation offsets."""
    labels = training.labels[rows]
    out_of_fold = np.zeros(len(rows))
    priors = np.zeros(len(rows))
    for inner_train, inner_test in _folds(labels, training.groups[rows], training.grouped, INNER_FOLDS):
        inner = fit_uncalibrated(training, rows[inner_train], recipe)
        out_of_fold[inner_test] = inner.logits(training, rows[inner_test])
        priors[inner_test] = prior_logits(inner, training, rows[inner_test])
    learned_part = out_of_fold - priors
    a, b = platt(learned_part, labels)
    fitted = calibrated(fit_uncalibrated(training, rows, recipe), a, b)
    if recipe.use_reputation:
        calibrated_oof = a * learned_part + b + priors
        position = {row: i for i, row in enumerate(rows)}
        rated = reputation_rows(training, rows)
        if (training.ratings[rated] != "").sum() >= REPUTATION_MIN_ROWS:
            index = np.array([position[r] for r in rated])
            fitted.reputation = reputation_offsets(calibrated_oof[index], training.labels[rated],
                                                   training.ratings[rated], training.corpora[rated])  # fmt: skip
    return fitted


def cross_validate(training: TrainingSet, recipe: Recipe, folds=None) -> dict[str, np.ndarray]:
    """Out-of-fold P(credible), text only and with reputation, the whole procedure re-run in every fold."""
    folds = folds or _folds(training.labels, training.groups, training.grouped, CV_FOLDS)
    text = np.full(len(training.labels), np.nan)
    with_url = np.full(len(training.labels), np.nan)
    for train_rows, test_rows in folds:
        fitted = fit_model(training, train_rows, recipe)
        text[test_rows] = fitted.logits(training, test_rows)
        with_url[test_rows] = fitted.logits(training, test_rows, with_reputation=True)
    return {"text": _sigmoid(text), "with_reputation": _sigmoid(with_url)}


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits))


def grouped_cv_metrics(training: TrainingSet, recipe: Recipe | None = None) -> dict:
    """Grouped-CV metrics of the whole procedure: text only (headline) and, on the rows whose publisher is rated
    and whose labels are article-level, text only vs with reputation."""
    recipe = recipe or Recipe()
    predictions = cross_validate(training, recipe)
    labels = training.labels
    rated = np.zeros(len(labels), dtype=bool)
    rated[reputation_rows(training, np.arange(len(labels)))] = True
    rated &= training.ratings != ""
    metrics = {
        "grouped_cv": _rounded(score_metrics(labels, predictions["text"])),
        "folds": ("grouped by publisher" if training.grouped else "stratified, not grouped (no source column)")
        + f", {CV_FOLDS} folds; calibration and reputation fitted inside each fold",
    }
    if len(np.unique(labels[rated])) == 2:
        metrics["rated_publishers_text_only"] = _rounded(score_metrics(labels[rated], predictions["text"][rated]))
        metrics["rated_publishers_with_reputation"] = _rounded(
            score_metrics(labels[rated], predictions["with_reputation"][rated])
        )
    return metrics


def _rounded(metrics: dict) -> dict:
    """Metrics to 6 decimals: enough to compare, and stable in the 16th digit across platforms."""
    return {k: (round(v, 6) if math.isfinite(v) else None) if isinstance(v, float) else v for k, v in metrics.items()}


# ---------------------------------------------------------------------------------------------- inputs


def training_set_from_folder(folder: Path) -> TrainingSet:
    """The tables `make features` wrote: signal values, labels, groups, ratings, term counts."""
    from scorer.training.dataset import load_term_counts, load_training_data, table_digest

    table = load_training_data(folder)
    terms = load_term_counts(folder)
    if terms is not None and terms.counts.shape[0] != len(table):
        raise TrainingDataError(f"{folder} holds {len(table)} feature rows but {terms.counts.shape[0]} term rows; "
                                "run make features")  # fmt: skip
    return training_set_from_table(table, terms, f"{folder.name}/ (make features)", table_digest(table, terms))


def training_set_from_table(table: pd.DataFrame, terms, description: str, digest: str) -> TrainingSet:
    labels = table["label"].to_numpy(dtype=int)
    check_training_set(labels)
    ratings = table["rating"].astype(str).to_numpy() if "rating" in table else np.full(len(table), "")
    per_corpus = {
        corpus: {"credible": int((part["label"] == 1).sum()), "not_credible": int((part["label"] == 0).sum())}
        for corpus, part in table.groupby("corpus", sort=True)
    }
    return TrainingSet(
        features=table[list(SIGNAL_NAMES)].astype(float).reset_index(drop=True),
        labels=labels,
        groups=table["group"].astype(str).to_numpy(),
        corpora=table["corpus"].astype(str).to_numpy(),
        ratings=np.where(pd.isna(ratings), "", ratings).astype(str),
        terms=terms.counts if terms is not None else None,
        vocabulary=terms.terms if terms is not None else (),
        name_terms=terms.name_terms if terms is not None else frozenset(),
        digest=digest,
        description=description,
        per_corpus=per_corpus,
    )


# Accepted spellings of a label in `scorer train --data` (case-insensitive).
LABEL_VALUES = {
    "1": 1, "true": 1, "credible": 1, "real": 1, "yes": 1,
    "0": 0, "false": 0, "not_credible": 0, "not credible": 0, "fake": 0, "no": 0,
}  # fmt: skip


def read_labelled_file(path: Path) -> pd.DataFrame:
    """Labelled raw articles from JSONL (one object per line) or CSV: text, label, optional title, source, url, id."""
    if not path.is_file():
        raise TrainingDataError(f"{path} does not exist")
    try:
        if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            frame = pd.read_json(path, lines=True, dtype=False)
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except ValueError as error:
        raise TrainingDataError(f"cannot read {path}: {error}") from None
    missing = [column for column in ("text", "label") if column not in frame.columns]
    if missing:
        raise TrainingDataError(
            f"{path} lacks column(s) {', '.join(missing)}; it needs 'text' and 'label' (optional: title, source, id)"
        )
    return frame


def parse_labels(values: pd.Series) -> np.ndarray:
    text = values.map(lambda v: str(v).strip().lower() if v is not None else "")
    text = text.str.replace(r"\.0$", "", regex=True)  # 1.0 / 0.0 from numeric JSON columns
    unknown = sorted(set(text) - set(LABEL_VALUES))
    if unknown:
        shown = ", ".join(repr(v) for v in unknown[:5])
        raise TrainingDataError(
            f"unknown label value(s) {shown}; use 1/0, true/false, credible/not_credible or real/fake"
        )
    return text.map(LABEL_VALUES).to_numpy(dtype=int)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name].fillna("").astype(str) if name in frame else pd.Series([""] * len(frame), index=frame.index)


def deduplicate(frame: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """(rows with one copy of each text, copies dropped, texts dropped because their copies disagree on the label)."""
    from scorer.training.dataset import text_hash

    hashes = frame["text"].map(text_hash)
    labels_per_text = frame.groupby(hashes)["label_value"].nunique()
    conflicting = hashes.map(labels_per_text).gt(1)
    kept = frame[~conflicting & ~hashes.duplicated(keep="first")]
    return kept, int((~conflicting).sum() - len(kept)), int(conflicting.sum())


def training_set_from_file(path: Path) -> TrainingSet:
    from scorer.reputation import ReputationTable
    from scorer.training.dataset import feature_matrix, normalise_domain, table_digest, term_counts

    frame = read_labelled_file(path)
    frame = frame.assign(label_value=parse_labels(frame["label"]), text=_column(frame, "text"))
    empty = frame["text"].str.strip().eq("")
    if empty.any():
        raise TrainingDataError(f"{int(empty.sum())} row(s) have an empty 'text' (first at row {int(empty.idxmax())})")
    frame, copies, conflicting = deduplicate(frame)
    if copies or conflicting:
        print(f"warning: {copies} duplicate row(s) (same text) dropped"
              + (f", and {conflicting} row(s) whose copies disagree on the label" if conflicting else ""),
              file=sys.stderr)  # fmt: skip
    frame = frame.reset_index(drop=True)
    labels = frame["label_value"].to_numpy(dtype=int)
    check_training_set(labels)
    titles, sources, urls = _column(frame, "title"), _column(frame, "source"), _column(frame, "url")
    features = feature_matrix(frame["text"], titles)
    terms = term_counts(pd.DataFrame({"title": titles, "text": frame["text"]}))
    domains = [normalise_domain(s) or normalise_domain(u) for s, u in zip(sources, urls, strict=True)]
    grouped = all(domains)
    table = ReputationTable.load()
    ratings = [(table.lookup(u, s) or None) for u, s in zip(urls, sources, strict=True)]
    keys = pd.DataFrame({
        "id": _column(frame, "id"), "corpus": path.name, "group": domains if grouped else frame.index.astype(str),
        "label": labels, "label_raw": frame["label"].astype(str), "text_hash": "",
        "rating": [r.rating if r else "" for r in ratings],
    })  # fmt: skip
    table_frame = pd.concat([keys, features], axis=1)
    training = training_set_from_table(table_frame, terms, f"labelled file {path.name}",
                                       table_digest(table_frame, terms))  # fmt: skip
    return replace(training, grouped=grouped)


# ---------------------------------------------------------------------------------------------- model.json


def model_version(training: TrainingSet, recipe: Recipe) -> str:
    """Same signals + same data + same procedure -> same version name."""
    digest = hashlib.sha256(f"{training.digest}|{recipe.digest()}".encode()).hexdigest()
    return f"cred-{SIGNAL_SET_VERSION[:8]}-{digest[:8]}"


def _signal_json(weight: SignalWeight) -> dict:
    signal = get_signal(weight.name)
    return {
        "name": weight.name,
        "description": signal.description,
        "family": weight.family,
        "unit": weight.unit,
        "direction": weight.direction,
        "weight_kind": weight.weight_kind,
        "reason": weight.reason,
        "prior_reason": weight.prior_reason if weight.weight_kind == "prior" else None,
        "coefficient": weight.coefficient,
        "reference": weight.reference,
        "scale": weight.scale,
        "clip": weight.clip,
        "support": weight.support,
    }


def wording_block(fitted: FittedModel) -> dict | None:
    if not len(fitted.term_index):
        return None
    pairs = sorted(zip((fitted.vocabulary[i] for i in fitted.term_index), fitted.term_coefficients, strict=True))
    block = wording.Wording(tuple(t for t, _ in pairs), tuple(float(c) for _, c in pairs), fitted.value).to_json()
    block["removed_by_hygiene"] = fitted.terms_removed
    return block


REPUTATION_HOW_SET = (
    "one logit offset per rating, fitted on top of the text model's calibrated out-of-fold scores of the training "
    "articles whose labels are article-level verdicts (Webis, FakeNewsNet, Golbeck), each rating compared with "
    "unrated publishers of the same corpus (a per-corpus shift absorbs base rates; Gaussian prior sd 1 on each "
    "offset); never fitted on ReCOVery, whose labels are these same ratings"
)


def build_model_json(fitted: FittedModel, training: TrainingSet, recipe: Recipe, metrics: dict) -> dict:
    from scorer.reputation import ReputationTable

    reputation = None
    if fitted.reputation:
        reputation = {"coefficients": fitted.reputation, "how_set": REPUTATION_HOW_SET,
                      "table": ReputationTable.load().name}  # fmt: skip
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": model_version(training, recipe),
        "signal_set_version": SIGNAL_SET_VERSION,
        "trained_with": {
            "scikit_learn": sklearn.__version__,
            "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        },
        "training": {
            "digest": training.digest,
            "rows": len(training.labels),
            "credible": int(training.labels.sum()),
            "not_credible": int((training.labels == 0).sum()),
            "groups": len(np.unique(training.groups)),
            "per_corpus": training.per_corpus,
            "description": training.description,
            "recipe": {**asdict(recipe), "min_support": MIN_SUPPORT, "inner_folds": INNER_FOLDS, "seed": SEED},
            "calibration": {
                "method": "platt, folded into the learned coefficients",
                "a": fitted.platt[0],
                "b": fitted.platt[1],
            },
        },
        "intercept": fitted.intercept,
        "bands": BANDS,
        "signals": [_signal_json(s) for s in fitted.signals],
        "wording": wording_block(fitted),
        "reputation": reputation,
        "metrics": metrics,
    }


def model_json_text(model: dict) -> str:
    """Keys sorted, indent 1, floats as Python repr: the same model always gives the same bytes."""
    return json.dumps(model, indent=1, sort_keys=True, allow_nan=False) + "\n"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def default_models_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "models"


def save_model(model: dict, models_dir: Path, set_default: bool = True) -> Path:
    """Write into a temporary folder in `models_dir`, then move it into place (the old model survives a failure)."""
    from scorer.training.model_card import model_card

    models_dir.mkdir(parents=True, exist_ok=True)
    version = model["version"]
    temporary = Path(tempfile.mkdtemp(prefix=f".tmp-{version}-", dir=models_dir))
    try:
        (temporary / MODEL_FILE).write_text(model_json_text(model), encoding="utf-8")
        (temporary / SUMS_FILE).write_text(f"{file_sha256(temporary / MODEL_FILE)}  {MODEL_FILE}\n")
        (temporary / MODEL_CARD_FILE).write_text(model_card(model), encoding="utf-8")
        final = models_dir / version
        if final.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".old-{version}-", dir=models_dir))
            os.replace(final, retired / version)
            os.replace(temporary, final)
            shutil.rmtree(retired)
        else:
            os.replace(temporary, final)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary)
    if set_default:
        pointer = models_dir / f".{DEFAULT_FILE}.tmp"
        pointer.write_text(version + "\n")
        os.replace(pointer, models_dir / DEFAULT_FILE)
    return final


def train(training: TrainingSet, models_dir: Path | None = None, set_default: bool = True,
          recipe: Recipe | None = None) -> Path:
    """Fit on everything, measure the same procedure by grouped CV, and save; returns the model folder."""
    recipe = recipe or Recipe()
    fitted = fit_model(training, np.arange(len(training.labels)), recipe)
    metrics = grouped_cv_metrics(training, recipe)
    model = build_model_json(fitted, training, recipe, metrics)
    return save_model(model, models_dir or default_models_dir(), set_default)


def train_from_cli(data: Path | None, training_dir: Path, models_dir: Path | None, set_default: bool) -> Path:
    """`scorer train`: from a labelled file (`--data`) or the folder `make features` wrote; returns the model
    folder. Raises TrainingDataError with a message for the user; the current model is then left untouched."""
    from scorer.training.dataset import StaleTrainingData

    try:
        training = training_set_from_file(Path(data)) if data is not None else training_set_from_folder(training_dir)
    except (StaleTrainingData, FileNotFoundError) as error:
        raise TrainingDataError(str(error)) from None
    return train(training, models_dir, set_default)
