"""The `scorer` command: one click group; each subcommand is a thin caller of the library.

Subcommands live beside the code they drive. Those whose modules import scikit-learn (about a second) are loaded
only when called, so `scorer --help`, `scorer serve` and `scorer score` do not pay for it.
"""

from __future__ import annotations

import importlib

import click

from scorer import __version__

# Subcommands loaded on first use: name -> ("module:attribute", the first paragraph of the command's help, which
# `scorer --help` shortens as click would). tests/test_cli.py checks it against the command, so they cannot drift.
LAZY_COMMANDS = {
    "train": (
        "scorer.train:train_command",
        "Retrain the model (from training_data/ by default) and save it as a new version in models/.",
    ),
    "evaluate": (
        "scorer.evaluate:evaluate_command",
        "Grouped CV, leave-one-corpus-out and random folds vs a TF-IDF baseline -> docs/evaluation.md + plots.",
    ),
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that subcommand runs (click's documented
    lazy-loading pattern), and lists it in the help from `LAZY_COMMANDS` without importing it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, attribute = LAZY_COMMANDS[cmd_name][0].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))  # the room click's own listing leaves for the help
        rows = []
        for name in names:
            command = self.commands.get(name)  # None for a lazy command not loaded yet
            if command is None:  # a stand-in with the same help shortens it exactly as the real command would
                command = click.Command(name, help=LAZY_COMMANDS[name][1])
            rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scorer")
def cli() -> None:
    """Score the credibility of news articles, with the reasons behind each score."""


from scorer.batch import batch_command  # noqa: E402 - registered after the group is defined
from scorer.explain import score_command  # noqa: E402
from scorer.serve import serve  # noqa: E402

for _command in (batch_command, serve, score_command):
    cli.add_command(_command)
