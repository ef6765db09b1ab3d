"""Style: exclamations, shouting, second person, loaded words, clickbait headlines, sentence and word length."""

import math

import pytest

from scorer.article import from_text
from scorer.segment import segment
from scorer.signals import style
from scorer.signals.style import (
    all_caps_per_100_words,
    clickbait_title_cues,
    exclamations_per_sentence,
    loaded_words_per_100_words,
    log_word_count,
    mean_sentence_length,
    mean_word_length,
    second_person_per_100_words,
)
from tests.fixtures.documents import EDGE, doc, slices
from tests.fixtures.wire_story import VERSIONS

COUNTING_SIGNALS = [exclamations_per_sentence, all_caps_per_100_words, second_person_per_100_words,
                    loaded_words_per_100_words, clickbait_title_cues]


@pytest.mark.parametrize("signal", COUNTING_SIGNALS, ids=lambda s: s.__name__)
@pytest.mark.parametrize("case", EDGE, ids=str)
def test_edge_texts_have_no_style_cues(signal, case):
    result = signal(doc(EDGE[case], title=EDGE[case]))
    assert result.value == 0.0
    assert result.evidence == ()


SECOND_PERSON = {
    "all forms": (
        "You should know your rights. Yours too, and you're welcome to see for yourself.",
        ["You", "your", "Yours", "you", "yourself"],  # "you're" counts by its "you"
    ),
    "curly apostrophe": ("If you’ll wait, you’ve won.", ["you", "you"]),
    "not inside other words": ("Youth groups and bayou towns met in Yourtown.", []),
}


@pytest.mark.parametrize("case", SECOND_PERSON, ids=str)
def test_second_person_per_100_words(case):
    text, expected = SECOND_PERSON[case]
    article = doc(text)
    result = second_person_per_100_words(article)
    assert [cue for cue, _ in slices(result, text)] == expected
    assert result.value == pytest.approx(100 * len(expected) / article.text.word_count)


LOADED = {
    "judging words": (
        "The senator SLAMMED the shocking, disgraceful plan as a hoax by traitors.",
        ["SLAMMED", "shocking", "disgraceful", "hoax", "traitors"],
    ),
    "stems match their endings only from the word start": ("Hoaxes and thuggery; a thug.", ["Hoaxes", "thuggery",
                                                                                               "thug"]),
    "neutral reporting": ("The council criticised the plan and said it would cost 40 million euros.", []),
    "multi-word phrase": ("He rips into the plan.", ["rips into"]),
}


@pytest.mark.parametrize("case", LOADED, ids=str)
def test_loaded_words_per_100_words(case):
    text, expected = LOADED[case]
    article = doc(text)
    result = loaded_words_per_100_words(article)
    assert [cue for cue, _ in slices(result, text)] == expected
    assert all(label == "loaded word" for _, label in slices(result, text))
    assert result.value == pytest.approx(100 * len(expected) / article.text.word_count)


CLICKBAIT = {
    "plain news headline": ("Delta nations sign water-sharing accord after two years of talks", []),
    "teaser phrase": ("You Won't Believe What This Dam Does", [("You Won't Believe", "clickbait phrase")]),
    "listicle": ("10 Reasons The Water Deal Will Fail", [("10 Reasons", "listicle number")]),
    "listicle with adjectives": ("7 shocking things about the deal", [("7 shocking things", "listicle number")]),
    "news number is not a listicle": ("12 killed as floods hit the delta", []),
    "question": ("Is the water deal a trap?", [("?", "question headline")]),
    "exclamation": ("Deal signed!!", [("!!", "exclamation in headline")]),
    "all caps": ("WATER DEAL SIGNED AT LAST", [("WATER DEAL SIGNED AT LAST", "all-caps headline")]),
    "short acronym title is not shouting": ("NATO AND EU", []),
    "several kinds at once": (
        "THIS IS WHY THE DEAL WILL FAIL!",
        [("THIS IS WHY", "clickbait phrase"), ("!", "exclamation in headline"),
         ("THIS IS WHY THE DEAL WILL FAIL!", "all-caps headline")],
    ),
}


@pytest.mark.parametrize("case", CLICKBAIT, ids=str)
def test_clickbait_title_cues(case):
    title, expected = CLICKBAIT[case]
    result = clickbait_title_cues(doc("Body text.", title=title))
    assert slices(result, "Body text.", title) == expected
    assert result.value == len({label for _, label in expected})
    assert all(span.field == "title" for span in result.evidence)


