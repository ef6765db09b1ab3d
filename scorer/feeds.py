"""Readers for batch input: RSS/Atom feeds (files or URLs), JSONL, CSV, directories of them, and JSONL on stdin.

Every reader is a generator of `FeedItem`s, one per input item, in input order, and never holds more than one
feed document or one CSV row in memory. An item that cannot be read (a malformed line, a row in the wrong
encoding, a feed entry without text) is still yielded, carrying its `error`, so that the output has one record
per input item and nothing is dropped silently. Each item carries its `location` ("path:line 7") for error
records and resume, and an id: the feed guid, the `id` field or column, or a stable hash of the content.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from scorer.article import ARTICLE_FIELDS, stable_id
from scorer.html import fragment_text

# Largest CSV cell accepted, in characters (the csv module's default, 131,072, is below some long articles).
MAX_CSV_FIELD_CHARS = 16 * 1024 * 1024
# A feed behind a URL that does not answer within this many seconds is reported as unreadable.
URL_TIMEOUT_SECONDS = 30
# A feed document larger than this is refused: feeds are small, a bigger body is not a feed.
MAX_FEED_BYTES = 50 * 1024 * 1024
# How a file's suffix names its format; other files in a directory are skipped with a note.
FORMAT_BY_SUFFIX = {
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
# Column or key spellings taken as the article field beside them (common in exports and scraped tables).
FIELD_ALIASES = {"link": "url", "guid": "id", "date": "published", "body": "text", "content": "text"}
STDIN = "-"


class InputError(ValueError):
    """An input named on the command line cannot be used at all (missing path, unknown format): a usage error."""


@dataclass(frozen=True)
class FeedItem:
    """One input item: the article fields to score, or the reason it cannot be scored."""

    id: str
    location: str
    fields: dict[str, Any] | None = None
    error: str | None = None


# --- naming inputs -------------------------------------------------------------------------------------------


def is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def input_format(path: Path) -> str | None:
    """The format a file's suffix names, or None when the suffix is not a batch input format."""
    return FORMAT_BY_SUFFIX.get(path.suffix.lower())


def _sniff_format(path: Path) -> str:
    """Guess the format of a file named explicitly but with an unknown suffix, from its first character."""
    with path.open("rb") as handle:
        head = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "feed"
    if head.startswith(b"{"):
        return "jsonl"
    return "csv"


def check_inputs(names: Iterable[str]) -> list[str]:
    """Fail fast, before any scoring, on an input that does not exist or cannot be a batch input."""
    names = list(names)
    if not names:
        raise InputError("no INPUT given; name feeds, JSONL or CSV files, directories, URLs, or - for stdin")
    if names.count(STDIN) > 1:
        raise InputError("'-' (stdin) can be named only once")
    for name in names:
        if name == STDIN or is_url(name):
            continue
        path = Path(name)
        if not path.exists():
            raise InputError(f"input {name!r} does not exist")
        if not (path.is_file() or path.is_dir()):
            raise InputError(f"input {name!r} is neither a file nor a directory")
    return names


def iter_items(names: Iterable[str], stdin: BinaryIO | None = None, notes=None) -> Iterator[FeedItem]:
    """Every item of every input, in the order named (directories in sorted path order)."""
    notes = notes or (lambda message: print(message, file=sys.stderr))
    for name in names:
        if name == STDIN:
            yield from read_jsonl_stream(stdin or sys.stdin.buffer, "<stdin>")
        elif is_url(name):
            yield from read_feed_url(name)
        elif Path(name).is_dir():
            yield from read_directory(Path(name), notes)
        else:
            yield from read_file(Path(name), None)


def read_directory(directory: Path, notes) -> Iterator[FeedItem]:
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        if any(part.startswith(".") for part in path.relative_to(directory).parts):
            continue  # hidden files and folders (.git, editor swap files) are never input
        fmt = input_format(path)
        if fmt is None:
            notes(f"note: skipping {path} (not a feed, .jsonl or .csv file)")
            continue
        yield from read_file(path, fmt)


