"""Ingest: what a caller sends becomes one Article, or a clear ArticleError."""

import pytest

import scorer
from scorer.article import (
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    ArticleError,
    _control_char_share,
    decode_bytes,
    stable_id,
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t  ", "empty"),
        ("\x00\x01\x02 binary \x03", "binary"),
        ("12345 67890 !!! ???", "no words"),
        (42, "must be a string"),
        (None, "must be a string"),
        (["a", "list"], "must be a string"),
    ],
)
def test_unreadable_text_is_a_clear_error(text, message):
    with pytest.raises(ArticleError, match=message):
        scorer.from_text(text)


@pytest.mark.parametrize(
    ("text", "control_chars"),
    [
        ("", 0),
        ("plain prose, tabs\tand\nnewlines\r\n\x0b\x0c", 0),
        ("\x00\x01 ümlaut \x1f", 3),
        ("\x7f DEL and \x85 NEL are not C0", 0),
        ("lone surrogate \ud800 and \x1b escape", 1),
        ("日本語\x02テキスト", 1),
        ("\x01" * 20_000, 10_000),  # only the first 10,000 characters are sampled
    ],
)
def test_control_character_share_counts_c0_controls_in_the_sample(text, control_chars):
    sample_size = max(min(len(text), 10_000), 1)
    assert _control_char_share(text) == control_chars / sample_size


def test_text_is_kept_exactly_as_sent():
    text = "  Ministers met on Tuesday.\r\n\r\n“It went well,” she said.  "
    assert scorer.from_text(text).text == text


@pytest.mark.parametrize(
    "text",
    ["Word", "Один абзац на русском языке.", "مرحبا بالعالم", "Emoji 🎉 and zero\u200bwidth", "x" * 5000],
)
def test_any_text_with_letters_is_accepted(text):
    assert scorer.from_text(text).text == text


def test_long_text_is_scored_on_a_prefix_with_a_warning():
    article = scorer.from_text("word " * (MAX_TEXT_CHARS // 2))
    assert len(article.text) == MAX_TEXT_CHARS
    assert any(w.startswith("text_truncated") for w in article.warnings)


def test_long_title_is_cut_with_a_warning():
    article = scorer.from_text("Body text.", title="T" * (MAX_TITLE_CHARS + 5))
    assert len(article.title) == MAX_TITLE_CHARS
    assert any(w.startswith("title_truncated") for w in article.warnings)


@pytest.mark.parametrize(
    ("text", "warnings"),
    [
        ("A short story.", ["too_short: the text has 3 words; fewer than 50 are too few to judge"]),
        ("Word", ["too_short: the text has 1 word; fewer than 50 are too few to judge"]),
        ("The council met. " * 17, []),  # 51 words
        ("The council met. " * 16 + "https://example.com/" + "x" * 30,
         ["too_short: the text has 48 words; fewer than 50 are too few to judge"]),
    ],
)
def test_a_text_of_fewer_than_50_words_is_too_short(text, warnings):
    assert list(scorer.from_text(text).warnings) == warnings


def test_missing_id_gets_a_stable_one():
    first = scorer.from_text("Same text.", title="Same title")
    second = scorer.from_text("Same text.", title="Same title")
    other = scorer.from_text("Other text.", title="Same title")
    assert first.id == second.id == stable_id("Same text.", "Same title")
    assert first.id != other.id


def test_caller_id_is_kept():
    assert scorer.from_dict({"id": "cms-42", "text": "Hello world."}).id == "cms-42"


def test_numeric_id_becomes_a_string():
    assert scorer.from_dict({"id": 42, "text": "Hello world."}).id == "42"


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({}, "needs a non-empty 'text' or 'html'"),
        ({"title": "Only a title"}, "needs a non-empty 'text' or 'html'"),
        ({"text": ""}, "needs a non-empty 'text' or 'html'"),
        ({"text": "   "}, "empty"),
        ({"text": "Fine.", "colour": "red"}, "unknown field"),
        ({"text": 3.5}, "must be a string"),
        ({"text": "Fine.", "url": ["x"]}, "'url' must be a string"),
        ("not an object", "must be a JSON object"),
        ([{"text": "in a list"}], "must be a JSON object"),
        (None, "must be a JSON object"),
    ],
)
def test_bad_json_article_is_a_clear_error(obj, message):
    with pytest.raises(ArticleError, match=message):
        scorer.from_dict(obj)


def test_json_article_keeps_metadata():
    article = scorer.from_dict(
        {
            "id": "a1",
            "title": "Title",
            "text": "Body.",
            "url": "https://example.org/a1",
            "source": "example.org",
            "published": "2026-11-01",
            "language": "en",
        }
    )
    assert (article.title, article.url, article.source, article.published, article.language) == (
        "Title",
        "https://example.org/a1",
        "example.org",
        "2026-11-01",
        "en",
    )


def test_to_article_accepts_all_forms():
    article = scorer.from_text("Body.")
    assert scorer.to_article(article) is article
    assert scorer.to_article("Body.").text == "Body."
    assert scorer.to_article({"text": "Body."}).text == "Body."
    with pytest.raises(ArticleError, match="cannot read an article"):
        scorer.to_article(12)


def test_invalid_utf8_bytes_are_reported_with_the_offset():
    with pytest.raises(ArticleError, match=r"not valid UTF-8 \(byte 0xe9 at offset 3\)"):
        decode_bytes("Caf\u00e9".encode("latin-1"))


def test_valid_utf8_bytes_are_decoded():
    assert scorer.from_text("Café au lait.".encode()).text == "Café au lait."


ENGLISH = "The minister said on Tuesday that the agreement would be signed in March, after two years of talks."
GERMAN = "Der Minister sagte am Dienstag, dass das Abkommen nach zwei Jahren Verhandlungen im März unterzeichnet werde."
ARABIC = "قال الوزير يوم الثلاثاء إن الاتفاق سيوقع في مارس بعد عامين من المحادثات بين البلدين الجارين في المنطقة."
FRENCH = "Le ministre a déclaré mardi que l'accord serait signé en mars, après deux ans de négociations difficiles."
CHINESE = "部长周二表示，经过两年的谈判，该协议将于三月签署。两国政府将在明年审查第一季的用水情况。"
JAPANESE = "大臣は火曜日、二年間の交渉を経て協定は三月に署名されると述べた。両政府は来年最初の季節を見直す。"


@pytest.mark.parametrize(
    ("text", "language", "warned"),
    [
        (ENGLISH, None, False),
        (GERMAN, None, True),
        (ARABIC, None, True),
        (FRENCH, None, True),
        (CHINESE, None, True),  # no spaces between words: the language identifier reads it
        (JAPANESE, None, True),
        (ENGLISH, "en-GB", False),
        (ENGLISH, "de", True),  # the caller's declared language wins
        ("Kurzer Titel", None, False),  # too short to judge
    ],
)
def test_non_english_text_is_scored_with_a_warning(text, language, warned):
    article = scorer.from_text(text, language=language)
    assert any(w.startswith("non_english") for w in article.warnings) is warned


@pytest.mark.parametrize(("text", "code"), [(GERMAN, "'de'"), (CHINESE, "'zh'"), (JAPANESE, "'ja'"), (ARABIC, "'ar'")])
def test_non_english_warning_names_the_language(text, code):
    (warning,) = [w for w in scorer.from_text(text).warnings if w.startswith("non_english")]
    assert code in warning
