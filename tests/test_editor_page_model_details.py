"""The editor's page shows what the shipped model's results carry beyond a score and its bars.

Wording terms with their own spans, weight kinds and clipped values, the uncertain band, UTF-16 offsets and, for
compared versions, corroboration: all from the real server with the default model and the page's own requests.
Only the calibration table is served by a test model, because the shipped model has none in its metrics.
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from api import create_app
from scorer.model import Model
from tests.fixtures import story_family
from tests.test_editor_page import (
    SPUN,
    WAIT,
    WIRE,
    api_post,
    chromium_driver,
    compare_on_page,
    highlights,
    key,
    open_page,
    score_as_the_page_asks,
    score_on_page,
    serving,
)

pytestmark = pytest.mark.slow

# Planets and heavy glyphs around real words: UTF-16 and code-point offsets differ before every span.
ASTRAL_SPUN = {"title": SPUN["title"], "text": "🚀😱 " + SPUN["text"].replace("the council", "the 𝐜𝐨𝐮𝐧𝐜𝐢𝐥 council")}
SHORT = {"title": "Short", "text": "The council said the road may close.", "source": "Example Post"}
FRENCH = {"text": ("Le conseil municipal a voté mardi un budget de 40 millions d'euros pour la rénovation des écoles, "
                   "selon un communiqué publié par la mairie. Les travaux commenceront au printemps et dureront "
                   "trois ans, a précisé l'adjointe chargée de l'éducation lors d'une conférence de presse. Les "
                   "parents d'élèves ont salué une décision attendue depuis longtemps, tout en demandant un "
                   "calendrier plus précis pour chaque établissement concerné par le projet.")}
BADGES = {"none": "not learned (weight 0)", "prior": "prior weight"}
# Two bins whose observed rates differ from the scores tested in them (and are no .5 ties, which JS and Python round
# apart), so words taken from the score itself would not match.
TABLE = [{"lo": 0.0, "hi": 0.5, "n": 50, "credible": 12}, {"lo": 0.5, "hi": 1.0, "n": 60, "credible": 47}]


def signed(number: float, digits: int) -> str:
    """The page's signed figure: a true minus sign, and ± for a figure that rounds to zero."""
    text = f"{abs(number):.{digits}f}"
    if float(text) == 0:
        return f"\u00b1{text}"
    return ("\u2212" if number < 0 else "+") + text


def entry(result: dict, feature: str) -> dict:
    return next(e for e in result["explanations"] if e["feature"] == feature)


def bars(driver) -> dict[str, str]:
    return {b.get_attribute("data-feature"): b.text
            for b in driver.find_elements("css selector", "[data-testid=signal-bar]")}


def record_requests(driver) -> None:
    """Keep every JSON body the page posts, so a test can read what it asked the server."""
    driver.execute_script("""
        window.sentBodies = [];
        const original = window.fetch;
        window.fetch = (url, options) => { if (options?.body) window.sentBodies.push([String(url), options.body]);
                                           return original(url, options); };
    """)


def sent(driver, path: str) -> list[dict]:
    return [json.loads(body) for url, body in driver.execute_script("return window.sentBodies") if url.endswith(path)]


@pytest.fixture(scope="module")
def server():
    """The real server as deployed: create_app() loads the shipped default model itself."""
    with serving(create_app()) as base:
        yield base


@pytest.fixture(scope="module")
def driver():
    with chromium_driver() as browser:
        yield browser


def api_get(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=WAIT) as response:
        return json.loads(response.read())


# --- wording terms and UTF-16 offsets ---

def test_the_page_asks_for_utf16_offsets_and_lists_each_wording_term_with_its_spans(driver, server):
    open_page(driver, server)
    record_requests(driver)
    score_on_page(driver, ASTRAL_SPUN)
    assert [body.get("offsets") for body in sent(driver, "/v1/score")] == ["utf16"]
    expected = entry(score_as_the_page_asks(server, ASTRAL_SPUN), "wording")
    assert len(expected["terms"]) >= 2, "the spun text should hit several of the model's wording terms"
    term_bars = driver.find_elements("css selector", "[data-testid=term-bar]")
    assert [t.get_attribute("data-term") for t in term_bars] == [t["term"] for t in expected["terms"]]
    marks = highlights(driver)
    for bar, term in zip(term_bars, expected["terms"], strict=True):
        assert signed(term["contribution"], 3) in bar.text
        assert f"coefficient {signed(term['coefficient'], 3)}" in bar.text
        keys = {key("wording", ev) for ev in term["evidence"]}
        pieces = {k: "".join(m["text"] for m in marks if k in m["keys"]) for k in keys}
        assert pieces == {key("wording", ev): ev["text"] for ev in term["evidence"]}
        bar.click()
        marked = [m for m in highlights(driver) if m["marked"]]
        assert marked and all(keys & set(m["keys"]) for m in marked)
        assert {k for m in marked for k in m["keys"]} >= keys


def test_the_terms_past_the_listed_ones_show_as_one_line_with_their_sum(driver, server):
    open_page(driver, server)
    score_on_page(driver, WIRE)
    expected = entry(score_as_the_page_asks(server, WIRE), "wording")
    unlisted = expected["unlisted_terms"]
    assert unlisted["count"] > 0, "a wire story of this length has more terms than the explanation lists"
    line = driver.find_element("css selector", "[data-testid=terms-unlisted]").text
    assert line.startswith(f"{unlisted['count']} other terms together")
    assert signed(unlisted["contribution"], 3) in line


# --- weight kinds, clipped values, warnings and the uncertain band ---

