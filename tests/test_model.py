"""The scoring contract: models as plain JSON checked against SHA256SUMS, exact additive explanations, clipping,
bands (uncertain when the text cannot be judged), score_each, and the optional wording and reputation entries."""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

import scorer
from scorer.article import ArticleError, from_text
from scorer.model import (
    MODEL_FILE,
    MODEL_PATH_ENV,
    SUMS_FILE,
    ModelIntegrityError,
    ModelLoadError,
    ModelNotFoundError,
    ScoringError,
    band_of,
    load_model,
    resolve_model_dir,
)
from scorer.signals import SIGNAL_NAMES, SIGNAL_SET_VERSION, extract_signals
from scorer.signals.base import Span
from scorer.wording import WordingExplanation

REPO = Path(__file__).resolve().parent.parent

# Invented example articles.
CAREFUL = {
    "id": "careful-1",
    "title": "City council approves budget for road repairs",
    "text": (
        "The city council approved a $4.2 million budget for road repairs on Tuesday, the mayor's office said.\n"
        "\"These streets have waited long enough,\" said Maria Lopez, the council's transport chair, after the vote.\n"
        "The plan covers 38 streets, according to a report by the public works department.\n"
        "Work starts in May and should end by October, Lopez said. The department will publish the list of streets "
        "and the order of the works next week, a spokesperson told reporters."
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
ENTRY_KEYS = {"feature", "description", "family", "value", "contribution", "weight_kind", "reference", "clipped",
              "evidence"}


@pytest.fixture(scope="module")
def model():
    return load_model()


def _sum_in_order(result: dict) -> float:
    return sum(e["contribution"] for e in result["explanations"]) + result["intercept"]


def _entry(result: dict, feature: str) -> dict:
    return next(e for e in result["explanations"] if e["feature"] == feature)


def _signal_entries(result: dict) -> list[dict]:
    """The explanation entries of signals (the wording family and publisher reputation have their own tests)."""
    return [e for e in result["explanations"] if e["family"] not in ("wording", "reputation")]


# --- the shipped model ----------------------------------------------------------------------------------------------


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
    optional = {"wording": model.wording is not None, "publisher_reputation": model.reputation is not None}
    expected = [*model.signal_names, *(name for name, present in optional.items() if present)]
    assert sorted(e["feature"] for e in result["explanations"]) == sorted(expected)
    for explanation in result["explanations"]:
        wording_keys = {"terms", "unlisted_terms"} if explanation["feature"] == "wording" else set()
        assert set(explanation) == ENTRY_KEYS | wording_keys
        assert explanation["weight_kind"] in ("learned", "prior", "none")
        assert explanation["description"]
    magnitudes = [abs(e["contribution"]) for e in result["explanations"]]
    assert magnitudes == sorted(magnitudes, reverse=True)


def test_each_contribution_follows_the_documented_formula(model) -> None:
    result = model.score({"text": SHOUTY})
    by_name = {s["name"]: s for s in model.metadata["signals"]}
    for entry in _signal_entries(result):
        spec = by_name[entry["feature"]]
        low, high = spec["clip"]
        clipped_value = min(max(entry["value"], low), high)
        expected = spec["coefficient"] * (clipped_value - spec["reference"]) / spec["scale"]
        assert entry["contribution"] == pytest.approx(expected, abs=1e-12)
        assert entry["reference"] == spec["reference"]
        assert entry["clipped"] is (clipped_value != entry["value"])


@pytest.mark.parametrize(
    ("score", "band"), [(0.0, "low"), (0.399, "low"), (0.4, "medium"), (0.699, "medium"), (0.7, "high"), (1.0, "high")]
)
def test_band_cut_points(model, score: float, band: str) -> None:
    assert model.bands == {"high": 0.7, "low": 0.4}
    assert band_of(score, model.bands) == band
    assert band_of(score, model.bands, uncertain=True) == "uncertain"


@pytest.mark.parametrize(("warning", "band_is_uncertain"), [
    ("non_english: the text does not read as English", True),
    ("too_short: 12 words; too few to judge", True),
    ("text_truncated: only the first 100000 characters were scored", False),
    ("non_english_ish: not a code the model reacts to", False),
])
def test_a_text_the_model_cannot_judge_gets_the_uncertain_band(model, warning: str, band_is_uncertain: bool) -> None:
    article = from_text(CAREFUL["text"], title=CAREFUL["title"]).with_warning(warning)
    result = model.score(article)
    plain = model.score(from_text(CAREFUL["text"], title=CAREFUL["title"]))
    assert result["score"] == plain["score"]  # the score is still returned
    assert (result["band"] == "uncertain") is band_is_uncertain
    assert warning in result["warnings"]


def test_a_declared_foreign_language_is_uncertain(model) -> None:
    result = model.score({**CAREFUL, "language": "fr"})
    assert result["band"] == "uncertain"
    assert any(w.startswith("non_english:") for w in result["warnings"])


@pytest.mark.parametrize("junk", ["Qm" * 10_000, "a" * 50_000, "!" * 5_000 + " ok."])
def test_junk_moves_no_signal_past_its_training_range_without_a_warning(model, junk: str) -> None:
    # Junk tokens are left out of word signals, so most junk is not clipped at all; what is clipped says so.
    result = model.score({"text": CAREFUL["text"] + "\n" + junk})
    plain = model.score(CAREFUL)
    assert abs(result["logit"] - plain["logit"]) < 3
    for entry in (e for e in result["explanations"] if e["clipped"]):
        assert any(w.startswith(f"clipped: {entry['feature']} = ") for w in result["warnings"])
    by_name = {s["name"]: s for s in model.metadata["signals"]}
    for entry in _signal_entries(result):
        spec = by_name[entry["feature"]]
        bound = max(abs(spec["clip"][0] - spec["reference"]), abs(spec["clip"][1] - spec["reference"]))
        assert abs(entry["contribution"]) <= abs(spec["coefficient"]) * bound / spec["scale"] + 1e-12


def test_evidence_slices_back_into_the_callers_strings(model) -> None:
    result = model.score({"title": "YOU WON'T BELIEVE what happened next", "text": SHOUTY})
    fields = {"title": "YOU WON'T BELIEVE what happened next", "text": SHOUTY}
    seen = 0
    for explanation in result["explanations"]:
        for evidence in explanation["evidence"]:
            per_occurrence = {"contribution"} if explanation["family"] == "wording" else set()
            assert set(evidence) == {"start", "end", "text", "label", "field"} | per_occurrence
            assert fields[evidence["field"]][evidence["start"] : evidence["end"]] == evidence["text"]
            seen += 1
    assert seen > 0
    assert {ev["text"] for ev in _entry(result, "exclamations_per_sentence")["evidence"]} >= {"!!!", "!"}


def test_html_input_returns_the_extracted_texts_the_spans_index(model) -> None:
    paragraph = "<p>The minister resigned on Monday, a spokesperson told reporters in the capital city.</p>"
    page = f"<html><head><title>Minister resigns</title></head><body><article>{paragraph * 8}</article></body></html>"
    result = model.score({"html": page})
    assert "The minister resigned on Monday" in result["text"]
    assert result["page_text"]
    for explanation in result["explanations"]:
        for evidence in explanation["evidence"]:
            source = {"text": result["text"], "page_text": result["page_text"], "title": "Minister resigns"}
            assert source[evidence["field"]][evidence["start"] : evidence["end"]] == evidence["text"]
    assert "text" not in model.score(CAREFUL)  # plain-text callers already have their text


def test_a_careful_article_outscores_a_shouty_one(model) -> None:
    assert model.score(CAREFUL)["score"] > model.score(SHOUTY)["score"]


def test_score_many_equals_score_one_by_one(model) -> None:
    items = [CAREFUL, SHOUTY, CAREFUL["text"], {"text": SHOUTY, "id": "x"}]
    assert model.score_many(items) == [model.score(item) for item in items]
    assert model.score_many([]) == []
    assert model.score_many(iter([CAREFUL]))[0]["id"] == "careful-1"


@pytest.mark.parametrize("item", BAD_INPUTS, ids=repr)
def test_bad_input_raises_article_error(model, item) -> None:
    with pytest.raises(ArticleError):
        model.score(item)


def test_score_many_stops_on_the_first_bad_item(model) -> None:
    with pytest.raises(ArticleError):
        model.score_many([CAREFUL, "", SHOUTY])


def test_score_each_gives_a_result_or_an_error_per_item_in_order(model) -> None:
    items = [CAREFUL, *BAD_INPUTS, SHOUTY]
    outcomes = model.score_each(items)
    assert len(outcomes) == len(items)
    assert outcomes[0] == model.score(CAREFUL) and outcomes[-1] == model.score(SHOUTY)
    assert all(isinstance(o, ArticleError) and str(o) for o in outcomes[1:-1])
    assert model.score_each([]) == []


def test_score_each_falls_back_to_one_by_one_when_the_batch_fails(model, monkeypatch) -> None:
    real = extract_signals

    def failing_on_explode(article, names=None):
        if "EXPLODE" in article.text:
            raise RuntimeError("a fault inside a signal")
        return real(article, names)

    monkeypatch.setattr("scorer.model.extract_signals", failing_on_explode)
    outcomes = model.score_each([CAREFUL, {"text": "Please EXPLODE now, the article said."}, "", SHOUTY])
    assert outcomes[0]["id"] == "careful-1" and outcomes[3]["score"] > 0
    assert isinstance(outcomes[1], ScoringError) and str(outcomes[1]) == "scoring failed: a fault inside a signal"
    assert isinstance(outcomes[2], ArticleError) and not isinstance(outcomes[2], ScoringError)


def test_prior_and_none_weights_are_marked_and_explained(model) -> None:
    specs = {s["name"]: s for s in model.metadata["signals"]}
    result = model.score({"text": SHOUTY})
    for explanation in _signal_entries(result):
        spec = specs[explanation["feature"]]
        assert explanation["weight_kind"] == spec["weight_kind"]
        if spec["weight_kind"] == "prior":
            assert f"prior weight, not learned: {spec['reason']}" in explanation["description"]
        if spec["weight_kind"] == "none":
            assert explanation["contribution"] == 0
            assert f"weight 0: {spec['reason']}" in explanation["description"]
    fired = [e["feature"] for e in result["explanations"] if e["weight_kind"] == "prior" and e["contribution"]]
    assert fired
    assert all(any(w.startswith(f"prior_weight: {name} fired") for w in result["warnings"]) for name in fired)


def test_the_shipped_model_folder_is_data_in_the_documented_form(model) -> None:
    folder = resolve_model_dir()
    raw = (folder / MODEL_FILE).read_text(encoding="utf-8")
    document = json.loads(raw)
    assert raw == json.dumps(document, indent=1, sort_keys=True) + "\n"  # deterministic: sorted keys, indent 1
    assert document["format"] == "credibility-scorer-model" and document["format_version"] == 1
    assert [s["name"] for s in document["signals"]] == list(model.signal_names)
    assert set(model.signal_names) <= set(SIGNAL_NAMES)
    for signal in document["signals"]:
        assert signal["weight_kind"] in ("learned", "prior", "none")
        assert (signal["reason"] is None) is (signal["weight_kind"] == "learned")
        assert signal["scale"] > 0 and signal["clip"][0] <= signal["clip"][1]
        assert set(signal["support"]) == {"credible", "not_credible"}
    assert (folder / "MODEL_CARD.md").is_file()
    pickles = [p for p in (REPO / "models").rglob("*") if p.suffix in {".joblib", ".pkl", ".pickle", ".npy"}]
    assert pickles == []


def test_loading_and_scoring_never_import_scikit_learn() -> None:
    code = ("import sys\nimport scorer\nscorer.load_model().score('The minister resigned on Monday, she said.')\n"
            "print(sorted(m for m in ('sklearn', 'joblib', 'pickle', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO,
                         timeout=120).stdout
    assert out.strip().splitlines()[-1] in ("[]", "['pickle']")  # pickle: the standard library may import it
    assert "sklearn" not in out and "joblib" not in out


# --- a model written by hand from models/README.md --------------------------------------------------------------------


def hand_written_model(**changes) -> dict:
    """Two signals, numbers chosen by hand, exactly as models/README.md describes the file."""
    document = {
        "format": "credibility-scorer-model",
        "format_version": 1,
        "version": "cred-handmade-00000001",
        "signal_set_version": SIGNAL_SET_VERSION,
        "trained_with": {"scikit_learn": "none", "python": "3.11"},
        "training": {"digest": "0" * 64, "rows": 0, "per_corpus": {}, "description": "written by hand in a test"},
        "intercept": 0.25,
        "bands": {"high": 0.7, "low": 0.4},
        "signals": [
            {"name": "exclamations_per_sentence", "family": "style", "unit": "per sentence", "direction": -1,
             "weight_kind": "learned", "reason": None, "coefficient": -2.0, "reference": 0.0, "scale": 0.5,
             "clip": [0.0, 1.0], "support": {"credible": 1, "not_credible": 1}},
            {"name": "log_word_count", "family": "style", "unit": "log(1 + words)", "direction": 0,
             "weight_kind": "prior", "reason": "set by hand for this test", "coefficient": 0.5, "reference": 3.0,
             "scale": 1.0, "clip": [2.0, 4.0], "support": {"credible": 1, "not_credible": 1}},
        ],
        "wording": None,
        "reputation": None,
        "metrics": {},
    }
    document.update(changes)
    return document


def write_model(folder: Path, document: dict | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    raw = document if isinstance(document, str) else json.dumps(document, indent=1, sort_keys=True) + "\n"
    (folder / MODEL_FILE).write_text(raw, encoding="utf-8")
    (folder / SUMS_FILE).write_text(f"{hashlib.sha256(raw.encode()).hexdigest()}  {MODEL_FILE}\n")
    return folder


@pytest.mark.parametrize(("text", "exclamations", "clipped"), [
    ("The council met on Tuesday and approved the plan.", 0.0, False),
    ("The council met! It approved the plan. Nobody objected.", 1 / 3, False),
    ("Wow! Amazing! Incredible!", 1.0, False),
    ("Wow!!! Amazing!!! " * 3, 1.0, False),
])
def test_a_hand_written_model_scores_as_its_description_says(tmp_path, text, exclamations, clipped) -> None:
    model = load_model(write_model(tmp_path / "hand", hand_written_model()))
    result = model.score(text)
    values = {name: r.value for name, r in extract_signals(from_text(text), model.signal_names).items()}
    assert values["exclamations_per_sentence"] == pytest.approx(exclamations)
    words = values["log_word_count"]
    expected = {
        "exclamations_per_sentence": -2.0 * (min(max(values["exclamations_per_sentence"], 0.0), 1.0) - 0.0) / 0.5,
        "log_word_count": 0.5 * (min(max(words, 2.0), 4.0) - 3.0) / 1.0,
    }
    for name, contribution in expected.items():
        assert _entry(result, name)["contribution"] == pytest.approx(contribution, abs=1e-12)
    assert _entry(result, "log_word_count")["clipped"] is not (2.0 <= words <= 4.0)
    assert _entry(result, "exclamations_per_sentence")["clipped"] is clipped
    logit = 0.25 + sum(expected.values())
    assert result["logit"] == pytest.approx(logit, abs=1e-12)
    assert result["score"] == pytest.approx(1 / (1 + math.exp(-logit)), abs=1e-12)
    too_short = any(w.startswith("too_short:") for w in result["warnings"])  # these texts are under 50 words
    assert result["band"] == band_of(result["score"], {"high": 0.7, "low": 0.4}, uncertain=too_short)
    assert result["model_version"] == "cred-handmade-00000001"


def test_a_model_trained_on_another_signal_set_loads_with_a_warning(tmp_path) -> None:
    with pytest.warns(UserWarning, match="was trained on signal set test, this code computes signal set"):
        model = load_model(write_model(tmp_path / "hand", hand_written_model(signal_set_version="test")))
    assert model.score(CAREFUL)["score"] > 0


def test_a_cue_that_does_not_fire_contributes_exactly_zero(tmp_path) -> None:
    model = load_model(write_model(tmp_path / "hand", hand_written_model()))
    entry = _entry(model.score("The council met on Tuesday and approved the plan."), "exclamations_per_sentence")
    assert entry["value"] == 0.0 and entry["contribution"] == 0.0 and entry["reference"] == 0.0


def test_a_value_over_the_clip_range_is_scored_at_its_end_with_a_warning(tmp_path) -> None:
    document = hand_written_model()
    document["signals"][0]["clip"] = [0.0, 0.25]
    model = load_model(write_model(tmp_path / "hand", document))
    result = model.score("Wow! Amazing! Incredible!")
    entry = _entry(result, "exclamations_per_sentence")
    assert entry["value"] == 1.0 and entry["clipped"] is True
    assert entry["contribution"] == -2.0 * 0.25 / 0.5
    assert "clipped: exclamations_per_sentence = 1 is outside the range seen in training [0, 0.25]; scored as 0.25" \
        in result["warnings"]


def _without(document: dict, key: str) -> dict:
    return {k: v for k, v in document.items() if k != key}


def _signal_change(**changes) -> dict:
    document = hand_written_model()
    document["signals"][0].update(changes)
    return document


@pytest.mark.parametrize(("document", "message"), [
    ("{not json", "not valid JSON"),
    ("[]", "is not a credibility-scorer-model file"),
    ('{"format": "credibility-scorer-model", "format_version": 1, "x": NaN}', "NaN"),
    (hand_written_model(format="something-else"), "is not a credibility-scorer-model file"),
    (hand_written_model(format_version=2), "format_version 2"),
    (_without(hand_written_model(), "intercept"), "no 'intercept'"),
    (hand_written_model(signals=[]), "non-empty list"),
    (hand_written_model(bands={"high": 0.7}), "bands"),
    (hand_written_model(intercept="0.25"), "intercept must be a finite number"),
    (hand_written_model(intercept=1e400), "holds Infinity"),
    (_signal_change(name="no_such_signal"), "which this code does not have; retrain it"),
    (_signal_change(weight_kind="weight"), "weight_kind must be one of"),
    (_signal_change(direction=2), "direction must be -1, 0 or 1"),
    (_signal_change(direction=True), "direction must be -1, 0 or 1"),
    (_signal_change(unit=None), "unit must be a string"),
    (_signal_change(weight_kind="prior", reason=None), "has a prior weight, so its 'reason' must say why"),
    (_signal_change(weight_kind="none", reason="  "), "has a none weight, so its 'reason' must say why"),
    (_signal_change(scale=0.0), "scale > 0"),
    (_signal_change(clip=[1.0, 0.0]), "clip low <= high"),
    (_signal_change(clip=[0.0]), "clip must be [low, high]"),
    (_signal_change(coefficient=None), "coefficient must be a finite number"),
    (_signal_change(reference=True), "reference must be a finite number"),
])  # fmt: skip
def test_a_model_json_this_code_cannot_use_is_refused(tmp_path, document, message) -> None:
    folder = write_model(tmp_path / "bad", document)
    with pytest.raises(ModelIntegrityError, match=re.escape(message)) as caught:
        load_model(folder)
    assert str(tmp_path) not in str(caught.value)  # no server path in what an HTTP client may see
    assert caught.value.folder == folder


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "copy"
    shutil.copytree(resolve_model_dir(), folder)
    return folder


@pytest.mark.parametrize("edit", [
    lambda raw: raw.replace('"intercept": ', '"intercept": 1', 1),
    lambda raw: raw + " ",
    lambda raw: raw.replace('"weight_kind": "none"', '"weight_kind": "learned"', 1),
    lambda raw: "",
])
def test_an_edited_model_json_fails_its_sha256_check(model_copy: Path, edit) -> None:
    path = model_copy / MODEL_FILE
    path.write_text(edit(path.read_text()))
    with pytest.raises(ModelIntegrityError, match="does not match the sha256 recorded in SHA256SUMS") as caught:
        load_model(model_copy)
    assert str(model_copy) not in str(caught.value)


@pytest.mark.parametrize(("sums", "message"), [
    (None, "has no SHA256SUMS"),
    ("", "does not list model.json"),
    ("0" * 64 + "  MODEL_CARD.md\n", "does not list model.json"),
    ("{digest}  model.json\n" + "0" * 64 + "  ../outside.json\n", "not a file of the model folder"),
    ("{digest}  model.json\n" + "0" * 64 + "  MODEL_CARD.md\n", "MODEL_CARD.md does not match"),
])  # fmt: skip
def test_a_missing_or_wrong_sha256sums_is_refused(model_copy: Path, sums: str | None, message: str) -> None:
    digest = hashlib.sha256((model_copy / MODEL_FILE).read_bytes()).hexdigest()
    if sums is None:
        (model_copy / SUMS_FILE).unlink()
    else:
        (model_copy / SUMS_FILE).write_text(sums.format(digest=digest))
    with pytest.raises(ModelIntegrityError, match=message):
        load_model(model_copy)


def test_path_forms_and_env_override(model_copy: Path, monkeypatch) -> None:
    version = load_model().version
    assert load_model(model_copy).version == version
    assert load_model(model_copy / MODEL_FILE).version == version
    (model_copy.parent / "DEFAULT").write_text("copy\n")
    assert load_model(model_copy.parent).path == model_copy
    monkeypatch.setenv(MODEL_PATH_ENV, str(model_copy))
    assert scorer.load_model().path == model_copy


@pytest.mark.parametrize("default", [None, "absent\n", "\n"])
def test_a_missing_model_is_a_clear_error(tmp_path: Path, default: str | None) -> None:
    if default is not None:
        (tmp_path / "DEFAULT").write_text(default)
    with pytest.raises(ModelNotFoundError, match="no model found") as caught:
        load_model(tmp_path)
    assert isinstance(caught.value, (ModelLoadError, FileNotFoundError))
    assert str(tmp_path) not in str(caught.value)


# --- wording and reputation entries, against test doubles of scorer.wording / scorer.reputation ----------------------


class StandInWording:
    """TEST DOUBLE of scorer.wording.Wording (owned by the training helper): finds each term by plain substring
    search in title and text; value = occurrences, contribution = coefficient * value."""

    def __init__(self, terms: list[str], coefficients: list[float]):
        self.terms, self.coefficients = terms, coefficients

    @classmethod
    def from_json(cls, spec: dict) -> StandInWording:
        return cls(spec["terms"], spec["coefficients"])

    def explain(self, fields: dict[str, str]) -> WordingExplanation:
        found = []
        for term, coefficient in zip(self.terms, self.coefficients, strict=True):
            spans = [Span(i, i + len(term), term, name) for name, text in fields.items()
                     for i in range(len(text)) if text.startswith(term, i)]
            if spans:
                found.append({"term": term, "coefficient": coefficient, "value": float(len(spans)),
                              "contribution": coefficient * len(spans), "occurrences": len(spans),
                              "evidence": spans})
        found.sort(key=lambda t: -abs(t["contribution"]))
        listed = found[:2]  # lists the two strongest terms, so the summed rest shows
        rest = sum(t["contribution"] for t in found[len(listed):])
        return WordingExplanation(sum(t["contribution"] for t in found), listed, len(found) - len(listed), rest)


@dataclass
class StandInRating:
    domain: str
    rating: str
    rater: str
    date: str


class StandInReputationTable:
    """TEST DOUBLE of scorer.reputation.ReputationTable: two domains, looked up by the url's host."""

    loaded_from: ClassVar[list] = []

    @classmethod
    def load(cls, path=None) -> StandInReputationTable:
        cls.loaded_from.append(path)
        return cls()

    def lookup(self, url: str | None, source: str | None) -> StandInRating | None:
        ratings = {"bad.example": StandInRating("bad.example", "low", "MBFC", "2020"),
                   "good.example": StandInRating("good.example", "high", "MBFC", "2020")}
        host = (url or "").split("/")[2].removeprefix("www.") if url and url.count("/") >= 2 else source
        return ratings.get(host)


@pytest.fixture
def stand_ins(monkeypatch):
    monkeypatch.setitem(sys.modules, "scorer.wording", types.SimpleNamespace(Wording=StandInWording))
    monkeypatch.setitem(sys.modules, "scorer.reputation", types.SimpleNamespace(ReputationTable=StandInReputationTable))


REPUTATION = {"coefficients": {"high": 0.8, "mixed": 0.0, "low": -1.2}, "how_set": "by hand in a test",
              "table": "test-table"}
WORDING = {"analyzer": {}, "terms": ["shocking", "they don't want you to know", "news"],
           "coefficients": [-0.4, -0.9, 0.05], "value": "count"}


def test_the_wording_family_is_one_entry_with_its_terms_and_spans(tmp_path, stand_ins) -> None:
    model = load_model(write_model(tmp_path / "w", hand_written_model(wording=WORDING)))
    title, text = "Shocking news", "This is shocking. They say it is shocking and they don't want you to know why."
    result = model.score({"title": title, "text": text})
    entry = _entry(result, "wording")
    assert entry["family"] == "wording" and entry["weight_kind"] == "learned"
    assert entry["contribution"] == pytest.approx(-0.4 * 2 - 0.9 + 0.05)
    assert [t["term"] for t in entry["terms"]] == ["they don't want you to know", "shocking"]
    assert entry["unlisted_terms"] == {"count": 1, "contribution": pytest.approx(0.05)}
    assert entry["value"] == 3.0  # terms present, listed or not
    shocking = entry["terms"][1]
    assert [e["contribution"] for e in shocking["evidence"]] == pytest.approx([-0.4, -0.4])
    for span in entry["evidence"]:
        assert {"title": title, "text": text}[span["field"]][span["start"]:span["end"]] == span["text"]
    assert _sum_in_order(result) == result["logit"]
    quiet = model.score({"title": "Council meets", "text": "The council met on Tuesday."})
    assert _entry(quiet, "wording")["contribution"] == 0 and _entry(quiet, "wording")["terms"] == []


@pytest.mark.parametrize(("url", "source", "contribution", "rated"), [
    ("https://www.bad.example/story", None, -1.2, "low"),
    ("https://good.example/a", None, 0.8, "high"),
    (None, "good.example", 0.8, "high"),
    ("https://unknown.example/x", None, 0.0, None),
    (None, None, 0.0, None),
])  # fmt: skip
def test_publisher_reputation_is_its_own_entry(tmp_path, stand_ins, url, source, contribution, rated) -> None:
    StandInReputationTable.loaded_from.clear()
    model = load_model(write_model(tmp_path / "r", hand_written_model(reputation=REPUTATION)), "my-table.csv")
    assert StandInReputationTable.loaded_from == ["my-table.csv"]
    article = {"text": CAREFUL["text"], **({"url": url} if url else {}), **({"source": source} if source else {})}
    result = model.score(article)
    entry = _entry(result, "publisher_reputation")
    assert entry["family"] == "reputation" and entry["contribution"] == contribution
    if rated:
        assert f"rated {rated} for factual reporting by MBFC, 2020" in entry["description"]
    else:
        assert "not in the test-table table" in entry["description"]
    assert _sum_in_order(result) == result["logit"]


def test_a_model_without_wording_or_reputation_never_imports_them(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "scorer.wording", None)  # importing it would raise
    monkeypatch.setitem(sys.modules, "scorer.reputation", None)
    model = load_model(write_model(tmp_path / "plain", hand_written_model()))
    assert {e["feature"] for e in model.score(CAREFUL)["explanations"]} == set(model.signal_names)


@pytest.mark.parametrize(("reputation", "message"), [
    ({**REPUTATION, "coefficients": {"high": 1.0}}, "high, mixed and low"),
    ({**REPUTATION, "coefficients": {"high": 1.0, "mixed": 0.0, "low": float("nan")}}, "NaN"),
    ({**REPUTATION, "coefficients": {"high": 1.0, "mixed": 0.0, "low": "-1"}}, "low must be a finite number"),
    ({k: v for k, v in REPUTATION.items() if k != "how_set"}, "reputation.how_set must be a string"),
    ({**REPUTATION, "table": None}, "reputation.table must be a string"),
    ("mbfc", "reputation.coefficients must give"),
])  # fmt: skip
def test_a_reputation_part_this_code_cannot_use_is_refused(tmp_path, stand_ins, reputation, message) -> None:
    with pytest.raises(ModelIntegrityError, match=re.escape(message)):
        load_model(write_model(tmp_path / "r", hand_written_model(reputation=reputation)))
