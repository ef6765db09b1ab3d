"""Training: `train_from_cli` on labelled raw articles, model.json as the contract defines it, determinism, the
support / transfer / direction rules, deduplication, reputation, and bad input."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scorer.article import from_text
from scorer.signals import SIGNAL_NAMES, extract_signals, get_signal
from scorer.training import train
from scorer.training.train import (
    DEFAULT_FILE,
    LABEL_VALUES,
    MIN_ROWS,
    MODEL_FILE,
    SUMS_FILE,
    Recipe,
    TrainingDataError,
    TrainingSet,
    parse_labels,
    train_from_cli,
)
from scorer.wording import Wording

# Invented sentence pools: careful reporting vs a shouting, unsourced style.
CAREFUL = [
    "The transport ministry said on Monday that {n} new buses would enter service next month.",
    "\"We expect the route to open in spring,\" said Ana Ruiz, the ministry's spokesperson.",
    "According to the annual report, ridership rose {n} percent last year.",
    "The council will vote on the plan on Thursday, officials said.",
    "Daniel Okafor, an economist at the university, said the figures were in line with forecasts.",
]
SHOUTY = [
    "This is UNBELIEVABLE and everyone is talking about it!!!",
    "Sources say {n} percent of them are lying to you!",
    "They will NEVER tell you the truth about this!!",
    "Wake up before it gets taken down!",
    "Experts say this changes EVERYTHING you know!!!",
]


def _article(pool: list[str], rng: random.Random) -> str:
    sentences = [rng.choice(pool).format(n=rng.randint(2, 90)) for _ in range(rng.randint(4, 9))]
    return "\n".join(sentences)


def labelled_rows(n_per_class: int = 40, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n_per_class):
        rows.append({"id": f"c{i}", "text": _article(CAREFUL, rng), "title": "Buses to enter service",
                     "label": "credible", "source": f"https://news{i % 8}.example.org/a"})  # fmt: skip
        rows.append({"id": f"s{i}", "text": _article(SHOUTY, rng), "title": "YOU WON'T BELIEVE THIS",
                     "label": "not_credible", "source": f"http://viral{i % 8}.example.net/b"})  # fmt: skip
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def write_csv(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, Path]:
    """(labelled JSONL file, model folder), trained once for the module."""
    folder = tmp_path_factory.mktemp("trained")
    data = write_jsonl(folder / "labelled.jsonl", labelled_rows())
    model_dir = train_from_cli(data, folder / "unused", folder / "models", set_default=True)
    return data, model_dir


def read_model(model_dir: Path) -> dict:
    return json.loads((model_dir / MODEL_FILE).read_text())


def contract_logit(model: dict, article: dict) -> float:
    """The logit exactly as CONTRACT.md defines scoring, from model.json alone."""
    results = extract_signals(from_text(article["text"], title=article.get("title", "")))
    logit = model["intercept"]
    for s in model["signals"]:
        value = min(max(float(results[s["name"]].value), s["clip"][0]), s["clip"][1])
        logit += s["coefficient"] * (value - s["reference"]) / s["scale"]
    if model["wording"]:
        total = Wording.from_json(model["wording"]).explain({"title": article.get("title", ""),
                                                             "text": article["text"]}).contribution  # fmt: skip
        logit += total
    return logit


def test_a_model_folder_holds_json_its_checksum_and_a_card(trained) -> None:
    _, model_dir = trained
    assert sorted(p.name for p in model_dir.iterdir()) == sorted(["MODEL_CARD.md", MODEL_FILE, SUMS_FILE])
    digest = hashlib.sha256((model_dir / MODEL_FILE).read_bytes()).hexdigest()
    assert (model_dir / SUMS_FILE).read_text() == f"{digest}  {MODEL_FILE}\n"
    assert (model_dir.parent / DEFAULT_FILE).read_text().strip() == model_dir.name
    model = read_model(model_dir)
    assert model["format"] == "credibility-scorer-model" and model["format_version"] == 1
    assert model["version"] == model_dir.name
    assert model["version"].startswith("cred-") and len(model["version"].split("-")[2]) == 8
    assert [s["name"] for s in model["signals"]] == list(SIGNAL_NAMES)
    assert model["training"]["rows"] == 80
    assert (model_dir / "MODEL_CARD.md").read_text().startswith(f"# Model card — {model['version']}")
    assert not list(model_dir.parent.rglob("*.pkl")) and not list(model_dir.parent.rglob("*.joblib"))


def test_model_json_is_sorted_indented_and_has_no_timestamp(trained) -> None:
    text = (trained[1] / MODEL_FILE).read_text()
    model = json.loads(text)
    assert text == json.dumps(model, indent=1, sort_keys=True) + "\n"
    assert "created" not in model and "2026" not in json.dumps(model["training"])


def test_scoring_by_the_contract_separates_the_classes(trained) -> None:
    model = read_model(trained[1])
    careful = {"text": _article(CAREFUL, random.Random(99)), "title": "Buses to enter service"}
    shouty = {"text": _article(SHOUTY, random.Random(99)), "title": "YOU WON'T BELIEVE THIS"}
    assert contract_logit(model, careful) > 0 > contract_logit(model, shouty)


def test_the_wording_family_learns_phrases_that_separate_the_classes(tmp_path: Path) -> None:
    rng = random.Random(5)
    plain = ["The committee met on {d}.", "Members discussed the agenda.", "The session ended at noon."]
    rows = []
    for i in range(40):
        body = " ".join(rng.choice(plain).format(d=rng.choice(["Monday", "Friday"])) for _ in range(6))
        rows.append({"text": body + " The audit report was published.", "label": "1", "source": f"a{i % 8}.example"})
        rows.append({"text": body + " Wake up, they are hiding it.", "label": "0", "source": f"b{i % 8}.example"})
    model = read_model(train_from_cli(write_jsonl(tmp_path / "w.jsonl", rows), tmp_path, tmp_path / "m", False))
    weights = dict(zip(model["wording"]["terms"], model["wording"]["coefficients"], strict=True))
    assert weights and all(coefficient != 0 for coefficient in weights.values())
    assert max(weights, key=weights.get) in {"audit", "audit report", "report", "report was", "published", "the audit",
                                              "was published"}  # fmt: skip
    assert min(weights, key=weights.get) in {"wake", "wake up", "up", "hiding", "hiding it", "they are", "are hiding",
                                              "they", "are", "it"}  # fmt: skip
    credible = {"text": "The committee met on Monday. The audit report was published.", "title": ""}
    hidden = {"text": "The committee met on Monday. Wake up, they are hiding it.", "title": ""}
    assert contract_logit(model, credible) > contract_logit(model, hidden)


def test_the_contract_formula_reproduces_the_training_logits(trained) -> None:
    """Serve-side arithmetic (signals from the live code, wording from scorer.wording) equals the fit's own."""
    data, model_dir = trained
    model = read_model(model_dir)
    training = train.training_set_from_file(data)
    fitted = train.fit_model(training, np.arange(len(training.labels)), Recipe())
    expected = fitted.logits(training, np.arange(len(training.labels)))
    rows = [json.loads(line) for line in data.read_text().splitlines()]
    for row, logit in list(zip(rows, expected, strict=True))[:12]:
        assert contract_logit(model, row) == pytest.approx(logit, abs=1e-9)


