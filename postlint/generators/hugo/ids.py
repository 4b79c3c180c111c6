"""The ids goldmark gives a Hugo page's elements: headings by `autoHeadingIDType` (`github`,
`github-ascii`, `blackfriday`), `{#id}` after a heading (`parser.attribute.title`), and, with
`parser.autoDefinitionTermID`, the terms of definition lists, which share the headings'
repeat counter (`## Matchers` then the term `Matchers` is `matchers-1`). Checked against
Hugo 0.168.
"""
from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from postlint.generators.hugo.model import model_of
from postlint.links.anchors import CUSTOM_ID, goldmark_id, goldmark_text

if TYPE_CHECKING:
    from postlint.post import Post


def slug(text: str, id_type: str) -> str:
    """An automatic id before the repeat counter."""
    if id_type == "blackfriday":
        return _blackfriday(text)
    if id_type == "github-ascii":
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return goldmark_id(text)


def _blackfriday(text: str) -> str:
    """blackfriday's `SanitizedAnchorName`: runs of other characters become one `-`."""
    out: list[str] = []
    dash = False
    for char in text:
        if char.isalpha() or unicodedata.category(char)[0] == "N":
            if dash and out:
                out.append("-")
            dash = False
            out.append(char.lower())
        else:
            dash = True
    return "".join(out)


def renderer_ids(post: "Post") -> list[tuple[str | None, str]]:
    """(custom id, automatic id) of the page's headings and definition terms, in order."""
    model = model_of(post.site)
    tokens = post.markdown_tokens
    found: list[tuple[str | None, str]] = []
    for i, token in enumerate(tokens[:-1]):
        inline = tokens[i + 1]
        if token.type == "heading_open":
            custom = CUSTOM_ID.search(inline.content) if model.heading_attributes else None
            if custom:
                found.append((custom.group(1), ""))
            elif model.auto_heading_ids:
                text = goldmark_text(inline.children or [])
                found.append((None, slug(text, model.heading_id_type)))
        elif token.type == "paragraph_open" and model.definition_term_ids:
            lines = inline.content.split("\n")
            first = next((n for n, line in enumerate(lines) if n and line.startswith(":")), 0)
            found += [(None, slug(term.strip(), model.heading_id_type)) for term in lines[:first]]
    return found
