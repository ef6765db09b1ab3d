"""Benchmarks behind `make bench`. Each section module exposes `run(datasets: Path) -> str` (a Markdown section)."""
