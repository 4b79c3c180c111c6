"""The raw HTML of one post as a token stream with positions, built once and cached.

A Markdown post's raw HTML is what markdown-it reads as HTML: its HTML blocks and inline
HTML (never code spans or code blocks); an `.html` post's is its whole body. Each block or
inline tag is one *fragment*; the tokens of all fragments form one stream in document order,
so an element opened in one HTML block and closed in another after some Markdown is one
element. Template comments and Hugo shortcodes are blanked before tokenizing.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

from postlint import templates
from postlint.html.tokens import Token, tokenize
from postlint.markdown_source import ContentMap, block_range
from postlint.renderer import renderer_view

if TYPE_CHECKING:
    from postlint.post import Post


@dataclass(frozen=True, slots=True)
class Fragment:
    """One piece of raw HTML: an HTML block, an inline tag, or an `.html` post's body."""

    kind: str  # "block" | "inline" | "document"
    start: int  # offsets into post.text
    end: int


@dataclass(eq=False)
class HtmlDocument:
    post: "Post"
    tokens: list[Token] = field(default_factory=list)
    fragments: list[Fragment] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.tokens)

    def tags(self, kind: str = "start") -> Iterator[Token]:
        return (token for token in self.tokens if token.kind == kind)

    @cached_property
    def alternative_ranges(self) -> list[tuple[int, int]]:
        """Second and later branches of Liquid conditionals (see templates.alternative_ranges)."""
        post = self.post
        return templates.alternative_ranges(post.body, post.body_offset)

    def in_alternative_branch(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.alternative_ranges)

    @cached_property
    def tree(self):
        """Elements with their implied ends and the nesting problems found building them."""
        from postlint.html.tree import build_tree

        return build_tree(self)


def parse_post_html(post: "Post") -> HtmlDocument:
    document = HtmlDocument(post)
    if "<" not in post.body:
        return document
    if post.is_html:
        _add(document, "document", post.body, lambda i, base=post.body_offset: base + i,
             post.body_offset, post.body_offset + len(post.body))
    else:
        _add_markdown_fragments(document, post)
    hidden = templates.hidden_ranges(post.body, post.body_offset,
                                     post.site.generator.template_syntax)
    if hidden:
        starts = [start for start, _ in hidden]

        def is_hidden(offset: int) -> bool:
            index = bisect.bisect_right(starts, offset) - 1
            return index >= 0 and offset < hidden[index][1]

        document.tokens = [token for token in document.tokens if not is_hidden(token.start)]
    return document


def _add_markdown_fragments(document: HtmlDocument, post: "Post") -> None:
    view = renderer_view(post)
    for token in post.markdown_tokens:
        if token.type == "html_block" and token.map is not None:
            mapper = ContentMap(post, token.content, token.map[0])
            start, end = block_range(post, token)
            content = token.content
            if view.element_blocks and "`" in content:
                content = _mask_kramdown_code_spans(content, mapper.offset, view)
            _add(document, "block", content, mapper.offset, start, end)
        elif token.type == "inline" and token.map is not None and "<" in token.content:
            mapper = None
            for child in token.children or ():
                source = child.meta.get("source") if child.type == "html_inline" else None
                if source is None:
                    continue
                mapper = mapper or ContentMap(post, token.content, token.map[0])
                origin = source[0]
                _add(document, "inline", child.content,
                     lambda i, m=mapper, o=origin: m.offset(o + i),
                     mapper.offset(source[0]), mapper.offset(source[1]))
    base = post.body_offset
    for start, end, source in post.site.generator.raw_html_tags(post):  # MDX's elements
        _add(document, "inline", source, lambda i, s=start: base + s + i, base + start, base + end)


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def _mask_kramdown_code_spans(content: str, to_text, view) -> str:
    """Blank the code spans of the text kramdown reads as Markdown inside what markdown-it
    calls an HTML block (the line after `<p>…</p>`): `<b>` in a code span is not HTML."""
    def blank(match: re.Match) -> str:
        if view.region_at(to_text(match.start())) is not None:
            return match.group()
        return re.sub(r"[^\n]", " ", match.group())

    return _CODE_SPAN.sub(blank, content)


def _add(document: HtmlDocument, kind: str, source: str, to_text, start: int, end: int) -> None:
    index = len(document.fragments)
    document.fragments.append(Fragment(kind, start, end))
    syntax = document.post.site.generator.template_syntax
    document.tokens.extend(tokenize(templates.mask(source, syntax), to_text, index))
