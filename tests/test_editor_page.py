"""The editor's page in a real browser: Debian's headless Chromium driven by selenium against a real server.

In CI (CI set) a missing browser fails the run; on a developer's machine without it these tests skip and say why.
`SCORER_EDITOR_SCREENSHOTS=docs .venv/bin/python -m pytest tests/test_editor_page.py -k widths` refreshes the
README's screenshots.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from api import create_app

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
AXE = Path(__file__).parent / "fixtures" / "axe-core" / "axe.min.js"
SAMPLES = json.loads((ROOT / "api" / "static" / "editor" / "samples.json").read_text("utf-8"))
CHROME_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--disable-dev-shm-usage")
WAIT = 20  # seconds a page step may take before the test fails (a timeout, not a speed assertion)


def sample(name: str) -> dict:
    return next(s["article"] for s in SAMPLES["articles"] if s["name"] == name)


SPUN = sample("Spun and unsourced")
WIRE = sample("Well-sourced report")
PAGE = sample("A whole web page (HTML)")
# Characters outside the Basic Multilingual Plane take two UTF-16 units and one code point: offsets must be converted.
ASTRAL = {
    "title": "🚀 SHOCKING launch costs 𝐫𝐞𝐯𝐞𝐚𝐥𝐞𝐝!",
    "text": ("😱 Insiders say the 𝐫𝐨𝐜𝐤𝐞𝐭 could cost 40% more, sources claim! 🚀🚀 The agency reportedly "
             "hid a report from 2019. Everyone knows it. Ünïcödé café — 東京 officials may comment.\n\n"
             "Subscribe to our newsletter"),
}


# --- the browser and the servers ---

def _browser_paths() -> tuple[str | None, str | None]:
    return shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")


def _require_browser() -> tuple[str, str]:
    chromium, chromedriver = _browser_paths()
    try:
        import selenium  # noqa: F401
    except ImportError:
        chromium = None
    if chromium and chromedriver:
        return chromium, chromedriver
    reason = ("headless Chromium, chromedriver and selenium are needed for the editor page tests "
              "(apt-get install chromium chromium-driver; pip install -e '.[dev]')")
    if os.environ.get("CI"):
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


@contextmanager
def serving(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=WAIT)


@pytest.fixture(scope="module")
def server(model):
    with serving(create_app({"MODEL": model})) as base:
        yield base


@contextmanager
def chromium_driver():
    """Headless Chromium with an empty profile, network extras off, and the performance log on."""
    chromium, chromedriver = _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="editor-chromium-")
    for flag in (*CHROME_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    browser = webdriver.Chrome(service=Service(chromedriver), options=options)
    browser.set_script_timeout(WAIT)
    browser.set_window_size(1280, 900)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def driver():
    with chromium_driver() as browser:
        yield browser


def api_post(base: str, path: str, body: dict, headers: dict | None = None) -> dict:
    request = urllib.request.Request(base + path, data=json.dumps(body).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        return json.loads(response.read())


# --- driving the page ---

def wait_until(driver, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(lambda d: condition(d), message)


def open_page(driver, base: str, width: int = 1280) -> None:
    driver.set_window_size(width, 900)
    driver.get(base + "/")
    wait_until(driver, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"), "page ready")


def paste(driver, article: dict) -> None:
    """Put the article into the form as a paste would (selenium cannot type characters outside the BMP)."""
    driver.execute_script("""
        const [article] = arguments;
        const mode = article.html !== undefined ? 'html' : 'text';
        const radio = document.querySelector(`input[name=mode][value=${mode}]`);
        radio.checked = true; radio.dispatchEvent(new Event('change', {bubbles: true}));
        const set = (id, value) => { const box = document.getElementById(id); box.value = value || '';
                                     box.dispatchEvent(new Event('input', {bubbles: true})); };
        set('article-title', article.title); set('article-text', article.text); set('article-html', article.html);
        set('article-url', article.url); set('article-source', article.source);
    """, article)


def results_state(driver) -> str | None:
    return driver.execute_script("const r = document.getElementById('results');"
                                 "return r.getAttribute('aria-busy') === 'false' ? r.dataset.state : null;")


def score_on_page(driver, article: dict) -> None:
    paste(driver, article)
    driver.execute_script("document.getElementById('results').removeAttribute('data-state')")
    driver.find_element("css selector", "[data-testid=score-button]").click()
    wait_until(driver, results_state, "the score to arrive")
    assert results_state(driver) == "scored", driver.find_element("id", "error").text


def compare_on_page(driver, versions: list[dict]) -> list[dict]:
    driver.execute_script("""
        const [versions] = arguments;
        const list = document.getElementById('version-list');
        while (list.children.length < versions.length) document.getElementById('add-version').click();
        versions.forEach((v, i) => { for (const f of ['label', 'source', 'title', 'text'])
            document.getElementById(`version-${i + 1}-${f}`).value = v[f] || ''; });
    """, versions)
    driver.find_element("css selector", "[data-testid=compare-button]").click()
    wait_until(driver, lambda d: d.execute_script(
        "return document.getElementById('comparison').dataset.state"), "the comparison")
    return driver.execute_script("""
        return [...document.querySelectorAll('[data-testid=compare-version]')].map(card => ({
            label: card.querySelector('h3').textContent.replace(/^#\\d+ /, ''),
            rank: Number(card.dataset.rank), score: card.querySelector('[data-testid=compare-score]')?.dataset.score,
            text: card.textContent}));
    """)


HIGHLIGHTS_JS = """
    return [...document.querySelectorAll('[data-testid=evidence]')].map(mark => {
        const field = mark.closest('[data-field]');
        const range = document.createRange();
        range.setStart(field, 0); range.setEnd(mark, 0);
        return {text: mark.textContent, keys: mark.dataset.spans.split(' '), features: mark.dataset.feature.split(' '),
                field: field.dataset.field, at: range.toString().length, marked: mark.classList.contains('is-marked')};
    });
"""


def highlights(driver) -> list[dict]:
    return driver.execute_script(HIGHLIGHTS_JS)


def key(feature: str, evidence: dict) -> str:
    return f"{feature}:{evidence['field']}:{evidence['start']}:{evidence['end']}"


def score_as_the_page_asks(base: str, article: dict) -> dict:
    """The API's result with offsets in UTF-16 units, as the page asks once the server's schema offers them."""
    return api_post(base, "/v1/score", {**article, "offsets": "utf16"})


def expected_spans(result: dict, fields: set[str]) -> dict[str, dict]:
    spans = {}
    for entry in result["explanations"]:
        terms = entry.get("terms") or []
        evidence = [e for t in terms for e in t["evidence"]] if terms else entry["evidence"]
        for ev in evidence:
            if ev["field"] in fields:
                spans[key(entry["feature"], ev)] = {**ev, "feature": entry["feature"]}
    return spans


def pieces_by_key(marks: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for mark in marks:
        for span_key in mark["keys"]:
            out.setdefault(span_key, []).append(mark)
    return out


def assert_highlights_are_the_evidence(driver, article: dict, result: dict) -> None:
    expected = expected_spans(result, {field for field in ("title", "text") if article.get(field)})
    assert expected, "the article should have evidence to highlight"
    pieces = pieces_by_key(highlights(driver))
    assert set(pieces) == set(expected)
    for span_key, span in expected.items():
        joined = "".join(piece["text"] for piece in pieces[span_key])
        assert joined == span["text"], span_key
        first = pieces[span_key][0]
        assert first["field"] == span["field"]
        assert first["at"] == span["start"], span_key  # both in UTF-16 units
        assert span["feature"] in first["features"]


# --- the tests ---

@pytest.mark.parametrize("article", [WIRE, SPUN, ASTRAL, {"text": "Officials said so."}],
                         ids=["wire", "spun", "astral", "one-line"])
def test_pasted_article_gets_the_apis_score_band_and_words(driver, server, article):
    open_page(driver, server)
    score_on_page(driver, article)
    expected = api_post(server, "/v1/score", article)
    value = driver.find_element("css selector", "[data-testid=score-value]")
    assert float(value.get_attribute("data-score")) == expected["score"]
    assert value.text == f"{expected['score']:.2f}"
    assert driver.find_element("css selector", "[data-testid=score-band]").text.lower() == expected["band"]
    words = driver.find_element("css selector", "[data-testid=score-words]").text
    count = round(100 * expected["score"])
    said = {0: "fewer than one was", 1: "about one was", 100: "more than 99 were"}.get(count, f"about {count} were")
    assert said in words
    bars = driver.find_elements("css selector", "[data-testid=signal-bar]")
    assert sorted(b.get_attribute("data-feature") for b in bars) == sorted(e["feature"] for e in
                                                                          expected["explanations"])


@pytest.mark.parametrize("article", [WIRE, SPUN, ASTRAL], ids=["wire", "spun-overlapping", "astral"])
def test_every_highlight_is_its_evidence_text_at_its_offsets(driver, server, article):
    open_page(driver, server)
    score_on_page(driver, article)
    assert_highlights_are_the_evidence(driver, article, score_as_the_page_asks(server, article))


def test_overlapping_spans_share_pieces_and_stay_readable(driver, server):
    open_page(driver, server)
    score_on_page(driver, SPUN)
    shared = [m for m in highlights(driver) if len(m["keys"]) > 1]
    assert shared, "the spun sample has overlapping evidence"
    view_text = driver.execute_script("return document.querySelector('[data-field=text]').textContent")
    assert view_text == SPUN["text"]  # splitting at span boundaries changed no character


def test_clicking_a_bar_marks_exactly_its_spans(driver, server):
    open_page(driver, server)
    score_on_page(driver, SPUN)
    result = score_as_the_page_asks(server, SPUN)
    with_evidence = [e["feature"] for e in result["explanations"] if e["evidence"]]
    assert len(with_evidence) >= 3
    for feature in with_evidence:
        bar = driver.find_element("css selector", f"[data-testid=signal-bar][data-feature={feature}]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", bar)
        bar.click()
        assert bar.get_attribute("aria-pressed") == "true"
        marks = highlights(driver)
        marked = {k for m in marks if m["marked"] for k in m["keys"]}
        entry = next(e for e in result["explanations"] if e["feature"] == feature)
        own = {key(feature, ev) for ev in entry["evidence"]}
        assert own <= marked
        assert all(feature in m["features"] for m in marks if m["marked"])
        first = driver.find_element("css selector", "mark.is-marked")
        assert driver.execute_script("""
            const box = arguments[0].getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;""", first), "the first span is scrolled into view"
    pressed = driver.find_elements("css selector", "[aria-pressed=true]")
    assert len(pressed) == 1


def test_a_bar_without_evidence_says_so_and_marks_nothing(driver, server):
    open_page(driver, server)
    score_on_page(driver, WIRE)
    result = api_post(server, "/v1/score", WIRE)
    feature = next(e["feature"] for e in result["explanations"] if not e["evidence"])
    driver.find_element("css selector", f"[data-testid=signal-bar][data-feature={feature}]").click()
    assert not driver.find_elements("css selector", "mark.is-marked")
    assert "no passage" in driver.find_element("id", "status").text


def focused(driver) -> dict:
    return driver.execute_script("""const a = document.activeElement;
        return {id: a.id, testid: a.dataset.testid || null, feature: a.dataset.feature || null, tag: a.tagName};""")


def tab_until(driver, predicate, limit: int = 60, back: bool = False) -> dict:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        keys = ActionChains(driver)
        keys = keys.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT) if back else keys.send_keys(Keys.TAB)
        keys.perform()
        now = focused(driver)
        if predicate(now):
            return now
    raise AssertionError(f"never reached the element by keyboard (last: {focused(driver)})")


def type_keys(driver, text: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(text).perform()


def test_a_keyboard_only_user_scores_and_reaches_every_reason(driver, server):
    from selenium.webdriver.common.keys import Keys

    article = {"title": "Council votes on harbour wall",
               "text": "Insiders say the wall may cost 40% more, sources claim! The mayor said the vote was fair."}
    open_page(driver, server)
    tab_until(driver, lambda f: f["testid"] == "article-title")
    type_keys(driver, article["title"])
    tab_until(driver, lambda f: f["testid"] == "article-text")
    type_keys(driver, article["text"])
    tab_until(driver, lambda f: f["testid"] == "score-button")
    type_keys(driver, Keys.ENTER)
    wait_until(driver, results_state, "the score to arrive")
    expected = api_post(server, "/v1/score", article)
    assert float(driver.find_element("css selector", "[data-testid=score-value]").get_attribute("data-score")) \
        == expected["score"]

    reached = set()
    passed = []
    tab_until(driver, lambda f: passed.append(f) or (f["testid"] == "signal-bar" and reached.add(f["feature"]))
              or f["id"] == "compare-sample", limit=200)
    assert reached == {e["feature"] for e in expected["explanations"]}
    assert sum(f["tag"] == "MARK" for f in passed) == 1, "the text is one tab stop; arrows move inside it"

    tab_until(driver, lambda f: f["tag"] == "MARK", limit=200, back=True)
    texts = [driver.switch_to.active_element.text]
    for _ in range(2):
        type_keys(driver, Keys.ARROW_RIGHT)
        texts.append(driver.switch_to.active_element.text)
        tip = driver.find_element("id", "tooltip")
        assert tip.is_displayed() and focused(driver)["feature"].split(" ")[0].replace("_", " ") in tip.text
    assert len(set(texts)) == 3, "the arrow keys move from one highlight to the next"
    feature = focused(driver)["feature"].split(" ")[0]
    type_keys(driver, Keys.ENTER)
    assert focused(driver) == {"id": "", "testid": "signal-bar", "feature": feature, "tag": "BUTTON"}
    assert driver.switch_to.active_element.get_attribute("aria-pressed") == "true"


def request_urls(driver) -> list[str]:
    """Every URL the browser asked for: its resource timing entries and Chrome's network log."""
    urls = driver.execute_script("return performance.getEntries().map(e => e.name)"
                                 ".filter(name => /^[a-z]+:/.test(name))")
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_the_page_makes_no_outside_request(driver, server):
    driver.get_log("performance")  # start from an empty log
    open_page(driver, server)
    score_on_page(driver, SPUN)
    driver.find_element("css selector", "[data-testid=signal-bar]").click()
    compare_on_page(driver, SAMPLES["versions"])
    score_on_page(driver, PAGE)
    urls = request_urls(driver)
    paths = {re.sub(r"^https?://[^/]+", "", u) for u in urls}
    assert {"/", "/v1/score", "/v1/score/batch", "/editor/editor.css"} <= paths
    outside = [u for u in urls if not (u.startswith(server + "/") or u.startswith("data:"))]
    assert outside == []


def assert_no_horizontal_overflow(driver) -> None:
    widths = driver.execute_script("return [document.documentElement.scrollWidth, "
                                   "document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths
    wider = driver.execute_script("""const limit = document.documentElement.clientWidth;
        return [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > limit + 1
            && !e.closest('.field-page_text')).map(e => e.tagName + '.' + e.className).slice(0, 5);""")
    assert wider == []


def axe_violations(driver) -> list[dict]:
    driver.execute_script(AXE.read_text("utf-8"))
    violations = driver.execute_async_script("""const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done([{id: 'axe-error',
            impact: 'critical', help: String(e), nodes: []}]));""")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:3]} for v in violations]


