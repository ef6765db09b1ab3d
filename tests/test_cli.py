"""The `scorer` group: every subcommand defined in scorer/cli.py, heavy modules imported only by the command that
needs them, library modules free of click, and one exit code for a model that cannot load."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorer.cli import EXIT_MODEL, cli
from scorer.model import resolve_model_dir

REPO = Path(__file__).resolve().parent.parent
COMMANDS = ["batch", "evaluate", "score", "serve", "train"]


@pytest.mark.parametrize(("args", "exit_code", "shown"), [
    (["--help"], 0, COMMANDS),
    (["-h"], 0, COMMANDS),
    ([], 2, COMMANDS),  # no command: the help, as a usage error
    (["--version"], 0, ["scorer, version"]),
    (["train", "--help"], 0, ["--data", "--models", "Retrain the model"]),
    (["evaluate", "--help"], 0, ["--datasets", "leave-one-corpus-out"]),
    (["serve", "--help"], 0, ["--workers", "--timeout"]),
    (["batch", "--help"], 0, ["--resume", "Exit code 0 when every item was scored"]),
    (["nope"], 2, ["No such command 'nope'"]),
    ([""], 2, ["No such command ''"]),
    (["x" * 10_000], 2, ["No such command"]),
])  # fmt: skip
def test_the_group_lists_runs_and_rejects_commands(args, exit_code, shown):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == exit_code
    for text in shown:
        assert text in result.output


def test_help_imports_no_heavy_module():
    # A fresh interpreter: this test process has imported everything already.
    code = (
        "import sys\nfrom scorer.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('sklearn', 'pandas', 'scipy', 'gunicorn', 'dask', 'trafilatura', 'numpy', 'flask')\n"
        "print('heavy:', sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120).stdout
    assert "train" in out and "evaluate" in out
    assert out.strip().endswith("heavy: []")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(p.relative_to(REPO) for p in (REPO / "scorer").rglob("*.py")), ids=str)
def test_only_the_cli_imports_click(path: Path):
    assert ("click" in _imports(REPO / path)) is (path == Path("scorer/cli.py"))


def test_the_api_does_not_import_the_batch_runner():
    for path in (REPO / "api").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not modules & {"scorer.batch", "scorer.batch_dask"}, path


@pytest.fixture
def tampered_model(tmp_path: Path) -> Path:
    folder = tmp_path / "tampered"
    shutil.copytree(resolve_model_dir(), folder)
    with open(folder / "model.json", "a", encoding="utf-8") as handle:
        handle.write(" ")
    return folder


@pytest.mark.parametrize("broken", ["missing", "tampered"])
@pytest.mark.parametrize("command", ["score", "batch", "serve"])
def test_a_model_that_cannot_load_exits_3_from_every_command(tmp_path, tampered_model, monkeypatch, command, broken):
    folder = tampered_model if broken == "tampered" else tmp_path / "absent"
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "The minister resigned on Monday, she said."}) + "\n")
    args = {
        "score": ["score", str(source), "--model", str(folder)],
        "batch": ["batch", str(source), "-o", str(tmp_path / "out.jsonl"), "--model", str(folder)],
        "serve": ["serve", "--port", "0"],
    }[command]
    monkeypatch.setenv("SCORER_MODEL_PATH", str(folder))
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == EXIT_MODEL == 3, result.output
    expected = "model.json does not match the sha256" if broken == "tampered" else "no model found"
    assert f"error: the model could not be loaded: {expected}" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()  # nothing written, nothing served
