"""The fragments a page can be linked to: heading ids as the site's renderer makes them, and
the `id`/`name` attributes of its raw HTML.

- Jekyll (kramdown with `input: GFM`, kramdown-parser-gfm 1.1): the heading's text (text and
  code spans; not images, entities or HTML tags), with `--`, `---` and `...` turned into
  dashes and an ellipsis as kramdown's typography does, lower-cased, every character that is
  not a word character, `-`, space or tab removed, spaces and tabs turned into `-`; a repeated
  id gets `-1`, `-2`... `{#custom-id}` at the end of a heading sets its id.
- Hugo (goldmark, `autoHeadingIDType = "github"`): the heading's source text (Hugo 0.111
  takes link destinations and tag names too), lower-cased, letters, digits, `_` and `-`
  kept, white space turned into `-`, the rest dropped; repeats get `-1`, `-2`...

Raw HTML ids come from `post.html` (the HTML token stream shared with PL5).
Both renderers were checked against Debian's `ruby-kramdown` 2.4 and `hugo` 0.111.
Headings come from `post.markdown_tokens` (the Markdown is never parsed again).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from postlint.post import Post

#: kramdown's HEADER_ID (`{#id}` at the end of a heading) and goldmark's attribute block
CUSTOM_ID = re.compile(r"[\t ]*\{#([A-Za-z_:\u00c0-\uffff][\w:.\-\u00b7\u0300-\u036f\u203f-\u2040"
                       r"\u00c0-\uffff]*)\}[\t ]*$")
#: a kramdown block IAL such as `{: #id .class}` on the line after a heading
BLOCK_IAL = re.compile(r"\{:\s*([^}]*)\}")
IAL_ID = re.compile(r"#([\w\-:.]+)")
TYPOGRAPHY = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"))


def _word(char: str) -> bool:
    """Ruby's \\p{Word}: letters, marks, decimal and letter numbers, connector punctuation."""
    category = unicodedata.category(char)
    return category[0] in "LM" or category in ("Nd", "Nl", "Pc")


def kramdown_id(text: str) -> str:
    """kramdown-parser-gfm's `generate_gfm_header_id`, before the repeat counter."""
    text = text.lower()
    kept = "".join(c for c in text if _word(c) or c in "- \t")
    return kept.replace(" ", "-").replace("\t", "-")


def goldmark_id(text: str) -> str:
    """Hugo's `github` heading ids (`sanitizeAnchorName`), before the repeat counter: spaces
    become `-`, `-` and `_` stay, letters and decimal digits are lower-cased, the rest (tabs,
    marks, punctuation) is dropped."""
    out = []
    for char in text.strip():
        if char == " ":
            out.append("-")
        elif char in "_-" or char.isalpha() and unicodedata.category(char)[0] == "L" or \
                unicodedata.category(char) == "Nd":
            out.append(char.lower())
    return "".join(out)


def goldmark_text(children: list) -> str:
    """The heading text Hugo (0.12x and later) makes its id from, from markdown-it's inline
    tokens: text and code spans as they are (the typographer having turned `--`, `---` and
    `...` into dashes and an ellipsis), an emphasis, link or image only its first child's
    text, raw HTML and autolinks nothing. Checked against Hugo 0.168."""
    return "".join(_goldmark_node_text(node) for node in _inline_tree(children))


def _inline_tree(tokens: list) -> list[tuple]:
    """markdown-it's flat inline tokens as (token, children or None) trees."""
    root: list[tuple] = []
    stack = [root]
    for token in tokens:
        if token.nesting == 1:
            node = (token, [])
            stack[-1].append(node)
            stack.append(node[1])
        elif token.nesting == -1 and len(stack) > 1:
            stack.pop()
        elif token.nesting == 0 and (token.content or token.type != "text"):
            stack[-1].append((token, None))
    return root


def _goldmark_node_text(node: tuple) -> str:
    token, children = node
    if token.type == "image":
        children = _inline_tree(token.children or [])
    elif children is None:
        if token.type == "text":
            value = token.content
            for plain, typographic in TYPOGRAPHY:
                value = value.replace(plain, typographic)
            return value
        return token.content if token.type == "code_inline" else ""
    if token.markup == "autolink" or not children:
        return ""
    return _goldmark_node_text(children[0])


def inline_text(children: Iterable) -> str:
    """A heading's text nodes: its text and code spans, as Astro's and Python-Markdown's id
    makers read them (an image's alt text is an attribute, a tag is no text)."""
    return "".join(t.content for t in children if t.type in ("text", "code_inline"))


