"""Corroboration on an invented story family: stories, claim statuses and ids, spans, the explanation entry."""

from __future__ import annotations

import math

import pytest

from scorer.article import ArticleError, from_dict
from scorer.corroboration.claims import MAX_CLAIMS_PER_KIND
from scorer.corroboration.corroborate import LONE, corroborate, corroborate_results
from scorer.corroboration.explain import FEATURE, PRIOR_WEIGHT, with_corroboration
from scorer.corroboration.model import CorroboratingModel
from scorer.corroboration.stories import (
    SAME_STORY_JACCARD,
    content_words,
    group_stories,
    jaccard,
    similar_pairs,
    source_key,
)
from tests.fixtures.story_family import FAMILY, REGIONAL, SPUN, UNRELATED, WIRE
from tests.fixtures.wire_story import VERSIONS

ALL = {**FAMILY, **UNRELATED}
FAMILY_IDS = list(FAMILY)


@pytest.fixture(scope="module")
def articles():
    return {key: from_dict(obj) for key, obj in ALL.items()}


@pytest.fixture(scope="module")
def objects(articles):
    return dict(zip(articles, corroborate(list(articles.values())), strict=True))


def claims(objects, article_id: str, kind: str | None = None) -> dict[str, dict]:
    return {c["text"]: c for c in objects[article_id]["claims"] if kind is None or c["kind"] == kind}


# --- stories ---


def test_the_six_versions_form_one_story_and_unrelated_articles_none(objects) -> None:
    stories = {objects[key]["story"] for key in FAMILY}
    assert len(stories) == 1 and None not in stories
    assert all(objects[key]["versions"] == len(FAMILY) for key in FAMILY)
    assert all(objects[key] == LONE for key in UNRELATED)


def test_the_wire_story_fixture_groups_its_close_copies(articles) -> None:
    versions = [from_dict({**v, "id": k, "source": f"outlet {k}"}) for k, v in VERSIONS.items()]
    stories = group_stories(versions)
    # The regional version shares only its first sentence with the others (Jaccard 0.10-0.14): another story.
    assert [[versions[i].id for i in story] for story in stories] == [["original", "rewrite", "blog", "spun"]]


def test_lsh_finds_the_pairs_an_exact_all_pairs_comparison_finds(articles) -> None:
    sets = [content_words(a) for a in articles.values()]
    exact = [(i, j) for i in range(len(sets)) for j in range(i + 1, len(sets))
             if jaccard(sets[i], sets[j]) >= SAME_STORY_JACCARD]
    assert similar_pairs(sets) == exact
    assert len(exact) == len(FAMILY) * (len(FAMILY) - 1) // 2


@pytest.mark.parametrize(
    ("metas", "is_story"),
    [
        ([{"url": "https://a.example/1"}, {"url": "https://b.example/2"}], True),
        ([{"url": "https://www.a.example/1"}, {"url": "https://a.example/2"}], False),  # one host
        ([{"source": "Coast News"}, {"source": "coast  news"}], False),  # one name
        ([{"source": "Coast News"}, {"source": "Harbour Daily"}], True),
        ([{}, {}], True),  # neither url nor source: distinct
        ([{"url": "https://a.example/1"}, {"source": "a.example"}], True),
    ],
    ids=["two hosts", "www. is the same host", "same source name", "two names", "unknown sources", "host vs name"],
)
def test_a_story_needs_two_sources(metas, is_story) -> None:
    body = {"title": WIRE["title"], "text": WIRE["text"]}
    copies = [from_dict({**body, **meta, "id": f"copy-{i}"}) for i, meta in enumerate(metas)]
    assert [source_key(copy, i).startswith("unknown:") for i, copy in enumerate(copies)] == [not m for m in metas]
    assert bool(group_stories(copies)) is is_story


@pytest.mark.parametrize(
    "texts",
    [[], ["x"], ["junk " * 40] * 2, ["🚨 alert " * 50] * 2, ["Короткий текст без смысла. " * 20] * 2],
    ids=["empty batch", "one article", "repeated junk word", "emoji", "other script"],
)
def test_batches_without_two_real_versions_form_no_story(texts) -> None:
    batch = [from_dict({"text": t, "id": str(i), "source": f"s{i}"}) for i, t in enumerate(texts)]
    objects = corroborate(batch)
    assert len(objects) == len(batch)
    # Identical junk may group (it is the same text twice), but it yields no claims to confirm.
    assert all(o["claims"] == [] for o in objects)


# --- claims ---


def test_the_regional_copys_added_figures_and_quote_are_uncorroborated(objects) -> None:
    regional = claims(objects, "regional")
    for added in ("£1,500", "17"):
        assert regional[added]["kind"] == "figure"
        assert regional[added]["status"] == "uncorroborated" and regional[added]["corroborated_by"] == []
    quote = next(c for text, c in regional.items() if text.startswith('"Nobody in this town'))
    assert quote["kind"] == "quote" and quote["status"] == "uncorroborated"
    assert regional["Dora Quill said"]["status"] == "uncorroborated"
    uncorroborated = {text for text, c in regional.items() if c["status"] == "uncorroborated"}
    assert uncorroborated == {"£1,500", "17", quote["text"], "Dora Quill said"}


