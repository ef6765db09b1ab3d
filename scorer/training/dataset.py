"""Training data: read the six labelled corpora, clean and deduplicate them, and build the derived tables.

`python -m scorer.training.dataset --datasets ../shared/datasets --out training_data` (what `make features` runs)
writes, with no article text in any of them:
- `features.csv`: one row per article: id, corpus, group, label, label_raw, text_hash, then every signal's value;
- `term_counts.npz` + `terms.json`: how often each vocabulary word or two-word phrase occurs in each article (a
  sparse count matrix, rows in features.csv order, built with scorer.wording's tokeniser, so training needs no text);
- `signal_set_version`, `summary.json` (the counts training_data/README.md quotes).

Choices (argued in training_data/README.md):
- Labels: article-level verdicts map to 1/0; verdicts that do not judge the whole article (Webis "mixture",
  CT-FAN "partially false"/"other") are dropped. ReCOVery's labels are its sites' ratings (see PROVENANCE).
- Artefacts that give a label away are removed before anything is computed (ARTEFACT_PATTERNS, WIDGET_LINE,
  mojibake repaired with ftfy), crawl failures (cookie notices as text) and the Drudge Report rows (an aggregator's
  label on other sites' articles) are dropped.
- Duplicates: rows linked by `overlaps` or by equal text hash (before or after cleaning) form one cluster; a
  cluster with conflicting or ambiguous labels is dropped whole, otherwise one row is kept (CORPUS_PRIORITY).
- Group (for grouped folds): the publisher's domain; horne2017 has no source, so a pseudo-source per source list;
  CT-FAN-21 has no source either: the site named at the end of the title where there is one, else one group per
  article.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd
from scipy import sparse

from scorer import wording
from scorer.article import ArticleError, from_text
from scorer.signals import SIGNAL_NAMES, SIGNAL_SET_VERSION, extract_signals

# Corpora used for training, in order of preference when the same article appears in several: article-level labels
# and known publishers first, source-level labels last.
CORPUS_PRIORITY = (
    "webis_buzzfeed_2016", "fakenewsnet_v1", "ctfan21_checkthat", "horne2017", "golbeck2018", "recovery_covid2020",
)  # fmt: skip
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
    ("ctfan21_checkthat", "TRUE"): 1,
    ("ctfan21_checkthat", "FALSE"): 0,
    ("recovery_covid2020", "reliable"): 1,
    ("recovery_covid2020", "unreliable"): 0,
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
# ReCOVery's "Drudge Report" rows are other sites' articles that Drudge linked to: the 0 label is the aggregator's.
DROPPED_SOURCES = {("recovery_covid2020", "Drudge Report")}
# A crawl that returned the site's cookie/consent notice instead of the article (ReCOVery's Sputnik rows, three
# CT-FAN-21 rows): looked for at the start of the text.
CRAWL_FAILURE = re.compile(
    r"enable cookies|we use cookies|sites use cookies|to improve the performance of our website", re.IGNORECASE
)
CRAWL_FAILURE_PREFIX = 400
# Publisher boilerplate named in the PROVENANCE files as giving the label away (ReCOVery: Business Insider, NPR,
# Getty credits, Sputnik/Press TV disclaimers, newsletter and reCAPTCHA lines; Webis/FakeNewsNet: "Featured image
# via", embeds): removed from title and text before signals and terms are computed.
ARTEFACT_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"Visit Business Insider's homepage for more stories\.?",
        r"Enlarge this image",
        r"toggle caption",
        r"(?:\bvia )?Getty Images(?: for [^\n]{0,40})?",
        r"\(?The views (?:and opinions )?expressed in (?:this|the) article do not necessarily reflect[^\n]*",
        r"This site is protected by reCAPTCHA[^\n]*",
        r"Featured (?:image|photo)(?: via| by| credit)?[^\n]*",
        r"pic\.twitter\.com/\S+",
        r"https?://\S+|\bwww\.\S+",
    )
)
# A whole line that is a share/subscribe/sign-up widget or a shares counter ("SHARE THIS STORY", "11.7k SHARES",
# "Sign up here.", "Click here to ...", "Related Articles"): CT-FAN-21 has "Share this" only in FALSE articles.
WIDGET_LINE = re.compile(
    r"^[ \t]*(?:share this\b|click here\b|subscribe\b|sign up\b|related articles?\b|[\d.,]+k? shares\b|"
    r"did someone forward this|follow us on)[^\n]{0,100}$",
    re.IGNORECASE | re.MULTILINE,
)

# Terms (words / two-word phrases) enter the vocabulary only when they occur in at least this many articles.
MIN_TERM_DOCS = 5
# A word written with a capital letter in at least this share of its mid-sentence occurrences (or in capitals in
# this share of all of them) is a name or an acronym (a person, publisher, agency, place or party): names identify
# a publisher, a hoax network or a story, not a way of writing.
NAME_CAPITALISED_SHARE = 0.5
# Capitalised by convention, not names: "i", and the weekdays (saying on which day something happened is a way of
# writing that holds across publishers and years). Months stay names: like years, they date when a corpus was
# collected ("september" leaned credible only because the 2016 corpora were gathered that month).
NEVER_NAMES = frozenset({"i", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
# Single letters are initials and split abbreviations ("H/T", "U.S."), except the words "a" and "i".
SINGLE_LETTER_WORDS = frozenset({"a", "i"})
STOPLIST_FILE = Path(__file__).with_name("term_stoplist.txt")

FEATURES_FILE = "features.csv"
TERMS_FILE = "terms.json"
TERM_COUNTS_FILE = "term_counts.npz"
VERSION_FILE = "signal_set_version"
SUMMARY_FILE = "summary.json"
KEY_COLUMNS = ("id", "corpus", "group", "label", "label_raw", "text_hash", "rating")
_WORD = re.compile(r"\w+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“‘(\n])\s*$")


@dataclass(frozen=True)
class CorpusData:
    """The deduplicated, labelled, cleaned articles (with text: kept in memory only) and what was dropped."""

    articles: pd.DataFrame
    dropped: dict[str, int]


# ---------------------------------------------------------------------------------------------- publishers


def normalise_domain(value: str) -> str:
    """`http://www.Author.AddictingInfo.org/x` -> `addictinginfo.org`; '' when no usable host is given."""
    value = (value or "").strip().lower()
    if not value or " " in value:
        return ""
    host = urlparse(value if "//" in value else f"//{value}").netloc.split(":")[0]
    host = host.removeprefix("www.")
    if host in ANONYMOUS_HOSTS or "." not in host:
        return ""
    host = DOMAIN_ALIASES.get(host, host)
    labels = host.split(".")
    keep = 3 if ".".join(labels[-2:]) in TWO_LABEL_SUFFIXES else 2
    return ".".join(labels[-keep:])


def title_site(extra: str) -> str:
    """CT-FAN-21's `extra.title_site_suffix`: the site named at the end of the title ("... - The New York Times"),
    or ''. Other corpora have none."""
    try:
        value = json.loads(extra or "{}").get("title_site_suffix") or ""
    except (ValueError, AttributeError):
        return ""
    return str(value).strip()


def group_of(corpus: str, subset: str, label_raw: str, source: str, url: str, id_: str = "", site: str = "") -> str:
    """The publisher an article belongs to, for grouped folds; a labelled pseudo-source when it is unknown."""
    if corpus == "webis_buzzfeed_2016" and source in PUBLISHER_DOMAINS:
        return PUBLISHER_DOMAINS[source]
    if corpus == "ctfan21_checkthat":  # no source: the title's site suffix, else the article is its own group
        return f"{corpus}/site/{site.lower()}" if site else f"{corpus}/article/{id_}"
    domain = normalise_domain(source) or normalise_domain(url)
    if domain:
        return domain
    # No source recorded: the label came from a source list (horne2017) or the outlet is unknown; one pseudo-source.
    return f"{corpus}/{subset or 'all'}/{label_raw}"


def publisher_domains(frame: pd.DataFrame) -> dict[str, str]:
    """ReCOVery names publishers ("Reuters"): each one's most common URL domain, so it groups with the same outlet
    elsewhere and all its articles (which share its label) stay in one group."""
    out = {}
    for source, urls in frame.groupby("source")["url"]:
        domains = Counter(d for d in map(normalise_domain, urls) if d)
        out[source] = min(domains.items(), key=lambda item: (-item[1], item[0]))[0] if domains else ""
    return out


def publisher_ratings(urls: Iterable[str], sources: Iterable[str]) -> list[str]:
    """The shipped reputation table's rating (high / mixed / low) of each article's publisher, '' if unrated."""
    from scorer.reputation import ReputationTable

    table = ReputationTable.load()
    ratings = (table.lookup(url, source) for url, source in zip(urls, sources, strict=True))
    return [rating.rating if rating else "" for rating in ratings]


# ---------------------------------------------------------------------------------------------- cleaning


def text_hash(text: str) -> str:
    """The corpora's own definition: md5 of the lower-cased text with non-alphanumeric runs as one space."""
    return hashlib.md5(_NON_ALNUM.sub(" ", text.lower()).strip().encode()).hexdigest()[:16]


