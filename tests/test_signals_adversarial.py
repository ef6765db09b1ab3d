"""Hostile input through ingest and every signal: junk tokens, huge texts, other scripts, no punctuation, three words.

Each case gives the warnings ingest must attach (the model makes the band "uncertain" for `non_english` and
`too_short`) and bounds every signal value; junk appended to a fake article must leave its word-based signals as
they were, so junk cannot push the score around.
"""

import base64
import math
import re

import pytest

import scorer
from scorer.segment import MAX_SENTENCE_WORDS, MAX_WORD_CHARS
from scorer.signals import extract_signals
from tests.fixtures.wire_story import ORIGINAL, REGIONAL

# A low-scoring fake (anonymous sources, unsupported figures, a solicitation) to append junk to.
FAKE = REGIONAL
BLOB = base64.b64encode(bytes(range(256)) * 12).decode()
BASE64_LINES = "\n".join(BLOB[i : i + 76] for i in range(0, len(BLOB), 76))
DATA_URI = f"data:image/png;base64,{BLOB}"
NO_PUNCTUATION = " ".join(re.sub(r"[.!?…]", " ", ORIGINAL).split())
CHINESE = "部长周二表示，经过两年的谈判，该协议将于三月签署。两国政府将在明年审查第一季的用水情况。" * 3
JAPANESE = "大臣は火曜日、二年間の交渉を経て協定は三月に署名されると述べた。両政府は来年見直す。" * 3

WORD_SIGNALS = ("log_word_count", "mean_word_length", "figures_per_100_words", "vague_quantities_per_100_words",
                "second_person_per_100_words", "loaded_words_per_100_words", "all_caps_per_100_words")  # fmt: skip

# name: (text, warning codes that must be there, warning codes that must not)
CASES = {
    "long token appended": (FAKE + " " + "Qm" * 10_000, set(), {"too_short", "non_english"}),
    "base64 blob appended": (FAKE + "\n" + BASE64_LINES, set(), {"too_short", "non_english"}),
    "data URI appended": (FAKE + "\n" + DATA_URI, set(), {"too_short", "non_english"}),
    "junk letters appended": (FAKE + " " + "a" * 50_000, set(), {"too_short", "non_english"}),
    "1 MB of one letter": ("a" * 1_000_000, {"too_short", "text_truncated"}, set()),
    "no punctuation": (NO_PUNCTUATION, set(), {"too_short", "non_english"}),
    "Chinese": (CHINESE, {"non_english", "too_short"}, set()),
    "Japanese": (JAPANESE, {"non_english", "too_short"}, set()),
    "3 words": ("Minister resigns today", {"too_short"}, {"non_english"}),
}


def _codes(article) -> set[str]:
    return {warning.split(":", 1)[0] for warning in article.warnings}


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.timeout(60)
def test_hostile_input_is_warned_about_and_bounded(case):
    text, present, absent = CASES[case]
    article = scorer.from_text(text)
    codes = _codes(article)
    assert present <= codes, article.warnings
    assert not (absent & codes), article.warnings
    values = {name: result.value for name, result in extract_signals(article).items()}
    assert all(math.isfinite(value) and value >= 0 for value in values.values()), values
    assert values["mean_word_length"] <= MAX_WORD_CHARS
    assert values["mean_sentence_length"] <= MAX_SENTENCE_WORDS
    # a cue is at most a word, and a sentence counts as at least one per 60 words
    assert all(values[name] <= MAX_SENTENCE_WORDS for name in values if name.endswith("_per_sentence")), values
    assert all(values[name] <= 100 for name in values if name.endswith("_per_100_words")), values
    assert values["log_word_count"] <= math.log1p(len(article.text.split()))


@pytest.mark.parametrize("case", [name for name in CASES if name.endswith("appended")], ids=str)
def test_junk_appended_to_a_fake_leaves_its_word_signals_as_they_were(case):
    fake = extract_signals(scorer.from_text(FAKE))
    junked = extract_signals(scorer.from_text(CASES[case][0]))
    assert {name: junked[name].value for name in WORD_SIGNALS} == {name: fake[name].value for name in WORD_SIGNALS}


def test_text_without_sentence_punctuation_gets_ordinary_per_sentence_rates():
    flat = extract_signals(scorer.from_text(NO_PUNCTUATION))
    punctuated = extract_signals(scorer.from_text(ORIGINAL))
    assert flat["mean_sentence_length"].value == MAX_SENTENCE_WORDS
    for name in ("attribution_cues_per_sentence", "named_sources_per_sentence", "hedges_per_sentence"):
        # one 60-word "sentence" holds three ordinary ones' cues: rates near 1, never the 105 of one sentence
        assert punctuated[name].value <= flat[name].value <= 3.0, name


@pytest.mark.parametrize("text", [CHINESE, JAPANESE], ids=["Chinese", "Japanese"])
def test_scripts_without_spaces_are_not_one_long_word(text):
    values = extract_signals(scorer.from_text(text))
    assert values["mean_word_length"].value <= MAX_WORD_CHARS
    assert values["log_word_count"].value < math.log1p(50)