def test_references_scales_and_clips(trained) -> None:
    training = train.training_set_from_file(trained[0])
    x = training.features
    for s in read_model(trained[1])["signals"]:
        assert s["scale"] > 0
        if s["weight_kind"] != "learned":
            assert (s["reference"], s["scale"]) == (0.0, 1.0)
            continue
        if train.reference_kind(s["name"]) == "typical":
            assert s["reference"] == pytest.approx(float(np.median(x[s["name"]])))
        else:
            assert s["reference"] == 0.0  # a cue that does not fire contributes exactly 0
        assert s["clip"] == [float(x[s["name"]].min()), float(x[s["name"]].max())]
        if s["direction"] and s["coefficient"]:
            assert np.sign(s["coefficient"]) == s["direction"]


def test_training_twice_writes_byte_identical_model_json(trained, tmp_path: Path) -> None:
    data = write_csv(tmp_path / "labelled.csv", labelled_rows())  # same rows as CSV: same features, same fit
    again = train_from_cli(data, tmp_path, tmp_path / "models", set_default=False)
    first, second = read_model(trained[1]), read_model(again)
    assert first["signals"] == second["signals"] and first["wording"] == second["wording"]
    assert first["intercept"] == second["intercept"] and first["metrics"] == second["metrics"]
    assert not (tmp_path / "models" / DEFAULT_FILE).exists()  # set_default=False


