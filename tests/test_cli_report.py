"""scorer.report: the readable explanation `scorer score` prints, and UTF-16 offsets for JavaScript clients."""

from __future__ import annotations

import pytest

from scorer.report import format_result, utf16_counter, with_utf16_offsets


def _entry(feature: str, contribution: float, **extra) -> dict:
    return {"feature": feature, "description": f"What {feature} measures.", "family": "style", "value": 2.0,
            "contribution": contribution, "weight_kind": "learned", "reference": 0.0, "clipped": False,
            "evidence": [], **extra}


RESULT = {
    "id": "a-1", "score": 0.25, "band": "uncertain", "model_version": "cred-test", "logit": -1.1, "intercept": 0.2,
    "warnings": ["too_short: 12 words; too few to judge", "clipped: mean_word_length = 19 is outside ..."],
    "explanations": [
        _entry("wording", -0.8, terms=[
            {"term": "wake up", "coefficient": -0.4, "value": 2.0, "contribution": -0.8,
             "evidence": [{"start": 0, "end": 7, "text": "wake up", "label": "wake up", "field": "text",
                           "contribution": -0.4}] * 2}],
               unlisted_terms={"count": 0, "contribution": 0.0}),
        _entry("mean_word_length", -0.3, clipped=True),
        _entry("repeated_phrase_share", -0.2, weight_kind="prior"),
        _entry("named_sources_per_sentence", 0.0, weight_kind="none"),
        _entry("exclamations_per_sentence", -0.1, evidence=[
            {"start": i, "end": i + 1, "text": "!", "label": "exclamation", "field": "text"} for i in range(5)]),
    ],
}


def test_the_readable_report_names_band_kinds_clipping_terms_and_warnings() -> None:
    text = format_result(RESULT, top=5)
    assert text.splitlines()[0] == "score 0.25  band uncertain  (model cred-test, id a-1)"
    assert '-0.800  "wake up" × 2' in text
    assert "mean_word_length = 2  (lowers the score) [clipped]" in text
    assert "repeated_phrase_share = 2  (lowers the score) [prior weight]" in text
    assert "named_sources_per_sentence = 2  (lowers the score) [weight 0]" in text
    assert "· … and 2 more" in text  # five exclamations, three shown
    assert "  - too_short: 12 words; too few to judge" in text


def _wording(n_terms: int, unlisted: int, unlisted_contribution: float) -> dict:
    terms = [{"term": f"t{i}", "coefficient": -0.1, "value": 1.0, "contribution": -0.1, "evidence": []}
             for i in range(n_terms)]
    return _entry("wording", -0.1 * n_terms + unlisted_contribution, terms=terms,
                  unlisted_terms={"count": unlisted, "contribution": unlisted_contribution})


@pytest.mark.parametrize(("n_terms", "unlisted", "unlisted_contribution", "line"), [
    (2, 0, 0.0, None),  # every term shown: no summary line
    (2, 3, 0.25, "+0.250  3 other terms together"),
    (7, 0, 0.0, "-0.200  2 other terms together"),  # five shown of seven listed
    (7, 40, -1.0, "-1.200  42 other terms together"),
])  # fmt: skip
def test_wording_terms_not_shown_are_summed_into_one_line(n_terms, unlisted, unlisted_contribution, line) -> None:
    result = {**RESULT, "explanations": [_wording(n_terms, unlisted, unlisted_contribution)]}
    text = format_result(result, top=5)
    assert ("other terms together" in text) is (line is not None)
    if line:
        assert line in text


@pytest.mark.parametrize("top", [1, 2, 5, 50])
def test_top_limits_the_reasons(top: int) -> None:
    text = format_result(RESULT, top=top)
    shown = [e["feature"] for e in RESULT["explanations"] if f"  {e['feature']} = " in text]
    assert shown == [e["feature"] for e in RESULT["explanations"][:top]]
    assert ("more signals with smaller contributions" in text) is (top < len(RESULT["explanations"]))


@pytest.mark.parametrize(("text", "offsets", "expected"), [
    ("", [0], [0]),
    ("plain ascii", [0, 5, 11], [0, 5, 11]),
    ("é ü ß", [0, 5], [0, 5]),  # beyond ASCII but inside the BMP: one code unit each
    ("😱 x", [0, 1, 2, 3], [0, 2, 3, 4]),
    ("a😱b😱c", [1, 2, 3, 4, 5], [1, 3, 4, 6, 7]),
    ("🚨" * 1000 + "x", [1000, 1001], [2000, 2001]),
])  # fmt: skip
def test_utf16_counter(text: str, offsets: list[int], expected: list[int]) -> None:
    count = utf16_counter(text)
    assert [count(offset) for offset in offsets] == expected
    for offset, unit in zip(offsets, expected, strict=True):
        assert len(text[:offset].encode("utf-16-le")) // 2 == unit  # the definition, by Python's own encoder


def test_with_utf16_offsets_recounts_every_span_and_keeps_the_rest() -> None:
    text = "😱 wake up!"
    result = {**RESULT, "explanations": [
        _entry("exclamations_per_sentence", -0.1,
               evidence=[{"start": 9, "end": 10, "text": "!", "label": "exclamation", "field": "text"}]),
        _entry("wording", -0.4, terms=[{"term": "wake up", "coefficient": -0.4, "value": 1.0, "contribution": -0.4,
                                         "evidence": [{"start": 2, "end": 9, "text": "wake up", "label": "wake up",
                                                       "field": "text", "contribution": -0.4}]}])]}
    recounted = with_utf16_offsets(result, {"title": "", "text": text, "page_text": ""})
    assert recounted["explanations"][0]["evidence"][0] == {"start": 10, "end": 11, "text": "!",
                                                               "label": "exclamation", "field": "text"}
    assert recounted["explanations"][1]["terms"][0]["evidence"][0]["start"] == 3
    assert result["explanations"][0]["evidence"][0]["start"] == 9  # the original is not changed
    assert {k: v for k, v in recounted.items() if k != "explanations"} == {
        k: v for k, v in result.items() if k != "explanations"}
