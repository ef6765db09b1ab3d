"""Batch input readers: feeds, JSONL, CSV, directories, stdin — one item per input item, errors kept as items."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from scorer import feeds
from scorer.article import stable_id

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Harbour Town Gazette</title>
  <link>https://gazette.example/</link>
  <language>en</language>
  <item>
    <title>Ferry timetable changes from May</title>
    <link>https://gazette.example/ferry</link>
    <guid isPermaLink="false">gazette-ferry-0412</guid>
    <pubDate>Mon, 13 Apr 2026 09:00:00 GMT</pubDate>
    <description>Short teaser only.</description>
    <content:encoded><![CDATA[<p>The harbour authority said on Monday that the ferry will leave
      at 7:10 instead of 7:00.</p><p>&ldquo;Tides forced the change,&rdquo; said harbour master Ana Ruiz.</p>
      <script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Library extends opening hours</title>
    <link>https://gazette.example/library</link>
    <description>The library will open until 8 pm on Thursdays, the council said.</description>
  </item>
  <item>
    <title>Headline with no body at all</title>
    <guid>gazette-empty-1</guid>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Weekly</title>
  <id>urn:uuid:valley-weekly</id>
  <updated>2026-04-10T12:00:00Z</updated>
  <entry>
    <title>Bridge reopens after repairs</title>
    <id>urn:uuid:bridge-1</id>
    <link href="https://valley.example/bridge"/>
    <updated>2026-04-10T12:00:00Z</updated>
    <source><title>Valley Roads Office</title></source>
    <content type="html">&lt;p&gt;The bridge reopened on Friday.&lt;/p&gt;&lt;p&gt;Repairs cost 1.2 million euros, the
      roads office said.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Market day moves</title>
    <id>urn:uuid:market-2</id>
    <link href="https://valley.example/market"/>
    <updated>2026-04-11T12:00:00Z</updated>
    <summary>The Saturday market moves to the square, organisers said.</summary>
  </entry>
</feed>
"""

EMPTY_RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing yet</title></channel></rss>"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def items_of(*names: str, stdin: bytes | None = None) -> list[feeds.FeedItem]:
    return list(feeds.iter_items(names, stdin=io.BytesIO(stdin or b""), notes=lambda message: None))


# --- RSS and Atom ----------------------------------------------------------------------------------------------


def test_rss_items_keep_guid_link_date_source_and_content_as_text(tmp_path):
    ferry, library, _ = items_of(str(write(tmp_path, "gazette.rss", RSS)))
    assert ferry.id == "gazette-ferry-0412"
    assert ferry.location.endswith("gazette.rss:item 1")
    assert ferry.error is None
    assert ferry.fields["title"] == "Ferry timetable changes from May"
    assert ferry.fields["url"] == "https://gazette.example/ferry"
    assert ferry.fields["source"] == "Harbour Town Gazette"
    assert ferry.fields["language"] == "en"
    assert "2026" in ferry.fields["published"]
    # content:encoded wins over the teaser; tags and scripts are gone, paragraphs and entities kept
    assert ferry.fields["text"] == (
        "The harbour authority said on Monday that the ferry will leave at 7:10 instead of 7:00.\n"
        "“Tides forced the change,” said harbour master Ana Ruiz."
    )
    assert library.fields["text"] == "The library will open until 8 pm on Thursdays, the council said."


def test_rss_item_without_guid_gets_the_stable_content_id(tmp_path):
    _, library, _ = items_of(str(write(tmp_path, "gazette.rss", RSS)))
    expected = stable_id(library.fields["text"], library.fields["title"], library.fields["url"])
    assert library.id == expected
    assert items_of(str(tmp_path / "gazette.rss"))[1].id == expected  # same every run


def test_broken_feed_item_becomes_an_error_item_and_the_others_still_read(tmp_path):
    read = items_of(str(write(tmp_path, "gazette.rss", RSS)))
    assert [item.error is None for item in read] == [True, True, False]
    assert read[2].id == "gazette-empty-1"
    assert "no content or summary" in read[2].error
    assert read[2].location.endswith("gazette.rss:item 3")


def test_atom_entries_take_content_or_summary_and_the_source_title(tmp_path):
    bridge, market = items_of(str(write(tmp_path, "valley.atom", ATOM)))
    assert bridge.id == "urn:uuid:bridge-1"
    assert bridge.fields["url"] == "https://valley.example/bridge"
    assert bridge.fields["source"] == "Valley Roads Office"
    assert bridge.fields["text"] == (
        "The bridge reopened on Friday.\nRepairs cost 1.2 million euros, the roads office said.")
    assert market.fields["source"] == "Valley Weekly"
    assert market.fields["text"] == "The Saturday market moves to the square, organisers said."