def test_retraining_the_same_data_replaces_the_folder_in_place(trained, tmp_path: Path) -> None:
    models = tmp_path / "models"
    first = train_from_cli(trained[0], tmp_path, models, set_default=True)
    before = (first / MODEL_FILE).read_bytes()
    second = train_from_cli(trained[0], tmp_path, models, set_default=True)
    assert first == second and (second / MODEL_FILE).read_bytes() == before
    assert sorted(p.name for p in models.iterdir()) == sorted([DEFAULT_FILE, first.name])


def test_metrics_come_from_grouped_cross_validation(trained) -> None:
    metrics = read_model(trained[1])["metrics"]
    assert metrics["folds"].startswith("grouped by publisher")
    assert metrics["grouped_cv"]["n"] == 80
    assert 0.5 < metrics["grouped_cv"]["roc_auc"] <= 1.0


def test_duplicates_are_dropped_with_a_warning_giving_the_count(tmp_path: Path, capsys) -> None:
    rows = labelled_rows()
    data = write_jsonl(tmp_path / "dups.jsonl", rows + rows[:7])
    train_from_cli(data, tmp_path, tmp_path / "models", set_default=False)
    assert "warning: 7 duplicate row(s)" in capsys.readouterr().err


def test_sixty_rows_of_two_texts_cannot_flatter_themselves(tmp_path: Path, capsys) -> None:
    rows = [{"text": "Officials said the bridge opens in May. " * 10, "label": "1"},
            {"text": "SHARE before they delete it!!! " * 10, "label": "0"}] * 30  # fmt: skip
    with pytest.raises(TrainingDataError, match="only 2 labelled rows"):
        train_from_cli(write_jsonl(tmp_path / "two.jsonl", rows), tmp_path, tmp_path / "models", set_default=True)
    assert "58 duplicate row(s)" in capsys.readouterr().err
    assert not (tmp_path / "models").exists()


def test_no_source_column_means_ungrouped_folds(tmp_path: Path) -> None:
    rows = [{k: v for k, v in row.items() if k != "source"} for row in labelled_rows()]
    folder = train_from_cli(write_jsonl(tmp_path / "x.jsonl", rows), tmp_path, tmp_path / "models", False)
    assert read_model(folder)["metrics"]["folds"].startswith("stratified, not grouped")


