"""Line-level quality of the boilerplate detector, and main-text F1 of the HTML extraction, on real pages.

Data: `article_extraction_benchmark` (181 gzip HTML pages + ground-truth.json with the gold `articleBody`).
For each page the full visible page text is taken, one block per line (scorer.html.page_text). A line is *gold
boilerplate* when its words do not occur, as one run of words, in the page's gold article body; a line of fewer than
3 words ("Share", "Email") counts as body only when it is a whole line of the gold body, because a single word
occurs somewhere in almost any body. The detector
(scorer.signals.boilerplate.boilerplate_line_indexes) flags lines; precision, recall and F1 are computed over all
lines of all pages. Lines without any word character ("|", "©") are left out of both counts.

Run: `.venv/bin/python -m benchmarks.boilerplate_lines` (writes docs/boilerplate.md), or as a `python -m benchmarks`
section (`run(datasets) -> str`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from scorer import html as page_html
from scorer.segment import Field
from scorer.signals.boilerplate import boilerplate_line_indexes, furniture_cues, solicitation_cues

_WORDS = re.compile(r"\w+")
BENCHMARK = "article_extraction_benchmark"
# Lines shorter than this many words must match a whole gold line to count as article body.
SHORT_LINE_WORDS = 3
# How many false-alarm lines the report quotes, so a reader can judge them.
SHOWN_FALSE_ALARMS = 15
# trafilatura modes compared for the main text (scorer.html uses EXTRACTION_MODE).
MODES = {"precision": {"favor_precision": True}, "default": {}, "recall": {"favor_recall": True}}


def _normalise(text: str) -> str:
    return " " + " ".join(_WORDS.findall(text.lower())) + " "


def load_pages(datasets: Path) -> list[tuple[str, bytes, str]]:
    """(page id, raw html, gold article body) for every page of the benchmark."""
    folder = datasets / BENCHMARK
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((folder / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        if page_id in gold:
            pages.append((page_id, gzip.decompress(path.read_bytes()), gold[page_id]["articleBody"]))
    return pages


def _bag_f1(predicted: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words precision/recall/F1 between an extracted text and the gold body (the benchmark's own measure)."""
    pred, true = Counter(_WORDS.findall(predicted.lower())), Counter(_WORDS.findall(gold.lower()))
    overlap = sum((pred & true).values())
    precision = overlap / max(sum(pred.values()), 1)
    recall = overlap / max(sum(true.values()), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


def line_counts(pages: list[tuple[str, bytes, str]], short_line_words: int = SHORT_LINE_WORDS) -> dict:
    """Confusion counts of the line detector over all pages, plus false-alarm examples and per-label counts."""
    tp = fp = fn = tn = skipped = 0
    false_alarms: list[str] = []
    hits_by_label: Counter = Counter()
    false_by_label: Counter = Counter()
    for _, raw, gold in pages:
        text = page_html.page_text(page_html.parse(raw))
        gold_words = _normalise(gold)
        gold_lines = {_normalise(line) for line in gold.split("\n")}
        lines = text.split("\n")
        flagged = boilerplate_line_indexes(text)
        field = Field("page_text", text)
        labels = {cue.line: cue.label for cue in furniture_cues(field) + solicitation_cues(field)}
        for index, line in enumerate(lines):
            words = _normalise(line)
            if not words.strip():
                skipped += 1
                continue
            short = len(words.split()) < short_line_words
            is_boilerplate = words not in gold_lines if short else words not in gold_words
            if index in flagged:
                hits_by_label[labels.get(index, "?")] += 1
                if is_boilerplate:
                    tp += 1
                else:
                    fp += 1
                    false_by_label[labels.get(index, "?")] += 1
                    false_alarms.append(line)
            elif is_boilerplate:
                fn += 1
            else:
                tn += 1
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "skipped": skipped, "false_alarms": false_alarms,
            "hits_by_label": hits_by_label, "false_by_label": false_by_label}


