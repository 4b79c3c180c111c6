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

`mask(body)` returns the body with the same length and the same line breaks: components and
fragments, ESM and expressions become spaces; a lower-case element (`<div>`, `<img>`) stays,
as it is written to the page, with its JSX-only spellings made HTML (`className` -> `class`,
`htmlFor` -> `for`, `{...}` values -> `""`). Code (fenced and indented blocks as MDX reads
them, code spans) is left alone.
"""
from __future__ import annotations

import re

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ESM = re.compile(r"^(?:import|export)\b")
_CODE_SPAN = re.compile(r"(`+)(?!`)")
_TAG_START = re.compile(r"<(/?)([A-Za-z][\w.:-]*)?")
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
    """The MDX body with ESM, expressions and components blanked (see the module docs)."""
    lines = body.split("\n")
    out: list[str] = []
    fence: str | None = None
    in_esm = False
    prose: list[str] = []  # consecutive lines outside code, masked together

    def flush() -> None:
        if prose:
            out.append(_mask_prose("\n".join(prose)))
            prose.clear()

    for line in lines:
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
        prose.append(line)
    flush()
    return "\n".join(out)


def _paragraph_open(prose: list[str]) -> bool:
    """Is a paragraph open (ESM can only start after a blank line or at the start)?"""
    return bool(prose) and prose[-1].strip() != ""


def _mask_prose(text: str) -> str:
    """Expressions and components of text outside code blocks (code spans kept)."""
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
            end = _expression_end(text, position)
            out.append(_blank(text[position:end]))
            position = end
            continue
        if char == "<":
            started = _TAG_START.match(text, position)
            name = started.group(2) if started else None
            if text.startswith(("<>", "</>"), position):
                end = text.index(">", position) + 1
                out.append(_blank(text[position:end]))
                position = end
                continue
            if name and not text.startswith("<!--", position):
                end = _tag_end(text, position)
                if end is not None:
                    tag = text[position:end]
                    component = name[0].isupper() or "." in name
                    out.append(_blank(tag) if component else _html_attributes(tag))
                    position = end
                    continue
        out.append(char)
        position += 1
    return "".join(out)
