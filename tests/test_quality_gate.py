"""Quality gate: the shipped configuration's grouped-CV metrics, recomputed from training_data/, stay above floors.

The floors sit slightly below what `scorer evaluate` measured for the shipped configuration (docs/evaluation.md), so a
change to a signal, the training procedure or the data that makes the model worse on unseen publishers fails CI.
No corpus text is needed: the feature table in training_data/ is enough.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.dataset import load_training_data, table_digest
from scorer.model import load_model
from scorer.train import grouped_cv_metrics, training_set_from_table

REPO = Path(__file__).resolve().parent.parent
# Measured for the shipped configuration (docs/evaluation.md, signal set 6a465ddf50dd): ROC-AUC 0.719, F1 0.756,
# Brier 0.209, ECE 0.047. Each floor/ceiling leaves a small margin so that a real regression, not noise, fails.
FLOORS = {"roc_auc": 0.69, "f1": 0.74}
CEILINGS = {"brier": 0.22, "ece": 0.06}


@pytest.fixture(scope="module")
def table():
    return load_training_data(REPO / "training_data")


@pytest.fixture(scope="module")
def metrics(table) -> dict[str, float]:
    return grouped_cv_metrics(training_set_from_table(table, "training_data"))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_grouped_cv_metric_is_above_its_floor(metrics, name: str) -> None:
    assert metrics[name] >= FLOORS[name], f"grouped-CV {name} fell to {metrics[name]:.3f} (floor {FLOORS[name]})"


@pytest.mark.parametrize("name", sorted(CEILINGS))
def test_grouped_cv_error_is_below_its_ceiling(metrics, name: str) -> None:
    assert metrics[name] <= CEILINGS[name], f"grouped-CV {name} rose to {metrics[name]:.3f} (ceiling {CEILINGS[name]})"


def test_shipped_model_was_trained_on_the_committed_table(table) -> None:
    model = load_model()
    assert model.metadata["training_data"]["sha256"] == table_digest(table), (
        "models/DEFAULT was trained on other data than training_data/features.csv: run make train"
    )


def test_shipped_model_metrics_match_a_recomputation(metrics) -> None:
    shipped = load_model().metadata["metrics"]["cross_validated"]
    for name in ("roc_auc", "brier", "ece", "f1"):
        assert shipped[name] == pytest.approx(metrics[name], abs=1e-9), name


@pytest.mark.parametrize(
    ("y_true", "y_prob", "expected"),
    [
        ([], [], float("nan")),
        ([1, 0], [1.0, 0.0], 0.0),
        ([1, 0], [0.0, 1.0], 1.0),
        ([1, 1, 0, 0], [0.5, 0.5, 0.5, 0.5], 0.0),  # one bin, mean 0.5, half credible
        ([1, 1, 1, 1], [0.75, 0.75, 0.75, 0.75], 0.25),
        ([0, 1], [0.05, 0.95], 0.05),
    ],
)
def test_expected_calibration_error(y_true, y_prob, expected) -> None:
    from scorer.metrics import expected_calibration_error

    result = expected_calibration_error(y_true, y_prob)
    assert result == pytest.approx(expected, nan_ok=True)


@pytest.mark.parametrize(
    ("y_true", "y_prob", "auc"),
    [([0, 1], [0.2, 0.8], 1.0), ([0, 1], [0.8, 0.2], 0.0), ([1, 1], [0.2, 0.8], float("nan")),
     ([0, 0, 1, 1], [0.5, 0.5, 0.5, 0.5], 0.5)],
)  # fmt: skip
def test_score_metrics(y_true, y_prob, auc) -> None:
    from scorer.metrics import score_metrics

    metrics = score_metrics(y_true, y_prob)
    assert metrics["roc_auc"] == pytest.approx(auc, nan_ok=True)
    assert metrics["n"] == len(y_true)
    assert 0.0 <= metrics["brier"] <= 1.0
