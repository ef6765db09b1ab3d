"""Batch scoring: articles/s of `scorer batch` with 1 and 2 worker processes and on a Dask LocalCluster, and the
peak memory of the whole process tree for a small and a 100x larger input.

Input: Webis BuzzFeed articles (read at run time, repeated with fresh ids to the length needed) written to a
temporary JSONL file that is deleted afterwards; nothing from the corpus is stored. Every run is the real CLI in
a subprocess (interpreter start and model load included in the wall time, not in articles/s, which `scorer batch`
measures from its first item to its last record). Peak memory is the largest sum of RSS over the CLI process and
all its children (pool workers, Dask nannies and workers), sampled every 20 ms with psutil.
Baseline: `model.score_many` in chunks of 256 in this process, with no reading, writing or workers.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

CORPUS = "webis_buzzfeed_2016/articles.csv"
# Items per throughput run: long enough that pool start-up (a few seconds) is a small share of the run.
SPEED_ITEMS = int(os.environ.get("BATCH_BENCH_ITEMS", "20000"))
# Each engine runs this many times, alternating; the best run counts (other processes share the machine).
SPEED_ROUNDS = 2
# The memory comparison: a small input and one 100x larger (the 1k vs 100k).
MEMORY_ITEMS = (1_000, int(os.environ.get("BATCH_BENCH_LARGE", "100000")))
# Targets from issue 5.
TARGET_MEMORY_RATIO = 1.2
TARGET_SPEEDUP = 1.8
CHUNK = 256
RSS_SAMPLE_SECONDS = 0.02
REPO = Path(__file__).resolve().parents[1]


def _corpus_articles(datasets: Path) -> list[dict]:
    csv.field_size_limit(10_000_000)
    with open(datasets / CORPUS, newline="", encoding="utf-8") as handle:
        return [
            {"id": r["id"], "title": r["title"], "text": r["text"], "url": r["url"] or None, "source": r["source"]}
            for r in csv.DictReader(handle)
            if len((r["text"] or "").split()) >= 30
        ]


def _write_input(articles: list[dict], count: int, path: Path) -> Path:
    """`count` items cycling through the corpus, each with its own id (resume and outputs key on ids)."""
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            handle.write(json.dumps({**articles[i % len(articles)], "id": f"{i:07d}"}) + "\n")
    return path


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a child that just exited
            total += member.memory_info().rss
    return total


def _children_cpu_seconds() -> float:
    """CPU time of every finished descendant this process waited for (the CLI, and the workers it joined)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(args: list[str]) -> dict:
    """Run `scorer batch ARGS`: its articles/s (from its summary), wall and CPU seconds, and peak tree RSS."""
    command = [sys.executable, "-c", "from scorer.cli import cli; cli()", "batch", *args]
    cpu_before = _children_cpu_seconds()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr: list[str] = []
    reader = threading.Thread(target=lambda: stderr.extend(process.stderr), daemon=True)
    reader.start()
    watched, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            peak = max(peak, _tree_rss(watched))
        except psutil.Error:
            break
        time.sleep(RSS_SAMPLE_SECONDS)
    process.wait()
    reader.join()
    seconds = time.perf_counter() - started
    text = "".join(stderr)
    match = re.search(r"items: (\d+).*scored: (\d+).*errors: (\d+).*articles/s: ([\d.]+)", text)
    if process.returncode not in (0, 1) or not match:
        raise RuntimeError(f"scorer batch {' '.join(args)} failed ({process.returncode}):\n{text[-2000:]}")
    return {"items": int(match[1]), "errors": int(match[3]), "rate": float(match[4]), "wall": seconds,
            "cpu": _children_cpu_seconds() - cpu_before, "peak_mb": peak / 2**20}


def _baseline_rate(articles: list[dict], count: int) -> tuple[float, str]:
    import scorer
    from scorer.model import freeze_loaded_objects

    model = scorer.load_model()
    freeze_loaded_objects()  # as `scorer batch` does once its model is loaded
    items = [scorer.to_article(articles[i % len(articles)]) for i in range(count)]
    start = time.perf_counter()
    for i in range(0, count, CHUNK):
        model.score_many(items[i : i + CHUNK])
    return count / (time.perf_counter() - start), model.version


