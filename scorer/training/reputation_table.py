"""Build the shipped reputation table from MBFC's factual-reporting ratings as collected by Baly et al.

`python -m scorer.training.reputation_table --mbfc ../shared/datasets/mbfc_source_labels
 --out scorer/data/reputation_mbfc.json` (what `make reputation` runs). Both files of the folder are read
(`emnlp18_corpus.tsv`, ratings of about 2018; `acl2020_corpus.tsv`, about 2020); where both rate a domain the 2020
rating is kept. Each row keeps its rater, date and the MBFC page it came from. Output is sorted, so a rebuild from the
same files is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from scorer.reputation import RATINGS, normalise_host

# File -> the year its ratings were collected (PROVENANCE.md of mbfc_source_labels); later files win.
SOURCES = (("emnlp18_corpus.tsv", "2018"), ("acl2020_corpus.tsv", "2020"))
RATER = "Media Bias/Fact Check (factual reporting), as collected by Baly et al."
TABLE_NAME = "mbfc-2018-2020"


def read_ratings(folder: Path) -> dict[str, dict]:
    ratings: dict[str, dict] = {}
    for filename, year in SOURCES:
        with open(folder / filename, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                domain = normalise_host(row.get("source_url_normalized") or row.get("source_url"))
                rating = (row.get("fact") or "").strip().lower()
                if domain and rating in RATINGS:
                    ratings[domain] = {"domain": domain, "rating": rating, "date": year, "page": row.get("ref", "")}
    return ratings


def build_table(folder: Path) -> dict:
    ratings = read_ratings(folder)
    return {
        "name": TABLE_NAME,
        "rater": RATER,
        "provenance": (
            "shared/datasets/mbfc_source_labels: repository ramybaly/News-Media-Reliability, commit 28ab9b41, "
            "files data/emnlp18/corpus.tsv (2018) and data/acl2020/corpus.tsv (2020); the 2020 rating wins "
            "where both rate a domain. Built by scorer/training/reputation_table.py."
        ),
        "ratings": [ratings[domain] for domain in sorted(ratings)],
    }


def table_json(table: dict) -> str:
    """The table as JSON with one rating per line (readable diffs when a rating changes)."""
    head = {key: value for key, value in table.items() if key != "ratings"}
    rows = ",\n".join(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in table["ratings"])
    opening = json.dumps(head, indent=1, sort_keys=True, ensure_ascii=False)[:-2]
    return opening + ',\n "ratings": [\n' + rows + "\n ]\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scorer.training.reputation_table",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--mbfc", type=Path, default=Path("../shared/datasets/mbfc_source_labels"))
    parser.add_argument("--out", type=Path, default=Path("scorer/data/reputation_mbfc.json"))
    args = parser.parse_args(argv)
    missing = [name for name, _ in SOURCES if not (args.mbfc / name).is_file()]
    if missing:
        print(f"error: {', '.join(missing)} not found in {args.mbfc}", file=sys.stderr)
        return 2
    table = build_table(args.mbfc)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table_json(table))
    counts = {r: sum(row["rating"] == r for row in table["ratings"]) for r in RATINGS}
    print(f"{len(table['ratings'])} domains {counts} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
