"""Training: fit the additive model (signals -> StandardScaler -> LogisticRegression), calibrate it, and save it.

The fitted Pipeline is exactly additive on the logit scale: contribution_j = coef_j * (x_j - mean_j) / scale_j.
- Support rule: a signal non-zero in fewer than MIN_SUPPORT training articles of either class is not fitted. It
  uses the catalog's `prior_weight` (logit change per unit of the raw value; its scaler is set to mean 0, scale 1 so
  the contribution is prior_weight * value), or weight 0 when it has no prior — both recorded in the metadata.
- Direction rule: a signal whose fitted weight points against its documented direction (catalog.py) uses its prior,
  or weight 0 without one, and the rest are refitted (see `contradicted_directions`).
- Calibration: Platt scaling (a * logit + b) fitted on out-of-fold logits from source-grouped folds, then folded
  into the learned coefficients and the intercept, so the saved model stays additive and needs no extra step.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from scorer.metrics import score_metrics
from scorer.model import (
    BANDS,
    DEFAULT_FILE,
    METADATA_FILE,
    MODEL_CARD_FILE,
    MODEL_FILE,
    SignalVectorizer,
    default_models_dir,
    file_sha256,
)
from scorer.signals import SIGNAL_NAMES, SIGNAL_SET_VERSION, get_signal

# A weight is learned only if the signal fires (is non-zero) in at least this many training articles of EACH class:
# below that, one or two odd articles would set the weight.
MIN_SUPPORT = 10
# Inverse L2 strength of the logistic regression on standardised signals (sklearn's default; the signals are few).
REGULARISATION_C = 1.0
# Folds for the out-of-fold logits that calibration and the training metrics are computed from.
CALIBRATION_FOLDS = 5
# Fewer labelled rows than this cannot support a weight per signal, let alone calibration folds.
MIN_ROWS = 40
# Each class needs at least this many rows for stratified folds.
MIN_PER_CLASS = CALIBRATION_FOLDS * 2
SEED = 20161108


class TrainingDataError(ValueError):
    """Training input that cannot produce a model; the message says what to fix."""


@dataclass(frozen=True)
class TrainingSet:
    """Signal values (rows x SIGNAL_NAMES), labels (1 credible / 0 not), and groups (publisher) for folds."""

    features: pd.DataFrame
    labels: np.ndarray
    groups: np.ndarray
    digest: str
    description: str
    grouped: bool = True


def check_training_set(labels: np.ndarray) -> None:
    counts = {label: int((labels == label).sum()) for label in (0, 1)}
    if len(labels) < MIN_ROWS:
        raise TrainingDataError(f"only {len(labels)} labelled rows; training needs at least {MIN_ROWS}")
    for label, name in ((1, "credible (1)"), (0, "not credible (0)")):
        if counts[label] == 0:
            raise TrainingDataError(f"no {name} rows: training needs both classes")
        if counts[label] < MIN_PER_CLASS:
            raise TrainingDataError(f"only {counts[label]} {name} rows; each class needs at least {MIN_PER_CLASS}")


def support_counts(features: pd.DataFrame, labels: np.ndarray) -> dict[str, dict[str, int]]:
    """Per signal, how many articles of each class it is non-zero in."""
    nonzero = features.to_numpy(dtype=float) != 0
    return {
        name: {"credible": int(nonzero[labels == 1, j].sum()), "not_credible": int(nonzero[labels == 0, j].sum())}
        for j, name in enumerate(features.columns)
    }


def is_supported(support: dict[str, int], min_support: int = MIN_SUPPORT) -> bool:
    return min(support["credible"], support["not_credible"]) >= min_support


def _fit_logistic(scaled: np.ndarray, labels: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=REGULARISATION_C, max_iter=2000).fit(scaled, labels)


def _folds(labels: np.ndarray, groups: np.ndarray, grouped: bool):
    if grouped and len(np.unique(groups)) >= CALIBRATION_FOLDS:
        splitter = StratifiedGroupKFold(n_splits=CALIBRATION_FOLDS, shuffle=True, random_state=SEED)
        return list(splitter.split(np.zeros(len(labels)), labels, groups))
    splitter = StratifiedKFold(n_splits=CALIBRATION_FOLDS, shuffle=True, random_state=SEED)
    return list(splitter.split(np.zeros(len(labels)), labels))


def _learned_logits(x_train, y_train, x_test, learned: np.ndarray) -> np.ndarray:
    scaler = StandardScaler().fit(x_train[:, learned])
    model = _fit_logistic(scaler.transform(x_train[:, learned]), y_train)
    return model.decision_function(scaler.transform(x_test[:, learned]))


def platt(logits: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(a, b) so that sigmoid(a * logit + b) is calibrated on these (out-of-fold) logits."""
    fit = LogisticRegression(C=1e6, max_iter=1000).fit(logits.reshape(-1, 1), labels)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def out_of_fold_logits(x: np.ndarray, labels: np.ndarray, folds, learned: np.ndarray) -> np.ndarray:
    logits = np.zeros(len(labels))
    for train_idx, test_idx in folds:
        logits[test_idx] = _learned_logits(x[train_idx], labels[train_idx], x[test_idx], learned)
    return logits


