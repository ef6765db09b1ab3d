"""Ingest: turn whatever a caller sends (JSON object, HTML page, plain text, feed item) into one Article.

The article text is kept exactly as the caller sent it (or as trafilatura extracted it from HTML), so that every
evidence span `[start, end)` slices back into the caller's own string. Nothing here rewrites the text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from scorer.segment import count_words, has_words

# Past this many characters only a prefix is scored (about 15,000 words; news articles are far shorter).
MAX_TEXT_CHARS = 100_000
# A title longer than this is not a headline; it is cut, with a warning.
MAX_TITLE_CHARS = 1_000
# Share of C0 control characters above which a text is taken to be binary data, not prose.
MAX_CONTROL_CHAR_SHARE = 0.01
# English news runs at ~40% function words; below this share the text is almost surely another language.
MIN_ENGLISH_FUNCTION_WORD_SHARE = 0.12
# Too few words to judge the language of by its function words (a headline, or a script without spaces).
MIN_WORDS_FOR_LANGUAGE_CHECK = 12
# Letters the language identifier needs before its answer means anything (a CJK sentence has ~20).
MIN_LETTERS_FOR_LANGUAGE_ID = 20
# The language check reads only this much of the text (~100 words): at English news's ~40% function words the
# 12% threshold is over 5 standard deviations away, and on the 2,836 corpus texts 600 and 1,500 characters warn on
# the same texts.
LANGUAGE_SAMPLE_CHARS = 600
# Fewer words than this are too little to judge an article by (the model's band says "uncertain").
MIN_WORDS = 50

ARTICLE_FIELDS = ("id", "url", "source", "title", "text", "html", "published", "language")


class ArticleError(ValueError):
    """The input cannot be read as an article; the message says why, in words a caller can act on."""


@dataclass(frozen=True)
class Article:
    text: str
    title: str = ""
    id: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None
    # Full visible text of the page (HTML input only): page-level boilerplate lives outside the main text.
    page_text: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def with_warning(self, warning: str) -> Article:
        return replace(self, warnings=(*self.warnings, warning))


def stable_id(text: str, title: str = "", url: str | None = None) -> str:
    """A short id that is the same every time the same article is seen (used when the caller gave none)."""
    digest = hashlib.sha256("\x1f".join((url or "", title, text)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def decode_bytes(data: bytes) -> str:
    """Decode UTF-8 input strictly: a wrong encoding is reported, never guessed and silently mangled."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleError(
            f"input is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "re-encode it as UTF-8"
        ) from None


# C0 control characters other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])


def _control_char_share(text: str) -> float:
    """Share of C0 control characters in the first 10,000 characters, counted on the UTF-8 bytes (no other character
    encodes to a byte below 0x80) by deleting them with bytes.translate."""
    sample = text[:10_000]
    encoded = sample.encode("utf-8", "surrogatepass")
    return (len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))) / max(len(sample), 1)


def _check_text(text: Any, what: str) -> str:
    if isinstance(text, bytes):
        text = decode_bytes(text)
    if not isinstance(text, str):
        raise ArticleError(f"{what} must be a string, got {type(text).__name__}")
    if not text.strip():
        raise ArticleError(f"{what} is empty or whitespace only; there is nothing to score")
    if "\x00" in text or _control_char_share(text) > MAX_CONTROL_CHAR_SHARE:
        raise ArticleError(f"{what} looks like binary data (control characters), not article text")
    if not any(ch.isalpha() for ch in text[:MAX_TEXT_CHARS]):
        raise ArticleError(f"{what} has no words (no letters at all); there are no sentences to score")
    return text


_UNRELIABLE = "signals are built for English, scores are unreliable"


@cache
def _english_function_words() -> frozenset[str]:
    from scorer import lexicons

    return frozenset(lexicons.load("english_function_words"))


def english_function_word_share(text: str) -> float | None:
    """Share of words in the opening of `text` that are common English function words; None if too few words."""
    # A word with punctuation attached just fails to count.
    words = text[:LANGUAGE_SAMPLE_CHARS].lower().split()
    if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
        return None
    return sum(map(_english_function_words().__contains__, words)) / len(words)


def identify_language(text: str) -> str:
    """The ISO 639-1 code py3langid gives the opening of `text` (it ships its model; ~0.1 ms a call)."""
    import py3langid

    return py3langid.classify(text[:LANGUAGE_SAMPLE_CHARS])[0]