def extraction_f1(pages: list[tuple[str, bytes, str]]) -> dict[str, tuple[float, float, float, float]]:
    """Mean bag-of-words P/R/F1 of trafilatura's main text per mode, and seconds per page."""
    out = {}
    for mode, options in MODES.items():
        scores = []
        started = time.perf_counter()
        for _, raw, gold in pages:
            main, _ = page_html.main_text_and_title(page_html.parse(raw), **options)
            scores.append(_bag_f1(main, gold))
        seconds = (time.perf_counter() - started) / max(len(pages), 1)
        n = max(len(scores), 1)
        out[mode] = (*(sum(s[i] for s in scores) / n for i in range(3)), seconds)
    return out


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _row(rule: str, counts: dict) -> str:
    tp, fp, fn, tn = counts["tp"], counts["fp"], counts["fn"], counts["tn"]
    precision, recall, f1 = _ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn)
    return f"| {rule} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {tp} | {fp} | {fn} | {tn} |"


def run(datasets: Path) -> str:
    """The Markdown report (the `python -m benchmarks` section contract)."""
    pages = load_pages(datasets)
    counts = line_counts(pages)
    loose = line_counts(pages, short_line_words=0)
    modes = extraction_f1(pages)
    parts = [
        "## Boilerplate line detector (page text)\n",
        f"{len(pages)} pages of `{BENCHMARK}`; {sum(counts[k] for k in ('tp', 'fp', 'fn', 'tn'))} lines with words "
        f"({counts['tp'] + counts['fn']} gold boilerplate, {counts['fp'] + counts['tn']} article-body lines under the "
        f"rule used; {counts['skipped']} lines without words left out).\n",
        "| gold rule for short lines | precision | recall | F1 | true alarms | false alarms | missed | clean passed |",
        "|---|---|---|---|---|---|---|---|",
        _row(f"must be a whole gold line (< {SHORT_LINE_WORDS} words; used)", counts),
        _row("any word run of the gold body (a lone \"Share\" counts as body if the body says share)", loose),
        "",
        "Flagged lines by cue kind (flagged / of them false alarms): "
        + ", ".join(f"{label} {n} / {counts['false_by_label'][label]}" for label, n in
                    counts["hits_by_label"].most_common())
        + ".\n",
        f"False alarms under the rule used (first {SHOWN_FALSE_ALARMS}), lines the gold body contains:\n",
        *[f"- `{line[:120]}`" for line in counts["false_alarms"][:SHOWN_FALSE_ALARMS]],
        "",
        f"False alarms under the word-run rule (first {SHOWN_FALSE_ALARMS}):\n",
        *[f"- `{line[:120]}`" for line in loose["false_alarms"][:SHOWN_FALSE_ALARMS]],
        "",
        "## Main-text extraction (trafilatura, no comments)\n",
        "Bag-of-words precision / recall / F1 of the extracted main text against the gold body, mean over pages.\n",
        "| mode | precision | recall | F1 | ms per page |",
        "|---|---|---|---|---|",
        *[f"| {mode}{' (used)' if MODES[mode] == page_html.EXTRACTION_MODE else ''} | {p:.3f} | {r:.3f} | {f:.3f} "
          f"| {1000 * s:.1f} |" for mode, (p, r, f, s) in modes.items()],
        "",
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.boilerplate_lines", description=__doc__)
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--out", type=Path, default=Path("docs/boilerplate.md"))
    args = parser.parse_args(argv)
    if not (args.datasets / BENCHMARK).is_dir():
        print(f"error: {args.datasets / BENCHMARK} not found", file=sys.stderr)
        return 2
    section = run(args.datasets)
    print(section)
    if args.out.exists():
        _replace_generated(args.out, section)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(f"{BEGIN}\n{section}\n{END}\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


# The generated numbers sit between these markers in docs/boilerplate.md; the prose around them is hand-written.
BEGIN = "<!-- BEGIN generated by python -m benchmarks.boilerplate_lines -->"
END = "<!-- END generated -->"


def _replace_generated(path: Path, section: str) -> None:
    doc = path.read_text(encoding="utf-8")
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        doc = f"{head}{BEGIN}\n{section}\n{END}{tail}"
    else:
        doc = f"{doc.rstrip()}\n\n{BEGIN}\n{section}\n{END}\n"
    path.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
