"""The product's acceptance story: five versions of one wire story, ranked and explained by the shipped model."""

from __future__ import annotations

import pytest

from scorer.model import load_model
from tests.fixtures.wire_story import VERSIONS


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    model = load_model()
    return dict(zip(VERSIONS, model.score_many(VERSIONS.values()), strict=True))


def _ranking(results: dict[str, dict]) -> list[str]:
    return sorted(results, key=lambda name: -results[name]["score"])


def _evidence_texts(result: dict, family: str) -> list[str]:
    return [
        evidence["text"]
        for explanation in result["explanations"]
        if explanation["family"] == family
        for evidence in explanation["evidence"]
    ]


def _lowering(result: dict, family: str) -> list[dict]:
    return [e for e in result["explanations"] if e["family"] == family and e["contribution"] < 0]


def test_original_ranks_first(results) -> None:
    ranking = _ranking(results)
    assert ranking[0] == "original", {name: round(results[name]["score"], 3) for name in ranking}


def test_regional_and_spun_rank_lowest(results) -> None:
    ranking = _ranking(results)
    assert set(ranking[-2:]) == {"regional", "spun"}, {name: round(results[name]["score"], 3) for name in ranking}


def test_regional_is_explained_by_anonymous_sources_figures_and_a_solicitation(results) -> None:
    regional = results["regional"]
    anonymous = _evidence_texts(regional, "attribution")
    assert any("diplomatic sources" in text.lower() or "sources familiar" in text.lower() for text in anonymous)
    assert _lowering(regional, "attribution")
    figures = " ".join(_evidence_texts(regional, "figures"))
    assert "70 percent" in figures or "$4.2 billion" in figures
    solicitations = " ".join(_evidence_texts(regional, "boilerplate")).lower()
    assert "send your submission" in solicitations
    assert _lowering(regional, "boilerplate")


def test_spun_is_explained_by_repetition(results) -> None:
    spun = results["spun"]
    repeated = " ".join(_evidence_texts(spun, "integrity"))
    assert "The World Bank said it would screen the stream." in repeated
    assert _lowering(spun, "integrity")


def test_blog_is_explained_by_its_comment_form(results) -> None:
    blog = results["blog"]
    boilerplate = " ".join(_evidence_texts(blog, "boilerplate"))
    assert "Leave a Reply" in boilerplate
    assert _lowering(blog, "boilerplate")


@pytest.mark.parametrize("name", list(VERSIONS))
def test_every_evidence_span_slices_back_into_the_story(results, name: str) -> None:
    story = VERSIONS[name]
    for explanation in results[name]["explanations"]:
        for evidence in explanation["evidence"]:
            assert story[evidence["field"]][evidence["start"] : evidence["end"]] == evidence["text"]


def test_spun_copy_scores_below_the_honest_rewrite_for_its_spinning(results) -> None:
    spun, rewrite = results["spun"], results["rewrite"]
    assert spun["score"] < rewrite["score"]
    lowering = {e["feature"]: e for e in _lowering(spun, "integrity")}
    assert {"repeated_phrases_in_sentence", "broken_quotes"} <= set(lowering)
    said_again = " ".join(ev["text"] for ev in lowering["repeated_phrases_in_sentence"]["evidence"])
    assert "the lender stated it would screen" in said_again
