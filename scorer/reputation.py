"""Publisher reputation: a table of domain -> rating (high / mixed / low), with who rated it and when.

    table = ReputationTable.load()            # the shipped table, or $SCORER_REPUTATION_PATH, or a given path
    table.lookup(url="https://www.example.com/story", source=None) -> Rating | None

The shipped table (scorer/data/reputation_mbfc.json) is Media Bias/Fact Check's factual-reporting level per domain,
as collected by Baly et al. (2018, 2020); `python -m scorer.training.reputation_table` rebuilds it from
../shared/datasets/mbfc_source_labels. A newsroom replaces it with its own list in the same JSON format, or a CSV
with the columns `domain,rating[,rater,date]`. An unknown domain has no rating (the model adds nothing for it).
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPUTATION_PATH_ENV = "SCORER_REPUTATION_PATH"
DEFAULT_TABLE = Path(__file__).resolve().parent / "data" / "reputation_mbfc.json"
RATINGS = ("high", "mixed", "low")


class ReputationTableError(ValueError):
    """A reputation table that cannot be read; the message says what is wrong (never the server's paths)."""


@dataclass(frozen=True)
class Rating:
    domain: str
    rating: str  # "high" | "mixed" | "low"
    rater: str
    date: str


def normalise_host(value: str | None) -> str:
    """`https://WWW.Example.com:8080/a` or `example.com/a` -> `example.com`; '' when there is no host."""
    value = (value or "").strip().lower()
    if not value or any(ch.isspace() for ch in value):
        return ""
    host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    host = host.rstrip(".").removeprefix("www.")
    return host if "." in host else ""


def _candidates(host: str) -> list[str]:
    """The host and each parent domain with at least two labels: news.bbc.co.uk, bbc.co.uk, co.uk."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


class ReputationTable:
    """Ratings by domain; `lookup` matches a URL's host or any parent domain of it (news.example.com -> example.com)."""

    def __init__(self, ratings: dict[str, Rating], name: str):
        self.ratings = ratings
        self.name = name

    def __len__(self) -> int:
        return len(self.ratings)

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> ReputationTable:
        """The table at `path`, else at $SCORER_REPUTATION_PATH, else the shipped one."""
        chosen = Path(path or os.environ.get(REPUTATION_PATH_ENV) or DEFAULT_TABLE)
        try:
            text = chosen.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            message = f"cannot read the reputation table {chosen.name!r}: {error.__class__.__name__}"
            raise ReputationTableError(message) from None
        if chosen.suffix.lower() == ".csv":
            return cls.from_rows(list(csv.DictReader(text.splitlines())), name=chosen.stem)
        try:
            data = json.loads(text)
        except ValueError:
            raise ReputationTableError(f"the reputation table {chosen.name!r} is not valid JSON") from None
        if not isinstance(data, dict) or not isinstance(data.get("ratings"), list):
            raise ReputationTableError(f"the reputation table {chosen.name!r} has no 'ratings' list")
        defaults = {"rater": data.get("rater", ""), "date": data.get("date", "")}
        return cls.from_rows([{**defaults, **row} for row in data["ratings"] if isinstance(row, dict)],
                             name=str(data.get("name") or chosen.stem))  # fmt: skip

    @classmethod
    def from_rows(cls, rows: list[dict], name: str) -> ReputationTable:
        """Rows of {domain, rating, rater, date}; an unknown rating or a row without a domain is an error."""
        ratings: dict[str, Rating] = {}
        for number, row in enumerate(rows, start=1):
            domain = normalise_host(row.get("domain"))
            rating = str(row.get("rating") or "").strip().lower()
            if not domain:
                raise ReputationTableError(f"reputation table {name!r}, row {number}: no usable domain")
            if rating not in RATINGS:
                raise ReputationTableError(
                    f"reputation table {name!r}, row {number}: rating {rating!r} is not one of {', '.join(RATINGS)}"
                )
            ratings[domain] = Rating(domain, rating, str(row.get("rater") or ""), str(row.get("date") or ""))
        return cls(ratings, name)

    def lookup(self, url: str | None = None, source: str | None = None) -> Rating | None:
        """The rating of the article's publisher: from the URL's host, else from `source` when it is a domain."""
        for value in (url, source):
            host = normalise_host(value)
            for candidate in _candidates(host) if host else ():
                rating = self.ratings.get(candidate)
                if rating is not None:
                    return rating
        return None
