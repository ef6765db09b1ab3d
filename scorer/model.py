"""The scoring model: read a model folder (plain JSON, checked against its SHA256SUMS) and score articles with exact
additive explanations.

    model = scorer.load_model()          # the shipped default (models/DEFAULT; env SCORER_MODEL_PATH overrides)
    model.score({"title": ..., "text": ...}) -> {"score", "band", "explanations", ...}
    model.score_many(items)              # one signal pass per article, one matrix product for the batch
    model.score_each(items)              # a result or an ArticleError per item, never raises for a bad item

The format is described for people in models/README.md. Per signal j:
    contribution_j = coefficient_j * (clip(value_j) - reference_j) / scale_j
plus one entry for the wording family and one for publisher reputation when the model has them;
logit = intercept + sum of contributions; score = sigmoid(logit). Loading reads numbers only: no code runs.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import logging
import math
import os
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from scorer.article import Article, ArticleError, to_article
from scorer.signals import SIGNAL_NAMES, SIGNAL_SET_VERSION, extract_signals, get_signal
from scorer.signals.base import Span

log = logging.getLogger("scorer.model")

MODEL_FILE = "model.json"
SUMS_FILE = "SHA256SUMS"
MODEL_CARD_FILE = "MODEL_CARD.md"
DEFAULT_FILE = "DEFAULT"
MODEL_PATH_ENV = "SCORER_MODEL_PATH"
FORMAT = "credibility-scorer-model"
FORMAT_VERSION = 1
WEIGHT_KINDS = ("learned", "prior", "none")
# Article warning codes that mean the model cannot judge the text: the band says "uncertain" instead of high/low.
UNCERTAIN_WARNING_CODES = frozenset({"non_english", "too_short"})


class ModelLoadError(Exception):
    """A model folder that cannot be served. The message names no server path; `folder` holds it for a CLI."""

    def __init__(self, message: str, folder: Path | None = None):
        super().__init__(message)
        self.folder = folder


class ModelNotFoundError(ModelLoadError, FileNotFoundError):
    """No model folder where one was expected."""


class ModelIntegrityError(ModelLoadError):
    """The folder's files do not match their SHA256SUMS, or model.json is not a model this code can use."""


def default_models_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "models"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def band_of(score: float, bands: dict[str, float], uncertain: bool = False) -> str:
    if uncertain:
        return "uncertain"
    if score >= bands["high"]:
        return "high"
    return "low" if score < bands["low"] else "medium"