def _language_warning(article: Article) -> str | None:
    """Cheap first: a text whose opening is 12%+ English function words is English (nearly every article). Otherwise
    the language identifier names the language; it also reads scripts that do not separate words with spaces."""
    declared = (article.language or "").strip().lower()
    if declared and not declared.startswith("en"):
        return f"non_english: declared language '{article.language}'; {_UNRELIABLE}"
    share = english_function_word_share(article.text)
    if share is not None and share >= MIN_ENGLISH_FUNCTION_WORD_SHARE:
        return None
    sample = article.text[:LANGUAGE_SAMPLE_CHARS]
    if share is None and sum(ch.isalpha() for ch in sample) < MIN_LETTERS_FOR_LANGUAGE_ID:
        return None
    language = identify_language(sample)
    if share is None and language == "en":
        return None
    return f"non_english: the text reads as language '{language}', not English; {_UNRELIABLE}"


def _length_warning(article: Article) -> str | None:
    if has_words(article.text, MIN_WORDS):
        return None
    words = count_words(article.text)
    plural = "" if words == 1 else "s"
    return f"too_short: the text has {words} word{plural}; fewer than {MIN_WORDS} are too few to judge"


def _limit(article: Article) -> Article:
    if len(article.text) > MAX_TEXT_CHARS:
        article = replace(article, text=article.text[:MAX_TEXT_CHARS]).with_warning(
            f"text_truncated: only the first {MAX_TEXT_CHARS} characters were scored"
        )
    if len(article.title) > MAX_TITLE_CHARS:
        article = replace(article, title=article.title[:MAX_TITLE_CHARS]).with_warning(
            f"title_truncated: only the first {MAX_TITLE_CHARS} characters of the title were scored"
        )
    return article


def _optional_str(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ArticleError(f"'{name}' must be a string, got {type(value).__name__}")
    return value


def from_text(text: str, title: str = "", **meta: Any) -> Article:
    """A plain-text article; `meta` takes the optional fields (id, url, source, published, language)."""
    text = _check_text(text, "text")
    title = _optional_str(title, "title") or ""
    fields = {name: _optional_str(meta.get(name), name) for name in ("id", "url", "source", "published", "language")}
    fields["id"] = fields["id"] or stable_id(text, title, fields["url"])
    article = _limit(Article(text=text, title=title, **fields))
    for warning in (_language_warning(article), _length_warning(article)):
        if warning:
            article = article.with_warning(warning)
    return article


def from_html(html: str | bytes, **meta: Any) -> Article:
    """An HTML page: trafilatura extracts the main text; the whole visible page text is kept beside it."""
    from scorer.html import extract_main_and_page_text  # trafilatura is slow to import; load it only for HTML

    if isinstance(html, bytes):
        html = decode_bytes(html)
    if not isinstance(html, str) or not html.strip():
        raise ArticleError("html is empty; send the page source")
    extracted = extract_main_and_page_text(html)
    if not extracted.main_text.strip():
        raise ArticleError("no article text could be extracted from the html")
    title = meta.pop("title", None) or extracted.title or ""
    article = from_text(extracted.main_text, title=title, **meta)
    return replace(article, page_text=extracted.page_text or None)


def from_dict(obj: Any) -> Article:
    """A JSON object with `title` and `text` or `html`, and optional id, url, source, published, language."""
    if not isinstance(obj, dict):
        raise ArticleError(f"an article must be a JSON object, got {type(obj).__name__}")
    unknown = sorted(set(obj) - set(ARTICLE_FIELDS))
    if unknown:
        raise ArticleError(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(ARTICLE_FIELDS)}")
    meta = {name: obj.get(name) for name in ("id", "url", "source", "published", "language")}
    title = obj.get("title") or ""
    if obj.get("text") not in (None, ""):
        return from_text(obj["text"], title=title, **meta)
    if obj.get("html") not in (None, ""):
        return from_html(obj["html"], title=title, **meta)
    raise ArticleError("the article needs a non-empty 'text' or 'html' field")


def to_article(item: Article | dict | str) -> Article:
    """Accept an Article, a JSON-like dict, or plain text."""
    if isinstance(item, Article):
        return item
    if isinstance(item, dict):
        return from_dict(item)
    if isinstance(item, (str, bytes)):
        return from_text(item)
    raise ArticleError(f"cannot read an article from {type(item).__name__}")