def run(datasets: Path) -> str:
    articles = _corpus_articles(datasets)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        tmp_path = Path(tmp)
        speed_input = _write_input(articles, SPEED_ITEMS, tmp_path / "speed.jsonl")
        out = str(tmp_path / "out.jsonl")
        baseline, version = _baseline_rate(articles, min(SPEED_ITEMS, 5000))
        configs = {
            "local, 1 process": [],
            "local, `--workers 2`": ["--workers", "2"],
            "Dask LocalCluster, 2 worker processes": ["--engine", "dask", "--workers", "2"],
        }
        speed: dict[str, dict] = {}
        for _ in range(SPEED_ROUNDS):  # rounds alternate the engines, so a burst of other load hits all of them
            for name, extra in configs.items():
                result = run_cli([str(speed_input), "-o", out, *extra])
                if name not in speed or result["rate"] > speed[name]["rate"]:
                    speed[name] = result
        speed_input.unlink()
        memory = {}
        for count in MEMORY_ITEMS:
            path = _write_input(articles, count, tmp_path / f"memory-{count}.jsonl")
            memory[count] = {workers: run_cli([str(path), "-o", out, "--workers", str(workers)]) for workers in (1, 2)}
            path.unlink()
    loads = (load_before, os.getloadavg()[0])
    return _report(speed, memory, baseline, version, len(articles), loads)


def _report(speed: dict, memory: dict, baseline: float, version: str, corpus_size: int, loads) -> str:
    one = speed["local, 1 process"]["rate"]
    two = speed["local, `--workers 2`"]["rate"]
    small, large = MEMORY_ITEMS
    lines = [
        "## Batch scoring (`scorer batch`)\n",
        f"{SPEED_ITEMS:,} items cycled from {corpus_size:,} Webis BuzzFeed articles (≥ 30 words) in a temporary "
        f"JSONL file, model `{version}`, chunks of {CHUNK}, JSONL output with an fsync per chunk, on "
        f"{os.cpu_count()} cores; best of {SPEED_ROUNDS} alternating runs per engine. articles/s is what "
        "`scorer batch` reports: from its first item to its last record, so it includes starting the worker "
        "processes or the Dask cluster, but not loading the model in the CLI process. "
        "Command: `python -m benchmarks --only batch_speed` "
        "(env BATCH_BENCH_ITEMS, BATCH_BENCH_LARGE change the sizes).\n",
        "| engine | articles/s | wall s (incl. start-up) | CPU s, all processes | peak RSS of the process tree |",
        "|---|---:|---:|---:|---:|",
        f"| baseline: `model.score_many` in-process, no I/O, one core | {baseline:,.0f} | — | — | — |",
    ]
    for name, r in speed.items():
        lines.append(f"| {name} | {r['rate']:,.0f} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['peak_mb']:,.0f} MB |")
    speedup = two / one if one else 0.0
    verdict = "met" if speedup >= TARGET_SPEEDUP else "not met"
    work_ratio = speed["local, `--workers 2`"]["cpu"] / speed["local, 1 process"]["cpu"]
    lines += [
        "",
        f"2 workers vs 1: **{speedup:.3f}x** (target ≥ {TARGET_SPEEDUP}x: {verdict}). 1 process vs the in-process "
        f"baseline: {one / baseline:.2f}x (the cost of reading, writing and fsync). CPU seconds count the work "
        f"whatever else the machine was running: 2 workers spend {work_ratio:.2f}x the CPU of one process, so on "
        f"2 otherwise idle cores their ceiling is {2 / work_ratio:.2f}x. Load average (1 min) at the start and end "
        f"of this section: {loads[0]:.1f}, {loads[1]:.1f} on {os.cpu_count()} cores (other processes take "
        "their share of the cores from the 2-worker run).\n",
        "| items | workers | articles/s | peak RSS of the process tree |",
        "|---:|---:|---:|---:|",
    ]
    for count, by_workers in memory.items():
        for workers, result in by_workers.items():
            lines.append(f"| {count:,} | {workers} | {result['rate']:,.0f} | {result['peak_mb']:,.0f} MB |")
    ratios = {w: memory[large][w]["peak_mb"] / memory[small][w]["peak_mb"] for w in memory[small]}
    verdict = "met" if max(ratios.values()) <= TARGET_MEMORY_RATIO else "not met"
    lines += [
        "",
        f"Peak memory {large:,} vs {small:,} items: "
        + ", ".join(f"**{r:.2f}x** with {w} worker{'s' if w > 1 else ''}" for w, r in ratios.items())
        + f" (target ≤ {TARGET_MEMORY_RATIO}x: {verdict}).\n",
    ]
    return "\n".join(lines)
