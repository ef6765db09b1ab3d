"""The `scorer` group: every subcommand listed, the heavy ones (scikit-learn) imported only when they run."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from scorer.cli import LAZY_COMMANDS, cli

COMMANDS = ["batch", "evaluate", "score", "serve", "train"]


@pytest.mark.parametrize(("args", "exit_code", "shown"), [
    (["--help"], 0, COMMANDS),
    (["-h"], 0, COMMANDS),
    ([], 2, COMMANDS),  # no command: the help, as a usage error
    (["--version"], 0, ["scorer, version"]),
    (["train", "--help"], 0, ["--data", "--models"]),
    (["evaluate", "--help"], 0, ["--datasets"]),
    (["nope"], 2, ["No such command 'nope'"]),
    ([""], 2, ["No such command ''"]),
    (["x" * 10_000], 2, ["No such command"]),
])
def test_the_group_lists_runs_and_rejects_commands(args, exit_code, shown):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == exit_code
    for text in shown:
        assert text in result.output


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
@pytest.mark.parametrize("limit", [20, 45, 80, 200])
def test_a_lazy_commands_listed_help_is_what_the_command_would_show(name, limit):
    command = cli.get_command(None, name)  # imports it
    listed = click.Command(name, help=LAZY_COMMANDS[name][1]).get_short_help_str(limit)
    assert listed == command.get_short_help_str(limit)


def test_help_does_not_import_scikit_learn():
    # A fresh interpreter: this test process has imported everything already.
    code = (
        "import sys\nfrom scorer.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('heavy:', sorted(m for m in ('sklearn', 'pandas', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "train" in out and "evaluate" in out
    assert out.strip().endswith("heavy: []")