def contradicted_directions(x: np.ndarray, labels: np.ndarray, names: list[str], learned: np.ndarray) -> np.ndarray:
    """Signals whose fitted weight points against their documented direction (refitting until none is left).

    The direction states what the signal means (catalog.py). A fit that says the opposite is either confounded by
    the corpora (scrape duplication makes "repeated phrases" look credible) or using the signal to correct a
    correlated one; either way its weight is no reason an editor could check. A signal with a prior then uses the
    prior, one without gets weight 0, and the model card shows why.
    """
    expected = np.array([get_signal(name).expected_sign for name in names])
    contradicted = np.zeros(len(names), dtype=bool)
    while True:
        use = learned & ~contradicted
        if not use.any():
            return contradicted
        scaler = StandardScaler().fit(x[:, use])
        coef = np.zeros(len(names))
        coef[use] = _fit_logistic(scaler.transform(x[:, use]), labels).coef_[0]
        newly = use & (expected != 0) & (np.sign(coef) == -expected)
        if not newly.any():
            return contradicted
        contradicted |= newly


def fit_pipeline(
    features: pd.DataFrame,
    labels: np.ndarray,
    groups: np.ndarray,
    grouped: bool = True,
    calibrate: bool = True,
    directed: bool = True,
) -> tuple[Pipeline, dict]:
    """Fit the additive, calibrated Pipeline; returns it and the per-signal weight report. `directed=False` skips
    the direction rule (contradicted_directions), for the evaluation's comparison only."""
    names = list(features.columns)
    x = features.to_numpy(dtype=float)
    support = support_counts(features, labels)
    supported = np.array([is_supported(support[name]) for name in names])
    contradicted = (
        contradicted_directions(x, labels, names, supported) if directed else np.zeros(len(names), dtype=bool)
    )
    learned = supported & ~contradicted
    if not learned.any():
        raise TrainingDataError(
            f"no signal is non-zero in at least {MIN_SUPPORT} articles of each class; nothing can be learned"
        )
    a, b = 1.0, 0.0
    if calibrate:
        a, b = platt(out_of_fold_logits(x, labels, _folds(labels, groups, grouped), learned), labels)
    scaler = StandardScaler().fit(x)
    learned_model = _fit_logistic(scaler.transform(x)[:, learned], labels)
    coef = np.zeros(len(names))
    coef[learned] = a * learned_model.coef_[0]
    weights: dict[str, dict] = {}
    for j, name in enumerate(names):
        prior = get_signal(name).prior_weight
        if learned[j]:
            kind, reason = "learned", None
        else:
            scaler.mean_[j], scaler.scale_[j], scaler.var_[j] = 0.0, 1.0, 1.0
            coef[j] = prior if prior is not None else 0.0
            kind = "prior" if prior is not None else "none"
            reason = "data contradict the documented direction" if contradicted[j] else "too few training articles"
        weights[name] = {"kind": kind, "prior_weight": prior, "support": support[name], "reason": reason}
    classifier = LogisticRegression(C=REGULARISATION_C)
    classifier.classes_ = np.array([0, 1])
    classifier.coef_ = coef.reshape(1, -1)
    classifier.intercept_ = np.array([a * learned_model.intercept_[0] + b])
    classifier.n_features_in_ = len(names)
    classifier.n_iter_ = learned_model.n_iter_
    vectorizer = SignalVectorizer(signal_names=tuple(names)).fit(features)
    pipeline = Pipeline([("signals", vectorizer), ("scale", scaler), ("classify", classifier)])
    return pipeline, {"weights": weights, "platt": {"a": a, "b": b}}