@pytest.mark.parametrize(
    ("article_id", "text", "by"),
    [
        ("wire", "£120 million", ["rewrite-a", "rewrite-b", "blog", "spun", "regional"]),
        ("rewrite-a", "£120m", ["wire", "rewrite-b", "blog", "spun", "regional"]),
        ("rewrite-b", "120 million pounds", ["wire", "rewrite-a", "blog", "spun", "regional"]),
        ("rewrite-a", "14 per cent", ["wire", "rewrite-b", "blog", "spun", "regional"]),
        ("rewrite-b", "14%", ["wire", "rewrite-a", "blog", "spun", "regional"]),
        ("wire", "3,400", ["rewrite-a", "rewrite-b", "spun", "regional"]),  # the blog leaves it out
        ("rewrite-a", "£50m", ["wire", "rewrite-b", "regional"]),
        ("regional", "£50 million", ["wire", "rewrite-a", "rewrite-b"]),
        ("rewrite-b", "Henrik Vale told", ["wire", "rewrite-a", "blog", "spun", "regional"]),
        ("rewrite-b", "Marisol Ferrante, the union leader, said", ["wire", "rewrite-a", "blog", "spun", "regional"]),
    ],
)
def test_shared_claims_are_corroborated_by_the_versions_that_carry_them(objects, article_id, text, by) -> None:
    claim = claims(objects, article_id)[text]
    assert claim["status"] == "corroborated"
    assert claim["corroborated_by"] == by


def test_a_spun_copys_garbled_quote_still_matches_its_original(objects) -> None:
    spun_quote = next(iter(claims(objects, "spun", "quote").values()))
    assert spun_quote["text"].startswith('"This understanding puts cash back')
    assert spun_quote["corroborated_by"] == ["wire", "rewrite-a", "blog", "regional"]
    original = claims(objects, "wire", "quote")
    assert "spun" in next(c for t, c in original.items() if t.startswith('"This agreement'))["corroborated_by"]


def test_a_trimmed_quote_matches_the_whole_one_and_other_quotes_do_not(objects) -> None:
    trimmed = next(iter(claims(objects, "rewrite-a", "quote").values()))
    assert trimmed["text"].startswith('"puts money back')
    assert "wire" in trimmed["corroborated_by"]
    berth = next(c for t, c in claims(objects, "wire", "quote").items() if "every berth" in t)
    assert berth["corroborated_by"] == ["rewrite-b"]  # the only other version quoting the port director


@pytest.mark.parametrize("article_id", FAMILY_IDS)
def test_claim_spans_slice_back_into_the_article_text(objects, article_id) -> None:
    text = ALL[article_id]["text"]
    found = objects[article_id]["claims"]
    assert found
    for claim in found:
        assert set(claim) == {"kind", "text", "start", "end", "field", "status", "corroborated_by"}
        assert claim["field"] == "text" and text[claim["start"] : claim["end"]] == claim["text"]
        assert article_id not in claim["corroborated_by"]


def test_a_copy_from_the_same_source_does_not_corroborate() -> None:
    same_host = {**REGIONAL, "id": "regional-again", "text": REGIONAL["text"].replace("17 ships", "17 vessels")}
    batch = [from_dict(obj) for obj in (REGIONAL, same_host, WIRE, SPUN)]
    regional = {c["text"]: c for c in corroborate(batch)[0]["claims"]}
    assert regional["£1,500"]["status"] == "uncorroborated"  # only the other gazette copy carries it


# --- the explanation entry and the score ---


@pytest.fixture(scope="module")
def scored(model, articles):
    batch = list(articles.values())
    plain = model.score_many(batch)
    return dict(zip(articles, plain, strict=True)), dict(zip(articles, corroborate_results(batch, plain,
                                                                                            model.bands), strict=True))


def test_a_lone_article_is_scored_exactly_as_without_corroboration(scored) -> None:
    plain, corroborated = scored
    for key in UNRELATED:
        assert corroborated[key] == {**plain[key], "corroboration": LONE}


