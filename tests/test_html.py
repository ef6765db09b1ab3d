"""HTML ingest: trafilatura's main text, the full visible page text one block per line, and clear errors."""

import pytest

from scorer.article import ArticleError, from_dict, from_html
from scorer.html import extract_main_and_page_text, page_text, parse
from scorer.segment import segment
from scorer.signals.boilerplate import boilerplate_lines_in_page, solicitations_in_page

PARAGRAPHS = [
    "Ministers from Eldora and Varnessa signed an agreement on Tuesday to share water from the Kessel river, "
    "ending two years of negotiations over the dam built upstream.",
    "Under the deal, Varnessa will release at least 40 percent of the reservoir's flow between June and September, "
    "according to the text published by the Eldoran foreign ministry.",
    "The World Bank, which helped fund the talks, said in a statement that it would monitor the flow with gauges "
    "installed at three stations along the border.",
    "Farmers' groups in the delta welcomed the news, and said the first real test would come in July, when rainfall "
    "is at its lowest.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8"><title>Delta nations sign water accord | Example News</title>
<meta property="og:title" content="Delta nations sign water accord">
<style>.share {{ color: red }} body::before {{ content: "STYLE TEXT" }}</style>
<script>var tracking = "SCRIPT TEXT";</script>
</head><body>
<div id="cookie-banner">We use cookies to improve your experience. <button>Accept all cookies</button></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<main><article>
<h1>Delta nations sign water accord</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
<div class="share">Share this:<a href="#">Facebook</a><a href="#">Twitter</a></div>
</article>
<section class="comments"><h3>Leave a Reply</h3>
<form><p>Your email address will not be published. Required fields are marked *</p>
<label>Comment</label><textarea></textarea><label>Name *</label><input name="n">
<input type="submit" value="Post Comment"></form></section>
</main>
<footer><a href="/ads">Advertise with us</a> | <a href="#top">Back to top</a><noscript>NOSCRIPT TEXT</noscript>
<!-- a comment that nobody sees --></footer>
</body></html>"""


@pytest.fixture(scope="module")
def extracted():
    return extract_main_and_page_text(PAGE)


def test_main_text_is_the_article_without_the_furniture(extracted):
    for paragraph in PARAGRAPHS:
        assert paragraph in extracted.main_text
    for furniture in ("Leave a Reply", "We use cookies", "Share this", "Advertise with us", "Home"):
        assert furniture not in extracted.main_text


def test_title_comes_from_the_page_metadata(extracted):
    assert extracted.title == "Delta nations sign water accord"


def test_page_text_has_every_visible_block_on_its_own_line(extracted):
    lines = extracted.page_text.split("\n")
    # the button sits inline in the cookie notice, so it shares the notice's line
    for line in ("We use cookies to improve your experience. Accept all cookies", "Home", "World",
                 "Delta nations sign water accord", *PARAGRAPHS, "Leave a Reply",
                 "Your email address will not be published. Required fields are marked *", "Comment"):
        assert line in lines, line
    assert "Advertise with us | Back to top" in lines


def test_page_text_leaves_out_what_no_reader_sees(extracted):
    for hidden in ("SCRIPT TEXT", "STYLE TEXT", "NOSCRIPT TEXT", "nobody sees", "Example News"):
        assert hidden not in extracted.page_text
    assert all(line == line.strip() and line for line in extracted.page_text.split("\n"))


def test_from_html_keeps_page_text_and_the_page_signals_point_into_it():
    article = from_html(PAGE.encode("utf-8"), url="https://example.test/a")
    assert article.title == "Delta nations sign water accord"
    assert article.page_text and "Leave a Reply" in article.page_text
    doc = segment(article)
    lines = boilerplate_lines_in_page(doc)
    asks = solicitations_in_page(doc)
    assert lines.value > 0 and asks.value == 1.0
    cues = {article.page_text[s.start : s.end] for s in lines.evidence}
    assert {"Leave a Reply", "Your email address will not be published", "We use cookies", "Share this:",
            "Back to top"} <= cues
    assert all(span.field == "page_text" for span in lines.evidence + asks.evidence)
    assert [article.page_text[s.start : s.end] for s in asks.evidence] == ["Advertise with us"]


def test_caller_title_wins_over_the_page_title():
    assert from_dict({"html": PAGE, "title": "My own title"}).title == "My own title"


def test_parse_leaves_the_callers_tree_alone():
    tree = parse(PAGE)
    first = page_text(parse(PAGE))
    assert page_text(tree) == first  # a fresh parse of the same page gives the same lines


def test_unclosed_tags_and_entities_still_read():
    html = "<html><body><div><p>" + "</p><p>".join(PARAGRAPHS) + "<p>Caf&eacute; owners &amp; farmers agreed"
    article = from_html(html)
    assert PARAGRAPHS[0] in article.text
    assert "Café owners & farmers agreed" in article.page_text


BAD_HTML = {
    "empty string": ("", "html is empty"),
    "whitespace": ("  \n\t ", "html is empty"),
    "empty document": ("<html></html>", "no article text"),
    "only a script": ("<html><body><script>var a = 1;</script></body></html>", "no article text"),
    "only a style sheet": ("<html><head><style>p { color: red }</style></head><body></body></html>", "no article text"),
    "not html at all": ("<<<>>>", "could not be parsed"),
    "invalid utf-8 bytes": (b"<html>\xff\xfe</html>", "not valid UTF-8"),
}


@pytest.mark.parametrize("case", BAD_HTML, ids=str)
def test_bad_html_is_a_clear_article_error(case):
    html, message = BAD_HTML[case]
    with pytest.raises(ArticleError, match=message):
        from_html(html)


def test_non_english_rtl_emoji_and_zero_width_pages():
    paragraphs = [
        "قال الوزير إن الاتفاق سيوقع في مارس بعد عامين من المفاوضات حول السد الذي بني عند المنبع. 🚨",
        "Der Minister sagte am Dienstag, das Abkommen gelte ab\u200b März für beide Länder und alle Bauern.",
        "وأضاف مصدر دبلوماسي أن سبعين في المئة من المياه ستعود إلى المزارعين في الدلتا خلال الصيف المقبل.",
    ]
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"
    extracted = extract_main_and_page_text(html)
    assert extracted.page_text.split("\n") == paragraphs
    # the page text keeps every character; trafilatura's main text drops the zero-width space
    assert "Der Minister sagte am Dienstag, das Abkommen gelte ab März" in extracted.main_text
    assert paragraphs[0] in extracted.main_text
