"""`python -m benchmarks`: run every benchmark section and write one Markdown report.

Each section measures the product beside a baseline in the same run, on this machine, and says what it ran.
`--only NAME` re-runs one section and keeps the report's other sections as they were, each with its own date.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import re
import sys
import time
from pathlib import Path

import sklearn

# Section modules, in report order; each has `run(datasets: Path) -> str`.
SECTIONS = ("benchmarks.signals_speed", "benchmarks.fast_paths", "benchmarks.batch_speed", "benchmarks.api_load",
            "benchmarks.corroboration", "benchmarks.slow_clients")
# An HTML comment (invisible when rendered) opens each section, so a later `--only` run can find and replace it.
_SECTION_MARK = "<!-- section: {name} -->"
_SECTION_MARK_RE = re.compile(r"^<!-- section: ([\w.]+) -->$", re.MULTILINE)


def _machine() -> str:
    import os

    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, scikit-learn {sklearn.__version__}"


def report_header(datasets: Path) -> str:
    return (
        "# Benchmarks\n\n"
        f"Produced by `make bench` (`python -m benchmarks --datasets {datasets}`); `--only NAME` re-runs one section "
        "and keeps the others. Each section says when and on what it ran.\n\n"
        "Every target is compared with a baseline measured in the same run on the same machine.\n"
    )


def dated_section(text: str, when: str, machine: str) -> str:
    """A section's text with the run's date and machine put under its heading (its first line)."""
    heading, _, body = text.partition("\n")
    return f"{heading}\n\nRun on {when}, {machine}.\n{body}"


def split_sections(report: str) -> dict[str, str]:
    """The sections of a report written by this module, by module name, without their marks; {} for a report
    without marks."""
    marks = list(_SECTION_MARK_RE.finditer(report))
    if not marks:
        return {}
    ends = [mark.start() for mark in marks[1:]] + [len(report)]
    return {mark.group(1): report[mark.end() : end].strip("\n") + "\n" for mark, end in zip(marks, ends, strict=True)}


def render_report(header: str, sections: dict[str, str]) -> str:
    """The header, then each section in report order (sections this module does not list go last)."""
    order = [name for name in SECTIONS if name in sections] + [name for name in sections if name not in SECTIONS]
    parts = [header] + [f"{_SECTION_MARK.format(name=name)}\n{sections[name]}" for name in order]
    return "\n".join(parts)


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
    unknown = [name for name in names if name not in SECTIONS]
    if unknown:
        known = ", ".join(name.removeprefix("benchmarks.") for name in SECTIONS)
        print(f"error: no benchmark section {', '.join(unknown)}; the sections are {known}", file=sys.stderr)
        return 2
    sections = split_sections(args.out.read_text(encoding="utf-8")) if args.only and args.out.exists() else {}
    for name in names:
        print(f"== {name}", file=sys.stderr, flush=True)
        text = importlib.import_module(name).run(args.datasets)
        sections[name] = dated_section(text, time.strftime("%Y-%m-%d"), _machine())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_report(report_header(args.datasets), sections), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