def _one_class(rows):
    return [r for r in rows if r["label"] == "credible"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda rows: [{k: v for k, v in r.items() if k != "label"} for r in rows], "lacks column(s) label"),
        (lambda rows: [{k: v for k, v in r.items() if k != "text"} for r in rows], "lacks column(s) text"),
        (_one_class, "no not credible (0) rows"),
        (lambda rows: rows[: MIN_ROWS - 2], f"training needs at least {MIN_ROWS}"),
        (lambda rows: [{**r, "label": "maybe"} if i == 3 else r for i, r in enumerate(rows)], "unknown label"),
        (lambda rows: [{**r, "text": "  "} if i == 5 else r for i, r in enumerate(rows)], "empty 'text'"),
        (lambda rows: rows[:1], "training needs at least"),
    ],
    ids=["no label column", "no text column", "one class", "too few rows", "unknown label", "empty text", "one row"],
)
def test_bad_training_input_stops_and_leaves_the_model_alone(tmp_path: Path, trained, mutate, message) -> None:
    models = trained[1].parent
    before = {p.name: p.stat().st_mtime_ns for p in models.rglob("*")}
    bad = write_jsonl(tmp_path / "bad.jsonl", mutate(labelled_rows()))
    with pytest.raises(TrainingDataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        train_from_cli(bad, tmp_path, models, set_default=True)
    assert {p.name: p.stat().st_mtime_ns for p in models.rglob("*")} == before


@pytest.mark.parametrize("content", ["", "not json at all\n{", "text,label\n"])
def test_unreadable_or_empty_files_are_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / ("bad.jsonl" if "json" in content else "bad.csv")
    path.write_text(content)
    with pytest.raises(TrainingDataError):
        train_from_cli(path, tmp_path, tmp_path / "models", set_default=True)
    assert not (tmp_path / "models").exists()


@pytest.mark.parametrize(("folder", "message"), [("missing", "run make features"), ("empty", "run make features")])
def test_a_missing_or_empty_training_folder_says_run_make_features(tmp_path: Path, folder: str, message: str) -> None:
    path = tmp_path / folder
    if folder == "empty":
        path.mkdir()
        (path / "features.csv").write_text("")
    with pytest.raises(TrainingDataError, match=message):
        train_from_cli(None, path, tmp_path / "models", set_default=True)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1", "0", "TRUE", "false", "Credible", "not_credible", "real", "fake", "1.0", "0.0"],
         [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]),
        ([1, 0, True, False], [1, 0, 1, 0]),
    ],
)  # fmt: skip
def test_label_spellings(values, expected) -> None:
    assert parse_labels(pd.Series(values)).tolist() == expected


@pytest.mark.parametrize("value", ["", "2", "maybe", None, "credible-ish"])
def test_unknown_labels_are_named(value) -> None:
    with pytest.raises(TrainingDataError, match="unknown label"):
        parse_labels(pd.Series(["1", value]))


def test_label_values_cover_both_classes() -> None:
    assert set(LABEL_VALUES.values()) == {0, 1}


# ---------------------------------------------------------------------------------------------- the rules


def synthetic(columns: dict[str, np.ndarray], labels: np.ndarray, corpora: np.ndarray | None = None) -> TrainingSet:
    """A signals-only training set: the named columns set, every other signal 0."""
    n = len(labels)
    features = pd.DataFrame({name: columns.get(name, np.zeros(n)) for name in SIGNAL_NAMES})
    corpora = corpora if corpora is not None else np.array(["one"] * n)
    return TrainingSet(features, labels, np.arange(n).astype(str), corpora, np.array([""] * n), None, (),
                       "test", "synthetic", grouped=False)  # fmt: skip


def weight_of(training: TrainingSet, name: str) -> train.SignalWeight:
    fitted = train.fit_uncalibrated(training, np.arange(len(training.labels)), Recipe(use_wording=False))
    return next(s for s in fitted.signals if s.name == name)


# (signal, the class it fires for in the data) -> the weight training gives it
DIRECTION_CASES = [
    ("named_sources_per_sentence", "credible", "learned, positive"),
    ("named_sources_per_sentence", "not credible", "weight 0"),
    ("hedges_per_sentence", "not credible", "learned, negative"),
    ("hedges_per_sentence", "credible", "weight 0"),
]


@pytest.mark.parametrize(("name", "fires_for", "expected"), DIRECTION_CASES)
def test_a_learned_weight_never_points_against_its_signals_direction(name, fires_for, expected) -> None:
    rng = np.random.default_rng(1)
    labels = np.array([0, 1] * 100)
    fires = labels == (1 if fires_for == "credible" else 0)
    training = synthetic({name: np.where(fires, rng.uniform(1, 2, 200), rng.uniform(0, 0.2, 200)),
                          "exclamations_per_sentence": rng.uniform(0, 1, 200)}, labels)  # fmt: skip
    weight = weight_of(training, name)
    if expected == "weight 0":
        assert (weight.weight_kind, weight.reason, weight.coefficient) == (
            "none", "data contradict the documented direction", 0.0)
    else:
        assert weight.weight_kind == "learned"
        assert np.sign(weight.coefficient) == (1 if expected.endswith("positive") else -1)


