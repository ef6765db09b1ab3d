"""The per-corpus direction measurement (benchmarks/signals_generalisation.py) on tiny corpora written here."""

import csv

import pytest

from benchmarks import signals_generalisation as gen
from scorer.signals import SIGNALS

COLUMNS = ["id", "dataset", "subset", "label_raw", "label_binary", "title", "text", "url", "source", "date",
           "text_hash", "overlaps", "extra"]  # fmt: skip
LONG = " ".join(["word"] * 40)


def write_corpora(root, rows_by_corpus):
    for corpus in gen.CORPORA:
        (root / corpus).mkdir()
        with open(root / corpus / "articles.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, COLUMNS)
            writer.writeheader()
            for row in rows_by_corpus.get(corpus, []):
                writer.writerow({column: row.get(column, "") for column in COLUMNS})


def test_rows_are_labelled_long_enough_and_deduplicated(tmp_path):
    write_corpora(tmp_path, {
        "webis_buzzfeed_2016": [
            {"id": "a", "label_binary": "1", "text": LONG + " a", "text_hash": "h1"},
            {"id": "b", "label_binary": "", "text": LONG + " b", "text_hash": "h2"},  # ambiguous label
            {"id": "c", "label_binary": "0", "text": "too short", "text_hash": "h3"},
            {"id": "d", "label_binary": "0", "text": LONG + " d", "text_hash": "h4"},
        ],
        "fakenewsnet_v1": [
            {"id": "x", "label_binary": "1", "text": LONG + " a", "text_hash": "h1"},  # same text as webis a
            {"id": "y", "label_binary": "0", "text": LONG + " y", "text_hash": "h5",
             "overlaps": "webis_buzzfeed_2016:d"},  # the same article by the corpus' own overlap list
            {"id": "z", "label_binary": "1", "text": LONG + " z", "text_hash": "h6"},
        ],
        "horne2017": [  # one text, both labels: dropped whole
            {"id": "p", "label_binary": "1", "text": LONG + " p", "text_hash": "h7"},
            {"id": "q", "label_binary": "0", "text": LONG + " p", "text_hash": "h7"},
        ],
    })  # fmt: skip
    kept = [(row["corpus"], row["id"]) for row in gen.labelled_rows(tmp_path)]
    assert kept == [("webis_buzzfeed_2016", "a"), ("webis_buzzfeed_2016", "d"), ("fakenewsnet_v1", "z")]


@pytest.mark.parametrize(
    ("values", "labels", "direction", "auc", "verdict"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [0] * 10 + [1] * 10, +1, 1.0, "holds"),
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [0] * 10 + [1] * 10, -1, 0.0, "AGAINST"),
        ([0, 1] * 10, [0, 1] * 10, +1, 1.0, "holds"),
        ([1, 0, 0, 1] * 5, [0, 0, 1, 1] * 5, +1, 0.5, "n.s."),
        ([0] * 18 + [1, 1], [0] * 10 + [1] * 10, +1, 0.6, "·"),  # fires in fewer than MIN_FIRING articles
    ],
)
def test_corpus_stats_read_the_auc_in_the_documented_direction(values, labels, direction, auc, verdict):
    stats = gen.corpus_stats(values, labels, direction)
    assert stats["auc"] == pytest.approx(auc)
    assert gen.verdict(stats) == verdict


def test_one_class_or_a_constant_gives_no_auc():
    assert gen.corpus_stats([1, 2, 3], [0, 0, 0], +1)["auc"] is None
    assert gen.verdict(gen.corpus_stats([0] * 20, [0, 1] * 10, +1)) == "·"
    assert gen.corpus_stats([], [], +1)["rate"] == {0: 0.0, 1: 0.0}


def test_keep_needs_agreement_two_significant_corpora_and_none_against():
    def stats(auc, p):
        return {"auc": auc, "p": p, "fires": 50}

    assert gen.summary({"a": stats(0.6, 0.01), "b": stats(0.7, 0.001), "c": stats(0.49, 0.5)})[2] == "keep"
    assert gen.summary({"a": stats(0.6, 0.01), "b": stats(0.52, 0.2)})[2] == "drop"  # one significant corpus
    assert gen.summary({"a": stats(0.6, 0.01), "b": stats(0.7, 0.01), "c": stats(0.4, 0.01)})[2] == "drop"


def test_sites_using_a_cue_are_counted_per_class():
    values, labels, sites = [1, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 1], ["s1", "s1", "s2", "s3", "s3", "s4"]
    assert gen.sites_using(values, labels, sites) == {0: (1, 2), 1: (2, 2)}


def test_the_measured_kept_list_is_the_catalog_block():
    new_families = {"specificity", "sourcing", "persuasion"}
    assert [s.name for s in SIGNALS if s.family in new_families] == list(gen.KEPT)
    assert not {s.name for s in gen.NOT_KEPT} & {s.name for s in SIGNALS}
