"""Persuasion signals (attacks on the press, conspiratorial framing; and the measured but not kept calls to act and
first-person opinion) on sentences written for these tests: values, exact evidence slices, and quotes left out."""

import pytest

from scorer.signals import SIGNALS, get_signal, persuasion
from tests.fixtures.signal_checks import assert_rate, assert_sane, run

ONE_MEGABYTE = ("Wake up, people! The mainstream media will not report it. I think we must share before it's deleted. "
                * 10_000)[:1_000_000]  # fmt: skip
ABSURD = {
    "empty": "",
    "one megabyte": ONE_MEGABYTE,
    "junk tokens": 'msm!!! ;;; wake up wake " “ ” « » FAUCI: : : ::: i think? we ' * 40,
    "chinese": "醒醒吧！主流媒体和深层政府不想让你知道真相。请在删除前分享。",
    "only quote marks": '"' * 5_000 + "“" * 5_000,
}
SIGNAL_FUNCTIONS = [
    persuasion.press_attacks_per_100_words,
    persuasion.conspiracy_framing_per_100_words,
    persuasion.calls_to_share_or_act,  # measured, not in the catalog (docs/signals_generalisation.md)
    persuasion.first_person_opinion_per_100_words,  # measured, not in the catalog
]






PRESS = "attack on press or institutions"
CONSPIRACY = "conspiratorial framing"


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("", []),
        ("Word", []),
        ("The mainstream media lies, as does the deep state.", [(PRESS, "mainstream media"), (PRESS, "deep state")]),
        ('He vowed to "drain the swamp" and fight the “deep state.”', []),  # slogans quoted, not the writer's words
        ("The MSM and the fake news media hid it.", [(PRESS, "MSM"), (PRESS, "fake news media")]),
        ('"The mainstream media lies to us," Brandt said.', []),  # a speaker's words, quoted
        ("Fake news spread on social media, researchers found.", []),  # reporting on misinformation is no attack
        ("主流媒体撒谎。", []),
    ],
)  # fmt: skip
def test_press_attacks(text, evidence):
    assert_rate(persuasion.press_attacks_per_100_words, text, evidence)


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("", []),
        ("Word", []),
        ("Wake up, people! This is what they don't want you to know.",
         [(CONSPIRACY, "Wake up, people"), (CONSPIRACY, "they don't want you")]),
        ("It was a false flag, a cover-up by the new world order.",
         [(CONSPIRACY, "false flag"), (CONSPIRACY, "cover-up"), (CONSPIRACY, "new world order")]),
        ("I wake up at six and open the shop.", []),  # the morning kind of waking up
        ("“It was a cover-up all along,” the senator told reporters.", []),
        ("“Wake up, people, the plandemic is a hoax.\nThe crowd cheered.", []),  # a quote running on: reported speech
        ("醒醒吧，这是掩盖。", []),
    ],
)  # fmt: skip
def test_conspiracy_framing(text, evidence):
    assert_rate(persuasion.conspiracy_framing_per_100_words, text, evidence)


@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        ("", 0, []),
        ("Word", 0, []),
        ("Share before it's deleted! Spread the word.", 2, [("call to share or act", "Share before"),
                                                            ("call to share or act", "Spread the word")]),
        ("Please share. Call your representatives. Sign the petition. Tell everyone.", 3,
         [("call to share or act", "Please share"), ("call to share or act", "Call your representatives"),
          ("call to share or act", "Sign the petition"), ("call to share or act", "Tell everyone")]),
        ("The company's share price fell before the deal.", 0, []),
        ("请在删除前分享。", 0, []),
    ],
)  # fmt: skip
def test_calls_to_share_or_act(text, value, evidence):
    assert run(persuasion.calls_to_share_or_act, text) == (value, evidence)


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("", []),
        ("Word", []),
        ("In my opinion the plan fails, and we must stop it.", [("first-person opinion", "In my opinion"),
                                                                ("first-person opinion", "we must")]),
        ('"I think we must wait," Brandt said.', []),  # a speaker's opinion, quoted
        ("FAUCI: I think we need to wait.\nThe hearing ended.", []),  # a transcript line
        ("我认为我们必须停止。", []),
    ],
)  # fmt: skip
def test_first_person_opinion(text, evidence):
    assert_rate(persuasion.first_person_opinion_per_100_words, text, evidence)


@pytest.mark.parametrize("case", sorted(ABSURD))
@pytest.mark.parametrize("signal", SIGNAL_FUNCTIONS, ids=lambda f: f.__name__)
def test_absurd_input_gives_a_finite_value_and_slicing_spans(signal, case):
    assert_sane(signal, ABSURD[case], silent=case in ("empty", "chinese", "only quote marks"))


def test_one_megabyte_keeps_its_values():
    # per 18-word line: "Wake up, people"; "mainstream media"; "I think", "we must"; "share before", "before it's
    # deleted" overlap, so one call
    assert run(persuasion.conspiracy_framing_per_100_words, ONE_MEGABYTE)[0] == pytest.approx(100 / 18, rel=0.01)
    assert run(persuasion.press_attacks_per_100_words, ONE_MEGABYTE)[0] == pytest.approx(100 / 18, rel=0.01)
    assert run(persuasion.first_person_opinion_per_100_words, ONE_MEGABYTE)[0] == pytest.approx(200 / 18, rel=0.01)
    assert run(persuasion.calls_to_share_or_act, ONE_MEGABYTE)[0] == persuasion.MAX_CALLS


@pytest.mark.parametrize("name", ["press_attacks_per_100_words", "conspiracy_framing_per_100_words"])
def test_kept_signals_are_in_the_catalog_with_a_description_and_direction(name):
    signal = get_signal(name)
    assert signal.family == "persuasion" and signal.description and signal.direction == -1
    assert signal in SIGNALS[-7:]  # the issue-15 block closes the catalog