def test_the_regional_copy_loses_its_uncorroborated_share_times_the_prior(scored) -> None:
    plain, corroborated = scored
    before, after = plain["regional"], corroborated["regional"]
    entry = next(e for e in after["explanations"] if e["feature"] == FEATURE)
    assert entry["family"] == "corroboration" and entry["weight_kind"] == "prior"
    assert entry["value"] == pytest.approx(4 / 12)
    assert entry["contribution"] == PRIOR_WEIGHT * entry["value"] < 0
    assert after["logit"] == before["logit"] + entry["contribution"]
    assert after["score"] == pytest.approx(1 / (1 + math.exp(-after["logit"])), rel=1e-12) and after["score"] < \
        before["score"]
    assert math.isclose(sum(e["contribution"] for e in after["explanations"]) + after["intercept"], after["logit"],
                        abs_tol=1e-9)
    sizes = [abs(e["contribution"]) for e in after["explanations"]]
    assert sizes == sorted(sizes, reverse=True)
    text = REGIONAL["text"]
    assert {ev["text"] for ev in entry["evidence"]} == {c["text"] for c in after["corroboration"]["claims"]
                                                       if c["status"] == "uncorroborated"}
    assert all(text[ev["start"] : ev["end"]] == ev["text"] for ev in entry["evidence"])


def test_fully_corroborated_versions_keep_their_score_with_a_zero_entry(scored) -> None:
    plain, corroborated = scored
    for key in ("wire", "rewrite-a", "rewrite-b", "blog", "spun"):
        entry = next(e for e in corroborated[key]["explanations"] if e["feature"] == FEATURE)
        assert entry["value"] == 0.0 and entry["contribution"] == 0.0 and entry["evidence"] == []
        assert (corroborated[key]["logit"], corroborated[key]["score"]) == (plain[key]["logit"], plain[key]["score"])


def test_with_one_other_version_the_entry_is_shown_but_does_not_change_the_score(model) -> None:
    pair = [from_dict(REGIONAL), from_dict(WIRE)]
    plain = model.score_many(pair)
    regional = corroborate_results(pair, plain, model.bands)[0]
    entry = next(e for e in regional["explanations"] if e["feature"] == FEATURE)
    assert regional["corroboration"]["versions"] == 2 and entry["value"] > 0
    assert entry["contribution"] == 0.0 and "not weighed" in entry["description"]
    assert {k: v for k, v in regional.items() if k not in ("explanations", "corroboration")} == \
        {k: v for k, v in plain[0].items() if k != "explanations"}


@pytest.mark.parametrize(
    ("logit", "band", "new_band"),
    [(0.9, "high", "medium"), (0.0, "medium", "low"), (3.0, "high", "high"), (0.9, "uncertain", "uncertain")],
)
def test_band_follows_the_new_score_unless_uncertain(logit, band, new_band) -> None:
    result = {"score": 1 / (1 + math.exp(-logit)), "band": band, "logit": logit, "intercept": 0.0,
              "explanations": [{"feature": "x", "contribution": logit}], "warnings": []}
    corroboration = {"story": "story-x", "versions": 3, "claims": [
        {"kind": "figure", "text": "17", "start": 0, "end": 2, "field": "text", "status": "uncorroborated",
         "corroborated_by": []}]}
    out = with_corroboration(result, corroboration)
    assert out["logit"] == logit + PRIOR_WEIGHT and out["band"] == new_band
    assert [e["feature"] for e in out["explanations"]] == (["x", FEATURE] if abs(logit) >= 1 else [FEATURE, "x"])
    assert result["explanations"] == [{"feature": "x", "contribution": logit}]  # the input is not changed


# --- hostile input and the model wrapper ---


@pytest.mark.timeout(60)
def test_a_story_of_huge_texts_reads_a_bounded_number_of_claims() -> None:
    line = '"{} we will not stop the {} of this port," Henrik Vale said. It cost ${:,} and {}% more.'
    body = WIRE["text"] + "\n".join(line.format("wages " * (i % 40), "strike " * (i % 7), 1000 + i, i % 99)
                                     for i in range(2000))
    batch = [from_dict({"id": str(i), "source": f"outlet {i}", "text": body}) for i in range(3)]
    objects = corroborate(batch)
    assert objects[0]["versions"] == 3
    kinds = [c["kind"] for c in objects[0]["claims"]]
    assert 0 < kinds.count("figure") <= MAX_CLAIMS_PER_KIND and 0 < kinds.count("quote") <= MAX_CLAIMS_PER_KIND
    assert all(c["status"] == "corroborated" for c in objects[0]["claims"])


def test_the_wrapper_corroborates_score_each_and_leaves_errors_in_place(model) -> None:
    wrapped = CorroboratingModel(model)
    results = wrapped.score_each([WIRE, {"text": ""}, REGIONAL, SPUN, "a plain string that is no story at all"])
    assert isinstance(results[1], ArticleError)
    assert results[0]["corroboration"]["versions"] == results[2]["corroboration"]["versions"] == 3
    assert results[4]["corroboration"] == LONE
    assert wrapped.bands == model.bands  # everything else is the wrapped model's


def test_the_wrapper_scores_one_article_alone_exactly_as_the_model(model) -> None:
    wrapped = CorroboratingModel(model)
    assert wrapped.score(REGIONAL) == {**model.score(REGIONAL), "corroboration": LONE}
    assert wrapped.version == model.version
