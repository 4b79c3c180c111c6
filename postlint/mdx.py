"""MDX read as Markdown: what of an `.mdx` body is JavaScript, blanked so that neither the
Markdown parser nor the HTML rules take it for Markdown or HTML.

MDX (mdxjs.com, `micromark-extension-mdxjs`) adds three things to CommonMark, and none of
them is HTML:

* **ESM**: `import` and `export` statements at the start of a line, outside any block; one
  runs to the next blank line.
* **Expressions**: `{...}` in text and in flow (`{/* a comment */}` too), braces balanced,
  strings and template literals skipped.
* **JSX elements**: `<Tabs>`, `<TabItem value="a">`, `<Foo.Bar />`, fragments `<>`/`</>`,
  attributes with `{...}` values. Markdown between them is still Markdown (MDX has no HTML
  blocks that swallow it).

`mask(body)` returns the body with the same length and the same line breaks, ESM, expressions
and every element's tags blanked, so that the Markdown parser reads what lies between tags as
Markdown (as MDX does: it has no HTML blocks). `html_tags(body)` gives the tags of the
lower-case elements (`<div>`, `<img>`), which are written to the page, as HTML for the HTML
rules: JSX-only spellings made HTML (`className` -> `class`, `htmlFor` -> `for`, `{...}`
values -> `""`). Components (`<Tabs>`, `<Foo.Bar>`) and fragments are no HTML. Code (fenced
blocks, at any indentation since MDX has no indented code, and code spans) is left alone.
"""
from __future__ import annotations

import functools
import re

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")  # MDX has no indented code: any indentation
_ESM = re.compile(r"^(?:import|export)\b")
_CODE_SPAN = re.compile(r"(`+)(?!`)")
_TAG_START = re.compile(r"<(/?)([A-Za-z][\w.:-]*)?")
#: Docusaurus' `## Title {#id}`, read before MDX sees an expression there
_HEADING_ID = re.compile(r"\{#[\w-]+\}(?=[ \t]*(?:\n|$))")
#: `<https://x>`: a link destination in brackets (or an autolink), not an element
_URL_IN_BRACKETS = re.compile(r"<[A-Za-z][\w+.-]*:[^\s>]*>")
_JSX_ATTRIBUTES = {"className": "class", "htmlFor": "for"}
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z_:][\w:.-]*")


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _expression_end(text: str, start: int) -> int:
    """The offset after the `}` that closes the `{` at `start` (the end of the text if none)."""
    depth = 0
    position = start
    length = len(text)
    while position < length:
        char = text[position]
        if char in "\"'`":
            close = text.find(char, position + 1)
            while close > 0 and text[close - 1] == "\\":
                close = text.find(char, close + 1)
            if close < 0 or char != "`" and "\n" in text[position:close]:
                position += 1  # an apostrophe in a comment or text: not a string
                continue
            position = close + 1
            continue
        if text.startswith("/*", position):
            close = text.find("*/", position + 2)
            position = length if close < 0 else close + 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return length


def _tag_end(text: str, start: int) -> int | None:
    """The offset after the `>` that ends the JSX tag opened at `start` (None: not a tag)."""
    position = start + 1
    length = len(text)
    while position < length:
        char = text[position]
        if char == ">":
            return position + 1
        if char == "{":
            position = _expression_end(text, position)
            continue
        if char in "\"'":
            close = text.find(char, position + 1)
            if close < 0:
                return None
            position = close + 1
            continue
        if char == "<":
            return None
        position += 1
    return None


