"""Where markdown-it's tokens come from in the post's text.

markdown-it gives block tokens a line range (`token.map`) but inline tokens no position at
all. `record_inline_positions` wraps the inline rules whose source matters to postlint (links,
images, autolinks, inline HTML, code spans) so that the first token each of them pushes
carries `meta["source"] = (start, end)`: offsets into the inline token's `content`.
`ContentMap` turns offsets into a block token's content back into offsets into `post.text`
(the content of a paragraph in a list or a blockquote has its line prefixes removed, and
markdown-it reads CRLF as LF, so the two differ line by line).
"""
from __future__ import annotations

import bisect
import functools
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from postlint.post import Post

POSITIONED_INLINE_RULES = ("link", "image", "autolink", "html_inline", "backticks")


@functools.lru_cache(maxsize=2)
def markdown_parser(indented_code: bool = True) -> "MarkdownIt":
    """The one markdown-it parser of postlint (CommonMark + tables + strikethrough), with
    inline positions recorded. Posts parse their body with it once (`post.markdown_tokens`).
    `indented_code=False`: MDX's reading, where indentation never makes code, so a fence or
    heading may be indented any amount (markdown-it then lifts its 4-column limit too)."""
    from markdown_it import MarkdownIt

    _cache_host_name_mapping()
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    if not indented_code:
        parser.disable("code")
    return record_inline_positions(parser)


def _cache_host_name_mapping() -> None:
    """markdown-it maps every link's host name through pure-Python punycode (~60 µs a call);
    a news site links to the same few hosts thousands of times, so remember the answers."""
    try:
        from markdown_it import _punycode
    except ImportError:  # pragma: no cover - a markdown-it without it needs nothing
        return
    for name in ("to_ascii", "to_unicode"):
        function = getattr(_punycode, name, None)
        if function is not None and not hasattr(function, "cache_info"):
            setattr(_punycode, name, functools.lru_cache(maxsize=4096)(function))


def record_inline_positions(md: "MarkdownIt") -> "MarkdownIt":
    """Make the inline rules in POSITIONED_INLINE_RULES record where their token came from."""
    rules = {name: fn for name, fn in zip(md.inline.ruler.get_all_rules(),
                                          (r.fn for r in md.inline.ruler.__rules__))}
    for name in POSITIONED_INLINE_RULES:
        if name in rules:
            md.inline.ruler.at(name, _positioned(rules[name], name in ("link", "image")))
    return md


def _positioned(rule: Callable, labelled: bool) -> Callable:
    """Wrap an inline rule: its first token gets meta["source"] (and, for links and images,
    meta["label_end"]: the offset of the `]` that ends the link text)."""

    def positioned(state, silent: bool) -> bool:
        # a successful rule first flushes the pending text into a token of its own
        start, count = state.pos, len(state.tokens) + (1 if state.pending else 0)
        found = rule(state, silent)
        if found and not silent and len(state.tokens) > count:
            meta = state.tokens[count].meta
            meta["source"] = (start, state.pos)
            if labelled:
                label_start = start + 1 if state.src[start] == "!" else start
                end = state.pos
                meta["label_end"] = state.md.helpers.parseLinkLabel(state, label_start, True)
                state.pos = end
        return found

    positioned.__name__ = getattr(rule, "__name__", "rule")
    return positioned


class ContentMap:
    """Offsets into a block token's `content` -> offsets into `post.text`.

    `first_line` is the token's first line relative to the body (`token.map[0]`).
    """

    __slots__ = ("_content_starts", "_text_starts", "_shift")

    def __init__(self, post: "Post", content: str, first_line: int):
        content_starts: list[int] = []
        text_starts: list[int] = []
        lines = post.markdown_lines
        file_line = post.body_line + first_line  # 1-based line of the content's first line
        position = 0
        for index, piece in enumerate(content.split("\n")):
            content_starts.append(position)
            position += len(piece) + 1
            line_no = file_line + index
            if line_no > len(lines):
                text_starts.append(len(post.text))
                continue
            source = lines[line_no - 1]
            if source.endswith(piece):
                column = len(source) - len(piece)
            else:
                found = source.find(piece)
                column = found if found >= 0 else 0
            text_starts.append(post.offset(line_no, 1) + column)
        self._content_starts = content_starts
        self._text_starts = text_starts
        shifts = {t - c for t, c in zip(text_starts, content_starts)}
        # the common case: the content is the text itself, unindented, LF line endings
        self._shift = shifts.pop() if len(shifts) == 1 else None

    def offset(self, content_offset: int) -> int:
        if self._shift is not None:
            return content_offset + self._shift
        index = bisect.bisect_right(self._content_starts, content_offset) - 1
        return self._text_starts[index] + content_offset - self._content_starts[index]


def body_line_offset(post: "Post", body_line: int) -> int:
    """Offset in `post.text` of a line given relative to the body (0-based, as in token.map)."""
    line = post.body_line + body_line
    if line > len(post.lines):
        return len(post.text)
    return post.offset(line, 1)


def block_range(post: "Post", token: "Token") -> tuple[int, int]:
    """The text offsets of the lines a block token covers (end: end of its last line)."""
    start = body_line_offset(post, token.map[0])
    last = post.body_line + token.map[1] - 1  # 1-based number of the last line
    end = post.offset(last, 1) + len(post.lines[last - 1]) if last <= len(post.lines) else len(post.text)
    return start, end


def inline_tokens(tokens: list) -> Iterator["Token"]:
    """Every `inline` block token (paragraphs, headings, table cells) in document order."""
    for token in tokens:
        if token.type == "inline" and token.map is not None:
            yield token


def code_ranges(post: "Post") -> list[tuple[int, int]]:
    """Text ranges of code: fenced and indented code blocks and code spans, in order."""
    ranges: list[tuple[int, int]] = []
    for token in post.markdown_tokens:
        if token.type in ("fence", "code_block") and token.map is not None:
            ranges.append(block_range(post, token))
        elif token.type == "inline" and token.map is not None and "`" in token.content:
            mapper = None
            for child in token.children or ():
                source = child.meta.get("source") if child.type == "code_inline" else None
                if source:
                    mapper = mapper or ContentMap(post, token.content, token.map[0])
                    ranges.append((mapper.offset(source[0]), mapper.offset(source[1])))
    ranges.sort()
    return ranges