def test_clickbait_ignores_the_body():
    assert clickbait_title_cues(doc("You won't believe this! Is it true?", title="Council sets budget")).value == 0


LENGTH = {
    # text: (mean words per sentence, mean non-space characters per word); words are whitespace-separated
    "two sentences": ("The dam opened. Farmers were pleased today.", (3.5, 37 / 7)),
    "one word": ("Budget", (1.0, 6.0)),
    "empty": ("", (0.0, 0.0)),
    "emoji only: two one-character words": ("🚨 💯", (2.0, 1.0)),
}


@pytest.mark.parametrize("case", LENGTH, ids=str)
def test_sentence_and_word_length(case):
    text, (sentence_length, word_length) = LENGTH[case]
    article = doc(text)
    assert mean_sentence_length(article).value == pytest.approx(sentence_length)
    assert mean_word_length(article).value == pytest.approx(word_length)


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON (Reuters) - The Senate voted.",
        "HEMPSTEAD, N.Y. — The debate began.",
        "Intro.\nBRUSSELS – Talks ended.",
    ],
)
def test_datelines_are_not_shouting(text):
    assert all_caps_per_100_words(doc(text)).value == 0.0


@pytest.mark.parametrize(("text", "shouted"), [
    ("A spokeswoman told POLITICO on Monday that the vote would wait.", []),  # a wordmark, printed in capitals
    ("Reuters and REUTERS TV both carried it; NEWSWEEK did not.", []),
    ("The count was slow. RELATED: the earlier recount in Ohio.", []),  # a label before a colon
    ("CORRECTION: An earlier version misstated the date.", []),
    ("CHRIS MATTHEWS: Did you vote for him?\nGUEST: I did.", []),  # a transcript's speaker tag
    ("The senator said the bill was OUTRAGEOUS and would fail.", ["OUTRAGEOUS"]),
    ("POLITICOS are not a wordmark: they are SHOUTING here.", ["POLITICOS", "SHOUTING"]),
    ("Politico reported it first. The RESULTS: nothing.", []),  # a capitalised label word, still a label
    ("", []),
    ("POLITICO", []),
])
def test_wordmarks_and_labels_are_not_shouting(text, shouted):
    assert [cue for cue, _ in slices(all_caps_per_100_words(doc(text)), text)] == shouted


def test_existing_style_signals():
    text = "WONDERFUL news!!! The FBI and NATO agree. Really! UNBELIEVABLE"
    article = doc(text)
    assert exclamations_per_sentence(article).value == pytest.approx(2 / 4)
    caps = all_caps_per_100_words(article)
    assert [cue for cue, _ in slices(caps, text)] == ["WONDERFUL", "UNBELIEVABLE"]
    assert log_word_count(article).value == pytest.approx(math.log1p(9))


def test_wire_story_headlines_are_not_clickbait_and_bodies_not_loaded():
    for name, version in VERSIONS.items():
        article = segment(from_text(version["text"], title=version["title"]))
        assert clickbait_title_cues(article).value == 0, name
        assert loaded_words_per_100_words(article).value == 0, name


ADVERSARIAL = {
    "letters": "a" * 100_000,
    "capitals": "A" * 100_000 + "b",
    "exclamations": "! " * 50_000,
    "near-miss teaser": "You won't " * 10_000,
    "digits then spaces": "1" + " " * 100_000 + "x",
    "question marks": "?" * 100_000,
}


@pytest.mark.parametrize("name", ADVERSARIAL, ids=str)
@pytest.mark.timeout(60)
def test_patterns_finish_on_adversarial_100kb_strings(name):
    text = ADVERSARIAL[name]
    article = doc(text, title=text)
    for signal in (all_caps_per_100_words, second_person_per_100_words, loaded_words_per_100_words,
                   clickbait_title_cues, mean_word_length):
        signal(article)
    for pattern in (style._ALL_CAPS_WORD, style._LISTICLE, style._QUESTION_HEADLINE, style._EXCLAMATION):
        list(pattern.finditer(text))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t ",
        "ΟΔΥΣΣΕΥΣ ΣΑΣ İstanbul ǅemal",  # capital sigma and letters whose lower case is longer or context-dependent
        "no-break\u00a0space, ideographic\u3000space, line\u2028separator, next\x85line",
        "A\u200bzero-width joiner is not whitespace 🚨",
    ],
)
def test_word_count_is_the_whitespace_word_count(text):
    """With no token that cannot be a word, the length normaliser is the plain whitespace count."""
    field = doc(text).text
    assert field.word_count == len(text.split())
    assert log_word_count(doc(text)).value == math.log1p(len(text.split()))
