"""Every signal's value and evidence for the fixture articles equal the committed golden values.

A refactor or a comment leaves them as they are. When a change is meant to move a value, bump
scorer.signals.SIGNAL_VALUES_VERSION and regenerate the file with `python -m tests.golden` (tests/golden/__init__.py).
"""

import json

import pytest

from scorer.signals import SIGNAL_NAMES, SIGNAL_VALUES_VERSION
from tests.golden import GOLDEN_PATH, current_values, example_articles

GOLDEN = json.loads(GOLDEN_PATH.read_text("utf-8"))
CURRENT = current_values()


def test_golden_values_were_written_for_this_values_version():
    assert GOLDEN["signal_values_version"] == SIGNAL_VALUES_VERSION, (
        "SIGNAL_VALUES_VERSION was bumped: regenerate the golden values with `python -m tests.golden`"
    )


def test_golden_values_cover_every_fixture_article_and_signal():
    assert set(GOLDEN["articles"]) == set(example_articles())
    for name, values in GOLDEN["articles"].items():
        assert set(values) == set(SIGNAL_NAMES), name


@pytest.mark.parametrize("article", sorted(GOLDEN["articles"]))
def test_signal_values_and_evidence_equal_the_golden_ones(article):
    changed = {
        signal: {"golden": golden, "now": CURRENT["articles"][article].get(signal)}
        for signal, golden in GOLDEN["articles"][article].items()
        if CURRENT["articles"][article].get(signal) != golden
    }
    assert not changed, (
        f"signal values drifted for {article}: {changed}. If this change is meant, bump SIGNAL_VALUES_VERSION and "
        "run `python -m tests.golden`"
    )


def test_the_spun_wire_story_holds_the_evidence_the_golden_file_is_there_to_protect():
    spun = GOLDEN["articles"]["wire_story/spun"]
    assert spun["repeated_phrases_in_sentence"]["value"] >= 2
    assert spun["broken_quotes"]["value"] >= 2
    original = GOLDEN["articles"]["wire_story/original"]
    assert original["has_source_line"]["evidence"][0][4].startswith("Source: Eldoran Foreign Ministry")