def kramdown_text(children: Iterable) -> str:
    parts = []
    for token in children:
        if token.type == "text":
            value = token.content
            for plain, typographic in TYPOGRAPHY:
                value = value.replace(plain, typographic)
            parts.append(value)
        elif token.type == "code_inline":
            parts.append(token.content)
    return "".join(parts)


def heading_ids(post: "Post") -> list[str]:
    """The ids of the post's Markdown headings, in order, as its generator renders them."""
    generator = post.site.generator
    return generator.unique_heading_ids(post, generator.renderer_ids(post) or _headings(post))


def counted_ids(headings: list[tuple[str | None, str]], first_repeat: int = 1) -> list[str]:
    """(custom id, automatic id before the repeat counter) -> ids: a custom id as written, an
    automatic one numbered from `-{first_repeat}` when repeated (`-1` for most slug makers);
    a heading whose automatic id is empty gets none."""
    seen: Counter[str] = Counter()
    ids = []
    for custom, base in headings:
        if custom:
            ids.append(custom)
            continue
        if not base:
            continue
        count = seen[base]
        seen[base] += 1
        ids.append(base if count == 0 else f"{base}-{count + first_repeat - 1}")
    return ids


def _headings(post: "Post") -> list[tuple[str | None, str]]:
    """(custom id, auto id before the repeat counter) of every heading, in document order:
    markdown-it's headings, plus, for kramdown, those it reads inside HTML blocks."""
    generator = post.site.generator
    kramdown = generator.renderer == "kramdown"
    slug = generator.heading_slugger(post.site)
    tokens = post.markdown_tokens
    found: list[tuple[int, str | None, str]] = []
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or i + 1 >= len(tokens):
            continue
        inline = tokens[i + 1]
        if kramdown and token.markup in ("=", "-") and "\n" in inline.content:
            continue  # kramdown's setext heading is one line: this is a paragraph
        order = token.map[0] if token.map else 0
        custom = generator.heading_custom_id(post, inline.content)
        if custom:
            found.append((order, custom, ""))
            continue
        ial = _following_ial(tokens, i) if generator.reads_block_ial else None
        if ial:
            found.append((order, ial, ""))
        else:
            found.append((order, None, slug(inline)))
    found.extend(_kramdown_headings_in_html(post))
    found.sort(key=lambda item: item[0])
    return [(custom, base) for _, custom, base in found]


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")


def _kramdown_headings_in_html(post: "Post") -> list[tuple[int, str | None, str]]:
    """Headings written on a line after a closed HTML element: Markdown for kramdown."""
    from postlint.markdown_constructs import markdown_constructs
    from postlint.renderer import renderer_view

    view = renderer_view(post)
    if view.renderer != "kramdown":
        return []
    found = []
    for construct in markdown_constructs(post):
        if construct.kind != "heading" or not construct.in_html or view.region_at(construct.start):
            continue
        text = post.text[construct.start:construct.end].strip().lstrip("#")
        text = re.sub(r"[ \t]+#+[ \t]*$", "", text).strip()
        line = post.position(construct.start)[0] - post.body_line
        custom = CUSTOM_ID.search(text)
        if custom:
            found.append((line, custom.group(1), ""))
            continue
        plain = _TAG.sub("", _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text)))
        for written, typographic in TYPOGRAPHY:
            plain = plain.replace(written, typographic)
        found.append((line, None, post.site.generator.text_slug(plain, post.site)))
    return found


def _following_ial(tokens: list, heading_at: int) -> str | None:
    """`{: #id}` written on the line right after an ATX heading (kramdown's block IAL)."""
    after = heading_at + 3
    if after + 1 >= len(tokens) or tokens[after].type != "paragraph_open":
        return None
    heading_end = tokens[heading_at].map[1] if tokens[heading_at].map else None
    para = tokens[after]
    if heading_end is None or not para.map or para.map[0] != heading_end:
        return None
    match = BLOCK_IAL.fullmatch(tokens[after + 1].content.strip())
    if not match:
        return None
    found = IAL_ID.search(match.group(1))
    return found.group(1) if found else None


def html_ids(post: "Post") -> set[str]:
    """`id` and `name` values in the post's raw HTML (`post.html`, the shared token stream)."""
    ids = set()
    for token in post.html.tags("start"):
        for attribute in ("id", "name"):
            value = token.get(attribute)
            if value:
                ids.add(value)
    return ids


def anchors(post: "Post") -> set[str]:
    """Every fragment that scrolls somewhere on this post's page."""
    found = html_ids(post)
    if not post.is_html:
        found.update(heading_ids(post))
    found.update(post.site.generator.template_ids(post))
    return found