def repair_encoding(text: str) -> str:
    """Mojibake repaired (one Webis publisher's texts are full of it); typographic quotes kept as they are."""
    import ftfy

    return ftfy.fix_text(text, uncurl_quotes=False)


def strip_artefacts(text: str) -> str:
    """The text without the label-leaking publisher boilerplate and widget lines listed above."""
    for pattern in ARTEFACT_PATTERNS:
        text = pattern.sub(" ", text)
    return WIDGET_LINE.sub("", text)


def clean_text(text: str) -> str:
    return strip_artefacts(repair_encoding(text or ""))


def clean_title(title: str, site: str = "") -> str:
    """The title repaired and without artefacts, and without a trailing " - Site" naming its publisher."""
    title = repair_encoding(title or "").rstrip()
    if site and title.endswith(site):
        title = title[: -len(site)].rstrip(" -|–—:\t")
    return strip_artefacts(title).strip()


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


# ---------------------------------------------------------------------------------------------- corpora


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
    """A cluster id per row: rows linked by `overlaps` (to kept rows) or an equal non-empty hash, of the stored
    text or of the cleaned text (two copies that differed only in boilerplate are one article)."""
    keys = frame["corpus"] + ":" + frame["id"]
    clusters = _UnionFind(keys)
    first_with_hash: dict[str, str] = {}
    for key, overlaps, stored, cleaned in zip(
        keys, frame["overlaps"], frame["text_hash"], frame["clean_hash"], strict=True
    ):
        for other in filter(None, (part.strip() for part in overlaps.split(";"))):
            clusters.union(key, other)
        for value in filter(None, (stored, cleaned)):
            clusters.union(key, first_with_hash.setdefault(value, key))
    return keys.map(clusters.find)