def read_file(path: Path, fmt: str | None) -> Iterator[FeedItem]:
    """The items of one file (`fmt` None: by suffix, else sniffed); a file the OS will not read is an error item."""
    try:
        fmt = fmt or input_format(path) or _sniff_format(path)
        if fmt == "jsonl":
            with path.open("rb") as handle:
                yield from read_jsonl_stream(handle, str(path))
        elif fmt == "csv":
            yield from read_csv(path)
        else:
            yield from read_feed_file(path)
    except OSError as error:
        yield _unreadable(str(path), f"file could not be read: {error.strerror or error}")


def _unreadable(location: str, reason: str) -> FeedItem:
    """An error item for a whole input that could not be read; its id is derived from where it came from."""
    return FeedItem(id=hashlib.sha256(location.encode("utf-8", "replace")).hexdigest()[:16], location=location,
                    error=reason)


# --- article fields ------------------------------------------------------------------------------------------


def article_fields(record: dict[str, Any]) -> dict[str, Any]:
    """Keep the article fields of a row or object (aliases mapped, extra columns ignored), id always set."""
    fields: dict[str, Any] = {}
    for key, value in record.items():
        name = key.strip().lower() if isinstance(key, str) else key
        name = FIELD_ALIASES.get(name, name)
        if name in ARTICLE_FIELDS and value not in (None, "") and name not in fields:
            fields[name] = value
    if fields.get("id") is None:
        fields["id"] = _content_id(fields)
    elif not isinstance(fields["id"], str):
        fields["id"] = str(fields["id"])
    return fields


def _content_id(fields: dict[str, Any]) -> str:
    """The same stable hash `scorer.from_text` would give, so an article keeps one id however it arrives."""
    body = fields.get("text") or fields.get("html") or ""
    url = fields.get("url")
    return stable_id(_as_text(body), _as_text(fields.get("title") or ""), url if isinstance(url, str) else None)


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _has_surrogates(value: Any) -> bool:
    """True for text decoded with surrogateescape from bytes that were not UTF-8."""
    return isinstance(value, str) and any("\udc80" <= ch <= "\udcff" for ch in value)


