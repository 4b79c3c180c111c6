"""Markdown links, images, autolinks, reference definitions, headings and lists with positions.

Two sources, one list in document order:
* what markdown-it parsed as Markdown (`post.markdown_tokens`, positions recorded by
  `markdown_source`), and reference definitions (`post.markdown_env`);
* Markdown *written inside HTML blocks* (`[x](y)` on the line after `<p>…</p>`, an autolink
  inside an unclosed `<p>`): markdown-it keeps such text raw, so only the text between tags
  of an HTML block is read here, inline, one piece at a time (code, `<pre>`, `<script>`,
  `<style>`, `<textarea>` and comments excluded). Whether the site's renderer reads any of
  it as Markdown is `renderer.renderer_view`'s call.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from postlint.markdown_source import ContentMap, body_line_offset, inline_tokens, markdown_parser

if TYPE_CHECKING:
    from postlint.post import Post

#: markdown kinds that are links (the rest: "heading")
LINK_KINDS = ("inline", "image", "autolink", "reference", "definition")

_LITERAL_ELEMENTS = frozenset({"pre", "code", "kbd", "samp", "script", "style", "textarea",
                               "xmp", "listing", "plaintext", "svg", "math"})
_HTML_MARKDOWN_HINT = re.compile(r"\]\(|\]\[|<[A-Za-z][A-Za-z0-9+.-]{1,31}:|^ {0,3}#{1,6}(?:[ \t]|$)",
                                 re.M)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+[^\n]*)?$", re.M)
_DEFINITION = re.compile(r"^[ \t>]*\[((?:[^\]\\]|\\.)+)\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)", re.M)


@dataclass(frozen=True, slots=True)
class Construct:
    kind: str  # "inline" | "image" | "autolink" | "reference" | "definition" | "heading" | "list"
    start: int  # the whole construct, offsets into post.text
    end: int
    url: str | None = None  # the destination as written (without <>); None for headings
    url_start: int = 0
    url_end: int = 0
    in_html: bool = False  # written inside an HTML block


def markdown_constructs(post: "Post") -> list[Construct]:
    """Every construct of the post in document order (cached on the post)."""
    cached = post.__dict__.get("_markdown_constructs")
    if cached is None:
        cached = [] if post.is_html else _collect(post)
        post.__dict__["_markdown_constructs"] = cached
    return cached


def _collect(post: "Post") -> list[Construct]:
    found: list[Construct] = []
    tokens = post.markdown_tokens
    definitions = _definitions(post)
    found.extend(definitions.values())
    by_label = {label: d for label, d in definitions.items()}
    for token in tokens:
        if token.type in ("heading_open", "bullet_list_open", "ordered_list_open") and \
                token.map is not None:
            kind = "heading" if token.type == "heading_open" else "list"
            start = body_line_offset(post, token.map[0])
            end = body_line_offset(post, token.map[0] + 1) if kind == "list" else \
                body_line_offset(post, token.map[1])
            found.append(Construct(kind, start, start + len(post.text[start:end].rstrip("\r\n"))))
    for token in inline_tokens(tokens):
        content = token.content
        if not any(c in content for c in "[<"):
            continue
        mapper = ContentMap(post, content, token.map[0])
        found.extend(_inline_constructs(content, token.children or (), mapper.offset, by_label))
    if "<" in post.body:
        found.extend(_html_block_constructs(post, by_label))
    found.sort(key=lambda c: (c.start, c.end))
    return found


def _inline_constructs(content: str, children, to_text, by_label, in_html: bool = False):
    """Constructs of one inline token's children (positions from markdown_source)."""
    occupied: list[tuple[int, int]] = []
    for child in children:
        source = child.meta.get("source")
        if source is None:
            continue
        start, end = source
        occupied.append(source)
        if child.type == "link_open" and child.markup == "autolink":
            written = content[start + 1:end - 1]
            # an email autolink `<a@b.org>` links to mailto:a@b.org
            url = written if _SCHEME.match(written) else "mailto:" + written
            yield Construct("autolink", to_text(start), to_text(end), url,
                            to_text(start + 1), to_text(end - 1), in_html)
        elif child.type in ("link_open", "image"):
            kind = "image" if child.type == "image" else "inline"
            label_end = child.meta.get("label_end", -1)
            destination = _destination(content, label_end, end)
            if destination is not None:
                url, url_start, url_end = destination
                yield Construct(kind, to_text(start), to_text(end), url, to_text(url_start),
                                to_text(url_end), in_html)
            else:
                label = _reference_label(content, start, label_end, end)
                if label.startswith("^"):
                    continue  # a footnote (`[^1]`): every renderer postlint models reads them
                definition = by_label.get(label)
                url = definition.url if definition is not None else child.attrs.get("href") \
                    or child.attrs.get("src") or ""
                yield Construct("image" if kind == "image" else "reference", to_text(start),
                                to_text(end), url, to_text(start), to_text(end), in_html)
    # `<>`: an empty autolink, literal text to both renderers, but an empty link to its author
    position = content.find("<>")
    while position >= 0:
        escaped = position > 0 and content[position - 1] == "\\"
        if not escaped and not any(s <= position < e for s, e in occupied):
            yield Construct("autolink", to_text(position), to_text(position + 2), "",
                            to_text(position + 1), to_text(position + 1), in_html)
        position = content.find("<>", position + 2)