def _split_overlaps(frame: pd.DataFrame) -> pd.DataFrame:
    """The corpora separate several overlap ids with ';' or ','; normalise to ';'."""
    return frame.assign(overlaps=frame["overlaps"].str.replace(",", ";", regex=False))


def _drop(frame: pd.DataFrame, mask: pd.Series, reason: str, dropped: dict[str, int]) -> pd.DataFrame:
    dropped[reason] = dropped.get(reason, 0) + int(mask.sum())
    return frame[~mask].copy()


def build_corpus(datasets: Path) -> CorpusData:
    """Labelled, cleaned, deduplicated articles from the training corpora, with per-step drop counts."""
    frame = _split_overlaps(read_corpora(datasets))
    frame["label"] = [LABEL_MAP.get(pair, -1) for pair in zip(frame["corpus"], frame["label_raw"], strict=True)]
    dropped: dict[str, int] = {}
    pairs = list(zip(frame["corpus"], frame["source"], strict=True))
    frame = _drop(frame, pd.Series([p in DROPPED_SOURCES for p in pairs], index=frame.index),
                  "aggregator_label_not_the_article", dropped)  # fmt: skip
    failed = frame["text"].str[:CRAWL_FAILURE_PREFIX].str.contains(CRAWL_FAILURE)
    frame = _drop(frame, failed, "crawl_failure_cookie_notice", dropped)
    frame["site"] = [title_site(extra) for extra in frame["extra"]]
    frame["title"] = [clean_title(title, site) for title, site in zip(frame["title"], frame["site"], strict=True)]
    frame["text"] = frame["text"].map(clean_text)
    frame["clean_hash"] = frame["text"].map(text_hash)
    frame = _drop(frame, frame["text"].map(word_count) < MIN_WORDS, "fewer_than_min_words", dropped)
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
    frame = _drop(frame, frame.duplicated("cluster", keep="first"), "duplicate_copies", dropped)
    domains = publisher_domains(frame[frame["corpus"] == "recovery_covid2020"])
    source = [domains.get(s, s) if c == "recovery_covid2020" else s
              for c, s in zip(frame["corpus"], frame["source"], strict=True)]  # fmt: skip
    frame["group"] = [
        group_of(*row)
        for row in zip(frame["corpus"], frame["subset"], frame["label_raw"], source, frame["url"], frame["id"],
                       frame["site"], strict=True)
    ]
    frame["text_hash"] = frame["clean_hash"]
    frame["rating"] = publisher_ratings(frame["url"], frame["source"])
    frame = frame.sort_values(["priority", "id"], kind="stable").reset_index(drop=True)
    columns = [*KEY_COLUMNS, "title", "text", "source", "url"]
    return CorpusData(frame[columns], dropped)