@pytest.mark.parametrize("article", [SHORT, FRENCH, SPUN, WIRE], ids=["short", "french", "spun", "wire"])
def test_each_bar_shows_its_weight_kind_and_clipping_as_the_api_gives_them(driver, server, article):
    open_page(driver, server)
    score_on_page(driver, article)
    expected = api_post(server, "/v1/score", article)
    assert driver.find_element("css selector", "[data-testid=score-band]").get_attribute("data-band") \
        == expected["band"]
    if article is SHORT:  # the short text exercises every badge: unlearned, prior and clipped entries
        assert {"none", "prior"} <= {e["weight_kind"] for e in expected["explanations"]}
        assert any(e["clipped"] for e in expected["explanations"])
    shown = bars(driver)
    assert set(shown) == {e["feature"] for e in expected["explanations"]}
    for explanation in expected["explanations"]:
        text = shown[explanation["feature"]]
        for kind, badge in BADGES.items():
            assert (badge in text) == (explanation["weight_kind"] == kind), explanation["feature"]
        assert ("value clipped" in text) == explanation["clipped"], explanation["feature"]
    families = {h.text.split()[0].lower() for h in driver.find_elements("css selector", ".family h3")}
    assert families == {e["family"] for e in expected["explanations"]}
    codes = {w.split(":")[0] for w in expected["warnings"]}
    shown_codes = {li.get_attribute("data-code") for li in
                   driver.find_elements("css selector", "[data-testid=warnings] li")}
    assert codes <= shown_codes


@pytest.mark.parametrize(("article", "code"), [(SHORT, "too_short"), (FRENCH, "non_english")])
def test_a_text_the_model_cannot_judge_is_shown_as_uncertain_with_the_reason(driver, server, article, code):
    open_page(driver, server)
    score_on_page(driver, article)
    assert driver.find_element("css selector", "[data-testid=score-band]").get_attribute("data-band") == "uncertain"
    assert driver.find_elements("css selector", f"[data-testid=warnings] li[data-code={code}]")


def test_the_reputation_bar_is_shown_with_its_weight_kind(driver, server):
    open_page(driver, server)
    score_on_page(driver, WIRE)
    reputation = entry(api_post(server, "/v1/score", WIRE), "publisher_reputation")
    text = bars(driver)["publisher_reputation"]
    assert reputation["family"] == "reputation" and reputation["weight_kind"] == "learned"
    assert not any(badge in text for badge in BADGES.values())


# --- the calibration table (the one thing the shipped model does not serve) ---

@pytest.fixture(scope="module")
def table_server(model):
    document = {**model.metadata, "metrics": {**model.metadata["metrics"], "calibration_table": TABLE}}
    with serving(create_app({"MODEL": Model(document)})) as base:
        yield base


def words_from_table(score: float) -> int:
    last = len(TABLE) - 1
    bin_ = next(b for i, b in enumerate(TABLE) if b["lo"] <= score and (score < b["hi"] or i == last))
    return round(100 * bin_["credible"] / bin_["n"])


@pytest.mark.parametrize("article", [SHORT, WIRE], ids=["low-bin", "high-bin"])
def test_the_calibration_table_in_the_models_metrics_gives_the_words(driver, table_server, article):
    open_page(driver, table_server)
    score_on_page(driver, article)
    score = api_post(table_server, "/v1/score", article)["score"]
    count = words_from_table(score)
    assert count != round(100 * score), "the table should say something the score alone does not"
    assert f"about {count} were credible" in driver.find_element("css selector", "[data-testid=score-words]").text
    assert "calibration table" in driver.find_element("id", "score").text


def test_without_a_table_the_words_come_from_the_score(driver, server):
    open_page(driver, server)
    score_on_page(driver, WIRE)
    assert "calibration_table" not in api_get(server, "/v1/model")["metrics"]
    score = api_post(server, "/v1/score", WIRE)["score"]
    assert f"about {round(100 * score)} were credible" in \
        driver.find_element("css selector", "[data-testid=score-words]").text
    assert "Derived from the calibrated score" in driver.find_element("id", "score").text


# --- corroboration across compared versions ---

VERSIONS = [
    {"label": "Wire", "title": story_family.WIRE["title"], "text": story_family.WIRE["text"]},
    {"label": "Regional", "title": story_family.REGIONAL["title"], "text": story_family.REGIONAL["text"]},
    {"label": "Blog", "title": story_family.BLOG["title"], "text": story_family.BLOG["text"]},
    {"label": "Rail", "title": story_family.UNRELATED["rail-strike"]["title"],
     "text": story_family.UNRELATED["rail-strike"]["text"]},
]


def test_compared_versions_show_the_apis_corroboration(driver, server):
    open_page(driver, server)
    record_requests(driver)
    cards = {c["label"]: c["text"] for c in compare_on_page(driver, VERSIONS)}
    [body] = sent(driver, "/v1/score/batch")
    assert body["corroborate"] is True
    results = api_post(server, "/v1/score/batch", body)["results"]
    alone_somewhere = False
    for version, result in zip(VERSIONS, results, strict=True):
        text, corroboration = cards[version["label"]], result["corroboration"]
        assert "Corroboration" in text
        if not corroboration or not corroboration.get("story"):
            assert "Not part of a story with other versions." in text
            continue
        claims = corroboration["claims"]
        alone = [c for c in claims if c["status"] == "uncorroborated"]
        alone_somewhere = alone_somewhere or bool(alone)
        assert (f"{len(claims) - len(alone)} of {len(claims)} claims corroborated across "
                f"{corroboration['versions']} versions") in text
        for claim in alone:
            assert f"{claim['kind']}: \u201c{claim['text']}\u201d" in text
    assert alone_somewhere, "the regional copy's own figures should stand uncorroborated"
    assert "Not part of a story with other versions." in cards["Rail"]