EMPTY_ATOM = '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'


@pytest.mark.parametrize("content", [EMPTY_RSS, EMPTY_ATOM, ""])
def test_empty_feed_has_no_items(tmp_path, content):
    assert items_of(str(write(tmp_path, "empty.xml", content))) == []


@pytest.mark.parametrize(
    "content",
    ["<html><body><p>not a feed</p></body></html>", "<html><body><p>cut off", '<?xml version="1.0"?><note>hi</note>',
     "just some words"],
)
def test_a_document_that_is_not_a_feed_is_one_error_item_never_silence(tmp_path, content):
    (only,) = items_of(str(write(tmp_path, "broken.xml", content)))
    assert only.error.startswith("not an RSS or Atom feed")
    assert only.location == str(tmp_path / "broken.xml")


def test_feed_cut_off_mid_item_keeps_the_items_before_the_cut(tmp_path):
    cut = RSS[: RSS.index("<title>Library")]
    read = items_of(str(write(tmp_path, "cut.rss", cut)))
    assert read[0].id == "gazette-ferry-0412" and read[0].error is None


def test_feed_in_a_declared_legacy_encoding_is_decoded(tmp_path):
    latin = RSS.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace("Ana Ruiz", "Ana Muñoz")
    ferry = items_of(str(write(tmp_path, "latin.rss", latin.encode("latin-1"))))[0]
    assert ferry.fields["text"].endswith("said harbour master Ana Muñoz.")


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("", ""),
        ("plain   words\nacross lines", "plain words across lines"),
        ("<p>One.</p><p>Two &amp; three.</p>", "One.\nTwo & three."),
        ("Line one<br>line two", "Line one\nline two"),
        ("&amp; only an entity", "& only an entity"),
        ("<p>Caf&eacute; &#8220;quoted&#8221;</p>", "Café “quoted”"),
        ("<div><style>p{}</style><script>x()</script>Kept</div>", "Kept"),
        ("<p>unclosed <b>bold", "unclosed bold"),
        ("<<<>>>", "<<<>>>"),
    ],
)
def test_html_to_text(fragment, text):
    assert feeds.html_to_text(fragment) == text


# --- JSONL -----------------------------------------------------------------------------------------------------


def test_jsonl_lines_malformed_and_non_objects_are_error_items_blank_lines_are_not_items(tmp_path):
    path = write(tmp_path, "in.jsonl", (
        '{"id": "x1", "title": "T", "text": "Body one.", "dataset": "extra columns are ignored"}\n'
        "\n"
        '{"title": "No id", "text": "Body two."}\n'
        "{not json\n"
        "[1, 2]\n"
        '{"id": 7, "text": "Numeric id."}\n'
    ))
    read = items_of(str(path))
    assert [item.location.rsplit(":", 1)[1] for item in read] == ["line 1", "line 3", "line 4", "line 5", "line 6"]
    assert read[0].fields == {"id": "x1", "title": "T", "text": "Body one."}
    assert read[1].id == stable_id("Body two.", "No id")
    assert read[2].error.startswith("malformed JSON line")
    assert read[3].error == "a line must be a JSON object, got list"
    assert read[4].id == "7"


def test_non_utf8_jsonl_line_is_a_bad_encoding_error_and_its_neighbours_read(tmp_path):
    path = write(tmp_path, "latin.jsonl", (
        b'{"id": "ok1", "text": "Fine."}\n'
        b'{"id": "bad", "text": "Caf\xe9 au lait."}\n'
        b'{"id": "ok2", "text": "Also fine."}\n'
    ))
    ok1, bad, ok2 = items_of(str(path))
    assert ok1.error is None and ok2.error is None
    assert bad.error.startswith("bad encoding") and "0xe9" in bad.error


def test_stdin_is_jsonl(tmp_path):
    (item,) = items_of("-", stdin=b'{"id": "s1", "text": "From a pipe."}\n')
    assert item.location == "<stdin>:line 1"
    assert item.fields["text"] == "From a pipe."


# --- CSV -------------------------------------------------------------------------------------------------------