# ---------------------------------------------------------------------------------------------- signals


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


# ---------------------------------------------------------------------------------------------- terms


@dataclass(frozen=True)
class TermCounts:
    """Articles x vocabulary term counts (CSR), the vocabulary, how many terms each text-level rule removed, and
    which kept terms contain a name (training drops those unless a recipe says otherwise: measured as a variant)."""

    counts: sparse.csr_matrix
    terms: tuple[str, ...]
    removed: dict[str, int]
    name_terms: frozenset[int] = frozenset()


def load_stoplist(path: Path = STOPLIST_FILE) -> frozenset[str]:
    """Widget, credit and disclaimer words/phrases (one a line, '#' comments)."""
    lines = (line.split("#", 1)[0].strip().lower() for line in path.read_text().splitlines())
    return frozenset(line for line in lines if line)


def name_words(texts: Iterable[str], share: float = NAME_CAPITALISED_SHARE) -> frozenset[str]:
    """Lower-cased words that are names: Capitalised in at least `share` of their mid-sentence occurrences (people,
    places, publishers), or written in capitals in at least `share` of all occurrences (acronyms: agencies,
    broadcasters, parties). Sentence starts do not count towards the first rule; NEVER_NAMES are never names."""
    capitalised: Counter[str] = Counter()
    mid_sentence: Counter[str] = Counter()
    all_caps: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for text in texts:
        for start, end, word in wording.words(text):
            written = text[start:end]
            seen[word] += 1
            if len(written) > 1 and written.isupper():
                all_caps[word] += 1
                continue
            if _SENTENCE_START.search(text, max(0, start - 3), start):
                continue
            mid_sentence[word] += 1
            capitalised[word] += written[0].isupper()
    return frozenset(
        word for word in seen
        if word not in NEVER_NAMES and (
            (mid_sentence[word] and capitalised[word] >= share * mid_sentence[word])
            or all_caps[word] >= share * seen[word]
        )
    )  # fmt: skip