@pytest.mark.parametrize("width", [1280, 390])
def test_both_widths_render_without_overflow_and_pass_axe(driver, server, width):
    open_page(driver, server, width)
    assert [v for v in axe_violations(driver) if v["impact"] in ("serious", "critical")] == []
    score_on_page(driver, SPUN)
    driver.find_element("css selector", "[data-testid=signal-bar]").click()
    compare_on_page(driver, SAMPLES["versions"])
    assert_no_horizontal_overflow(driver)
    serious = [v for v in axe_violations(driver) if v["impact"] in ("serious", "critical")]
    assert serious == []
    save_screenshot(driver, width)


def save_screenshot(driver, width: int) -> None:
    """The README's screenshots, when SCORER_EDITOR_SCREENSHOTS names a folder (e.g. docs)."""
    folder = os.environ.get("SCORER_EDITOR_SCREENSHOTS")
    if not folder:
        return
    driver.execute_script("window.scrollTo(0, 0); document.activeElement.blur()")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height + 200, 12000))  # the window frame takes some of the height
    driver.save_screenshot(str(ROOT / folder / f"editor-{width}.png"))


def test_an_html_page_is_scored_and_its_evidence_listed(driver, server):
    open_page(driver, server)
    score_on_page(driver, PAGE)
    expected = score_as_the_page_asks(server, PAGE)
    assert float(driver.find_element("css selector", "[data-testid=score-value]").get_attribute("data-score")) \
        == expected["score"]
    pieces = pieces_by_key(highlights(driver))
    spans = expected_spans(expected, {"title", "text", "page_text"})
    assert {ev["field"] for ev in spans.values()} >= {"text", "page_text"}
    for span_key, ev in spans.items():  # the API returns the extracted text and page, so every span is shown in place
        assert "".join(p["text"] for p in pieces[span_key]) == ev["text"], span_key
    assert not driver.find_elements("css selector", ".missing li")


