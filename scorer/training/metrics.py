"""Quality metrics for probability scores: ROC-AUC, F1, Brier score, expected calibration error."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import brier_score_loss, f1_score, roc_auc_score

# Equal-width probability bins for the expected calibration error (the usual choice in the calibration literature).
ECE_BINS = 10
# The decision threshold for F1: the score is a probability, so 0.5 is the natural cut.
F1_THRESHOLD = 0.5


def expected_calibration_error(y_true, y_prob, bins: int = ECE_BINS) -> float:
    """Mean |observed rate - mean predicted probability| over equal-width bins, weighted by bin size."""
    y_true = np.asarray(y_true, dtype=float)
    y_prob = np.asarray(y_prob, dtype=float)
    if len(y_true) == 0:
        return float("nan")
    index = np.minimum((y_prob * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        in_bin = index == b
        if in_bin.any():
            total += in_bin.sum() * abs(y_true[in_bin].mean() - y_prob[in_bin].mean())
    return float(total / len(y_true))


def roc_auc(y_true, y_prob) -> float:
    """ROC-AUC, or NaN when only one class is present (e.g. a held-out corpus with no credible articles)."""
    y_true = np.asarray(y_true)
    if len(np.unique(y_true)) < 2:
        return float("nan")
    return float(roc_auc_score(y_true, y_prob))


def score_metrics(y_true, y_prob) -> dict[str, float]:
    """AUC, F1 (credible class at 0.5), Brier, ECE, and accuracy at 0.5, all on one set of predictions."""
    y_true = np.asarray(y_true, dtype=int)
    y_prob = np.asarray(y_prob, dtype=float)
    if len(y_true) == 0:
        return {**dict.fromkeys(("roc_auc", "f1", "brier", "ece", "accuracy"), float("nan")), "n": 0}
    predicted = (y_prob >= F1_THRESHOLD).astype(int)
    return {
        "roc_auc": roc_auc(y_true, y_prob),
        "f1": float(f1_score(y_true, predicted, zero_division=0)),
        "brier": float(brier_score_loss(y_true, y_prob, pos_label=1)),
        "ece": expected_calibration_error(y_true, y_prob),
        "accuracy": float((predicted == y_true).mean()),
        "n": len(y_true),
    }