def test_csv_rows_keep_id_column_as_string_and_map_common_aliases(tmp_path):
    path = write(tmp_path, "in.csv", (
        "id,title,text,link,date,label\n"
        '007,First,"Body with a\nline break.",https://e.example/1,2026-04-01,1\n'
        ",Second,Body two.,,,0\n"
    ))
    first, second = items_of(str(path))
    assert first.id == "007"
    assert first.fields == {"id": "007", "title": "First", "text": "Body with a\nline break.",
                            "url": "https://e.example/1", "published": "2026-04-01"}
    assert first.location.endswith("in.csv:line 2")
    assert second.location.endswith("in.csv:line 4")  # the row before spans two lines
    assert second.id == stable_id("Body two.", "Second")


def test_csv_without_a_text_column_gives_one_error_per_row(tmp_path):
    path = write(tmp_path, "notext.csv", "id,title,summary_words\nr1,One,3\nr2,Two,4\n")
    read = items_of(str(path))
    assert [item.id for item in read] == ["r1", "r2"]
    assert all("no 'text' or 'html' column" in item.error for item in read)


def test_csv_row_in_the_wrong_encoding_is_an_error_and_the_rest_read(tmp_path):
    path = write(tmp_path, "mixed.csv", b"id,text\nu1,Plain row.\nu2,Caf\xe9 row.\nu3,Another row.\n")
    read = items_of(str(path))
    assert [(item.id, item.error) for item in read] == [
        ("u1", None), ("u2", "bad encoding: row is not valid UTF-8"), ("u3", None)]


def test_malformed_csv_row_is_an_error_item(tmp_path):
    path = write(tmp_path, "ragged.csv", "id,text\nm1,Good row.\nm2,Too,many,fields\nm3,Good again.\nm4\n")
    read = items_of(str(path))
    assert [item.error is None for item in read] == [True, False, True, False]
    bad = read[1]
    assert bad.error == "malformed CSV row: 4 fields, expected 2"
    assert bad.location.endswith("ragged.csv:line 3")
    assert read[3].error == "malformed CSV row: 1 fields, expected 2"


@pytest.mark.parametrize("content", ["", "id,text\n"])
def test_empty_csv_has_no_items(tmp_path, content):
    assert items_of(str(write(tmp_path, "empty.csv", content))) == []


def test_csv_with_a_bom_blank_lines_and_a_cell_longer_than_the_csv_module_default(tmp_path):
    long_text = "Word " * 40_000
    path = write(tmp_path, "bom.csv", "\ufeffid,text\n\nb1,Short.\nb2," + long_text + "\n")
    read = items_of(str(path))
    assert [(item.id, item.error) for item in read] == [("b1", None), ("b2", None)]
    assert read[1].fields["text"] == long_text
    assert read[1].location.endswith("bom.csv:line 4")


# --- directories and naming inputs -----------------------------------------------------------------------------


def test_directory_reads_known_files_in_sorted_order_and_notes_the_rest(tmp_path):
    write(tmp_path, "d/b.jsonl", '{"id": "b1", "text": "B."}\n')
    write(tmp_path, "d/a.csv", "id,text\na1,A.\n")
    write(tmp_path, "d/sub/c.rss", RSS)
    write(tmp_path, "d/notes.txt", "not an input")
    write(tmp_path, "d/.hidden/x.jsonl", '{"id": "hidden", "text": "H."}\n')
    notes: list[str] = []
    read = list(feeds.iter_items([str(tmp_path / "d")], notes=notes.append))
    assert [item.id for item in read] == ["a1", "b1", "gazette-ferry-0412", read[3].id, "gazette-empty-1"]
    assert len(notes) == 1 and "notes.txt" in notes[0]


def test_a_file_the_os_will_not_read_is_one_error_item(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.jsonl", '{"id": "l1", "text": "L."}\n')
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)  # the tests run as root, for whom chmod 0 changes nothing
    (only,) = items_of(str(path))
    assert only.error == "file could not be read: Permission denied"
    assert only.location == str(path)


def test_unknown_suffix_named_explicitly_is_sniffed(tmp_path):
    assert items_of(str(write(tmp_path, "export.dat", '{"id": "j1", "text": "J."}\n')))[0].id == "j1"
    assert items_of(str(write(tmp_path, "feed.dat", ATOM)))[0].id == "urn:uuid:bridge-1"


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ([], "no INPUT"),
        (["missing.jsonl"], "does not exist"),
        (["-", "-"], "only once"),
    ],
)
def test_check_inputs_refuses_unusable_inputs(tmp_path, monkeypatch, names, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(feeds.InputError, match=message):
        feeds.check_inputs(names)


def test_unreachable_url_is_one_error_item():
    (only,) = items_of("http://127.0.0.1:9/feed.xml")
    assert only.location == "http://127.0.0.1:9/feed.xml"
    assert only.error.startswith("feed could not be fetched")