@pytest.mark.parametrize(("article", "message"), [
    ({"text": ""}, "Paste the article"),
    ({"text": "   \n  "}, "Paste the article"),
    ({"html": ""}, "Paste the article"),
    ({"text": "x" * 10, "url": "not a url at all"}, None),
])
def test_bad_input_gets_a_plain_message(driver, server, article, message):
    open_page(driver, server)
    paste(driver, article)
    driver.find_element("css selector", "[data-testid=score-button]").click()
    if message is None:  # the API takes it; the page shows the score
        wait_until(driver, results_state, "the score")
        assert results_state(driver) == "scored"
        return
    error = driver.find_element("id", "error")
    assert error.is_displayed() and message in error.text
    assert not driver.find_elements("css selector", "[data-testid=score-value]")


def test_a_server_that_wants_a_key_gets_it_from_the_page(driver, model):
    with serving(create_app({"MODEL": model, "API_KEY": "editor-secret"})) as base:
        open_page(driver, base)
        paste(driver, WIRE)
        driver.find_element("css selector", "[data-testid=score-button]").click()
        wait_until(driver, results_state, "the refusal")
        assert results_state(driver) == "failed"
        assert "X-API-Key" in driver.find_element("id", "error").text
        driver.find_element("css selector", ".settings summary").click()
        driver.find_element("id", "api-key").send_keys("editor-secret")
        score_on_page(driver, WIRE)
        expected = api_post(base, "/v1/score", WIRE, {"X-API-Key": "editor-secret"})
        assert float(driver.find_element("css selector", "[data-testid=score-value]").get_attribute("data-score")) \
            == expected["score"]
        driver.execute_script("sessionStorage.clear()")


