"""Evaluation: `evaluate_to` on six small invented corpora writes a report with every section, each number of our
model beside the TF-IDF baseline's on the same folds."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import numpy as np
import pytest

from scorer.training import evaluate
from scorer.training.dataset import CORPUS_PRIORITY

SCHEMA = ["id", "dataset", "subset", "label_raw", "label_binary", "title", "text", "url", "source", "date",
          "text_hash", "overlaps", "extra"]  # fmt: skip
CAREFUL = [
    "The transport ministry said on Monday that {n} new buses would enter service next month.",
    "\"We expect the route to open in spring,\" said Ana Ruiz, the ministry's spokesperson.",
    "According to the annual report, ridership rose {n} percent last year.",
    "The council will vote on the plan on Thursday, officials said.",
]
SHOUTY = [
    "This is UNBELIEVABLE and everyone is talking about it!!!",
    "They will NEVER tell you the truth about this, wake up!!",
    "Share before it gets taken down, they are hiding it!",
    "Experts say {n} things you know are lies!!!",
]
LABELS = {  # corpus -> (credible label_raw, not-credible label_raw)
    "webis_buzzfeed_2016": ("mostly true", "mostly false"),
    "fakenewsnet_v1": ("real", "fake"),
    "ctfan21_checkthat": ("TRUE", "FALSE"),
    "horne2017": ("real", "fake"),
    "golbeck2018": (None, "fake"),
    "recovery_covid2020": ("reliable", "unreliable"),
}


def _text(pool: list[str], rng: random.Random) -> str:
    return "\n".join(rng.choice(pool).format(n=rng.randint(2, 99)) for _ in range(rng.randint(6, 10)))


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpora")
    rng = random.Random(11)
    for corpus in CORPUS_PRIORITY:
        credible, not_credible = LABELS[corpus]
        rows = []
        for i in range(24):
            label_raw = credible if (i % 2 == 0 and credible) else not_credible
            pool = CAREFUL if label_raw == credible else SHOUTY
            text = _text(pool, rng) + f"\nItem {corpus} {i}."
            row = dict.fromkeys(SCHEMA, "")
            row.update(id=f"{corpus[:3]}{i}", dataset=corpus, label_raw=label_raw, text=text, title="A headline",
                       source=f"site{i % 6}-{label_raw.replace(' ', '')}.example", extra="{}",
                       url=f"https://site{i % 6}-{label_raw.replace(' ', '')}.example/{i}")  # fmt: skip
            rows.append(row)
        (folder / corpus).mkdir()
        with open(folder / corpus / "articles.csv", "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=SCHEMA)
            writer.writeheader()
            writer.writerows(rows)
    return folder


@pytest.fixture(scope="module")
def report(corpora: Path, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("docs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluate, "VARIANTS", {"C = 0.1 (stronger L1)": {"c": 0.1}})
        path = evaluate.evaluate_to(corpora, out)
    return out, path.read_text()


def test_evaluate_writes_the_report_and_the_plot(report) -> None:
    out, text = report
    assert (out / "evaluation.md").is_file() and (out / "calibration.png").stat().st_size > 0
    for heading in ("## Targets", "## Grouped cross-validation", "## Leave one corpus out", "## Inside each corpus",
                    "## Text only vs with the publisher's rating", "## Does each signal's direction hold",
                    "## Strongest wording terms", "## Recipe variants",
                    "## Where the baseline's lead comes from"):  # fmt: skip
        assert heading in text


def test_the_ablation_sits_beside_the_baseline(report) -> None:
    _, text = report
    for row in ("| signals only |", "| wording only |", "| **both (shipped)** |", "| both + reputation |",
                "| TF-IDF + LR baseline |"):  # fmt: skip
        line = next(line for line in text.splitlines() if line.startswith(row))
        numbers = [float(x) for x in re.findall(r"\d\.\d{3}", line)]
        assert len(numbers) == 4 and all(0 <= x <= 1 for x in numbers)


def test_every_corpus_is_held_out_once_with_both_models(report) -> None:
    _, text = report
    section = text.split("## Leave one corpus out")[1].split("## Inside each corpus")[0]
    for corpus in CORPUS_PRIORITY:
        line = next(line for line in section.splitlines() if line.startswith(f"| {corpus} |"))
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if corpus == "golbeck2018":  # no credible article: no ROC-AUC, accuracy only
            assert cells[2] == cells[3] == "n/a" and re.fullmatch(r"\d\.\d{3}", cells[4])
        else:
            assert re.fullmatch(r"\d\.\d{3}", cells[2]) and re.fullmatch(r"\d\.\d{3}", cells[3])


def test_targets_are_stated_met_or_not(report) -> None:
    _, text = report
    targets = text.split("## Targets")[1].split("##")[0]
    assert targets.count("met") >= 4
    assert "target ≥ 0.9" in targets and "target ≤ 0.15" in targets and "target ≤ 0.05" in targets


def test_tfidf_predictions_use_only_training_fold_vocabulary() -> None:
    from scipy import sparse

    counts = sparse.csr_matrix(np.array([[2, 0, 1], [0, 3, 1], [2, 0, 0], [0, 2, 1]]))
    labels = np.array([1, 0, 1, 0])
    probs = evaluate.tfidf_predictions(counts, labels, [(np.array([0, 1, 2, 3]), np.array([0, 1, 2, 3]))])
    assert probs[0] > 0.5 > probs[1]
    assert np.isnan(evaluate.tfidf_predictions(counts, labels, [])).all()


def test_the_baseline_lead_is_decomposed_for_every_corpus_with_both_labels(report) -> None:
    _, text = report
    section = text.split("## Where the baseline's lead comes from")[1].split("\n## ")[0]
    for corpus in CORPUS_PRIORITY:
        lines = [line for line in section.splitlines() if line.startswith(f"| {corpus} |")]
        if corpus == "golbeck2018":  # one class: nothing to separate
            assert lines == []
            continue
        cells = [cell.strip() for cell in lines[0].strip("|").split("|")]
        assert all(re.fullmatch(r"\d\.\d{3}", cell) for cell in cells[1:6]), cells
        assert re.search(r"\(\d+\.\d%\)", cells[6])


@pytest.mark.parametrize(
    ("rows", "expected_top"),
    [
        # column 0 is in every credible held-out article only, column 1 in every one, column 2 in the others only
        ([[1, 1, 0], [1, 1, 0], [0, 1, 1], [0, 1, 1]], {"careful", "shouty"}),
        ([[2, 1, 0], [1, 1, 0], [0, 1, 3], [0, 1, 1]], {"careful", "shouty"}),
    ],
)
def test_baseline_leaders_are_the_features_that_separate_the_held_out_classes(rows, expected_top) -> None:
    from scipy import sparse

    counts = sparse.csr_matrix(np.array(rows * 3))  # rows 0-3 train, the same again held out
    labels = np.array([1, 1, 0, 0] * 3)
    fold = (np.arange(8), np.arange(8, 12))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluate, "TFIDF_MIN_DF", 1)
        vocabulary = np.array(["careful", "every", "shouty"])
        leaders = evaluate.baseline_leaders(counts, vocabulary, labels, fold, n=2)
        every_feature = evaluate.baseline_leaders(counts, vocabulary, labels, fold, n=3)
    assert {term for term, _ in leaders} == expected_top
    assert all(0 < share <= 1 for _, share in leaders) and sum(share for _, share in leaders) > 0.99
    assert sum(share for _, share in every_feature) == pytest.approx(1.0)


def test_limits_compare_ours_with_the_baseline_on_the_same_vocabulary(report) -> None:
    _, text = report
    limits = text.split("## What limits the numbers")[1].split("\n## ")[0]
    line = next(line for line in limits.splitlines() if "Against the baseline on the same vocabulary" in line)
    ahead = int(re.search(r"on (\d) of 5 corpora", line).group(1))
    assert 0 <= ahead <= 5 and "golbeck2018" not in line
