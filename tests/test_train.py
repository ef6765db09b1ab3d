"""Training: `scorer train --data FILE` on labelled raw articles, determinism, the support rule, and bad input."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from scorer.cli import cli
from scorer.model import DEFAULT_FILE, load_model
from scorer.train import LABEL_VALUES, MIN_ROWS, TrainingDataError, parse_labels

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
    "Share this now before it gets taken down!",
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


def run_train(*args: str):
    return CliRunner().invoke(cli, ["train", *args])


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    return tmp_path / "models"


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, Path]:
    """(labelled JSONL file, models folder) trained once for the module; tests copy the folder."""
    folder = tmp_path_factory.mktemp("trained")
    data = write_jsonl(folder / "labelled.jsonl", labelled_rows())
    result = run_train("--data", str(data), "--models", str(folder / "models"))
    assert result.exit_code == 0, result.output
    assert "now the default" in result.output
    return data, folder / "models"


@pytest.fixture
def trained_copy(trained, tmp_path: Path) -> Path:
    copy = tmp_path / "models"
    shutil.copytree(trained[1], copy)
    return copy


def test_train_from_jsonl_writes_a_loadable_default_model(trained) -> None:
    model = load_model(trained[1])
    assert model.metadata["training_data"]["rows"] == 80
    assert model.metadata["training_data"]["folds"] == "grouped by source"
    careful = model.score({"text": _article(CAREFUL, random.Random(99))})
    shouty = model.score({"text": _article(SHOUTY, random.Random(99)), "title": "YOU WON'T BELIEVE THIS"})
    assert careful["score"] > 0.5 > shouty["score"]
    assert (model.path / "MODEL_CARD.md").read_text().startswith(f"# Model card — {model.version}")


def test_training_is_deterministic(trained, tmp_path: Path) -> None:
    rows = labelled_rows()
    data = write_csv(tmp_path / "labelled.csv", rows)  # same rows as CSV: same features, same fit
    assert run_train("--data", str(data), "--models", str(tmp_path / "again")).exit_code == 0
    meta_a, meta_b = load_model(trained[1]).metadata, load_model(tmp_path / "again").metadata
    assert meta_a["signals"] == meta_b["signals"]
    assert meta_a["intercept"] == meta_b["intercept"]
    assert meta_a["metrics"] == meta_b["metrics"]


def test_retraining_the_same_version_replaces_it_in_place(trained, trained_copy: Path) -> None:
    assert run_train("--data", str(trained[0]), "--models", str(trained_copy)).exit_code == 0
    version = load_model(trained_copy).version
    assert version == load_model(trained[1]).version
    assert sorted(p.name for p in trained_copy.iterdir()) == sorted([DEFAULT_FILE, version])


def test_signals_without_support_get_a_prior_or_zero(trained) -> None:
    for signal in load_model(trained[1]).metadata["signals"]:
        support = signal["support"]
        if signal["weight_kind"] == "learned":
            assert min(support["credible"], support["not_credible"]) >= 10
            assert signal["prior_reason"] is None
            continue
        expected = signal["prior_weight"] if signal["weight_kind"] == "prior" else 0.0
        assert signal["coefficient"] == expected
        assert (signal["mean"], signal["scale"]) == (0.0, 1.0)
        if min(support["credible"], support["not_credible"]) >= 10:  # supported, but against the signal's direction
            assert signal["prior_reason"] == "data contradict the documented direction"
        else:
            assert signal["prior_reason"] == "too few training articles"


def test_no_source_column_means_ungrouped_folds(tmp_path: Path, models_dir: Path) -> None:
    rows = [{k: v for k, v in row.items() if k != "source"} for row in labelled_rows()]
    run_train("--data", str(write_jsonl(tmp_path / "x.jsonl", rows)), "--models", str(models_dir))
    assert load_model(models_dir).metadata["training_data"]["folds"].startswith("stratified, not grouped")


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
    ids=["no label column", "no text column", "one class", "too few rows", "unknown label", "empty text",
         "one row"],
)
def test_bad_training_input_stops_and_leaves_the_model_alone(tmp_path, trained_copy, mutate, message) -> None:
    models_dir = trained_copy
    before = {p.name: p.stat().st_mtime_ns for p in models_dir.rglob("*")}
    default = (models_dir / DEFAULT_FILE).read_text()
    bad = write_jsonl(tmp_path / "bad.jsonl", mutate(labelled_rows()))
    result = run_train("--data", str(bad), "--models", str(models_dir))
    assert result.exit_code == 2
    assert message in result.output
    assert "left untouched" in result.output
    assert {p.name: p.stat().st_mtime_ns for p in models_dir.rglob("*")} == before
    assert (models_dir / DEFAULT_FILE).read_text() == default


@pytest.mark.parametrize("content", ["", "not json at all\n{", "text,label\n"])
def test_unreadable_or_empty_files_are_refused(tmp_path: Path, models_dir: Path, content: str) -> None:
    path = tmp_path / ("bad.jsonl" if "json" in content else "bad.csv")
    path.write_text(content)
    result = run_train("--data", str(path), "--models", str(models_dir))
    assert result.exit_code == 2
    assert not models_dir.exists() or not any(models_dir.iterdir())


def test_missing_file_is_refused(tmp_path: Path, models_dir: Path) -> None:
    result = run_train("--data", str(tmp_path / "nope.csv"), "--models", str(models_dir))
    assert result.exit_code == 2
    assert "does not exist" in result.output


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


def _feature_table_folder(folder: Path, rows: int, version: str) -> Path:
    from scorer.dataset import FEATURES_FILE, KEY_COLUMNS, VERSION_FILE
    from scorer.signals import SIGNAL_NAMES

    folder.mkdir()
    table = pd.DataFrame([{**dict.fromkeys(KEY_COLUMNS, "x"), "label": i % 2, "id": str(i),
                           **dict.fromkeys(SIGNAL_NAMES, float(i))} for i in range(rows)])  # fmt: skip
    table.to_csv(folder / FEATURES_FILE, index=False)
    (folder / VERSION_FILE).write_text(version + "\n")
    return folder


@pytest.mark.parametrize(
    ("rows", "version", "message"),
    [
        (6, None, "only 6 labelled rows"),
        (60, "000000000000", "run make features"),
        (0, None, "is empty; run make features"),
    ],
)
def test_train_from_a_feature_table_refuses_bad_tables(tmp_path: Path, models_dir: Path, rows, version, message):
    from scorer.signals import SIGNAL_SET_VERSION

    folder = _feature_table_folder(tmp_path / "td", rows, version or SIGNAL_SET_VERSION)
    result = run_train("--training-data", str(folder), "--models", str(models_dir))
    assert result.exit_code == 2
    assert message in result.output
    assert not models_dir.exists()


def test_train_without_a_feature_table_says_run_make_features(tmp_path: Path, models_dir: Path) -> None:
    result = run_train("--training-data", str(tmp_path), "--models", str(models_dir))
    assert result.exit_code == 2
    assert "run make features" in result.output


@pytest.mark.parametrize("direction", ["agrees", "contradicts"])
def test_a_prior_is_used_when_the_data_contradict_its_direction(direction: str) -> None:
    import numpy as np

    from scorer.signals import SIGNALS
    from scorer.train import fit_pipeline

    with_prior = next((s for s in SIGNALS if s.prior_weight), None)
    if with_prior is None:
        pytest.skip("no signal in the catalog has a prior weight")
    rng = np.random.default_rng(0)
    labels = np.array([0, 1] * 100)
    agrees_when_label_is = 0 if with_prior.prior_weight < 0 else 1  # a negative prior: fires on non-credible
    fires_for = agrees_when_label_is if direction == "agrees" else 1 - agrees_when_label_is
    features = pd.DataFrame({
        with_prior.name: np.where(labels == fires_for, rng.uniform(1, 2, 200), rng.uniform(0, 0.2, 200)),
        "log_word_count": rng.normal(6, 0.5, 200),
    })  # fmt: skip
    _, report = fit_pipeline(features, labels, np.arange(200).astype(str), grouped=False)
    weight = report["weights"][with_prior.name]
    if direction == "agrees":
        assert weight["kind"] == "learned"
    else:
        assert (weight["kind"], weight["reason"]) == ("prior", "data contradict the documented direction")


# (signal, its documented direction, the class it fires for in the data) -> the weight training gives it
DIRECTION_CASES = [
    ("named_sources_per_sentence", +1, "credible", "learned, positive"),
    ("named_sources_per_sentence", +1, "not credible", "weight 0"),
    ("hedges_per_sentence", -1, "not credible", "learned, negative"),
    ("hedges_per_sentence", -1, "credible", "weight 0"),
    ("log_word_count", None, "credible", "learned, positive"),  # no stated direction: either sign is kept
    ("log_word_count", None, "not credible", "learned, negative"),
]


@pytest.mark.parametrize(("name", "direction", "fires_for", "expected"), DIRECTION_CASES)
def test_a_learned_weight_never_points_against_its_signals_direction(name, direction, fires_for, expected) -> None:
    import numpy as np

    from scorer.signals import get_signal
    from scorer.train import fit_pipeline

    assert get_signal(name).direction == direction and get_signal(name).prior_weight is None
    rng = np.random.default_rng(1)
    labels = np.array([0, 1] * 100)
    fires = labels == (1 if fires_for == "credible" else 0)
    features = pd.DataFrame({
        name: np.where(fires, rng.uniform(1, 2, 200), rng.uniform(0, 0.2, 200)),
        "mean_word_length": rng.normal(5, 0.5, 200),  # a second signal, so a refit has something left to fit
    })  # fmt: skip
    pipeline, report = fit_pipeline(features, labels, np.arange(200).astype(str), grouped=False)
    coef = pipeline.named_steps["classify"].coef_[0][0]
    weight = report["weights"][name]
    if expected == "weight 0":
        assert (weight["kind"], weight["reason"], coef) == ("none", "data contradict the documented direction", 0.0)
        undirected, _ = fit_pipeline(features, labels, np.arange(200).astype(str), grouped=False, directed=False)
        assert np.sign(undirected.named_steps["classify"].coef_[0][0]) == -direction  # what the rule took out
    else:
        assert weight["kind"] == "learned"
        assert np.sign(coef) == (1 if expected.endswith("positive") else -1)


def test_every_prior_states_the_same_direction_as_its_signal() -> None:
    from scorer.signals import SIGNALS

    for signal in SIGNALS:
        if signal.prior_weight is not None:
            assert signal.direction in (None, 1 if signal.prior_weight > 0 else -1), signal.name
            assert signal.expected_sign == (1 if signal.prior_weight > 0 else -1), signal.name
