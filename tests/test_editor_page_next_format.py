"""The editor's page reads the result format CONTRACT.md announces, not only today's.

A test model wraps the real one and answers in that format: `weight_kind` instead of `weight` (with a `none` and a
clipped entry), `reference`, a `wording` entry whose `terms` carry their own spans, a `publisher_reputation` entry,
the `uncertain` band with a `too_short` warning, `text`/`page_text` for HTML input, UTF-16 offsets, a calibration
table in the model's metadata and, for batches, a `corroboration` object per result.
"""

from __future__ import annotations

import math
import re

import pytest

from api import create_app
from tests.test_editor_page import (
    PAGE,
    SAMPLES,
    SPUN,
    WIRE,
    chromium_driver,
    compare_on_page,
    highlights,
    open_page,
    pieces_by_key,
    score_on_page,
    serving,
)

pytestmark = pytest.mark.slow

TERMS = {"council": 0.25, "said": 0.4, "reportedly": -0.6, "insiders": -0.8}
TABLE = [{"lo": 0.0, "hi": 0.5, "n": 40, "credible": 10}, {"lo": 0.5, "hi": 1.0, "n": 60, "credible": 45}]


def _utf16(text: str, at: int) -> int:
    return len(text[:at].encode("utf-16-le")) // 2


def _term(text: str, term: str, coefficient: float, utf16: bool) -> dict | None:
    found = list(re.finditer(rf"\b{term}\b", text, flags=re.IGNORECASE))
    if not found:
        return None
    value = math.log1p(len(found))

    def offset(at: int) -> int:
        return _utf16(text, at) if utf16 else at

    spans = [{"start": offset(m.start()), "end": offset(m.end()), "text": m.group(), "label": term, "field": "text"}
             for m in found]
    return {"term": term, "coefficient": coefficient, "value": value, "contribution": coefficient * value,
            "evidence": spans}


def _upgrade(result: dict, article, utf16: bool) -> dict:
    """Today's result in the announced format; offsets of `wording` terms in UTF-16 units when `utf16`."""
    entries = []
    signals = [e for e in result["explanations"] if e["family"] not in ("wording", "reputation")]  # replaced below
    for i, entry in enumerate(signals):
        entry = {**entry, "clipped": i == 0}
        if i == len(signals) - 1:
            entry.update(weight_kind="none", contribution=0.0)
        entries.append(entry)
    terms = [t for t in (_term(article.text, term, c, utf16) for term, c in TERMS.items()) if t]
    terms.sort(key=lambda t: -abs(t["contribution"]))
    entries.append({"feature": "wording", "description": "Words and short phrases", "family": "wording",
                    "value": float(len(terms)), "contribution": sum(t["contribution"] for t in terms),
                    "weight_kind": "learned", "reference": 0.0, "clipped": False, "evidence": [], "terms": terms})
    entries.append({"feature": "publisher_reputation", "description": "Rated mixed by a rater (2020)",
                    "family": "reputation", "value": 1.0, "contribution": -0.3 if article.source else 0.0,
                    "weight_kind": "prior", "reference": 0.0, "clipped": False, "evidence": []})
    out = {**result, "explanations": entries, "warnings": [*result["warnings"], f"clipped: {entries[0]['feature']}"]}
    if len(article.text.split()) < 50:
        out.update(band="uncertain", warnings=[*out["warnings"], "too_short: fewer than 50 words"])
    if article.page_text:
        out.update(text=article.text, page_text=article.page_text)
    return out


class NextFormatModel:
    def __init__(self, model, utf16: bool = False):
        self.model = model
        self.utf16 = utf16
        self.version = model.version
        self.metadata = {**model.metadata, "calibration": {**model.metadata.get("calibration", {}), "table": TABLE}}

    def score(self, article) -> dict:
        return _upgrade(self.model.score(article), article, self.utf16)

    def score_many(self, articles) -> list[dict]:
        results = [self.score(article) for article in articles]
        for result, article in zip(results, articles, strict=True):
            others = [a for a in articles if a is not article]
            claims = [{"kind": "figure", "text": ev["text"], "start": ev["start"], "end": ev["end"], "field": "text",
                       "status": "corroborated" if any(ev["text"] in o.text for o in others) else "uncorroborated",
                       "corroborated_by": [o.id for o in others if ev["text"] in o.text]}
                      for e in result["explanations"] if e["family"] == "figures" for ev in e["evidence"]]
            result["corroboration"] = {"story": "s1", "versions": len(articles), "claims": claims}
        return results


