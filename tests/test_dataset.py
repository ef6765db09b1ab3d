"""Training data: label mapping, artefact removal, cross-corpus deduplication, publisher groups, term counts, and the
committed tables' freshness."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from scorer.signals import SIGNAL_NAMES, SIGNAL_SET_VERSION
from scorer.training import dataset

REPO = Path(__file__).resolve().parent.parent
SCHEMA = ["id", "dataset", "subset", "label_raw", "label_binary", "title", "text", "url", "source", "date",
          "text_hash", "overlaps", "extra"]  # fmt: skip
# Long enough to pass the MIN_WORDS filter; invented for these tests.
BODY = ("The council voted on Tuesday to extend the library's opening hours, the clerk said in a statement. "
        "Residents had asked for evening access for two years, according to the meeting minutes. ") * 2  # fmt: skip


def _row(corpus: str, id_: str, label_raw: str, text: str = BODY, **fields) -> dict:
    row = dict.fromkeys(SCHEMA, "")
    row.update(id=id_, dataset=corpus, label_raw=label_raw, text=text, text_hash=f"h-{id_}")
    row.update(fields)
    return row


def _write(folder: Path, corpus: str, rows: list[dict]) -> None:
    (folder / corpus).mkdir(parents=True, exist_ok=True)
    with open(folder / corpus / "articles.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=SCHEMA)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def corpora(tmp_path: Path) -> Path:
    """Four tiny corpora with every case the builder must handle."""
    _write(tmp_path, "webis_buzzfeed_2016", [
        _row("webis_buzzfeed_2016", "w1", "mostly true", source="politico", overlaps="fakenewsnet_v1:f1"),
        _row("webis_buzzfeed_2016", "w2", "mostly false", source="eagle-rising", text=BODY + " w2"),
        _row("webis_buzzfeed_2016", "w3", "mixture of true and false", source="cnn", text=BODY + " w3"),
        _row("webis_buzzfeed_2016", "w4", "mostly true", source="cnn", text="Too short to learn from."),
        _row("webis_buzzfeed_2016", "w5", "no factual content", source="cnn", text=BODY + " w5",
             overlaps="fakenewsnet_v1:f3"),
    ])  # fmt: skip
    _write(tmp_path, "fakenewsnet_v1", [
        _row("fakenewsnet_v1", "f1", "real", source="http://politi.co", overlaps="webis_buzzfeed_2016:w1"),
        _row("fakenewsnet_v1", "f2", "fake", source="", url="http://www.hoax.example.com/a", text=BODY + " f2"),
        _row("fakenewsnet_v1", "f3", "real", source="http://cnn.it", text=BODY + " f3",
             overlaps="webis_buzzfeed_2016:w5"),
    ])  # fmt: skip
    _write(tmp_path, "horne2017", [
        _row("horne2017", "h1", "real", subset="random_political", text=BODY + " h1"),
        _row("horne2017", "h2", "satire", subset="random_political", text=BODY + " h2", text_hash="same"),
    ])  # fmt: skip
    _write(tmp_path, "golbeck2018", [
        _row("golbeck2018", "g1", "fake", source="hoax.example.com", text=BODY + " g1 copy", text_hash="same"),
        _row("golbeck2018", "g2", "satire", source="joke.example.org", text=BODY + " g2"),
    ])  # fmt: skip
    _write(tmp_path, "ctfan21_checkthat", [
        _row("ctfan21_checkthat", "c1", "TRUE", title="Storm hits coast - Daily Planet", text=BODY + " c1",
             extra='{"title_site_suffix": "Daily Planet"}'),
        _row("ctfan21_checkthat", "c2", "FALSE", title="They lied", text=BODY + " c2", extra="{}"),
        _row("ctfan21_checkthat", "c3", "partially false", text=BODY + " c3"),
        _row("ctfan21_checkthat", "c4", "FALSE", text="Please enable cookies on your web browser. " + BODY),
    ])  # fmt: skip
    _write(tmp_path, "recovery_covid2020", [
        _row("recovery_covid2020", "r1", "reliable", source="Example Times", url="https://www.times.example/a",
             text=BODY + " r1\nVisit Business Insider's homepage for more stories."),
        _row("recovery_covid2020", "r2", "unreliable", source="Drudge Report", url="https://other.example/b",
             text=BODY + " r2"),
        _row("recovery_covid2020", "r3", "unreliable", source="Example Wire", url="https://wire.example/c",
             text=BODY + " r3"),
    ])  # fmt: skip
    return tmp_path


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ""),
        ("   ", ""),
        ("http://www.Author.AddictingInfo.org/x?y=1", "addictinginfo.org"),
        ("http://politi.co", "politico.com"),
        ("http://cnn.it/abc", "cnn.com"),
        ("abcn.ws", "abcnews.go.com"),
        ("http://abcnews.go.com/Politics/story", "abcnews.go.com"),
        ("https://www.bbc.co.uk/news/1", "bbc.co.uk"),
        ("https://goo.gl/xyz", ""),
        ("http://web.archive.org/web/2016/http://cnn.com", ""),
        ("yournewswire.com", "yournewswire.com"),
        ("http://breaking.newsfeedhunter.com:8080/a", "newsfeedhunter.com"),
    ],
)
def test_normalise_domain(value: str, expected: str) -> None:
    assert dataset.normalise_domain(value) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("webis_buzzfeed_2016", "right", "mostly false", "eagle-rising", "http://x.com"), "eaglerising.com"),
        (("fakenewsnet_v1", "politifact", "fake", "", "http://www.hoaxdaily.example/a"), "hoaxdaily.example"),
        (("ctfan21_checkthat", "", "TRUE", "", "", "c9", "Daily Planet"), "ctfan21_checkthat/site/daily planet"),
        (("ctfan21_checkthat", "", "FALSE", "", "", "c9", ""), "ctfan21_checkthat/article/c9"),
        (("fakenewsnet_v1", "politifact", "fake", "", ""), "fakenewsnet_v1/politifact/fake"),
        (("horne2017", "random_political", "satire", "", ""), "horne2017/random_political/satire"),
        (("golbeck2018", "", "fake", "yournewswire.com", ""), "yournewswire.com"),
    ],
)
def test_group_is_the_publisher_or_a_labelled_pseudo_source(args: tuple, expected: str) -> None:
    assert dataset.group_of(*args) == expected


def test_build_corpus_maps_labels_dedups_and_drops(corpora: Path) -> None:
    built = dataset.build_corpus(corpora)
    kept = dict(zip(built.articles["corpus"] + ":" + built.articles["id"], built.articles["label"], strict=True))
    # w1 = f1 (overlaps): the Webis copy is kept. h2 = g1 (same text hash, both 0): the horne2017 copy is kept.
    assert kept == {
        "webis_buzzfeed_2016:w1": 1, "webis_buzzfeed_2016:w2": 0, "fakenewsnet_v1:f2": 0, "horne2017:h1": 1,
        "horne2017:h2": 0, "golbeck2018:g2": 0, "ctfan21_checkthat:c1": 1, "ctfan21_checkthat:c2": 0,
        "recovery_covid2020:r1": 1, "recovery_covid2020:r3": 0,
    }  # fmt: skip
    assert built.dropped == {
        "aggregator_label_not_the_article": 1,  # r2, a Drudge Report row
        "crawl_failure_cookie_notice": 1,  # c4
        "fewer_than_min_words": 1,  # w4
        "ambiguous_label": 2,  # w3 (mixture), c3 (partially false)
        "duplicate_cluster_with_conflicting_or_ambiguous_labels": 2,  # w5 (no factual content) = f3 (real)
        "duplicate_copies": 2,  # f1, g1
    }


def test_build_corpus_keeps_the_preferred_copy_and_groups(corpora: Path) -> None:
    articles = dataset.build_corpus(corpora).articles.set_index("id")
    assert articles.loc["w1", "group"] == "politico.com"
    assert articles.loc["h1", "group"] == "horne2017/random_political/real"
    assert articles.loc["c1", "group"] == "ctfan21_checkthat/site/daily planet"
    assert articles.loc["c2", "group"] == "ctfan21_checkthat/article/c2"
    assert articles.loc["r1", "group"] == "times.example"
    assert "f1" not in articles.index  # the FakeNewsNet duplicate of w1


def test_build_corpus_removes_label_leaking_artefacts(corpora: Path) -> None:
    articles = dataset.build_corpus(corpora).articles.set_index("id")
    assert "Business Insider" not in articles.loc["r1", "text"]
    assert articles.loc["c1", "title"] == "Storm hits coast"  # the site suffix names the publisher


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("Plain prose stays.", "Plain prose stays."),
        ("Cases rose.\nVisit Business Insider's homepage for more stories.\nMore.", "Cases rose.\n \nMore."),
        ("Enlarge this image toggle caption Jane Roe/Getty Images", "    Jane Roe/ "),
        ("A view.\n(The views expressed in this article do not necessarily reflect those of Press TV.)", "A view.\n "),
        ("Text\nSHARE THIS STORY\nmore", "Text\n\nmore"),
        ("Text\n11.7k SHARES\nmore", "Text\n\nmore"),
        ("see pic.twitter.com/abc123 and https://t.co/x now", "see   and   now"),
        ("Featured image via Flickr", " "),
        ("We share this view.", "We share this view."),  # prose, not a widget line
    ],
)
def test_strip_artefacts(text: str, expected: str) -> None:
    assert dataset.strip_artefacts(text) == expected


def test_repair_encoding_fixes_mojibake_and_keeps_curly_quotes() -> None:
    assert dataset.repair_encoding("donâ€™t “quoted”") == "don’t “quoted”"


def test_name_words_finds_names_and_acronyms_not_sentence_starts() -> None:
    texts = ["Officials said Reuters reported it. The AP said so. Reuters agreed.",
             "Then the minister said the plan works. The plan is new. Wake up!"]  # fmt: skip
    names = dataset.name_words(texts)
    assert {"reuters", "ap"} <= names
    assert not {"the", "said", "plan", "then", "wake", "i"} & names


@pytest.mark.parametrize(
    ("text", "name", "is_name"),
    [
        ("Talks resumed on Monday and again on Monday night, officials said.", "monday", False),
        ("The vote is on Sunday; by Sunday evening the count was done.", "sunday", False),
        ("The pact was signed in September; by late September the water flowed.", "september", True),
        ("The rally in Port Linden ended early; police cleared Port Linden.", "linden", True),
        ("", "monday", False),
    ],
)
def test_weekdays_are_never_names_but_months_are(text: str, name: str, is_name: bool) -> None:
    assert (name in dataset.name_words([text])) is is_name


def test_the_data_digest_changes_when_only_the_names_change() -> None:
    table = pd.DataFrame({"id": ["a", "b"], "label": [1, 0]})
    counts = sparse.csr_matrix(np.array([[1, 0], [0, 2]], dtype=np.int32))
    terms = dataset.TermCounts(counts, ("minister", "monday"), {}, frozenset({1}))
    same_without_names = dataset.TermCounts(counts, ("minister", "monday"), {}, frozenset())
    assert dataset.table_digest(table, terms) == dataset.table_digest(table, terms)
    assert dataset.table_digest(table, terms) != dataset.table_digest(table, same_without_names)


@pytest.mark.parametrize(
    ("term", "reason"),
    [
        ("said", None),
        ("wake up", None),
        ("share", "widget"),
        ("getty images", "widget"),
        ("via", "widget"),
        ("h", "initial"),
        ("a", None),
        ("u s", "initial"),
    ],
)
def test_term_filter_reason(term: str, reason) -> None:
    found = dataset.term_filter_reason(term, dataset.load_stoplist())
    assert (found is None) if reason is None else (reason in found)


def test_term_counts_use_the_serving_tokeniser_and_mark_names(corpora: Path) -> None:
    articles = dataset.build_corpus(corpora).articles
    terms = dataset.term_counts(articles)
    assert terms.counts.shape == (len(articles), len(terms.terms))
    column = terms.terms.index("council voted")
    assert terms.counts[:, column].toarray().ravel().tolist() == [2] * len(articles)  # BODY says it twice
    assert not any("share" in term.split() for term in terms.terms)


def test_conflicting_labels_drop_the_whole_cluster(tmp_path: Path) -> None:
    _write(tmp_path, "webis_buzzfeed_2016", [_row("webis_buzzfeed_2016", "w1", "mostly false", source="cnn",
                                                  overlaps="fakenewsnet_v1:f1")])  # fmt: skip
    _write(tmp_path, "fakenewsnet_v1", [_row("fakenewsnet_v1", "f1", "real", overlaps="webis_buzzfeed_2016:w1")])
    _write(tmp_path, "horne2017", [_row("horne2017", "h1", "real", text=BODY + " h1")])
    _write(tmp_path, "golbeck2018", [_row("golbeck2018", "g1", "fake", text=BODY + " g1")])
    _write(tmp_path, "ctfan21_checkthat", [_row("ctfan21_checkthat", "c1", "TRUE", text=BODY + " c1")])
    _write(tmp_path, "recovery_covid2020", [_row("recovery_covid2020", "r1", "reliable", text=BODY + " r1")])
    built = dataset.build_corpus(tmp_path)
    assert set(built.articles["id"]) == {"h1", "g1", "c1", "r1"}
    assert built.dropped["duplicate_cluster_with_conflicting_or_ambiguous_labels"] == 2


def test_missing_corpus_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="webis_buzzfeed_2016"):
        dataset.build_corpus(tmp_path)


def test_main_writes_a_text_free_table(corpora: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert dataset.main(["--datasets", str(corpora), "--out", str(out)]) == 0
    table = pd.read_csv(out / dataset.FEATURES_FILE)
    assert list(table.columns) == [*dataset.KEY_COLUMNS, *SIGNAL_NAMES]
    assert not {"text", "title", "url"} & set(table.columns)
    assert (out / dataset.VERSION_FILE).read_text().strip() == SIGNAL_SET_VERSION
    assert len(dataset.load_training_data(out)) == len(table) == 10
    terms = dataset.load_term_counts(out)
    assert terms.counts.shape == (10, len(terms.terms))
    stored = (out / dataset.TERMS_FILE).read_text() + (out / dataset.FEATURES_FILE).read_text()
    assert "library's opening hours" not in stored  # counts of terms, never the text


def test_main_reports_a_missing_datasets_folder(tmp_path: Path, capsys) -> None:
    assert dataset.main(["--datasets", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    assert "no articles.csv" in capsys.readouterr().err


def test_stale_table_says_run_make_features(corpora: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    dataset.main(["--datasets", str(corpora), "--out", str(out)])
    (out / dataset.VERSION_FILE).write_text("000000000000\n")
    with pytest.raises(dataset.StaleTrainingData, match="run make features"):
        dataset.load_training_data(out)


def test_missing_table_says_run_make_features(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="run make features"):
        dataset.load_training_data(tmp_path)


def test_committed_training_data_matches_the_current_signals() -> None:
    built_with = (REPO / "training_data" / dataset.VERSION_FILE).read_text().strip()
    assert built_with == SIGNAL_SET_VERSION, (
        f"training_data/ was built for signal set {built_with} but the code has {SIGNAL_SET_VERSION}: "
        "run make features (then make train)"
    )
    table = dataset.load_training_data(REPO / "training_data")
    assert list(table.columns) == [*dataset.KEY_COLUMNS, *SIGNAL_NAMES]
    assert set(table["label"]) == {0, 1}
    assert table["text_hash"].is_unique
    assert set(table["corpus"]) == set(dataset.CORPUS_PRIORITY)
    terms = dataset.load_term_counts(REPO / "training_data")
    assert terms.counts.shape == (len(table), len(terms.terms))
