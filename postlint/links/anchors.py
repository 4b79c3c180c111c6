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

Both were checked against Debian's `ruby-kramdown` 2.4 and `hugo` 0.111.
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
#: `id=` and `name=` attributes in raw HTML
HTML_ID = re.compile(r"""<[A-Za-z][^<>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
                     re.S)
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
    """Hugo's `github` heading ids, before the repeat counter."""
    out = []
    for char in text.lower():
        if char.isspace():
            out.append("-")
        elif char in "_-" or unicodedata.category(char)[0] in "LN":
            out.append(char)
    return "".join(out)


def _kramdown_text(children: Iterable) -> str:
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


def heading_ids(post: "Post", generator: str) -> list[str]:
    """The ids of the post's Markdown headings, in order, as the generator renders them."""
    tokens = post.markdown_tokens
    seen: Counter[str] = Counter()
    ids = []
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or i + 1 >= len(tokens):
            continue
        inline = tokens[i + 1]
        source = inline.content
        custom = CUSTOM_ID.search(source)
        if custom:
            ids.append(custom.group(1))
            continue
        ial = _following_ial(tokens, i)
        if ial and generator != "hugo":
            ids.append(ial)
            continue
        if generator == "hugo":
            base = goldmark_id(source)
        else:
            base = kramdown_id(_kramdown_text(inline.children or ()))
        if not base:
            continue
        count = seen[base]
        seen[base] += 1
        ids.append(base if count == 0 else f"{base}-{count}")
    return ids


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
    """`id` and `name` values in the post's raw HTML (the whole body of an HTML post)."""
    if post.is_html:
        chunks = [post.body]
    else:
        chunks = []
        for token in post.markdown_tokens:
            if token.type == "html_block":
                chunks.append(token.content)
            elif token.type == "inline":
                chunks.extend(c.content for c in token.children or () if c.type == "html_inline")
    ids = set()
    for chunk in chunks:
        for match in HTML_ID.finditer(chunk):
            ids.add(next(g for g in match.groups() if g is not None))
    return ids


def anchors(post: "Post", generator: str) -> set[str]:
    """Every fragment that scrolls somewhere on this post's page."""
    found = html_ids(post)
    if not post.is_html:
        found.update(heading_ids(post, generator))
    return found