@pytest.fixture(scope="module")
def driver():
    with chromium_driver() as browser:
        yield browser


@pytest.fixture(scope="module", params=[False, True], ids=["codepoint-terms", "utf16-terms"])
def next_server(request, model):
    with serving(create_app({"MODEL": NextFormatModel(model, utf16=request.param)})) as base:
        yield base


ASTRAL_SPUN = {"title": SPUN["title"], "text": "🚀😱 " + SPUN["text"].replace("the council", "the 𝐜𝐨𝐮𝐧𝐜𝐢𝐥 council")}


def test_wording_terms_are_listed_with_their_contributions_and_spans(driver, next_server):
    open_page(driver, next_server)
    score_on_page(driver, ASTRAL_SPUN)
    terms = driver.find_elements("css selector", "[data-testid=term-bar]")
    names = [t.get_attribute("data-term") for t in terms]
    assert names == ["insiders", "reportedly", "council"]  # by size of contribution, as the result lists them
    assert "lowers \u22120.555" in terms[0].text  # -0.8 * log1p(1)
    for term in terms:
        term.click()
        marked = [m for m in highlights(driver) if m["marked"]]
        assert marked and all(m["text"].lower() == term.get_attribute("data-term") for m in marked)
    pieces = pieces_by_key(highlights(driver))
    wording = {k: "".join(p["text"] for p in v) for k, v in pieces.items() if k.startswith("wording:")}
    assert sorted(wording.values(), key=str.lower) == ["council", "council", "Insiders", "reportedly"]


def test_weight_kinds_clipping_and_the_uncertain_band_are_shown(driver, next_server):
    open_page(driver, next_server)
    score_on_page(driver, {"title": "Short", "text": "The council said the road may close.", "source": "Example Post"})
    assert driver.find_element("css selector", "[data-testid=score-band]").get_attribute("data-band") == "uncertain"
    warnings = driver.find_element("css selector", "[data-testid=warnings]").text
    assert "Too short: fewer than 50 words" in warnings
    assert "A value outside the training range" in warnings
    bars = {b.get_attribute("data-feature"): b.text for b in
            driver.find_elements("css selector", "[data-testid=signal-bar]")}
    assert "publisher_reputation" in bars and "prior weight" in bars["publisher_reputation"]
    assert sum("value clipped" in text for text in bars.values()) == 1
    assert sum("not learned (weight 0)" in text for text in bars.values()) == 1
    families = [h.text.lower() for h in driver.find_elements("css selector", ".family h3")]
    assert any(f.startswith("reputation") for f in families) and any(f.startswith("wording") for f in families)


@pytest.mark.parametrize(("text", "count"), [
    ("The council said the road may close.", 25),  # a score under 0.5 falls in the table's first bin
    (WIRE["text"], 75),
])
def test_the_calibration_table_gives_the_words(driver, next_server, text, count):
    open_page(driver, next_server)
    score_on_page(driver, {"text": text})
    score = float(driver.find_element("css selector", "[data-testid=score-value]").get_attribute("data-score"))
    assert (score < 0.5) == (count == 25)
    words = driver.find_element("css selector", "[data-testid=score-words]").text
    assert f"about {count} were credible" in words
    assert "calibration table" in driver.find_element("id", "score").text


def test_a_pasted_page_is_highlighted_in_the_text_the_api_returns(driver, next_server):
    open_page(driver, next_server)
    score_on_page(driver, PAGE)
    fields = {m["field"] for m in highlights(driver)}
    assert {"text", "page_text"} <= fields
    assert not driver.find_elements("css selector", ".missing li")


def test_compared_versions_show_corroboration(driver, next_server):
    open_page(driver, next_server)
    cards = compare_on_page(driver, SAMPLES["versions"])
    assert len(cards) == 3
    assert all("Corroboration" in c["text"] and "claims corroborated across 3 versions" in c["text"] for c in cards)
    regional = next(c for c in cards if c["label"] == "Regional rewrite")
    assert "figure: \u201c300\u201d" in regional["text"]  # the jobs figure only the regional copy carries
