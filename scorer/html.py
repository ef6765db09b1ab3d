"""HTML pages: the main article text (trafilatura) and the full visible page text beside it (lxml).

The main text is what the article signals read. The page text keeps everything a reader sees on the page (menus,
share bars, comment forms, cookie notices, footers), one block per line, because page-level boilerplate and
solicitations live outside the main text and a line-level check needs the blocks kept apart.

Extraction choice: trafilatura with `favor_precision=True` and no comments. The main text feeds every body signal
(attribution, figures, style), so a leaked share bar or comment would be scored as if the author wrote it; page
furniture is measured separately on the page text, so nothing is lost by leaving it out of the main text.
`python -m benchmarks.boilerplate_lines` reports the body F1 of this choice next to the default and recall modes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring
from trafilatura.utils import load_html

from scorer.article import ArticleError

# Elements whose text a reader never sees as page text.
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas")
# Elements that start a new visual block: each gets its own line in the page text.
_BLOCK_TAGS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "br", "dd", "details", "dialog", "div", "dl", "dt"),
        *("fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header"),
        *("hr", "label", "legend", "li", "main", "nav", "ol", "option", "p", "pre", "section", "select"),
        *("summary", "table", "td", "textarea", "th", "tr", "ul"),
    )
)
_SPACES = re.compile(r"[^\S\n]+")
_ANY_SPACES = re.compile(r"\s+")
# trafilatura's extraction mode for the main text (see the module docstring for why precision).
EXTRACTION_MODE = {"favor_precision": True}


@dataclass(frozen=True)
class Extracted:
    main_text: str
    page_text: str
    title: str


def parse(html: str | bytes) -> HtmlElement:
    """Parse with trafilatura's tolerant loader (it fixes encodings and broken markup); raise if nothing is left."""
    tree = load_html(html)
    if tree is None:
        raise ArticleError("the html could not be parsed as a web page (no document tree)")
    return tree


def _visible_lines(tree: HtmlElement) -> list[str]:
    """Visible text of the body, one block per line, spaces collapsed, empty lines dropped."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    etree.strip_elements(root, *_INVISIBLE_TAGS, with_tail=False)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in root.iter(*_BLOCK_TAGS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (_SPACES.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return [line for line in lines if line]


def page_text(tree: HtmlElement) -> str:
    """The full visible text of the page, one block per line (the tree is modified: pass a copy)."""
    return "\n".join(_visible_lines(tree))


def fragment_text(fragment: str) -> str:
    """Visible text of an HTML fragment (a feed item's content), one block per line.

    Not trafilatura: a fragment is the article already, and looking for a page's main block in it drops short ones.
    """
    if "<" not in fragment and "&" not in fragment:
        return " ".join(fragment.split())
    try:
        root = fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):  # nothing parseable: keep the characters as they came
        return " ".join(fragment.split())
    for element in root.iter():  # in HTML a line break in the source is a space; blocks make the lines
        element.text = _collapse(element.text)
        element.tail = _collapse(element.tail)
    return "\n".join(_visible_lines(root))


def _collapse(text: str | None) -> str | None:
    return None if text is None else _ANY_SPACES.sub(" ", text)


def main_text_and_title(tree: HtmlElement, **mode: bool) -> tuple[str, str]:
    """trafilatura's main text (no comments) and the page title from its metadata."""
    options = mode or EXTRACTION_MODE
    document = trafilatura.bare_extraction(tree, include_comments=False, with_metadata=True, **options)
    if document is None:
        return "", ""
    return document.text or "", document.title or ""


def extract_main_and_page_text(html: str | bytes) -> Extracted:
    """Main article text, full visible page text and title of one HTML page."""
    tree = parse(html)
    # trafilatura prunes the tree it is given, so the page text is read from a separate parse first.
    visible = page_text(parse(html))
    main, title = main_text_and_title(tree)
    return Extracted(main_text=main, page_text=visible, title=title)