@pytest.mark.parametrize("count", [2, 3, 5])
def test_versions_are_ranked_by_the_batch_scores(driver, server, count):
    versions = (SAMPLES["versions"] + [{"label": "Extra", "text": WIRE["text"]},
                                       {"label": "Spun", "text": SPUN["text"], "title": SPUN["title"]}])[:count]
    open_page(driver, server)
    cards = compare_on_page(driver, versions)
    body = {"articles": [{"id": f"v{i + 1}", "text": v["text"], **({"title": v["title"]} if v.get("title") else {}),
                          **({"source": v["source"]} if v.get("source") else {})} for i, v in enumerate(versions)],
            "corroborate": True}  # the page asks for corroboration: the server's OpenAPI document offers it
    scores = {v["label"]: r["score"] for v, r in zip(versions, api_post(server, "/v1/score/batch", body)["results"],
                                                     strict=True)}
    assert [c["label"] for c in cards] == sorted(scores, key=scores.get, reverse=True)
    assert [float(c["score"]) for c in cards] == sorted(scores.values(), reverse=True)
    assert [c["rank"] for c in cards] == list(range(1, count + 1))
    assert all("Top reasons" in c["text"] for c in cards)
    assert all("Corroboration" in c["text"] for c in cards)
    assert driver.find_element("id", "add-version").is_enabled() == (count < 5)


