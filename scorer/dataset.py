"""Training data: read the labelled corpora, map labels, deduplicate across corpora, and build the feature table.

`python -m scorer.dataset --datasets ../shared/datasets --out training_data` (what `make features` runs) writes
`training_data/features.csv` (signal values, label, corpus, group, text hash; no article text),
`training_data/signal_set_version` and `training_data/summary.json` (counts quoted in training_data/README.md).

Choices (argued in training_data/README.md):
- webis_buzzfeed_2016: "mostly true" = 1, "mostly false" = 0; "mixture of true and false" and "no factual content"
  are dropped (neither is a judgement of the whole article's credibility).
- fakenewsnet_v1: real = 1, fake = 0.   horne2017: real = 1, fake and satire = 0.
- golbeck2018: fake and satire = 0. Kept although it has no credible class: its 135 unreliable domains are the most
  diverse non-credible sources we have, which matters for scores on publishers the model never saw.
- Duplicates: rows linked by the corpora's `overlaps` column or by equal `text_hash` form one cluster. A cluster
  whose labels disagree, or that contains a row with a dropped (ambiguous) label, is dropped whole; otherwise one
  row is kept, preferring the corpus with article-level labels and known publishers (see CORPUS_PRIORITY).
- Texts with fewer than MIN_WORDS words are dropped. The texts are scored exactly as stored (mojibake included).
- The group (for grouped evaluation folds) is the publisher: a normalised domain. horne2017 has no source, so its
  group is a pseudo-source "horne2017/<subset>/<label>", i.e. the source list the label was assigned from.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from scorer.article import ArticleError, from_text
from scorer.signals import SIGNAL_NAMES, SIGNAL_SET_VERSION, extract_signals

# Corpora used for training, in order of preference when the same article appears in several.
CORPUS_PRIORITY = ("webis_buzzfeed_2016", "fakenewsnet_v1", "horne2017", "golbeck2018")
# (corpus, label_raw) -> 1 credible / 0 not credible; pairs not listed (ambiguous labels) are dropped.
LABEL_MAP: dict[tuple[str, str], int] = {
    ("webis_buzzfeed_2016", "mostly true"): 1,
    ("webis_buzzfeed_2016", "mostly false"): 0,
    ("fakenewsnet_v1", "real"): 1,
    ("fakenewsnet_v1", "fake"): 0,
    ("horne2017", "real"): 1,
    ("horne2017", "fake"): 0,
    ("horne2017", "satire"): 0,
    ("golbeck2018", "fake"): 0,
    ("golbeck2018", "satire"): 0,
}
# Fewer words than this is a caption, a video stub or an extraction failure, not an article to learn from.
MIN_WORDS = 30
# Webis names its nine publishers; these are their domains, so they group with the same outlet in other corpora.
PUBLISHER_DOMAINS = {
    "abc": "abcnews.go.com",
    "cnn": "cnn.com",
    "politico": "politico.com",
    "addicting-info": "addictinginfo.org",
    "occupy-democrats": "occupydemocrats.com",
    "the-other-98": "theother98.com",
    "eagle-rising": "eaglerising.com",
    "freedom-daily": "freedomdaily.com",
    "right-wing-news": "rightwingnews.com",
}
# Publisher link shorteners seen in the corpora -> the publisher's domain.
DOMAIN_ALIASES = {"politi.co": "politico.com", "cnn.it": "cnn.com", "abcn.ws": "abcnews.go.com"}
# Generic shorteners and archives say nothing about the publisher.
ANONYMOUS_HOSTS = frozenset({"goo.gl", "fb.me", "bit.ly", "web.archive.org", "archive.org", "twitter.com"})
# Registrable suffixes of two labels: keep three labels for these (abcnews.go.com, bbc.co.uk).
TWO_LABEL_SUFFIXES = frozenset({"go.com", "co.uk", "com.au", "co.in"})
FEATURES_FILE = "features.csv"
VERSION_FILE = "signal_set_version"
SUMMARY_FILE = "summary.json"
KEY_COLUMNS = ("id", "corpus", "group", "label", "label_raw", "text_hash")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CorpusData:
    """The deduplicated, labelled articles (with text: kept in memory only) and what was dropped on the way."""

    articles: pd.DataFrame
    dropped: dict[str, int]


def normalise_domain(value: str) -> str:
    """`http://www.Author.AddictingInfo.org/x` -> `addictinginfo.org`; '' when no usable host is given."""
    value = (value or "").strip().lower()
    if not value:
        return ""
    host = urlparse(value if "//" in value else f"//{value}").netloc.split(":")[0]
    host = host.removeprefix("www.")
    if host in ANONYMOUS_HOSTS:
        return ""
    host = DOMAIN_ALIASES.get(host, host)
    labels = host.split(".")
    keep = 3 if ".".join(labels[-2:]) in TWO_LABEL_SUFFIXES else 2
    return ".".join(labels[-keep:])


def group_of(corpus: str, subset: str, label_raw: str, source: str, url: str) -> str:
    """The publisher an article belongs to, for grouped folds; a labelled pseudo-source when it is unknown."""
    if corpus == "webis_buzzfeed_2016" and source in PUBLISHER_DOMAINS:
        return PUBLISHER_DOMAINS[source]
    domain = normalise_domain(source) or normalise_domain(url)
    if domain:
        return domain
    # No source recorded: the label came from a source list (horne2017) or the outlet is unknown; one pseudo-source.
    return f"{corpus}/{subset or 'all'}/{label_raw}"


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def read_corpus(folder: Path) -> pd.DataFrame:
    frame = pd.read_csv(folder / "articles.csv", dtype=str, keep_default_na=False)
    frame["corpus"] = folder.name
    return frame


def read_corpora(datasets: Path, corpora: Iterable[str] = CORPUS_PRIORITY) -> pd.DataFrame:
    missing = [name for name in corpora if not (datasets / name / "articles.csv").is_file()]
    if missing:
        raise FileNotFoundError(f"no articles.csv for {', '.join(missing)} under {datasets}")
    return pd.concat([read_corpus(datasets / name) for name in corpora], ignore_index=True)


class _UnionFind:
    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {key: key for key in keys}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        if a in self.parent and b in self.parent:
            self.parent[self.find(a)] = self.find(b)


def duplicate_clusters(frame: pd.DataFrame) -> pd.Series:
    """A cluster id per row: rows linked by `overlaps` (to kept rows) or an equal non-empty `text_hash`."""
    keys = frame["corpus"] + ":" + frame["id"]
    clusters = _UnionFind(keys)
    first_with_hash: dict[str, str] = {}
    for key, overlaps, text_hash in zip(keys, frame["overlaps"], frame["text_hash"], strict=True):
        for other in filter(None, (part.strip() for part in overlaps.split(";"))):
            clusters.union(key, other)
        if text_hash:
            clusters.union(key, first_with_hash.setdefault(text_hash, key))
    return keys.map(clusters.find)


def _split_overlaps(frame: pd.DataFrame) -> pd.DataFrame:
    """The corpora separate several overlap ids with ';' or ','; normalise to ';'."""
    return frame.assign(overlaps=frame["overlaps"].str.replace(",", ";", regex=False))


def build_corpus(datasets: Path) -> CorpusData:
    """Labelled, deduplicated articles from the training corpora, with per-step drop counts."""
    frame = _split_overlaps(read_corpora(datasets))
    frame["label"] = [LABEL_MAP.get(pair, -1) for pair in zip(frame["corpus"], frame["label_raw"], strict=True)]
    dropped: dict[str, int] = {}
    short = frame["text"].map(word_count) < MIN_WORDS
    dropped["fewer_than_min_words"] = int(short.sum())
    frame = frame[~short].copy()
    frame["cluster"] = duplicate_clusters(frame)
    labels_per_cluster = frame.groupby("cluster")["label"].agg(lambda s: frozenset(s))
    unusable = labels_per_cluster[labels_per_cluster.map(lambda s: -1 in s or len(s) > 1)].index
    in_unusable = frame["cluster"].isin(unusable)
    ambiguous_alone = in_unusable & frame["cluster"].map(frame["cluster"].value_counts()).eq(1)
    dropped["ambiguous_label"] = int(ambiguous_alone.sum())
    dropped["duplicate_cluster_with_conflicting_or_ambiguous_labels"] = int((in_unusable & ~ambiguous_alone).sum())
    frame = frame[~in_unusable].copy()
    frame["priority"] = frame["corpus"].map(CORPUS_PRIORITY.index)
    frame = frame.sort_values(["cluster", "priority", "id"], kind="stable")
    duplicate = frame.duplicated("cluster", keep="first")
    dropped["duplicate_copies"] = int(duplicate.sum())
    frame = frame[~duplicate]
    frame["group"] = [
        group_of(*row)
        for row in zip(frame["corpus"], frame["subset"], frame["label_raw"], frame["source"], frame["url"], strict=True)
    ]
    frame = frame.sort_values(["priority", "id"], kind="stable").reset_index(drop=True)
    columns = [*KEY_COLUMNS, "title", "text", "source", "url"]
    return CorpusData(frame[columns], dropped)


def signal_row(text: str, title: str = "") -> dict[str, float]:
    """Signal values for one article, in SIGNAL_NAMES order."""
    results = extract_signals(from_text(text, title=title))
    return {name: float(results[name].value) for name in SIGNAL_NAMES}


def feature_matrix(texts: Iterable[str], titles: Iterable[str]) -> pd.DataFrame:
    rows = []
    for text, title in zip(texts, titles, strict=True):
        try:
            rows.append(signal_row(text, title))
        except ArticleError:
            rows.append(dict.fromkeys(SIGNAL_NAMES, 0.0))
    return pd.DataFrame(rows, columns=list(SIGNAL_NAMES))


def feature_table(corpus: CorpusData) -> pd.DataFrame:
    """Key columns + one column per signal; no article text and no titles."""
    articles = corpus.articles
    features = feature_matrix(articles["text"], articles["title"])
    return pd.concat([articles[list(KEY_COLUMNS)].reset_index(drop=True), features], axis=1)


def table_digest(table: pd.DataFrame) -> str:
    """sha256 of the table as written (CSV bytes): names the exact data a model was trained on."""
    return hashlib.sha256(table.to_csv(index=False, float_format="%.6g").encode()).hexdigest()


def summarise(corpus: CorpusData, table: pd.DataFrame) -> dict:
    counts = table.groupby(["corpus", "label_raw", "label"]).size().reset_index(name="articles")
    return {
        "signal_set_version": SIGNAL_SET_VERSION,
        "articles": len(table),
        "credible": int((table["label"] == 1).sum()),
        "not_credible": int((table["label"] == 0).sum()),
        "groups": int(table["group"].nunique()),
        "dropped": corpus.dropped,
        "per_corpus_label": counts.to_dict(orient="records"),
        "table_sha256": table_digest(table),
    }


def write_training_data(table: pd.DataFrame, summary: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / FEATURES_FILE, index=False, float_format="%.6g")
    (out / VERSION_FILE).write_text(SIGNAL_SET_VERSION + "\n")
    (out / SUMMARY_FILE).write_text(json.dumps(summary, indent=2, default=int) + "\n")


class StaleTrainingData(RuntimeError):
    """The feature table was built with another signal set."""


def load_training_data(folder: Path | str = "training_data", check_version: bool = True) -> pd.DataFrame:
    """The feature table; refuses one built for a different signal set (`run make features`)."""
    folder = Path(folder)
    path = folder / FEATURES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist; run make features")
    built_with = (folder / VERSION_FILE).read_text().strip() if (folder / VERSION_FILE).is_file() else "unknown"
    try:
        table = pd.read_csv(path, dtype={"id": str, "corpus": str, "group": str, "label_raw": str, "text_hash": str},
                            keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise StaleTrainingData(f"{path} is empty; run make features") from None
    missing = [name for name in SIGNAL_NAMES if name not in table.columns]
    if check_version and (built_with != SIGNAL_SET_VERSION or missing):
        raise StaleTrainingData(
            f"{path} was built for signal set {built_with}, the code has {SIGNAL_SET_VERSION}"
            + (f" (missing columns: {', '.join(missing)})" if missing else "")
            + "; run make features"
        )
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scorer.dataset", description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"), help="folder of corpora")
    parser.add_argument("--out", type=Path, default=Path("training_data"), help="output folder")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        corpus = build_corpus(args.datasets)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    table = feature_table(corpus)
    summary = summarise(corpus, table)
    write_training_data(table, summary, args.out)
    seconds = time.perf_counter() - started
    print(
        f"{len(table)} articles ({summary['credible']} credible, {summary['not_credible']} not), "
        f"{summary['groups']} groups, {len(SIGNAL_NAMES)} signals, set {SIGNAL_SET_VERSION} -> {args.out} "
        f"in {seconds:.1f}s; dropped {corpus.dropped}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