def _destination(content: str, label_end: int, end: int) -> tuple[str, int, int] | None:
    """The inline link's destination as written, when the link is `[text](destination …)`."""
    position = label_end + 1
    if label_end < 0 or position >= end or content[position] != "(":
        return None
    position += 1
    while position < end and content[position] in " \t\n":
        position += 1
    if position < end and content[position] == "<":
        close = content.find(">", position + 1, end)
        if close >= 0:
            return content[position + 1:close], position + 1, close
    stop = position
    depth = 0
    while stop < end:
        char = content[stop]
        if char == "\\" and stop + 1 < end:
            stop += 2
            continue
        if char in " \t\n" or ord(char) < 0x20:
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        stop += 1
    return content[position:stop], position, stop


def _reference_label(content: str, start: int, label_end: int, end: int) -> str:
    """The normalised reference label of `[text][label]`, `[label][]` or `[label]`."""
    label_start = start + (2 if content[start] == "!" else 1)
    label = content[label_start:label_end]
    rest = content[label_end + 1:end]
    if rest.startswith("[") and rest.endswith("]") and len(rest) > 2:
        label = rest[1:-1]
    return _normalize_label(label)


def _normalize_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _definitions(post: "Post") -> dict[str, Construct]:
    """Reference definitions (`[label]: url`) by normalised label."""
    references = post.markdown_env.get("references") or {}
    found: dict[str, Construct] = {}
    for value in references.values():
        lines = value.get("map") if isinstance(value, dict) else None
        if not lines:
            continue
        start = body_line_offset(post, lines[0])
        end = body_line_offset(post, lines[1])
        text = post.text[start:end]
        for match in _DEFINITION.finditer(text):
            url = match.group(2)
            url_start = start + match.start(2)
            if url.startswith("<") and url.endswith(">"):
                url, url_start = url[1:-1], url_start + 1
            label = _normalize_label(match.group(1))
            if label.startswith("^"):
                continue  # a footnote's text (`[^1]: The…`), not a link definition
            found.setdefault(label, Construct("definition", start + match.start(), start + match.end(),
                                              url, url_start, url_start + len(url)))
    return found


def _html_block_constructs(post: "Post", by_label) -> list[Construct]:
    """Markdown written as text between the tags of HTML blocks."""
    document = post.html
    found: list[Construct] = []
    literal_depth = 0
    fragment_kinds = [fragment.kind for fragment in document.fragments]
    for token in document.tokens:
        if token.kind == "start" and token.name in _LITERAL_ELEMENTS and not token.self_closing:
            literal_depth += 1
        elif token.kind == "end" and token.name in _LITERAL_ELEMENTS and literal_depth:
            literal_depth -= 1
        if token.kind != "text" or literal_depth or fragment_kinds[token.fragment] != "block":
            continue
        text = post.text[token.start:token.end]
        if not _HTML_MARKDOWN_HINT.search(text):
            continue
        at_line_start = token.start == 0 or post.text[token.start - 1] == "\n"
        for heading in _HEADING.finditer(text):
            if heading.start() > 0 or at_line_start:
                found.append(Construct("heading", token.start + heading.start(),
                                       token.start + heading.end(), in_html=True))
        if "[" not in text and "<" not in text:
            continue
        # markdown-it reads CR LF as LF: keep the length so offsets stay true
        inline = markdown_parser().parseInline(text.replace("\r", " "), dict(post.markdown_env))
        for block in inline:
            found.extend(_inline_constructs(text, block.children or (),
                                            lambda i, base=token.start: base + i, by_label, True))
    return found