NAME_RULE = "contains a name or acronym (capitalised mid-sentence, or in capitals, in most uses)"


def term_filter_reason(term: str, stoplist: frozenset[str]) -> str | None:
    """Why a vocabulary term may never be learned (a rule named in the model card), or None."""
    parts = term.split(" ")
    if term in stoplist or any(part in stoplist for part in parts):
        return "widget, credit or disclaimer text (term_stoplist.txt)"
    if any(len(part) == 1 and part not in SINGLE_LETTER_WORDS for part in parts):
        return "contains an initial or a split abbreviation"
    return None


def term_counts(articles: pd.DataFrame) -> TermCounts:
    """Count every word and two-word phrase (scorer.wording.analyze, the serving tokeniser) in every article;
    keep the terms in >= MIN_TERM_DOCS articles that pass the text-level hygiene rules."""
    from sklearn.feature_extraction.text import CountVectorizer

    fields = [{"title": title, "text": text} for title, text in zip(articles["title"], articles["text"], strict=True)]
    vectorizer = CountVectorizer(analyzer=wording.analyze, dtype=np.int32)
    counts = vectorizer.fit_transform(fields).tocsr()
    vocabulary = vectorizer.get_feature_names_out().tolist()
    frequent = np.asarray((counts > 0).sum(axis=0)).ravel() >= MIN_TERM_DOCS
    names = name_words(articles["text"])
    stoplist = load_stoplist()
    removed: Counter[str] = Counter()
    keep = []
    for index, term in enumerate(vocabulary):
        rare = f"in fewer than {MIN_TERM_DOCS} articles"
        reason = term_filter_reason(term, stoplist) if frequent[index] else rare
        if reason:
            removed[reason] += 1
        else:
            keep.append(index)
    counts = counts[:, keep]
    counts.sort_indices()
    kept = tuple(vocabulary[i] for i in keep)
    with_names = frozenset(i for i, term in enumerate(kept) if any(part in names for part in term.split(" ")))
    return TermCounts(counts, kept, dict(sorted(removed.items())), with_names)


def write_term_counts(terms: TermCounts, out: Path) -> None:
    """The CSR arrays as plain .npz arrays (no pickle) and the vocabulary as JSON."""
    counts = terms.counts
    np.savez_compressed(
        out / TERM_COUNTS_FILE, data=counts.data.astype(np.int32), indices=counts.indices.astype(np.int32),
        indptr=counts.indptr.astype(np.int64), shape=np.array(counts.shape, dtype=np.int64),
    )  # fmt: skip
    payload = {"analyzer": wording.analyzer_settings(), "terms": list(terms.terms), "removed": terms.removed,
               "name_terms": sorted(terms.name_terms)}  # fmt: skip
    (out / TERMS_FILE).write_text(json.dumps(payload, indent=0, ensure_ascii=False) + "\n")


def load_term_counts(folder: Path) -> TermCounts | None:
    """The term-count matrix written by `make features`, or None when the folder has none (a signals-only table)."""
    if not (folder / TERM_COUNTS_FILE).is_file() or not (folder / TERMS_FILE).is_file():
        return None
    payload = json.loads((folder / TERMS_FILE).read_text())
    if payload.get("analyzer") != wording.analyzer_settings():
        raise StaleTrainingData(f"{folder / TERMS_FILE} was counted with another tokeniser; run make features")
    with np.load(folder / TERM_COUNTS_FILE, allow_pickle=False) as arrays:
        counts = sparse.csr_matrix(
            (arrays["data"], arrays["indices"], arrays["indptr"]), shape=tuple(arrays["shape"].tolist())
        )
    return TermCounts(counts, tuple(payload["terms"]), payload.get("removed", {}),
                      frozenset(payload.get("name_terms", ())))  # fmt: skip


# ---------------------------------------------------------------------------------------------- output