def sigmoid(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    exp = math.exp(logit)
    return exp / (1.0 + exp)


def warning_code(warning: str) -> str:
    """`non_english` from "non_english: the text does not read as English; ..."."""
    return warning.split(":", 1)[0].strip()


def field_texts(article: Article) -> dict[str, str]:
    """The strings evidence spans point into, by the span's `field`."""
    return {"title": article.title, "text": article.text, "page_text": article.page_text or ""}


def evidence_dicts(texts: dict[str, str], spans: Iterable[Span], **extra: Any) -> list[dict[str, Any]]:
    """One dict per span, with the text it covers; `extra` keys (a wording occurrence's contribution) go last."""
    return [
        {"start": span.start, "end": span.end, "text": texts[span.field][span.start:span.end], "label": span.label,
         "field": span.field, **extra}
        for span in spans
    ]


# --- reading model.json ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalWeight:
    """One signal's entry of model.json, with the catalog's description."""

    name: str
    family: str
    unit: str
    direction: int
    description: str
    weight_kind: str
    reason: str | None
    coefficient: float
    reference: float
    scale: float
    low: float
    high: float


def _finite(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ModelIntegrityError(f"model.json: {where} must be a finite number, got {value!r}")
    return float(value)


def _described(name: str, weight_kind: str, reason: str | None) -> str:
    description = get_signal(name).description or name
    if weight_kind == "none":
        return f"{description} [weight 0: {reason}]"
    if weight_kind == "prior":
        return f"{description} [prior weight, not learned: {reason}]"
    return description


def read_signal(entry: Any) -> SignalWeight:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ModelIntegrityError("model.json: every entry of 'signals' needs a 'name'")
    name = entry["name"]
    if name not in SIGNAL_NAMES:
        raise ModelIntegrityError(f"the model needs signal {name!r}, which this code does not have; retrain it")
    kind = entry.get("weight_kind")
    if kind not in WEIGHT_KINDS:
        raise ModelIntegrityError(f"model.json: {name}.weight_kind must be one of {', '.join(WEIGHT_KINDS)}")
    reason = entry.get("reason")
    if kind != "learned" and not (isinstance(reason, str) and reason.strip()):
        raise ModelIntegrityError(f"model.json: {name} has a {kind} weight, so its 'reason' must say why")
    if entry.get("direction") not in (-1, 0, 1) or isinstance(entry.get("direction"), bool):
        raise ModelIntegrityError(f"model.json: {name}.direction must be -1, 0 or 1")
    if not isinstance(entry.get("unit"), str):
        raise ModelIntegrityError(f"model.json: {name}.unit must be a string")
    clip = entry.get("clip")
    if not isinstance(clip, list) or len(clip) != 2:
        raise ModelIntegrityError(f"model.json: {name}.clip must be [low, high]")
    low, high = _finite(clip[0], f"{name}.clip[0]"), _finite(clip[1], f"{name}.clip[1]")
    scale = _finite(entry.get("scale"), f"{name}.scale")
    if scale <= 0 or low > high:
        raise ModelIntegrityError(f"model.json: {name} needs scale > 0 and clip low <= high")
    return SignalWeight(
        name=name, family=get_signal(name).family, unit=entry["unit"], direction=entry["direction"],
        description=_described(name, kind, reason), weight_kind=kind, reason=reason,
        coefficient=_finite(entry.get("coefficient"), f"{name}.coefficient"),
        reference=_finite(entry.get("reference"), f"{name}.reference"), scale=scale, low=low, high=high,
    )


def check_document(document: Any) -> None:
    """The top level of model.json: the right format and version, and the keys the scorer reads."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ModelIntegrityError(f"model.json is not a {FORMAT} file")
    if document.get("format_version") != FORMAT_VERSION:
        raise ModelIntegrityError(
            f"model.json has format_version {document.get('format_version')!r}; this code reads {FORMAT_VERSION}"
        )
    for key in ("version", "intercept", "bands", "signals"):
        if key not in document:
            raise ModelIntegrityError(f"model.json has no {key!r}")
    bands = document["bands"]
    if not isinstance(bands, dict) or set(bands) != {"high", "low"}:
        raise ModelIntegrityError("model.json: 'bands' must be {\"high\": ..., \"low\": ...}")
    if not isinstance(document["signals"], list) or not document["signals"]:
        raise ModelIntegrityError("model.json: 'signals' must be a non-empty list")


def recorded_sums(folder: Path) -> dict[str, str]:
    """File name -> sha256 from SHA256SUMS (`sha256sum` output: '<hex>  <name>' or '<hex> *<name>' per line)."""
    sums_path = folder / SUMS_FILE
    if not sums_path.is_file():
        raise ModelIntegrityError(f"the model folder has no {SUMS_FILE}; refusing an unverified model", folder)
    sums = {}
    for line in sums_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        digest, _, name = line.partition(" ")
        sums[name.lstrip(" *")] = digest.lower()
    return sums


def verify_folder(folder: Path) -> None:
    """Every file SHA256SUMS lists (model.json at least) must hash to the recorded value."""
    sums = recorded_sums(folder)
    if MODEL_FILE not in sums:
        raise ModelIntegrityError(f"{SUMS_FILE} does not list {MODEL_FILE}; refusing an unverified model", folder)
    for name, digest in sums.items():
        path = folder / name
        if Path(name).name != name or not path.is_file():
            raise ModelIntegrityError(f"{SUMS_FILE} lists {name!r}, which is not a file of the model folder", folder)
        if file_sha256(path) != digest:
            raise ModelIntegrityError(
                f"{name} does not match the sha256 recorded in {SUMS_FILE}: it was changed after training; "
                "restore it or retrain", folder,
            )


def _reject_constant(name: str) -> None:
    raise ModelIntegrityError(f"model.json holds {name}, which is not a number a model can use")


# --- the model ---------------------------------------------------------------------------------------------------


class ScoresEach:
    """`score_each` for anything with `score` and `score_many` (the Model, and test doubles of it)."""

    def score_each(self, items: Iterable[Any]) -> list[dict[str, Any] | ArticleError]:
        """One result or one ArticleError per item, in order; never raises for a bad item. Scores the readable
        items as one batch and, if that fails, one by one, so only the failing article gets an error."""
        outcomes: list[Any] = []
        for item in items:
            try:
                outcomes.append(to_article(item))
            except ArticleError as error:
                outcomes.append(error)
        articles = [o for o in outcomes if isinstance(o, Article)]
        try:
            scored = iter(self.score_many(articles) if articles else [])
        except Exception:
            log.warning("scoring a batch of %d failed; scoring its articles one by one", len(articles))
            scored = iter([self._score_alone(article) for article in articles])
        return [next(scored) if isinstance(o, Article) else o for o in outcomes]

    def _score_alone(self, article: Article) -> dict[str, Any] | ArticleError:
        try:
            return self.score(article)
        except ArticleError as error:
            return error
        except Exception as error:  # a failure of this article alone: its error, not the batch's
            log.exception("scoring article %s failed", article.id)
            return ScoringError(f"scoring failed: {error}")


class ScoringError(ArticleError):
    """The article was read but scoring it failed (a fault on our side, not the caller's)."""


class Model(ScoresEach):
    """A loaded, verified model; see the module docstring for the scoring contract."""

    def __init__(self, document: dict[str, Any], path: Path | None = None, reputation_path: str | None = None):
        check_document(document)
        self.metadata = document
        self.path = path
        self.version: str = document["version"]
        self.intercept = _finite(document["intercept"], "intercept")
        self.bands = {name: _finite(document["bands"][name], f"bands.{name}") for name in ("high", "low")}
        self.signals: tuple[SignalWeight, ...] = tuple(read_signal(entry) for entry in document["signals"])
        self.signal_names: tuple[str, ...] = tuple(s.name for s in self.signals)
        self._coefficient = np.array([s.coefficient for s in self.signals])
        self._reference = np.array([s.reference for s in self.signals])
        self._scale = np.array([s.scale for s in self.signals])
        self._low = np.array([s.low for s in self.signals])
        self._high = np.array([s.high for s in self.signals])
        self.wording = _load_wording(document.get("wording"))
        self.reputation, self.reputation_table = _load_reputation(document.get("reputation"), reputation_path)

    def contributions(self, values: np.ndarray) -> np.ndarray:
        """Per-signal logit contributions for a (n_articles x n_signals) matrix of raw signal values."""
        clipped = np.clip(values, self._low, self._high)
        return (clipped - self._reference) / self._scale * self._coefficient + 0.0  # + 0.0 turns -0.0 into 0.0

    def score(self, item: Article | dict | str) -> dict[str, Any]:
        """Score one article (dict, plain text, or Article); raises ArticleError on unreadable input."""
        return self.score_many([item])[0]

    def score_many(self, items: Iterable[Article | dict | str]) -> list[dict[str, Any]]:
        """Score many articles: one signal pass each, one vectorised product; raises ArticleError on a bad item."""
        articles = [to_article(item) for item in items]
        if not articles:
            return []
        results = [extract_signals(article, self.signal_names) for article in articles]
        values = np.array([[results_[name].value for name in self.signal_names] for results_ in results],
                          dtype=float)
        contributions = self.contributions(values)
        return [
            self._result(article, result, row_values, row_contributions)
            for article, result, row_values, row_contributions in zip(
                articles, results, values.tolist(), contributions.tolist(), strict=True
            )
        ]

    def _signal_entries(self, article: Article, results: dict, values: list[float], contributions: list[float],
                        warnings_out: list[str]) -> list[dict[str, Any]]:
        texts = field_texts(article)
        entries = []
        for signal, value, contribution in zip(self.signals, values, contributions, strict=True):
            clipped = not signal.low <= value <= signal.high
            if clipped:
                bound = signal.low if value < signal.low else signal.high
                warnings_out.append(
                    f"clipped: {signal.name} = {value:.4g} is outside the range seen in training "
                    f"[{signal.low:.4g}, {signal.high:.4g}]; scored as {bound:.4g}"
                )
            evidence = results[signal.name].evidence
            entries.append({
                "feature": signal.name,
                "description": signal.description,
                "family": signal.family,
                "value": value,
                "contribution": contribution,
                "weight_kind": signal.weight_kind,
                "reference": signal.reference,
                "clipped": clipped,
                "evidence": evidence_dicts(texts, evidence) if evidence else [],
            })  # fmt: skip
        return entries

    def _result(self, article: Article, results: dict, values: list[float], contributions: list[float]) -> dict:
        warnings_out = list(article.warnings)
        entries = self._signal_entries(article, results, values, contributions, warnings_out)
        if self.wording is not None:
            entries.append(wording_entry(self.wording, article))
        if self.reputation is not None:
            entries.append(reputation_entry(self.reputation, self.reputation_table, article))
        entries.sort(key=lambda entry: -abs(entry["contribution"]))
        # Summed in the order shown, then the intercept: a reader adding the listed contributions gets this exactly.
        logit = sum(entry["contribution"] for entry in entries) + self.intercept
        score = sigmoid(logit)
        warnings_out += [
            f"prior_weight: {entry['feature']} fired; its weight is a documented prior, not learned from data"
            for entry in entries
            if entry["weight_kind"] == "prior" and entry["contribution"] != 0
        ]
        uncertain = any(warning_code(w) in UNCERTAIN_WARNING_CODES for w in article.warnings)
        result = {
            "id": article.id,
            "score": score,
            "band": band_of(score, self.bands, uncertain),
            "model_version": self.version,
            "logit": logit,
            "intercept": self.intercept,
            "explanations": entries,
            "warnings": warnings_out,
        }
        if article.page_text is not None:  # HTML input: the caller gets the extracted texts the spans index
            result["text"] = article.text
            result["page_text"] = article.page_text
        return result


# --- the wording family and publisher reputation (optional parts of model.json) ------------------------------------


def _load_wording(spec: dict | None):
    if spec is None:
        return None
    from scorer.wording import Wording  # only a model with a wording family needs it

    return Wording.from_json(spec)


def _load_reputation(spec: dict | None, reputation_path: str | None):
    if spec is None:
        return None, None
    from scorer.reputation import ReputationTable  # only a model with a reputation weight needs it

    coefficients = spec.get("coefficients") if isinstance(spec, dict) else None
    if not isinstance(coefficients, dict) or set(coefficients) != {"high", "mixed", "low"}:
        raise ModelIntegrityError("model.json: reputation.coefficients must give high, mixed and low")
    for rating, value in coefficients.items():
        _finite(value, f"reputation.coefficients.{rating}")
    for key in ("how_set", "table"):
        if not isinstance(spec.get(key), str):
            raise ModelIntegrityError(f"model.json: reputation.{key} must be a string (see models/README.md)")
    return spec, ReputationTable.load(reputation_path)


def wording_entry(wording, article: Article) -> dict[str, Any]:
    """The wording family as one explanation entry: its strongest terms, each occurrence with its share, and the
    sum of the other terms present."""
    texts = field_texts(article)
    found = wording.explain({"title": article.title, "text": article.text})
    for term in found.terms:  # explain's entries are this call's own: their Spans become dicts in place
        share = term["contribution"] / term["occurrences"]  # every occurrence, not only the spans listed
        term["evidence"] = evidence_dicts(texts, term["evidence"], contribution=share)
    return {
        "feature": "wording",
        "description": "Words and short phrases whose use differs between credible and not credible articles "
                       "across many sources; each term adds its weight times its value",
        "family": "wording",
        "value": float(len(found.terms) + found.unlisted_terms),
        "contribution": float(found.contribution) + 0.0,
        "weight_kind": "learned",
        "reference": 0.0,
        "clipped": False,
        "evidence": [span for term in found.terms for span in term["evidence"]],
        "terms": found.terms,
        "unlisted_terms": {"count": found.unlisted_terms, "contribution": float(found.unlisted_contribution) + 0.0},
    }


def reputation_entry(spec: dict, table, article: Article) -> dict[str, Any]:
    """Publisher reputation as one explanation entry: the rating's weight, or 0 for a publisher not in the table."""
    rating = table.lookup(article.url, article.source)
    if rating is None:
        description = f"Publisher reputation: not in the {spec['table']} table, contributes 0"
        contribution = 0.0
    else:
        description = (f"Publisher reputation: {rating.domain} is rated {rating.rating} for factual reporting by "
                       f"{rating.rater}, {rating.date}")
        contribution = float(spec["coefficients"][rating.rating])
    return {
        "feature": "publisher_reputation",
        "description": f"{description} [how its weight was set: {spec['how_set']}]",
        "family": "reputation",
        "value": 0.0 if rating is None else 1.0,
        "contribution": contribution,
        "weight_kind": "learned",
        "reference": 0.0,
        "clipped": False,
        "evidence": [],
    }


# --- finding, loading and caching models ---------------------------------------------------------------------------


def resolve_model_dir(path: str | os.PathLike | None = None) -> Path:
    """A model folder from: the given path (a model folder, its model.json, or a models/ folder with DEFAULT),
    else $SCORER_MODEL_PATH, else the shipped default (models/DEFAULT)."""
    chosen = Path(path) if path is not None else Path(os.environ.get(MODEL_PATH_ENV) or default_models_dir())
    if chosen.is_file() and chosen.name == MODEL_FILE:
        chosen = chosen.parent
    if (chosen / MODEL_FILE).is_file():
        return chosen
    pointer = chosen / DEFAULT_FILE
    if pointer.is_file():
        folder = chosen / pointer.read_text().strip()
        if (folder / MODEL_FILE).is_file():
            return folder
        chosen = folder
    raise ModelNotFoundError(f"no model found: expected {MODEL_FILE} or a {DEFAULT_FILE} file naming a version",
                             chosen)


def load_model(path: str | os.PathLike | None = None, reputation_path: str | None = None) -> Model:
    """Load and verify a model folder: its files must match SHA256SUMS and model.json must be a valid model.
    Raises ModelNotFoundError or ModelIntegrityError (both ModelLoadError)."""
    folder = resolve_model_dir(path)
    verify_folder(folder)
    try:
        document = json.loads((folder / MODEL_FILE).read_bytes(), parse_constant=_reject_constant)
        model = Model(document, folder, reputation_path)
    except ModelIntegrityError as error:
        error.folder = folder
        raise
    except ValueError as error:
        raise ModelIntegrityError(f"{MODEL_FILE} is not valid JSON: {error}", folder) from None
    if document.get("signal_set_version") != SIGNAL_SET_VERSION:
        warnings.warn(
            f"model {model.version} was trained on signal set {document.get('signal_set_version')}, this code computes "
            f"signal set {SIGNAL_SET_VERSION}; retrain it (make features && make train) if scores look wrong",
            stacklevel=2,
        )
    return model


def freeze_loaded_objects() -> None:
    """Take every object alive now (imported libraries and the loaded model) out of the garbage collector's full
    collections, which otherwise walk them all again each time a batch of results fills the heap (the gain is in
    docs/benchmarks.md). For processes that load a model once and then only score (API and batch workers); frozen
    objects are never freed, so call it after start-up, not per request."""
    gc.collect()  # what is garbage now is freed, not frozen
    gc.freeze()


@dataclass(frozen=True)
class ModelRef:
    """A picklable handle on one model folder. Calling it loads the model for a process that will only score from
    then on (an API worker, a batch pool or Dask worker) and freezes its start-up objects."""

    path: str | None = None

    def __call__(self) -> Model:
        model = load_model(self.path)
        freeze_loaded_objects()  # this process now only scores
        return model


# A model factory: any picklable, hashable callable returning an object with `score_each(items)`.
ModelFactory = Callable[[], Any]


@functools.cache
def cached_model(factory: ModelFactory):
    """The model `factory` gives, loaded at most once in this process."""
    return factory()