def predict_proba(pipeline: Pipeline, features: pd.DataFrame) -> np.ndarray:
    return pipeline.predict_proba(features[list(pipeline.named_steps["signals"].signal_names)])[:, 1]


def cross_validated_predictions(training: TrainingSet, folds, directed: bool = True) -> np.ndarray:
    """Out-of-fold P(credible): the whole training procedure (support and direction rules, calibration) re-run in
    every fold."""
    probs = np.zeros(len(training.labels))
    for train_idx, test_idx in folds:
        pipeline, _ = fit_pipeline(
            training.features.iloc[train_idx],
            training.labels[train_idx],
            training.groups[train_idx],
            training.grouped,
            directed=directed,
        )
        probs[test_idx] = predict_proba(pipeline, training.features.iloc[test_idx])
    return probs


def grouped_cv_metrics(training: TrainingSet) -> dict[str, float]:
    folds = _folds(training.labels, training.groups, training.grouped)
    return score_metrics(training.labels, cross_validated_predictions(training, folds))


# ---------------------------------------------------------------------------------------------- inputs


def training_set_from_table(table: pd.DataFrame, description: str) -> TrainingSet:
    from scorer.dataset import table_digest

    labels = table["label"].to_numpy(dtype=int)
    check_training_set(labels)
    return TrainingSet(
        features=table[list(SIGNAL_NAMES)].astype(float).reset_index(drop=True),
        labels=labels,
        groups=table["group"].astype(str).to_numpy(),
        digest=table_digest(table),
        description=description,
    )


# Accepted spellings of a label in `scorer train --data` (case-insensitive).
LABEL_VALUES = {
    "1": 1, "true": 1, "credible": 1, "real": 1, "yes": 1,
    "0": 0, "false": 0, "not_credible": 0, "not credible": 0, "fake": 0, "no": 0,
}  # fmt: skip


def read_labelled_file(path: Path) -> pd.DataFrame:
    """Labelled raw articles from JSONL (one object per line) or CSV: text, label, optional title, source, id."""
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


def training_set_from_file(path: Path) -> TrainingSet:
    from scorer.dataset import feature_matrix, normalise_domain

    frame = read_labelled_file(path)
    labels = parse_labels(frame["label"])
    check_training_set(labels)
    texts = frame["text"].fillna("").astype(str)
    empty = texts.str.strip().eq("")
    if empty.any():
        raise TrainingDataError(f"{int(empty.sum())} row(s) have an empty 'text' (first at row {int(empty.idxmax())})")
    titles = frame["title"].fillna("").astype(str) if "title" in frame else pd.Series([""] * len(frame))
    features = feature_matrix(texts, titles)
    sources = frame["source"].fillna("").astype(str).map(normalise_domain) if "source" in frame else None
    grouped = sources is not None and sources.ne("").all()
    groups = sources.to_numpy() if grouped else np.arange(len(frame)).astype(str)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return TrainingSet(features, labels, groups, digest, f"labelled file {path.name}", grouped)


# ---------------------------------------------------------------------------------------------- saving


