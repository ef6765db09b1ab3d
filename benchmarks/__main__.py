"""`python -m benchmarks`: run every benchmark section and write one Markdown report.

Each section measures the product beside a baseline in the same run, on this machine, and says what it ran.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
import time
from pathlib import Path

import sklearn

# Section modules, in report order; each has `run(datasets: Path) -> str`.
SECTIONS = ("benchmarks.signals_speed", "benchmarks.batch_speed", "benchmarks.api_load")


def _machine() -> str:
    import os

    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, scikit-learn {sklearn.__version__}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--only", action="append", help="run only this section (e.g. signals_speed); repeatable")
    args = parser.parse_args(argv)
    if not args.datasets.is_dir():
        print(f"error: datasets folder {args.datasets} not found (set DATASETS=...)", file=sys.stderr)
        return 2
    names = [f"benchmarks.{n}" for n in args.only] if args.only else list(SECTIONS)
    parts = [
        "# Benchmarks\n",
        f"Produced by `make bench` (`python -m benchmarks --datasets {args.datasets}`) on "
        f"{time.strftime('%Y-%m-%d')}, {_machine()}.\n",
        "Every target is compared with a baseline measured in the same run on the same machine.\n",
    ]
    for name in names:
        print(f"== {name}", file=sys.stderr, flush=True)
        parts.append(importlib.import_module(name).run(args.datasets))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
