"""No regex in the product can backtrack catastrophically.

Checked two ways: regexploit's static analysis of every compiled module-level pattern in `scorer` and `api`, and a
run of each pattern over adversarial inputs, each bounded by a timeout. The lexicons are matched by an Aho-Corasick
automaton (linear in the text), not by regexes; their plain regex version is tested against it in test_lexicons.py.
A pattern is run the way the code runs it: one meant to be anchored (`match`) or searched within a short window
is not run unanchored over 100 KB, which the code never does.
"""

import importlib
import pkgutil
import re

import pytest
from regexploit.ast.sre import SreOpParser
from regexploit.redos import find as find_redos

import api
import scorer

# regexploit's "starriness" above 2 is what its own CLI reports as a ReDoS (polynomial of degree 3 or worse).
MAX_STARRINESS = 2
ADVERSARIAL = ["a" * 20_000, "1," * 10_000, "A. " * 7_000, "! " * 10_000, '"' * 20_000, " \n" * 10_000]


def _module_patterns():
    found = {}
    for package in (scorer, api):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    found[f"{info.name}.{name}"] = value
    return found


PATTERNS = _module_patterns()


def test_patterns_were_collected():
    assert len(PATTERNS) >= 10


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_catastrophic_backtracking_statically(name):
    pattern = PATTERNS[name]
    parsed = SreOpParser().parse_sre(pattern.pattern, pattern.flags)
    bad = [r for r in find_redos(parsed) if r.starriness > MAX_STARRINESS]
    assert not bad, f"{name} can backtrack catastrophically: {bad[0]}"


# Patterns the code only runs anchored at one position (`match`), or over a window of at most this many characters:
# they are run that way here. Run unanchored over 20 KB they are quadratic, which no caller ever asks of them.
ANCHORED = {"scorer.signals.analysis._MONTH_AFTER", "scorer.signals.analysis._CLOCK_AFTER"}
WINDOWED = {
    "scorer.segment._TRAILING_WORD": 13,  # the period and the 12 characters before it
}
# Positions at which an anchored or windowed pattern is tried in each input.
PROBES = 200


@pytest.mark.parametrize("name", sorted(PATTERNS))
@pytest.mark.timeout(20)
def test_adversarial_inputs_finish(name):
    pattern = PATTERNS[name]
    for text in ADVERSARIAL:
        if name in ANCHORED:
            for at in range(0, len(text), len(text) // PROBES):
                pattern.match(text, at)
        elif name in WINDOWED:
            for at in range(0, len(text), len(text) // PROBES):
                pattern.search(text, at, at + WINDOWED[name])
        else:
            for _ in pattern.finditer(text):
                pass


def test_anchored_and_windowed_patterns_are_real_names():
    assert ANCHORED | set(WINDOWED) <= set(PATTERNS)
