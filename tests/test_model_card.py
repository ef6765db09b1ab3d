"""The model card: generated from model.json, it names the hygiene rules, the strongest terms, the prior weights and
why, the reputation weight and how it was set, and the metrics."""

from __future__ import annotations

import pytest

from scorer.signals import SIGNAL_NAMES
from scorer.training.model_card import CARD_TERMS, model_card


def _signal(name: str, kind: str = "learned", coefficient: float = 0.5, reason=None, prior_reason=None) -> dict:
    return {"name": name, "family": "style", "unit": "per sentence", "direction": -1, "weight_kind": kind,
            "reason": reason, "prior_reason": prior_reason, "coefficient": coefficient, "reference": 0.0,
            "scale": 1.0, "clip": [0.0, 3.0], "support": {"credible": 12, "not_credible": 30}}  # fmt: skip


def make_model(**changes) -> dict:
    terms = [f"term{i}" for i in range(40)]
    model = {
        "version": "cred-abcdef12-12345678",
        "signal_set_version": "abcdef123456",
        "trained_with": {"scikit_learn": "1.8.0", "python": "3.11"},
        "training": {"digest": "f" * 64, "rows": 100, "credible": 60, "not_credible": 40, "groups": 12,
                     "per_corpus": {"webis_buzzfeed_2016": {"credible": 60, "not_credible": 40}},
                     "description": "training_data/ (make features)", "recipe": {"c": 0.3, "min_term_groups": 3,
                     "max_group_share": 0.5, "max_corpus_share": 0.9}, "calibration": {"a": 0.9, "b": 0.1}},
        "intercept": 0.25,
        "bands": {"high": 0.7, "low": 0.4},
        "signals": [
            _signal(SIGNAL_NAMES[0]),
            _signal(SIGNAL_NAMES[1], "prior", -0.3, "too few training articles", "A share bar marks a scraped copy."),
            _signal(SIGNAL_NAMES[2], "none", 0.0, "direction does not hold across corpora (reversed in horne2017)"),
        ],
        "wording": {"terms": terms, "coefficients": [i - 20.5 for i in range(40)], "value": "log1p(count)",
                    "analyzer": {}, "removed_by_hygiene": {"more than 50% of its articles from one publisher": 17}},
        "reputation": {"coefficients": {"high": 0.4, "mixed": -0.1, "low": -0.9}, "how_set": "fitted on Webis",
                       "table": "mbfc-2018-2020"},
        "metrics": {"grouped_cv": {"roc_auc": 0.81, "brier": 0.17, "ece": 0.03, "f1": 0.8, "n": 100},
                    "folds": "grouped by publisher, 5 folds"},
    }  # fmt: skip
    model.update(changes)
    return model


def test_card_starts_with_the_version_and_states_what_it_is_not() -> None:
    card = model_card(make_model())
    assert card.startswith("# Model card — cred-abcdef12-12345678\n")
    assert "**What it is not.** A fact check." in card


def test_card_names_the_hygiene_rules_with_their_counts() -> None:
    card = model_card(make_model())
    for rule in ("No names", "No page furniture", "Not concentrated in one publisher or corpus", "Balanced",
                 "Many small weights"):
        assert rule in card
    assert "| more than 50% of its articles from one publisher | 17 |" in card
    assert "at least 3 publishers" in card and "more than 50%" in card and "more than 90%" in card


def test_card_lists_the_strongest_terms_each_way() -> None:
    card = model_card(make_model())
    assert "| term39 | +18.500 | term0 | -20.500 |" in card
    assert f"term{39 - CARD_TERMS}" not in card.split("## Wording")[1].split("Rules applied")[0]


def test_card_gives_each_prior_and_why() -> None:
    card = model_card(make_model())
    assert f"| `{SIGNAL_NAMES[1]}` | prior | -0.300 | too few training articles | A share bar marks a scraped copy. |" \
        in card
    assert f"| `{SIGNAL_NAMES[2]}` | none | 0.000 | direction does not hold across corpora (reversed in horne2017) |" \
        in card


def test_card_gives_the_reputation_weights_and_how_they_were_set() -> None:
    card = model_card(make_model())
    assert "high +0.400, mixed -0.100, low -0.900" in card
    assert "fitted on Webis" in card and "SCORER_REPUTATION_PATH" in card
    assert "Not part of this model." in model_card(make_model(reputation=None))


@pytest.mark.parametrize("wording", [None, {"terms": [], "coefficients": [], "value": "log1p(count)"}])
def test_card_without_wording_says_so(wording) -> None:
    if wording is not None:
        wording = {**wording, "removed_by_hygiene": {}}
    card = model_card(make_model(wording=wording))
    assert "## Wording" in card


def test_card_shows_metrics_and_the_baseline_when_present() -> None:
    metrics = {"grouped_cv": {"roc_auc": 0.812, "brier": 0.171, "ece": 0.031, "f1": 0.8, "n": 100},
               "tfidf_baseline": {"roc_auc": 0.89, "brier": 0.12, "ece": 0.08, "f1": 0.85, "n": 100},
               "folds": "grouped by publisher, 5 folds"}  # fmt: skip
    card = model_card(make_model(metrics=metrics))
    assert "| text only, all articles | 100 | 0.812 | 0.171 | 0.031 | 0.800 |" in card
    assert "| TF-IDF + logistic regression baseline, same folds | 100 | 0.890 |" in card
