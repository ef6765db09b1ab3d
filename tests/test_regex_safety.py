"""No regex in the product can backtrack catastrophically.

Checked two ways: regexploit's static analysis of every compiled pattern in `scorer` and `api` (module-level
patterns and the regexes built from the lexicon files), and a run of each pattern over adversarial inputs.
"""

import importlib
import pkgutil
import re

import pytest
from regexploit.ast.sre import SreOpParser
from regexploit.redos import find as find_redos

import api
import scorer
from scorer import lexicons

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
    for name in lexicons.available():
        found[f"lexicon:{name}"] = lexicons.pattern(name)
    return found


PATTERNS = _module_patterns()


def test_patterns_were_collected():
    assert len(PATTERNS) >= 10
    assert any(key.startswith("lexicon:") for key in PATTERNS)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_catastrophic_backtracking_statically(name):
    pattern = PATTERNS[name]
    parsed = SreOpParser().parse_sre(pattern.pattern, pattern.flags)
    bad = [r for r in find_redos(parsed) if r.starriness > MAX_STARRINESS]
    assert not bad, f"{name} can backtrack catastrophically: {bad[0]}"


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_adversarial_inputs_finish(name):
    for text in ADVERSARIAL:
        for _ in PATTERNS[name].finditer(text):
            pass