def printable(value: str) -> str:
    """Text safe to write anywhere: bytes that were not UTF-8 become U+FFFD instead of lone surrogates."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# --- JSONL ---------------------------------------------------------------------------------------------------


def read_jsonl_stream(handle: BinaryIO, name: str) -> Iterator[FeedItem]:
    """One JSON object per line; blank lines are not items. Lines are decoded one at a time, strictly as UTF-8."""
    for number, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        yield jsonl_item(raw, f"{name}:line {number}")


def jsonl_item(raw: bytes, location: str) -> FeedItem:
    fallback_id = stable_id(raw.decode("utf-8", "replace").strip())
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return FeedItem(fallback_id, location, error=(
            f"bad encoding: line is not valid UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1})"))
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as error:
        return FeedItem(fallback_id, location, error=f"malformed JSON line: {error.msg} at column {error.colno}")
    if not isinstance(obj, dict):
        return FeedItem(fallback_id, location, error=f"a line must be a JSON object, got {type(obj).__name__}")
    fields = article_fields(obj)
    return FeedItem(fields["id"], location, fields=fields)


# --- CSV -----------------------------------------------------------------------------------------------------


def read_csv(path: Path) -> Iterator[FeedItem]:
    """CSV with a header row, streamed one row at a time; every cell is kept as a string.

    The stdlib reader, not pandas: pandas' python engine (the only one that reports malformed rows instead of
    failing the file) takes a row with extra fields as an index and silently loses the row before it. Here a row
    with the wrong number of fields is an error item at its own line, and the rows around it read normally.
    """
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_FIELD_CHARS))
    with path.open("r", encoding="utf-8", errors="surrogateescape", newline="") as handle:
        rows = csv.reader(handle)
        header: list[str] | None = None
        while True:
            first_line = rows.line_num + 1  # a quoted cell can span lines; a row is located by its first line
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as error:
                yield _unreadable(f"{path}:line {first_line}", f"malformed CSV row: {error}")
                continue
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank lines are not items
            if header is None:
                header = [column.lstrip("\ufeff") for column in row]
                missing_text = not {_field_name(c) for c in header} & {"text", "html"}
                continue
            yield _csv_item(row, header, f"{path}:line {first_line}", missing_text)


def _field_name(column: str) -> str:
    name = column.strip().lower()
    return FIELD_ALIASES.get(name, name)


def _csv_item(row: list[str], header: list[str], location: str, missing_text: bool) -> FeedItem:
    if len(row) != len(header):
        content_id = stable_id(printable("\x1f".join(row)))
        return FeedItem(content_id, location, error=f"malformed CSV row: {len(row)} fields, expected {len(header)}")
    record = dict(zip(header, row, strict=True))
    fields = article_fields(record)
    if any(_has_surrogates(value) for value in row):
        return FeedItem(printable(fields["id"]), location, error="bad encoding: row is not valid UTF-8")
    if missing_text:
        return FeedItem(fields["id"], location, error=(
            f"the CSV has no 'text' or 'html' column (columns: {', '.join(header)})"))
    return FeedItem(fields["id"], location, fields=fields)


# --- RSS / Atom ----------------------------------------------------------------------------------------------


def read_feed_file(path: Path) -> Iterator[FeedItem]:
    if path.stat().st_size > MAX_FEED_BYTES:
        yield _unreadable(str(path), f"file is larger than {MAX_FEED_BYTES} bytes; not a feed")
        return
    yield from read_feed_document(path.read_bytes(), str(path))


def read_feed_url(url: str) -> Iterator[FeedItem]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "credibility-scorer batch"})
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT_SECONDS) as response:
            body = response.read(MAX_FEED_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        yield _unreadable(url, f"feed could not be fetched: {error}")
        return
    if len(body) > MAX_FEED_BYTES:
        yield _unreadable(url, f"response is larger than {MAX_FEED_BYTES} bytes; not a feed")
        return
    yield from read_feed_document(body, url)


def read_feed_document(body: bytes, name: str) -> Iterator[FeedItem]:
    """Every entry of one RSS or Atom document; feedparser reads the encoding the document declares."""
    import feedparser

    parsed = feedparser.parse(body)
    if not parsed.entries:
        if body.strip() and not parsed.get("version"):
            problem = f": {parsed.get('bozo_exception')}" if parsed.bozo else ""
            yield _unreadable(name, f"not an RSS or Atom feed{problem}")
        return  # an empty feed (or an empty file) holds no items
    feed_title = parsed.feed.get("title") or None
    feed_language = parsed.feed.get("language") or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield feed_item(entry, f"{name}:item {number}", feed_title, feed_language)


def feed_item(entry: Any, location: str, feed_title: str | None, feed_language: str | None) -> FeedItem:
    """title, content (or else summary) as text, link, guid, published date, and the source (or feed) title."""
    source = entry.get("source") or {}
    fields = {
        "id": entry.get("id") or None,
        "title": html_to_text(entry.get("title") or ""),
        "text": _entry_text(entry),
        "url": entry.get("link") or None,
        "published": entry.get("published") or entry.get("updated") or None,
        "source": source.get("title") or feed_title,
        "language": feed_language,
    }
    fields = article_fields(fields)
    if not fields.get("text"):
        return FeedItem(fields["id"], location, error="feed item has no content or summary text to score")
    return FeedItem(fields["id"], location, fields=fields)


def _entry_text(entry: Any) -> str:
    """The fullest body the entry carries: its (longest) content, else its summary, as plain text."""
    bodies = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if bodies:
        best = max(bodies, key=lambda c: len(c.get("value") or ""))
        return _detail_text(best.get("value"), best.get("type"))
    detail = entry.get("summary_detail") or {}
    return _detail_text(entry.get("summary") or "", detail.get("type"))


def _detail_text(value: str, content_type: str | None) -> str:
    if content_type in ("text/plain",) and "<" not in value:
        return value.strip()
    return html_to_text(value)


def html_to_text(fragment: str) -> str:
    """A feed entry's HTML (content, summary or title) as plain text, one block per line."""
    return fragment_text(fragment)