def _html_attributes(tag: str) -> str:
    """A lower-case JSX element as HTML of the same length: `{...}` values become `""` and
    spaces, JSX attribute names their HTML ones."""
    out = []
    position = 0
    while position < len(tag):
        char = tag[position]
        if char == "{":
            end = _expression_end(tag, position)
            value = tag[position:end]
            replacement = '""' if tag[:position].rstrip().endswith("=") else ""
            out.append(replacement + _blank(value[len(replacement):]))
            position = end
            continue
        if char in "\"'":
            close = tag.find(char, position + 1)
            end = len(tag) if close < 0 else close + 1
            out.append(tag[position:end])
            position = end
            continue
        name = _ATTRIBUTE_NAME.match(tag, position)
        if name and position > 0 and tag[position - 1] in " \t\n":
            written = name.group()
            html = _JSX_ATTRIBUTES.get(written, written)
            out.append(html + " " * (len(written) - len(html)))
            position = name.end()
            continue
        out.append(char)
        position += 1
    return "".join(out)


def mask(body: str) -> str:
    """The MDX body with ESM, expressions and elements blanked (see the module docs)."""
    return read(body)[0]


def html_tags(body: str) -> list[tuple[int, int, str]]:
    """The lower-case elements' tags as HTML: (start, end, text) with offsets into `body`."""
    return read(body)[1]


@functools.lru_cache(maxsize=8)
def read(body: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """The masked body and the HTML of its lower-case elements' tags, in one pass."""
    out: list[str] = []
    tags: list[tuple[int, int, str]] = []
    fence: str | None = None
    in_esm = False
    prose: list[str] = []  # consecutive lines outside code, masked together
    prose_start = 0
    offset = 0

    def flush() -> None:
        if prose:
            out.append(_mask_prose("\n".join(prose), prose_start, tags))
            prose.clear()

    for line in body.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if fence is not None:
            out.append(line)
            if line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
                fence = None
            continue
        opened = _FENCE.match(line)
        if opened:
            flush()
            fence = opened.group(1)
            out.append(line)
            in_esm = False
            continue
        if in_esm or (_ESM.match(line) and not _paragraph_open(prose)):
            in_esm = line.strip() != ""
            flush()
            out.append(_blank(line))
            continue
        if not prose:
            prose_start = line_start
        prose.append(line)
    flush()
    return "\n".join(out), tuple(tags)


def _paragraph_open(prose: list[str]) -> bool:
    """Is a paragraph open (ESM can only start after a blank line or at the start)?"""
    return bool(prose) and prose[-1].strip() != ""


def _mask_prose(text: str, base: int, tags: list[tuple[int, int, str]]) -> str:
    """Text outside code blocks with its expressions and elements blanked (code spans
    kept); the lower-case elements' tags, as HTML, go to `tags` (offsets from `base`)."""
    out = []
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char == "`":
            run = _CODE_SPAN.match(text, position)
            ticks = run.group(1)
            close = re.compile(rf"(?<!`){ticks}(?!`)").search(text, run.end())
            end = close.end() if close else run.end()
            out.append(text[position:end])
            position = end
            continue
        if char == "\\" and position + 1 < length:
            out.append(text[position:position + 2])
            position += 2
            continue
        if char == "{":
            heading_id = _HEADING_ID.match(text, position)
            end = heading_id.end() if heading_id else _expression_end(text, position)
            out.append(text[position:end] if heading_id else _blank(text[position:end]))
            position = end
            continue
        if text.startswith("<!--", position):  # a comment (Docusaurus reads them): not shown
            close = text.find("-->", position + 4)
            end = len(text) if close < 0 else close + 3
            out.append(_blank(text[position:end]))
            position = end
            continue
        if char == "<" and not _URL_IN_BRACKETS.match(text, position):
            started = _TAG_START.match(text, position)
            name = started.group(2) if started else None
            if text.startswith(("<>", "</>"), position):
                end = text.index(">", position) + 1
                out.append(_blank(text[position:end]))
                position = end
                continue
            if name:
                end = _tag_end(text, position)
                if end is not None:
                    tag = text[position:end]
                    if not (name[0].isupper() or "." in name):  # a component is no HTML
                        tags.append((base + position, base + end, _html_attributes(tag)))
                    out.append(_blank(tag))
                    position = end
                    continue
        out.append(char)
        position += 1
    return "".join(out)
