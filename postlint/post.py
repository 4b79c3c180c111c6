"""`Post`: one file, read and parsed once, shared by every rule.

A post keeps its text exactly as written (line endings included, byte-order mark removed),
its front matter as Python values with a `Field` (position and source text) for every key
and list item, and its body with the line it starts on. Heavier views of the body
(Markdown tokens, HTML) are computed on first use and cached on the post.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postlint import frontmatter
from postlint.diagnostic import Span
from postlint.frontmatter import Field, FrontMatterError, PathKey
from postlint.markdown_source import markdown_parser

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

    from postlint.html import HtmlDocument
    from postlint.site import Site

BOM = "\ufeff"
#: a NUL byte in the first block marks a binary file
BINARY_SNIFF = 8192

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
HTML_SUFFIXES = frozenset({".html", ".htm"})


@dataclass(slots=True)
class Decoding:
    """What reading the bytes found: BOM, first invalid UTF-8 byte, NULs, line endings."""

    bom: bool = False
    invalid_utf8_offset: int | None = None  # character offset of the first replaced byte
    binary: bool = False
    nul_offset: int | None = None
    crlf: int = 0
    lf: int = 0
    cr: int = 0


def decode(raw: bytes) -> tuple[str, Decoding]:
    info = Decoding()
    if raw.startswith(b"\xef\xbb\xbf"):
        info.bom = True
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        info.binary = nul < BINARY_SNIFF
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        info.invalid_utf8_offset = len(raw[: exc.start].decode("utf-8", errors="replace"))
        text = raw.decode("utf-8", errors="replace")
    if nul >= 0:
        info.nul_offset = text.find("\x00")
    info.crlf = text.count("\r\n")
    info.lf = text.count("\n") - info.crlf
    info.cr = text.count("\r") - info.crlf
    return text, info


@dataclass(eq=False)
class Post:
    path: Path  # absolute
    relpath: str  # as reported: relative to the working directory when below it
    text: str
    decoding: Decoding
    site: "Site"
    is_post: bool  # in a posts folder (_posts, content/...), as opposed to a page
    split: frontmatter.Split = field(default_factory=frontmatter.Split)
    meta: Any = None  # the front matter's Python value (a dict when well formed)
    fields: dict[PathKey, Field] = field(default_factory=dict)
    duplicates: list[tuple[PathKey, Span, Span]] = field(default_factory=list)
    front_matter_error: FrontMatterError | None = None
    _line_starts: list[int] = field(default_factory=list, repr=False)

    # ------------------------------------------------------------ construction
    @classmethod
    def from_bytes(cls, path: Path, relpath: str, raw: bytes, site: "Site", is_post: bool) -> "Post":
        text, info = decode(raw)
        post = cls(path, relpath, text, info, site, is_post)
        if info.binary:
            return post
        post.split = frontmatter.split(text, site.generator.front_matter_forms)
        if post.split.format and post.split.close_line:
            parsed = frontmatter.parse(post.split, text)
            post.meta = parsed.data
            post.fields = parsed.fields
            post.duplicates = parsed.duplicates
            post.front_matter_error = parsed.error
        return post

    # ------------------------------------------------------------ front matter
    @property
    def format(self) -> str | None:
        return self.split.format

    @property
    def has_front_matter(self) -> bool:
        return self.split.format is not None and self.split.close_line > 0

    @property
    def data(self) -> dict:
        """The front matter as a mapping ({} when absent, broken, or not a mapping)."""
        return self.meta if isinstance(self.meta, dict) else {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def field(self, *path: Any) -> Field | None:
        return self.fields.get(tuple(path))

    def span_of(self, *path: Any) -> Span:
        """The value's span of a key or list item; the front matter's first line if unknown."""
        found = self.fields.get(tuple(path))
        if found is not None:
            return found.value_span
        return Span.point(self.split.open_line or 1)

    def key_span(self, *path: Any) -> Span:
        found = self.fields.get(tuple(path))
        if found is not None and found.key_span is not None:
            return found.key_span
        return self.span_of(*path)

    def source_of(self, *path: Any) -> str | None:
        """The value exactly as written in the file (quotes included), for scalars."""
        found = self.fields.get(tuple(path))
        return found.source if found is not None else None

    # ------------------------------------------------------------ body
    @property
    def body(self) -> str:
        return self.text[self.split.body_offset:] if self.has_front_matter else self.text

    @property
    def body_offset(self) -> int:
        return self.split.body_offset if self.has_front_matter else 0

    @property
    def body_line(self) -> int:
        return self.split.body_line if self.has_front_matter else 1

    @property
    def is_html(self) -> bool:
        suffix = self.path.suffix.lower()
        return suffix in HTML_SUFFIXES or suffix in self.site.generator.html_template_suffixes

    @property
    def is_markdown(self) -> bool:
        return self.path.suffix.lower() in MARKDOWN_SUFFIXES

    @cached_property
    def markdown_tokens(self) -> list:
        """markdown-it-py block tokens of the body (CommonMark + tables + strikethrough).

        `token.map` lines are relative to the body: add `body_line - 1` for file lines.
        Parsed once, on first use, and shared by every rule that asks.
        """
        return self._markdown_parse[0]

    @property
    def markdown_env(self) -> dict:
        """The parse's environment: `references` (reference definitions, with their `map`)."""
        return self._markdown_parse[1]

    @cached_property
    def _markdown_parse(self) -> tuple[list, dict]:
        env: dict = {}
        mdx = self.site.generator.renderer_of(self) == "mdx"  # no indented code in MDX
        return markdown_parser(indented_code=not mdx).parse(self.markdown_body, env), env

    @cached_property
    def markdown_body(self) -> str:
        """The body as the Markdown parser reads it: the generator may blank what its dialect
        says is not Markdown (MDX's JavaScript); same length and line breaks as `body`."""
        return self.site.generator.markdown_body(self)

    @cached_property
    def markdown_lines(self) -> list[str]:
        """`lines`, with the body as `markdown_body` (what block tokens' content is cut from)."""
        if self.markdown_body == self.body:  # nothing blanked: the file's own lines
            return self.lines
        text = self.text[:self.body_offset] + self.markdown_body
        return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]

    @cached_property
    def html(self) -> "HtmlDocument":
        """The raw HTML of the body as tokens with positions (postlint.html), built once."""
        from postlint.html import parse_post_html

        return parse_post_html(self)

    @cached_property
    def soup(self) -> "BeautifulSoup":
        """The body as a BeautifulSoup tree (html.parser), for plugins that want rich queries.

        Built on first use only (about 1 ms a post; the built-in rules use `html` instead).
        A tag's `sourceline` counts from the body's first line and `sourcepos` is 0-based:
        `post.body_line + tag.sourceline - 1` and `tag.sourcepos + 1` are the file's line and
        column. Markdown text stays text; code blocks are not excluded.
        """
        from bs4 import BeautifulSoup

        return BeautifulSoup(self.body, "html.parser")

    # ------------------------------------------------------------ positions
    @cached_property
    def lines(self) -> list[str]:
        """The file's lines without their line endings."""
        return [line[:-1] if line.endswith("\r") else line for line in self.text.split("\n")]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset into `text`."""
        if not self._line_starts:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 1-based (line, column)."""
        self.position(0)
        return self._line_starts[line - 1] + column - 1

    def span(self, start: int, end: int | None = None) -> Span:
        """The span of text[start:end] (character offsets)."""
        line, column = self.position(start)
        if end is None or end == start:
            return Span(line, column, line, column)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)
