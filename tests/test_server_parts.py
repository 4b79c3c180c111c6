"""The language server's parts that need no client: positions, the corpus index, suppressions."""
from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from conftest import DEFAULT_JEKYLL_CONFIG
from postlint.diagnostic import Diagnostic, Severity, Span
from postlint.post import Post
from postlint.rules.corpus import DuplicateTitle, Entry
from postlint.server.actions import suppression
from postlint.server.lsp import SpanOffsets
from postlint.server.positions import LineIndex
from postlint.server.session import CorpusIndex, Sessions
from postlint.site import Site


@pytest.mark.parametrize("encoding, character", [
    (types.PositionEncodingKind.Utf16, 4),  # 中 one UTF-16 code unit, 😀 two, x one
    (types.PositionEncodingKind.Utf8, 8),  # 中 three bytes, 😀 four, x one
    (types.PositionEncodingKind.Utf32, 3),
])
def test_positions_count_the_negotiated_code_units(encoding, character):
    text = "a\r\nb\rc\n中😀x!"
    lines = LineIndex(text, encoding)
    bang = text.index("!")
    assert lines.position(bang) == types.Position(3, character)
    assert lines.offset(types.Position(3, character)) == bang
    # \r\n, a lone \r and \n all end a line, as LSP counts lines
    assert lines.position(text.index("b")) == types.Position(1, 0)
    assert lines.position(text.index("c")) == types.Position(2, 0)
    # positions past the end of a line or of the text are clamped
    assert lines.offset(types.Position(0, 99)) == 1
    assert lines.offset(types.Position(9, 0)) == len(text)


def test_spans_map_to_the_buffer_with_its_byte_order_mark():
    post_text = "---\ntitle: 😀\n---\n"
    spans = SpanOffsets(post_text, shift=1)  # the buffer starts with U+FEFF, the post does not
    buffer = "\ufeff" + post_text
    start, end = spans.offsets(Span(2, 8, 2, 9))
    assert buffer[start:end] == "😀"
    lines = LineIndex(buffer)
    assert lines.range(start, end) == types.Range(types.Position(1, 7), types.Position(1, 9))
    # a span beyond the text (a rule's point at a missing line) stays inside it
    assert spans.offsets(Span(40, 1, 40, 1)) == (len(buffer), len(buffer))


def entry(key: str) -> Entry:
    return Entry(key, Span.point(2))


def test_corpus_index_finds_the_posts_sharing_a_buffers_key():
    index = CorpusIndex([DuplicateTitle()], {"PL601": {"a.md": entry("x"), "b.md": entry("y"),
                                                       "c.md": entry("x")}})
    assert sorted(index.others({"PL601": entry("x")})["PL601"]) == ["a.md", "c.md"]
    # an open buffer counts over its file as saved: c.md is being retitled
    index.set_buffer("c.md", {"PL601": entry("z")})
    assert sorted(index.others({"PL601": entry("x")})["PL601"]) == ["a.md"]
    assert sorted(index.others({"PL601": entry("z")})["PL601"]) == ["c.md"]
    index.drop_buffer("c.md")
    # a file deleted, a file saved with another title
    index.set_disk("a.md", None)
    index.set_disk("b.md", {"PL601": entry("x")})
    assert sorted(index.others({"PL601": entry("x")})["PL601"]) == ["b.md", "c.md"]
    assert index.others({}) == {"PL601": {}}


def make_post(text: str, name: str = "_posts/2021-01-01-a.md") -> Post:
    site = Site(root=Path("/site"), generator="jekyll")
    return Post.from_bytes(Path("/site") / name, name, text.encode(), site, True)


def diagnostic(line: int, code: str = "PL504", name: str = "obsolete-element") -> Diagnostic:
    return Diagnostic("a.md", Span(line, 1, line, 2), code, name, Severity.WARNING, "m")


def apply(post: Post, line: int, code: str = "PL504") -> str | None:
    edit = suppression(post, diagnostic(line, code))
    if edit is None:
        return None
    return post.text[:edit.start] + edit.replacement + post.text[edit.end:]


def test_suppressions_go_where_the_syntax_allows_them():
    post = make_post("---\ntitle: a\nbody: |\n  text\n---\n<center>x</center>\n\n  - <b>y</b>\n"
                     "para\nline <center>z</center>\n")
    # the front matter: at the end of a YAML line, not inside a block scalar
    assert apply(post, 2, "PL104") == post.text.replace("title: a\n", "title: a  # postlint: ignore[PL104]\n")
    assert apply(post, 4, "PL104") is None
    assert apply(post, 1, "PL104") is None  # the delimiter
    # the body: a line of its own where a block starts (after the front matter, a blank line),
    # indented as the line, never in the middle of a paragraph
    assert apply(post, 6) == post.text.replace(
        "---\n<center>", "---\n<!-- postlint-disable-next-line PL504 -->\n<center>")
    assert apply(post, 8) == post.text.replace(
        "\n  - <b>", "\n  <!-- postlint-disable-next-line PL504 -->\n  - <b>")
    assert apply(post, 10) is None


def test_suppressions_extend_an_existing_comment():
    post = make_post("---\ntitle: 404  # postlint: ignore[PL103]\n---\n\n"
                     "<!-- postlint-disable-next-line PL505 -->\n<center>x</center>\n")
    assert "title: 404  # postlint: ignore[PL103, PL106]" in apply(post, 2, "PL106")
    assert "<!-- postlint-disable-next-line PL505 PL504 -->\n<center>" in apply(post, 6)


def test_no_suppression_in_code_or_json_front_matter():
    post = make_post('{"title": "a"}\n\n```\n\n<center>\n```\n')
    assert apply(post, 1, "PL104") is None
    assert apply(post, 5) is None


def test_sessions_are_one_per_configuration_and_site(tmp_path):
    for name in ("one", "two"):
        for folder in ("_posts", "_site", "_layouts"):
            (tmp_path / name / folder).mkdir(parents=True)
        (tmp_path / name / "_config.yml").write_text(DEFAULT_JEKYLL_CONFIG)
        (tmp_path / name / "_posts" / "a.md").write_text("---\ntitle: a\n---\n")
        (tmp_path / name / "_site" / "a.md").write_text("---\ntitle: a\n---\n")
        (tmp_path / name / "_layouts" / "a.html").write_text("---\nlayout: x\n---\n")
    sessions = Sessions(tmp_path, print, None)
    one = sessions.for_path(tmp_path / "one" / "_posts" / "a.md")
    assert sessions.for_path(tmp_path / "one" / "b.md") is one
    two = sessions.for_path(tmp_path / "two" / "_posts" / "a.md")
    assert two is not one and two.site.root == tmp_path / "two"
    assert one.candidate_for(tmp_path / "one" / "_posts" / "a.md").relpath == "one/_posts/a.md"
    assert one.candidate_for(tmp_path / "one" / "_site" / "a.md") is None
    assert one.candidate_for(tmp_path / "one" / "_layouts" / "a.html") is None
    assert one.candidate_for(tmp_path / "two" / "_posts" / "a.md") is None
    assert one.candidate_for(tmp_path / "one" / "_posts" / "b.md") is None  # not saved yet
    # a settings file changed: every session is made again
    assert sessions.file_changed(tmp_path / "one" / "_config.yml", False) == []
    assert sessions.for_path(tmp_path / "one" / "_posts" / "a.md") is not one
