"""The `scorer` command: one click group; each subcommand is a thin caller of the library."""

from __future__ import annotations

import click

from scorer import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scorer")
def cli() -> None:
    """Score the credibility of news articles, with the reasons behind each score."""


# Subcommands live beside the code they drive; each module registers its command here.

from scorer.batch import batch_command  # noqa: E402 - registered after the group is defined

cli.add_command(batch_command)
from scorer.serve import serve  # noqa: E402 - registered after the group is defined

cli.add_command(serve)
from scorer.explain import score_command  # noqa: E402 - registered after the group is defined

cli.add_command(score_command)
from scorer.train import train_command  # noqa: E402 - registered after the group is defined

cli.add_command(train_command)
from scorer.evaluate import evaluate_command  # noqa: E402 - registered after the group is defined

cli.add_command(evaluate_command)
