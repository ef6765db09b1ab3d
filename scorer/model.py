"""The scoring model: load a saved Pipeline, verify it, and score articles with exact additive explanations.

    model = scorer.load_model()          # the shipped default (models/DEFAULT; env SCORER_MODEL_PATH overrides)
    model.score({"title": ..., "text": ...}) -> {"score", "band", "explanations", ...}
    model.score_many(items)              # one signal pass per article, one matrix product for the batch

The logit is intercept + sum of contributions, each contribution_j = coef_j * (value_j - mean_j) / scale_j
(for prior-weighted signals mean 0 and scale 1, so it is prior_weight * value); score = sigmoid(logit).
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from scorer.article import Article, to_article
from scorer.signals import SIGNAL_NAMES, SignalResult, extract_signals, get_signal
from scorer.signals.base import Span

MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
MODEL_CARD_FILE = "MODEL_CARD.md"
DEFAULT_FILE = "DEFAULT"
MODEL_PATH_ENV = "SCORER_MODEL_PATH"
# Band cut points on P(credible): high at or above 0.7, low below 0.4, medium between. A score of 0.7 means about
# 7 in 10 such articles were credible in calibration, a level an editor can pass without a second look; below 0.4 the
# article is more likely not credible than credible, with a margin for calibration error.
BANDS = {"high": 0.7, "low": 0.4}


class ModelIntegrityError(RuntimeError):
    """The model file does not match its metadata (or cannot be used with this code)."""


def default_models_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "models"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class SignalVectorizer(TransformerMixin, BaseEstimator):
    """Articles (Article, dict or str) or a table of signal values -> a float matrix in `signal_names` order."""

    def __init__(self, signal_names: tuple[str, ...] = SIGNAL_NAMES):
        self.signal_names = signal_names

    def fit(self, X=None, y=None):
        self.n_features_out_ = len(self.signal_names)
        return self

    def transform(self, X) -> np.ndarray:
        columns = getattr(X, "columns", None)
        if columns is not None:
            return X[list(self.signal_names)].to_numpy(dtype=float)
        rows = [signal_values(extract_signals(to_article(item), self.signal_names), self.signal_names) for item in X]
        return np.array(rows, dtype=float).reshape(len(rows), len(self.signal_names))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array(self.signal_names, dtype=object)


def signal_values(results: dict[str, SignalResult], names: Iterable[str]) -> list[float]:
    return [float(results[name].value) for name in names]


def band_of(score: float, bands: dict[str, float] = BANDS) -> str:
    if score >= bands["high"]:
        return "high"
    return "low" if score < bands["low"] else "medium"


def sigmoid(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    exp = math.exp(logit)
    return exp / (1.0 + exp)


def field_texts(article: Article) -> dict[str, str]:
    """The strings evidence spans point into, by the span's `field`."""
    return {"title": article.title, "text": article.text, "page_text": article.page_text or ""}


def evidence_dicts(texts: dict[str, str], spans: Iterable[Span]) -> list[dict[str, Any]]:
    # Spans are unpacked as tuples: a NamedTuple's attribute access costs ~3x a tuple unpack, for ~50 spans an article.
    return [
        {"start": start, "end": end, "text": texts[field][start:end], "label": label, "field": field}
        for start, end, label, field in spans
    ]


@dataclass(frozen=True)
class _SignalInfo:
    name: str
    description: str
    family: str
    weight: str  # "learned" or "prior"