def test_one_version_is_not_a_comparison(driver, server):
    open_page(driver, server)
    driver.execute_script("document.getElementById('version-1-text').value = 'Only one version here.'")
    driver.find_element("css selector", "[data-testid=compare-button]").click()
    error = driver.find_element("id", "compare-error")
    assert error.is_displayed() and "at least two" in error.text


def test_axe_does_catch_a_planted_violation(driver, server):
    """Guards the accessibility test itself: an input with no label must be reported."""
    open_page(driver, server)
    driver.execute_script("document.querySelector('main').append(Object.assign(document.createElement('input'),"
                          "{type: 'text', id: 'planted'}))")
    found = [v for v in axe_violations(driver) if v["id"] == "label"]
    assert found and found[0]["impact"] in ("serious", "critical")


def test_hovering_a_highlight_names_its_signal_label_and_contribution(driver, server):
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(driver, server)
    score_on_page(driver, WIRE)
    result = score_as_the_page_asks(server, WIRE)
    entry = next(e for e in result["explanations"]  # a signal: wording spans carry each occurrence's share
                 if e["family"] != "wording" and any(ev["field"] == "text" for ev in e["evidence"]))
    evidence = next(ev for ev in entry["evidence"] if ev["field"] == "text")
    mark = next(m for m in driver.find_elements("css selector", "[data-testid=evidence]")
                if key(entry["feature"], evidence) in m.get_attribute("data-spans").split(" "))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    ActionChains(driver).move_to_element(mark).perform()
    tip = driver.find_element("id", "tooltip")
    wait_until(driver, lambda d: tip.is_displayed(), "the tooltip")
    sign = "\u2212" if entry["contribution"] < 0 else "+"
    for said in (entry["feature"].replace("_", " "), evidence["label"], f"{sign}{abs(entry['contribution']):.2f}"):
        assert said in tip.text
    ActionChains(driver).move_to_element(driver.find_element("id", "evidence-heading")).perform()
    wait_until(driver, lambda d: not tip.is_displayed(), "the tooltip to go")