def test_a_signal_whose_direction_flips_between_corpora_is_not_learned() -> None:
    rng = np.random.default_rng(2)
    labels = np.array([0, 1] * 100)
    corpora = np.array(["a"] * 100 + ["b"] * 100)
    flips = np.where((labels == 1) == (corpora == "a"), rng.uniform(1, 2, 200), rng.uniform(0, 0.2, 200))
    holds = np.where(labels == 0, rng.uniform(1, 2, 200), rng.uniform(0, 0.2, 200))
    training = synthetic({"log_word_count": flips, "exclamations_per_sentence": holds}, labels, corpora)
    flipped = weight_of(training, "log_word_count")
    assert flipped.weight_kind == "none"
    assert flipped.reason.startswith("direction does not hold across corpora")
    assert weight_of(training, "exclamations_per_sentence").weight_kind == "learned"


def test_a_signal_without_support_keeps_its_prior_or_zero() -> None:
    rng = np.random.default_rng(3)
    labels = np.array([0, 1] * 100)
    training = synthetic({"exclamations_per_sentence": np.where(labels == 0, rng.uniform(1, 2, 200),
                                                                rng.uniform(0, 1.2, 200))}, labels)  # fmt: skip
    fitted = train.fit_uncalibrated(training, np.arange(200), Recipe(use_wording=False))
    for s in fitted.signals:
        if s.name == "exclamations_per_sentence":
            continue
        prior = get_signal(s.name).prior_weight
        assert s.weight_kind == ("prior" if prior is not None else "none")
        assert (s.coefficient, s.reference, s.scale) == (float(prior or 0.0), 0.0, 1.0)
        assert s.reason == "too few training articles"
        if prior:  # a prior may not move the score by more than PRIOR_MAX_LOGIT inside its clip range
            assert abs(prior) * s.clip[1] == pytest.approx(train.PRIOR_MAX_LOGIT)


def test_reputation_is_never_fitted_on_corpora_labelled_by_the_same_ratings() -> None:
    labels = np.array([1, 0, 1, 0])
    training = synthetic({}, labels, np.array(["webis_buzzfeed_2016", "golbeck2018", "recovery_covid2020",
                                               "recovery_covid2020"]))  # fmt: skip
    training = TrainingSet(**{**training.__dict__, "ratings": np.array(["high", "low", "high", "low"])})
    assert train.reputation_rows(training, np.arange(4)).tolist() == [0, 1]


def test_a_rating_is_measured_against_unrated_publishers_of_the_same_corpus() -> None:
    """Corpus a is all credible, corpus b all not: without the per-corpus shift 'high' (only in a) would absorb the
    base rate. Inside corpus a, high-rated and unrated articles are equally credible: the offset stays near 0."""
    labels = np.array([1] * 40 + [0] * 40)
    corpora = np.array(["a"] * 40 + ["b"] * 40)
    ratings = np.array(["high"] * 20 + [""] * 20 + ["low"] * 20 + [""] * 20)
    offsets = train.reputation_offsets(np.zeros(80), labels, ratings, corpora)
    assert abs(offsets["high"]) < 0.05 and abs(offsets["low"]) < 0.05


@pytest.mark.parametrize(
    ("labels", "ratings", "expected_sign"),
    [
        ([0] * 30, ["low"] * 30, {"low": -1, "high": 0, "mixed": 0}),
        ([1] * 30, ["high"] * 30, {"low": 0, "high": 1, "mixed": 0}),
        ([], [], {"low": 0, "high": 0, "mixed": 0}),
    ],
)
def test_reputation_offsets_follow_the_labels_and_stay_zero_without_data(labels, ratings, expected_sign) -> None:
    offsets = train.reputation_offsets(np.zeros(len(labels)), np.array(labels), np.array(ratings, dtype=str))
    assert {k: int(np.sign(round(v, 12))) for k, v in offsets.items()} == expected_sign
    assert all(math.isfinite(v) for v in offsets.values())