def table_digest(table: pd.DataFrame, terms: TermCounts | None = None) -> str:
    """sha256 of the table as written (CSV bytes), the term counts and which terms hold a name: names the exact data
    a model saw."""
    digest = hashlib.sha256(table.to_csv(index=False, float_format="%.6g").encode())
    if terms is not None:
        digest.update("\n".join(terms.terms).encode())
        digest.update(np.array(sorted(terms.name_terms), dtype=np.int64).tobytes())
        for array in (terms.counts.data, terms.counts.indices, terms.counts.indptr):
            digest.update(np.ascontiguousarray(array, dtype=np.int64).tobytes())
    return digest.hexdigest()


def summarise(corpus: CorpusData, table: pd.DataFrame, terms: TermCounts) -> dict:
    counts = table.groupby(["corpus", "label_raw", "label"]).size().reset_index(name="articles")
    return {
        "signal_set_version": SIGNAL_SET_VERSION,
        "articles": len(table),
        "credible": int((table["label"] == 1).sum()),
        "not_credible": int((table["label"] == 0).sum()),
        "groups": int(table["group"].nunique()),
        "dropped": corpus.dropped,
        "per_corpus_label": counts.to_dict(orient="records"),
        "terms": len(terms.terms),
        "terms_removed": terms.removed,
        "terms_with_names": len(terms.name_terms),
        "table_sha256": table_digest(table, terms),
    }


LABEL_WHY = {
    ("webis_buzzfeed_2016", "mostly true"): "BuzzFeed journalists' article-level fact check",
    ("fakenewsnet_v1", "real"): "BuzzFeed / PolitiFact article labels",
    ("horne2017", "satire"): "satire presented as news is not a credible news source",
    ("golbeck2018", "fake"): "no credible class; the most diverse unreliable publishers (135 domains)",
    ("ctfan21_checkthat", "TRUE"): "fact-checkers' verdict on the article's main claim",
    ("recovery_covid2020", "reliable"): "the SITE's rating (MBFC/NewsGuard-based), not a check of the article",
}
DROPPED_LABELS = "Webis 'mixture of true and false' and 'no factual content', CT-FAN-21 'partially false' and 'other'"