def model_version(training: TrainingSet) -> str:
    """Same signals + same data + same procedure -> same version name."""
    recipe = f"{training.digest}|{MIN_SUPPORT}|{REGULARISATION_C}|{CALIBRATION_FOLDS}|{SEED}"
    return f"cred-{SIGNAL_SET_VERSION[:8]}-{hashlib.sha256(recipe.encode()).hexdigest()[:8]}"


def signal_metadata(pipeline: Pipeline, report: dict) -> list[dict]:
    scaler, classifier = pipeline.named_steps["scale"], pipeline.named_steps["classify"]
    out = []
    for j, name in enumerate(pipeline.named_steps["signals"].signal_names):
        signal = get_signal(name)
        weight = report["weights"][name]
        coef = float(classifier.coef_[0, j])
        out.append({
            "name": name,
            "description": signal.description,
            "family": signal.family,
            "unit": signal.unit,
            "weight_kind": weight["kind"],
            "coefficient": coef,
            "mean": float(scaler.mean_[j]),
            "scale": float(scaler.scale_[j]),
            "logit_per_unit": coef / float(scaler.scale_[j]),
            "prior_weight": weight["prior_weight"],
            "support": weight["support"],
            "prior_reason": weight["reason"],
        })  # fmt: skip
    return out


def build_metadata(pipeline: Pipeline, report: dict, training: TrainingSet, metrics: dict, version: str) -> dict:
    return {
        "version": version,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sklearn_version": sklearn.__version__,
        "signal_set_version": SIGNAL_SET_VERSION,
        "signals": signal_metadata(pipeline, report),
        "intercept": float(pipeline.named_steps["classify"].intercept_[0]),
        "calibration": {"method": "platt, folded into coefficients", **report["platt"]},
        "bands": BANDS,
        "min_support": MIN_SUPPORT,
        "regularisation_c": REGULARISATION_C,
        "seed": SEED,
        "training_data": {
            "description": training.description,
            "sha256": training.digest,
            "rows": len(training.labels),
            "credible": int(training.labels.sum()),
            "not_credible": int((training.labels == 0).sum()),
            "groups": len(np.unique(training.groups)),
            "folds": "grouped by source" if training.grouped else "stratified, not grouped (no source column)",
        },
        "metrics": {"cross_validated": metrics},
    }


def save_model(pipeline: Pipeline, metadata: dict, models_dir: Path, set_default: bool = True) -> Path:
    """Write into a temporary folder in `models_dir`, then move it into place (the old model survives a failure)."""
    from scorer.model_card import model_card

    models_dir.mkdir(parents=True, exist_ok=True)
    version = metadata["version"]
    temporary = Path(tempfile.mkdtemp(prefix=f".tmp-{version}-", dir=models_dir))
    try:
        joblib.dump(pipeline, temporary / MODEL_FILE)
        metadata = {**metadata, "model_file": MODEL_FILE, "model_sha256": file_sha256(temporary / MODEL_FILE)}
        (temporary / METADATA_FILE).write_text(json.dumps(metadata, indent=2) + "\n")
        (temporary / MODEL_CARD_FILE).write_text(model_card(metadata))
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


def train(training: TrainingSet, models_dir: Path | None = None, set_default: bool = True) -> Path:
    """Fit, measure (grouped CV of the whole procedure), and save; returns the model folder."""
    pipeline, report = fit_pipeline(training.features, training.labels, training.groups, training.grouped)
    metrics = grouped_cv_metrics(training)
    version = model_version(training)
    metadata = build_metadata(pipeline, report, training, metrics, version)
    return save_model(pipeline, metadata, models_dir or default_models_dir(), set_default)


# ---------------------------------------------------------------------------------------------- command


def _load_training(data: Path | None, training_dir: Path) -> TrainingSet:
    from scorer.dataset import load_training_data

    if data is not None:
        return training_set_from_file(data)
    table = load_training_data(training_dir)
    return training_set_from_table(table, f"{training_dir.name}/features.csv (make features)")
