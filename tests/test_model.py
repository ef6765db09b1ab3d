"""The scoring contract of the shipped model: exact additive explanations, bands, evidence, integrity checks."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

import scorer
from scorer.article import ArticleError, from_text
from scorer.model import (
    BANDS,
    METADATA_FILE,
    MODEL_FILE,
    MODEL_PATH_ENV,
    ModelIntegrityError,
    band_of,
    load_model,
    resolve_model_dir,
)
from scorer.signals import SIGNAL_NAMES

# Invented example articles.
CAREFUL = {
    "id": "careful-1",
    "title": "City council approves budget for road repairs",
    "text": (
        "The city council approved a $4.2 million budget for road repairs on Tuesday, the mayor's office said.\n"
        "\"These streets have waited long enough,\" said Maria Lopez, the council's transport chair, after the vote.\n"
        "The plan covers 38 streets, according to a report by the public works department."
    ),
}
SHOUTY = (
    "SHOCKING!!! They don't want you to know THIS!!! Sources say the whole thing is a total disaster!\n"
    "Everyone knows it. Share this before it is DELETED!!! Send your submission to our tip line."
)
BAD_INPUTS = [
    "",
    "   \n\t ",
    {},
    {"text": ""},
    {"title": "only a title"},
    {"text": "fine text here", "bogus": 1},
    {"text": 42.5j},
    42,
    None,
    "\x00\x01\x02 binary",
    "1234 5678 !!!",
]


@pytest.fixture(scope="module")
def model():
    return load_model()


def _sum_in_order(result: dict) -> float:
    return sum(e["contribution"] for e in result["explanations"]) + result["intercept"]


@pytest.mark.parametrize("item", [CAREFUL, SHOUTY, CAREFUL["text"], from_text(SHOUTY, title="WOW")])
def test_contributions_add_up_exactly_to_the_logit(model, item) -> None:
    result = model.score(item)
    assert _sum_in_order(result) == result["logit"]
    assert result["score"] == pytest.approx(1 / (1 + math.exp(-result["logit"])), abs=1e-15)
    assert 0.0 < result["score"] < 1.0


def test_result_has_every_contract_field(model) -> None:
    result = model.score(CAREFUL)
    assert set(result) == {"id", "score", "band", "model_version", "logit", "intercept", "explanations", "warnings"}
    assert result["id"] == "careful-1"
    assert result["model_version"] == model.version == model.metadata["version"]
    assert sorted(e["feature"] for e in result["explanations"]) == sorted(model.signal_names)
    assert len(result["explanations"]) == len(model.signal_names)
    for explanation in result["explanations"]:
        assert set(explanation) == {"feature", "description", "family", "value", "contribution", "weight", "evidence"}
        assert explanation["weight"] in ("learned", "prior")
        assert explanation["description"]
    magnitudes = [abs(e["contribution"]) for e in result["explanations"]]
    assert magnitudes == sorted(magnitudes, reverse=True)


@pytest.mark.parametrize(
    ("score", "band"), [(0.0, "low"), (0.399, "low"), (0.4, "medium"), (0.699, "medium"), (0.7, "high"), (1.0, "high")]
)
def test_band_cut_points(score: float, band: str) -> None:
    assert band_of(score) == band
    assert BANDS == {"high": 0.7, "low": 0.4}


def test_band_matches_the_score(model) -> None:
    for item in (CAREFUL, SHOUTY):
        result = model.score(item)
        assert result["band"] == band_of(result["score"], model.metadata["bands"])


def test_evidence_slices_back_into_the_callers_strings(model) -> None:
    result = model.score({"title": "YOU WON'T BELIEVE what happened next", "text": SHOUTY})
    fields = {"title": "YOU WON'T BELIEVE what happened next", "text": SHOUTY}
    seen = 0
    for explanation in result["explanations"]:
        for evidence in explanation["evidence"]:
            assert set(evidence) == {"start", "end", "text", "label", "field"}
            assert fields[evidence["field"]][evidence["start"] : evidence["end"]] == evidence["text"]
            seen += 1
    assert seen > 0
    exclamations = next(e for e in result["explanations"] if e["feature"] == "exclamations_per_sentence")
    assert {ev["text"] for ev in exclamations["evidence"]} >= {"!!!", "!"}


def test_a_careful_article_outscores_a_shouty_one(model) -> None:
    assert model.score(CAREFUL)["score"] > model.score(SHOUTY)["score"]


def test_score_many_equals_score_one_by_one(model) -> None:
    items = [CAREFUL, SHOUTY, CAREFUL["text"], {"text": SHOUTY, "id": "x"}]
    assert model.score_many(items) == [model.score(item) for item in items]
    assert model.score_many([]) == []
    assert model.score_many(iter([CAREFUL]))[0]["id"] == "careful-1"


def test_pipeline_probability_equals_the_additive_score(model) -> None:
    result = model.score(CAREFUL)
    assert model.pipeline.predict_proba([CAREFUL])[0, 1] == pytest.approx(result["score"], abs=1e-12)
    assert list(model.pipeline.named_steps["signals"].get_feature_names_out()) == list(model.signal_names)


@pytest.mark.parametrize("item", BAD_INPUTS, ids=repr)
def test_bad_input_raises_article_error(model, item) -> None:
    with pytest.raises(ArticleError):
        model.score(item)


def test_score_many_stops_on_the_first_bad_item(model) -> None:
    with pytest.raises(ArticleError):
        model.score_many([CAREFUL, "", SHOUTY])


def test_prior_weighted_signals_are_marked_and_exact(model) -> None:
    kinds = {s["name"]: s for s in model.metadata["signals"]}
    priors = [name for name, s in kinds.items() if s["weight_kind"] == "prior"]
    if not priors:
        pytest.skip("every signal has training support in this model")
    result = model.score({"text": SHOUTY})
    for explanation in result["explanations"]:
        meta = kinds[explanation["feature"]]
        if meta["weight_kind"] == "prior":
            assert explanation["weight"] == "prior"
            assert explanation["contribution"] == pytest.approx(meta["prior_weight"] * explanation["value"])
            assert "prior" in explanation["description"]
        if meta["weight_kind"] == "none":
            assert explanation["contribution"] == 0
            assert "weight 0" in explanation["description"]
            assert meta["prior_reason"] in explanation["description"]  # why: too few articles, or the direction
    fired = [e["feature"] for e in result["explanations"] if e["weight"] == "prior" and e["contribution"]]
    assert all(any(name in warning for warning in result["warnings"]) for name in fired)


def test_metadata_describes_the_model(model) -> None:
    meta = model.metadata
    assert {"version", "sklearn_version", "signal_set_version", "signals", "training_data", "metrics", "bands",
            "model_sha256", "created", "min_support"} <= set(meta)  # fmt: skip
    assert [s["name"] for s in meta["signals"]] == list(model.signal_names)
    assert set(model.signal_names) <= set(SIGNAL_NAMES)
    for signal in meta["signals"]:
        assert signal["weight_kind"] in ("learned", "prior", "none")
        assert set(signal["support"]) == {"credible", "not_credible"}
    assert (model.path / "MODEL_CARD.md").is_file()


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "copy"
    shutil.copytree(resolve_model_dir(), folder)
    return folder


def test_a_tampered_model_file_is_refused(model_copy: Path) -> None:
    with open(model_copy / MODEL_FILE, "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelIntegrityError, match="sha256"):
        load_model(model_copy)


def test_a_different_sklearn_version_warns(model_copy: Path) -> None:
    metadata = json.loads((model_copy / METADATA_FILE).read_text())
    metadata["sklearn_version"] = "0.0.1"
    (model_copy / METADATA_FILE).write_text(json.dumps(metadata))
    with pytest.warns(UserWarning, match="scikit-learn 0.0.1"):
        assert load_model(model_copy).score(CAREFUL)["score"] > 0


def test_path_forms_and_env_override(model_copy: Path, monkeypatch) -> None:
    version = load_model().version
    assert load_model(model_copy).version == version
    assert load_model(model_copy / MODEL_FILE).version == version
    (model_copy.parent / "DEFAULT").write_text("copy\n")
    assert load_model(model_copy.parent).path == model_copy
    monkeypatch.setenv(MODEL_PATH_ENV, str(model_copy))
    assert scorer.load_model().path == model_copy


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no model"):
        load_model(tmp_path)