def render_readme(summary: dict) -> str:
    """training_data/README.md, generated from the summary so its counts never drift from the tables."""
    counts = "\n".join(
        f"| {row['corpus']} | {row['label_raw']} | {row['label']} | {row['articles']} | "
        f"{LABEL_WHY.get((row['corpus'], row['label_raw']), '')} |"
        for row in summary["per_corpus_label"]
    )
    dropped = "\n".join(f"| {reason.replace('_', ' ')} | {count} |" for reason, count in summary["dropped"].items())
    removed = "\n".join(f"| {reason} | {count} |" for reason, count in summary["terms_removed"].items())
    return f"""# training_data — what the model is trained on (no article text)

Generated by `make features` (`python -m scorer.training.dataset --datasets ../shared/datasets --out training_data`;
`DATASETS=` overrides the folder) from the six labelled corpora in `../shared/datasets`, each described in its
`PROVENANCE.md` (source repository and commit, paper, license, artefacts). Code: `scorer/training/dataset.py`.
Only numbers derived from the corpora are here; check the corpora's terms before publishing this folder elsewhere.

| file | content |
|---|---|
| `features.csv` | one row per article: `{", ".join(KEY_COLUMNS)}`, then one column per signal (the model's order) |
| `term_counts.npz` | a sparse count matrix (CSR arrays, no pickle): rows as in features.csv, one column per term |
| `terms.json` | tokeniser settings, vocabulary (words, two-word phrases in >= {MIN_TERM_DOCS} articles), name terms |
| `signal_set_version` | the signal set the table was built with (a different one: run make features) |
| `summary.json` | the counts below and the digest models record as their training data |

## Labels (1 = credible, 0 = not credible)

Dropped as ambiguous: {DROPPED_LABELS}. Counts after cleaning and deduplication:

| corpus | label_raw | label | articles | note |
|---|---|---|---|---|
{counts}
| **total** | | | {summary['articles']} | {summary['credible']} credible, {summary['not_credible']} not |

## Cleaning, in this order

1. ReCOVery's "Drudge Report" rows are dropped: they are other sites' articles that the aggregator linked to, so the
   label belongs to the aggregator. Crawl failures whose text is a cookie/consent notice are dropped.
2. Texts and titles are repaired with ftfy (one Webis publisher's mojibake gave it away) and the label-leaking
   publisher boilerplate named in the PROVENANCE files is cut out: "Visit Business Insider's homepage…", NPR's
   "Enlarge this image / toggle caption", Getty Images credits, Sputnik/Press TV disclaimers, reCAPTCHA and
   newsletter lines, "Featured image via…", embeds and URLs, and whole share/subscribe/sign-up widget lines.
   CT-FAN-21 titles lose their trailing " - Site" (the publisher's name).
3. Texts with fewer than {MIN_WORDS} words are dropped.
4. Rows linked by the corpora's `overlaps` column or by an equal text hash (stored, or after cleaning) form one
   cluster; a cluster with conflicting or ambiguous labels is dropped whole, otherwise one row is kept, preferring
   {" > ".join(CORPUS_PRIORITY)}.

| step | rows dropped |
|---|---|
{dropped}

## Groups (for folds grouped by publisher)

{summary['groups']} groups: the publisher's domain (Webis publishers and link shorteners mapped to domains; ReCOVery
publishers to their most common URL domain). **horne2017** has no source: one pseudo-source per source list
(`horne2017/<subset>/<label>`). **CT-FAN-21** has no source either: the site named at the end of the title
(`extra.title_site_suffix`) where there is one, else one group per article — so its grouped folds are only as good
as that heuristic.

## Publisher ratings

`rating` is the shipped reputation table's rating (scorer/data/reputation_mbfc.json) of the article's URL or source
domain, '' when unrated. Training fits the reputation weight only on corpora with article-level labels.

## Terms

{summary['terms']} terms after the text-level rules ({summary.get('terms_with_names', 0)} of them contain a name and
are left out by training's name rule):

| rule | terms removed |
|---|---|
{removed}
"""


def write_training_data(table: pd.DataFrame, terms: TermCounts, summary: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "README.md").write_text(render_readme(summary))
    table.to_csv(out / FEATURES_FILE, index=False, float_format="%.6g")
    write_term_counts(terms, out)
    (out / VERSION_FILE).write_text(SIGNAL_SET_VERSION + "\n")
    (out / SUMMARY_FILE).write_text(json.dumps(summary, indent=2, default=int) + "\n")


class StaleTrainingData(RuntimeError):
    """The feature table was built with another signal set or tokeniser."""


def load_training_data(folder: Path | str = "training_data", check_version: bool = True) -> pd.DataFrame:
    """The feature table; refuses one built for a different signal set (`run make features`)."""
    folder = Path(folder)
    path = folder / FEATURES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist; run make features")
    built_with = (folder / VERSION_FILE).read_text().strip() if (folder / VERSION_FILE).is_file() else "unknown"
    try:
        table = pd.read_csv(path, dtype={"id": str, "corpus": str, "group": str, "label_raw": str, "text_hash": str,
                                                  "rating": str},
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
    parser = argparse.ArgumentParser(prog="python -m scorer.training.dataset", description=__doc__.split("\n")[0])
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
    terms = term_counts(corpus.articles)
    summary = summarise(corpus, table, terms)
    write_training_data(table, terms, summary, args.out)
    seconds = time.perf_counter() - started
    print(
        f"{len(table)} articles ({summary['credible']} credible, {summary['not_credible']} not), "
        f"{summary['groups']} groups, {len(SIGNAL_NAMES)} signals, {len(terms.terms)} terms, "
        f"set {SIGNAL_SET_VERSION} -> {args.out} in {seconds:.1f}s; dropped {corpus.dropped}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
