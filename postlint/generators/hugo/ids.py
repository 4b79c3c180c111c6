"""The ids goldmark gives a Hugo page's elements: headings by `autoHeadingIDType` (`github`,
`github-ascii`, `blackfriday`), `{#id}` after a heading (`parser.attribute.title`), and, with
`parser.autoDefinitionTermID`, the terms of definition lists, which share the headings'
repeat counter (`## Matchers` then the term `Matchers` is `matchers-1`). Checked against
Hugo 0.168.

`{{% include "x.md" %}}` and `{{% readfile "x.md" %}}` put another file's Markdown on the page,
headings included: they are read where the shortcode stands (`include` looks the file up as
`GetPage` does from the page and each folder above it, also in `_includes/`; `readfile` from
the site root). Another `{{% shortcode %}}` whose template is Markdown (`.md`) may write
headings postlint cannot know: the page then has an id written by a template (its text),
which tells PL403 that the page's ids are only known after a build.
"""
from __future__ import annotations

import posixpath
import re
import unicodedata
from typing import TYPE_CHECKING

from postlint.generators.hugo.model import HugoModel, model_of
from postlint.links.anchors import goldmark_id, goldmark_text
from postlint.markdown_source import code_ranges

if TYPE_CHECKING:
    from postlint.post import Post

#: shortcodes that put another file's Markdown on the page
INCLUDE_SHORTCODES = frozenset({"include", "readfile"})
#: `{{% name args %}}` (Markdown shortcodes: their output is rendered with the page)
_MARKDOWN_SHORTCODE = re.compile(
    r"\{\{%-?\s*([\w][\w/.-]*)((?:\s+(?:[\w-]+=)?(?:\"[^\"]*\"|'[^']*'|`[^`]*`|[^\s%]+))*)\s*-?%\}\}")
_ARGUMENT = re.compile(r"(?:([\w-]+)=)?(?:\"([^\"]*)\"|'([^']*)'|`([^`]*)`|([^\s]+))")
#: goldmark's attribute block at the end of a heading: `{#id .class key=value}`
_ATTRIBUTES = re.compile(
    r"[ \t]*\{((?:\s*(?:#[\w:.-]+|\.[\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))+)\s*\}[ \t]*$")
_ID_ATTRIBUTE = re.compile(r"(?:^|\s)#([\w:.-]+)")
#: how deep includes may nest (an include of itself stops there)
MAX_INCLUDE_DEPTH = 5


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


def renderer_ids(post: "Post", depth: int = 0) -> list[tuple[str | None, str]]:
    """(custom id, automatic id) of the page's headings, definition terms and included
    files' headings, in order."""
    model = model_of(post.site)
    tokens = post.markdown_tokens
    found: list[tuple[int, list[tuple[str | None, str]]]] = []
    for i, token in enumerate(tokens[:-1]):
        inline = tokens[i + 1]
        line = token.map[0] if token.map else 0
        if token.type == "heading_open":
            found.append((line, [_heading_id(inline, model)]))
        elif token.type == "paragraph_open" and model.definition_term_ids:
            lines = inline.content.split("\n")
            first = next((n for n, text in enumerate(lines) if n and text.startswith(":")), 0)
            found.append((line, [(None, slug(term.strip(), model.heading_id_type))
                                 for term in lines[:first]]))
    if "{{%" in post.body:
        found += _shortcode_ids(post, model, depth)
    found.sort(key=lambda item: item[0])
    return [ids for _, group in found for ids in group]


def _heading_id(inline, model: HugoModel) -> tuple[str | None, str]:
    """A heading's (custom id, automatic id): `{#id .class key=value}` after the text sets
    the id (an attribute block without `#id` only leaves the text); a shortcode in the
    heading makes an id only known after a build."""
    if "{{" in inline.content:
        return inline.content, ""
    attributes = _ATTRIBUTES.search(inline.content) if model.heading_attributes else None
    if attributes:
        custom = _ID_ATTRIBUTE.search(attributes.group(1))
        if custom:
            return custom.group(1), ""
    if not model.auto_heading_ids:
        return None, ""
    text = goldmark_text(inline.children or [])
    if attributes:
        text = _ATTRIBUTES.sub("", text)
    return None, slug(text, model.heading_id_type)


def _shortcode_ids(post: "Post", model: HugoModel, depth: int):
    """(body line, ids) of the Markdown shortcodes that bring headings."""
    code = code_ranges(post)
    for match in _MARKDOWN_SHORTCODE.finditer(post.body):
        offset = post.body_offset + match.start()
        if any(start <= offset < end for start, end in code):
            continue
        name = match.group(1)
        line = post.position(offset)[0] - post.body_line
        if name in INCLUDE_SHORTCODES:
            included = _included(post, model, name, _arguments(match.group(2)))
            if included is not None and depth < MAX_INCLUDE_DEPTH:
                yield line, renderer_ids(included, depth + 1)
                continue
        elif name not in model.markdown_shortcodes:
            continue
        yield line, [(match.group(0), "")]  # written by a template: known after a build


def _arguments(text: str) -> dict[str, str]:
    """Shortcode arguments: named ones by name, positional ones by position ("0", "1"...)."""
    found: dict[str, str] = {}
    position = 0
    for match in _ARGUMENT.finditer(text):
        value = next(v for v in match.groups()[1:] if v is not None)
        if match.group(1):
            found[match.group(1)] = value
        else:
            found[str(position)] = value
            position += 1
    return found


def _included(post: "Post", model: HugoModel, name: str, arguments: dict[str, str]):
    """The file an `include`/`readfile` shortcode reads, as a Post (None: not found)."""
    from postlint.generators.hugo.urls import get_page
    from postlint.post import Post
    from postlint.urls import _site_relpath

    wanted = arguments.get("file") or arguments.get("path") or arguments.get("0")
    if not wanted:
        return None
    relpath = _site_relpath(post.path, post.site.root) or ""
    appearances = model.content_appearances(relpath)
    language = appearances[0].language if appearances else model.default_language
    folder = posixpath.dirname(appearances[0].logical) if appearances else ""
    found = None
    if name == "readfile":
        found = wanted.lstrip("/") if (post.site.root / wanted.lstrip("/")).is_file() else None
    while found is None:
        for path in (f"/{folder}/_includes/{wanted}", f"/{folder}/{wanted}"):
            found = get_page(model, path.replace("//", "/"), language, None)
            if found is not None:
                break
        if not folder:
            break
        folder = posixpath.dirname(folder)
    if found is None:
        return None
    try:
        raw = (post.site.root / found).read_bytes()
    except OSError:
        return None
    return Post.from_bytes(post.site.root / found, found, raw, post.site, False)