class Model:
    """A loaded, verified model; see the module docstring for the scoring contract."""

    def __init__(self, pipeline, metadata: dict, path: Path | None = None):
        self.pipeline = pipeline
        self.metadata = metadata
        self.path = path
        self.version: str = metadata["version"]
        vectorizer = pipeline.named_steps["signals"]
        scaler = pipeline.named_steps["scale"]
        classifier = pipeline.named_steps["classify"]
        self.signal_names: tuple[str, ...] = tuple(vectorizer.signal_names)
        missing = [name for name in self.signal_names if name not in SIGNAL_NAMES]
        if missing:
            raise ModelIntegrityError(
                f"model {self.version} needs signal(s) {', '.join(missing)} that this code does not have; retrain it"
            )
        self._mean = np.asarray(scaler.mean_, dtype=float)
        self._scale = np.asarray(scaler.scale_, dtype=float)
        self._coef = np.asarray(classifier.coef_[0], dtype=float)
        self.intercept = float(classifier.intercept_[0])
        self.bands = metadata.get("bands", BANDS)
        by_name = {s["name"]: s for s in metadata.get("signals", [])}
        self._info = tuple(self._signal_info(name, by_name.get(name, {})) for name in self.signal_names)

    @staticmethod
    def _signal_info(name: str, meta: dict) -> _SignalInfo:
        signal = get_signal(name)
        description = signal.description or name
        kind = meta.get("weight_kind", "learned")
        reason = meta.get("prior_reason") or "too few training articles"
        if kind == "none":
            description += f" [weight 0: not learned ({reason}) and no prior]"
        elif kind == "prior":
            description += f" [weight is a documented prior, not learned ({reason})]"
        return _SignalInfo(name, description, signal.family, "learned" if kind == "learned" else "prior")

    def contributions(self, values: np.ndarray) -> np.ndarray:
        """Per-signal logit contributions for a (n_articles x n_signals) matrix of raw signal values."""
        return (values - self._mean) / self._scale * self._coef + 0.0  # + 0.0 turns -0.0 into 0.0

    def score(self, item: Article | dict | str) -> dict[str, Any]:
        """Score one article (dict, plain text, or Article); raises ArticleError on unreadable input."""
        return self.score_many([item])[0]

    def score_many(self, items: Iterable[Article | dict | str]) -> list[dict[str, Any]]:
        """Score many articles: one signal pass each, one vectorised product; raises ArticleError on a bad item."""
        articles = [to_article(item) for item in items]
        if not articles:
            return []
        results = [extract_signals(article, self.signal_names) for article in articles]
        values = np.array([signal_values(r, self.signal_names) for r in results], dtype=float)
        contributions = self.contributions(values)
        return [
            self._result(article, result, row_values, row_contributions)
            for article, result, row_values, row_contributions in zip(
                articles, results, values.tolist(), contributions.tolist(), strict=True
            )
        ]

    def _result(self, article: Article, results: dict, values: list[float], contributions: list[float]) -> dict:
        order = sorted(range(len(contributions)), key=lambda j: -abs(contributions[j]))
        texts = field_texts(article)
        explanations = []
        for j in order:
            info = self._info[j]
            evidence = results[info.name].evidence
            explanations.append({
                "feature": info.name,
                "description": info.description,
                "family": info.family,
                "value": values[j],
                "contribution": contributions[j],
                "weight": info.weight,
                "evidence": evidence_dicts(texts, evidence) if evidence else [],  # most signals have none
            })  # fmt: skip
        # Summed in the order shown, then the intercept: a reader adding the listed contributions gets this exactly.
        logit = sum(contributions[j] for j in order) + self.intercept
        score = sigmoid(logit)
        warnings_out = list(article.warnings)
        warnings_out += [
            f"prior_weight: {e['feature']} fired; its weight is a documented prior, not learned from data"
            for e in explanations
            if e["weight"] == "prior" and e["contribution"] != 0
        ]
        return {
            "id": article.id,
            "score": score,
            "band": band_of(score, self.bands),
            "model_version": self.version,
            "logit": logit,
            "intercept": self.intercept,
            "explanations": explanations,
            "warnings": warnings_out,
        }


def resolve_model_dir(path: str | os.PathLike | None = None) -> Path:
    """A model folder from: the given path (a model folder, or a models/ folder with DEFAULT), else
    $SCORER_MODEL_PATH, else the shipped default (models/DEFAULT)."""
    chosen = Path(path) if path is not None else Path(os.environ.get(MODEL_PATH_ENV) or default_models_dir())
    if chosen.is_file() and chosen.name == MODEL_FILE:
        chosen = chosen.parent
    if (chosen / MODEL_FILE).is_file():
        return chosen
    pointer = chosen / DEFAULT_FILE
    if pointer.is_file():
        return chosen / pointer.read_text().strip()
    raise FileNotFoundError(f"no model at {chosen}: expected {MODEL_FILE} or a {DEFAULT_FILE} file naming a version")


def freeze_loaded_objects() -> None:
    """Take every object alive now (imported libraries and the loaded model, ~115,000 of them) out of the garbage
    collector's full collections, which otherwise walk them all again each time a batch of results fills the heap:
    score_many in batches of 256 ran at 1,160-1,250 articles/s without this, 1,460/s with it and 1,590/s with the
    collector off (same VM, same run). For processes that load a model once and then only score (API and batch
    workers); frozen objects are never freed, so call it after start-up, not per request."""
    gc.collect()  # what is garbage now is freed, not frozen
    gc.freeze()


def load_model(path: str | os.PathLike | None = None) -> Model:
    """Load and verify a model; ModelIntegrityError if the file's sha256 differs from metadata.json."""
    import joblib
    import sklearn

    folder = resolve_model_dir(path)
    metadata = json.loads((folder / METADATA_FILE).read_text())
    model_file = folder / metadata.get("model_file", MODEL_FILE)
    actual = file_sha256(model_file)
    if actual != metadata.get("model_sha256"):
        raise ModelIntegrityError(
            f"{model_file} has sha256 {actual}, but {folder / METADATA_FILE} records {metadata.get('model_sha256')}; "
            "refusing to load a model file that does not match its metadata"
        )
    if metadata.get("sklearn_version") != sklearn.__version__:
        warnings.warn(
            f"model {metadata.get('version')} was trained with scikit-learn {metadata.get('sklearn_version')}, "
            f"this is {sklearn.__version__}; retrain if scores look wrong",
            stacklevel=2,
        )
    return Model(joblib.load(model_file), metadata, folder)
