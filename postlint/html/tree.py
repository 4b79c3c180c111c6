"""Elements built from a post's HTML token stream, the way the HTML standard's tree builder
closes them, and the nesting problems found on the way.

This is the part of the standard's "in body" insertion mode (§13.2.6.4.7) that decides where
elements end: void elements never open, optional end tags are implied (`<li>` by the next
`<li>`, `<td>` by `<td>`/`<tr>`, a `<p>` by a block start tag), an end tag closes the
innermost open element of its name and everything opened inside it. What does not follow
the standard's content models is recorded as a `Problem`:

* "nesting" (PL501): a block start tag that silently closes a `<p>` the author meant to keep
  open (the `<p>` is still empty, or a later `</p>` shows it was meant to stay open), `<a>`
  in `<a>`, a heading in a heading, a block element inside an element that may contain only
  phrasing content (`<span><div>`), `<li>` outside a list, a table cell outside a row;
* "unbalanced" (PL502): an element whose end tag is required but that is closed by the end
  tag of its parent or never closed, an end tag with no open element, `<div/>`.

Tokens inside the second and later branches of a Liquid conditional are left out (the
branches never render together), and so is everything inside `<svg>` and `<math>`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from postlint.html.standard import (CLOSES_P, ELEMENT_ATTRIBUTES, FOREIGN_ELEMENTS,
                                    LIST_ELEMENTS, OBSOLETE_ELEMENTS, OPTIONAL_END_TAG,
                                    PHRASING_CONTENT_ONLY, PHRASING_ELEMENTS,
                                    TRANSPARENT_ELEMENTS, VOID_ELEMENTS)
from postlint.html.tokens import Token

if TYPE_CHECKING:
    from postlint.html.document import HtmlDocument

#: §13.2.4.2 "has an element in scope": these stop the search for an open element
SCOPE_BOUNDARIES = frozenset({"applet", "caption", "html", "table", "td", "th", "marquee",
                              "object", "template", "button"})
#: §13.1.2.4: a `<p>` end tag may be omitted at the end of its parent, unless the parent is one
#: of these
P_END_TAG_REQUIRED_IN = frozenset({"a", "audio", "del", "ins", "map", "noscript", "video"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: elements that may appear anywhere in the body without being flow content
METADATA_ELEMENTS = frozenset({"link", "meta", "script", "style", "template", "noscript", "base"})
#: start tag -> the open elements it closes when one of them is the current element's sibling
IMPLIED_SIBLINGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # name: (elements it closes, elements that stop the search)
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu"}) | SCOPE_BOUNDARIES),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"}) | SCOPE_BOUNDARIES),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"}) | SCOPE_BOUNDARIES),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "thead", "tbody", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "thead": (frozenset({"thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup"}),
              frozenset({"table"})),
    "tbody": (frozenset({"thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup"}),
              frozenset({"table"})),
    "tfoot": (frozenset({"thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup"}),
              frozenset({"table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "optgroup"})),
    "optgroup": (frozenset({"option", "optgroup"}), frozenset({"select"})),
    "rt": (frozenset({"rt", "rp"}), frozenset({"ruby"})),
    "rp": (frozenset({"rt", "rp"}), frozenset({"ruby"})),
}
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


@dataclass(eq=False)
class Element:
    name: str
    start: Token
    parent: "Element | None" = None
    end: Token | None = None  # the explicit end tag
    closed_at: int | None = None  # offset where it ends (end tag's end, or where it was implied)


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str  # "nesting" (PL501) | "unbalanced" (PL502)
    token: Token  # where it is reported
    message: str


@dataclass(eq=False)
class Tree:
    elements: list[Element] = field(default_factory=list)  # in the order they start
    problems: list[Problem] = field(default_factory=list)


def build_tree(document: "HtmlDocument") -> Tree:
    return _Builder(document).run()


class _Builder:
    def __init__(self, document: "HtmlDocument"):
        self.document = document
        self.text = document.post.text
        self.position = document.post.position
        self.tree = Tree()
        self.stack: list[Element] = []
        self.open_count: dict[str, int] = {}  # open elements by name (finds nothing fast)
        #: names closed without their end tag, whose late end tag was already explained
        self.explained: dict[str, int] = {}
        #: `<p>` elements a block start tag closed while they had content:
        #: (p, block tag, whether the block tag was reported already)
        self.p_closed_by: list[tuple[Element, Token, bool]] = []

    # ------------------------------------------------------------ driver
    def run(self) -> Tree:
        foreign_depth = 0
        alternative = self.document.alternative_ranges
        for token in self.document.tokens:
            if token.kind not in ("start", "end"):
                continue
            if alternative and self.document.in_alternative_branch(token.start):
                continue
            if foreign_depth:
                if token.name in FOREIGN_ELEMENTS:
                    foreign_depth += 1 if token.kind == "start" and not token.self_closing else 0
                    foreign_depth -= 1 if token.kind == "end" else 0
                    if foreign_depth == 0:
                        self.end_tag(token)
                continue
            if token.kind == "start":
                self.start_tag(token)
                if token.name in FOREIGN_ELEMENTS and not token.self_closing:
                    foreign_depth = 1
            else:
                self.end_tag(token)
        for element in reversed(self.stack):
            if element.name not in OPTIONAL_END_TAG:
                self.problem("unbalanced", element.start,
                             f"`<{element.name}>` is never closed")
        return self.tree

    def problem(self, kind: str, token: Token, message: str) -> None:
        self.tree.problems.append(Problem(kind, token, message))

    def line(self, token: Token) -> int:
        return self.position(token.start)[0]

    # ------------------------------------------------------------ start tags
    def start_tag(self, token: Token) -> None:
        name = token.name
        reported = self.misplaced(token)
        if name in IMPLIED_SIBLINGS:
            closes, stops = IMPLIED_SIBLINGS[name]
            for index in range(len(self.stack) - 1, -1, -1):
                open_name = self.stack[index].name
                if open_name in closes:
                    self.close_from(index, token, implied=True)
                    break
                if open_name in stops or open_name not in OPTIONAL_END_TAG:
                    break
        if name in CLOSES_P:
            index = self.open_index("p")
            if index is not None:
                self.close_p(index, token, reported)
        if name == "a":
            index = self.open_index("a", boundaries=SCOPE_BOUNDARIES)
            if index is not None:
                self.problem("nesting", token, f"`<a>` inside `<a>` (line "
                             f"{self.line(self.stack[index].start)}): the browser closes the "
                             "first link here")
                self.close_from(index, token, implied=True, explained=True)
        if name in HEADINGS and self.stack and self.stack[-1].name in HEADINGS and not reported:
            self.problem("nesting", token, f"`<{name}>` inside `<{self.stack[-1].name}>`: "
                         "the browser closes the first heading here")
            self.close_from(len(self.stack) - 1, token, implied=True, explained=True)
        element = Element(name, token, self.stack[-1] if self.stack else None)
        self.tree.elements.append(element)
        if name in VOID_ELEMENTS:
            element.closed_at = token.end
        elif token.self_closing:
            element.closed_at = token.end
            if name in ELEMENT_ATTRIBUTES or name in OBSOLETE_ELEMENTS:
                self.problem("unbalanced", token, f"`<{name}/>` is not self-closing in HTML: "
                             f"write `<{name}></{name}>`")
        else:
            self.push(element)

    def misplaced(self, token: Token) -> bool:
        """A block element where only phrasing content may be, `<li>` outside a list, a cell
        outside a row. Returns whether a problem was reported."""
        name = token.name
        if name == "li":
            if self.open_index("li", boundaries=LIST_ELEMENTS | SCOPE_BOUNDARIES) is None and \
                    self.open_index("ul", "ol", "menu", boundaries=SCOPE_BOUNDARIES - {"html"}) is None:
                self.problem("nesting", token, "`<li>` outside a list (`<ul>`, `<ol>` or `<menu>`)")
                return True
            return False
        if name in ("td", "th") and self.open_index("tr", "table", boundaries=frozenset()) is None:
            self.problem("nesting", token, f"`<{name}>` outside a table row")
            return True
        if name in PHRASING_ELEMENTS or name in METADATA_ELEMENTS or "-" in name or \
                name not in ELEMENT_ATTRIBUTES and name not in OBSOLETE_ELEMENTS:
            return False
        parent = self.container()
        if parent is None or parent.name not in PHRASING_CONTENT_ONLY or parent.name == "p":
            return False
        self.problem("nesting", token, f"`<{name}>` inside `<{parent.name}>` (line "
                     f"{self.line(parent.start)}), which may contain only phrasing content")
        return True

    def container(self) -> Element | None:
        """The innermost open element whose content model is not transparent."""
        for element in reversed(self.stack):
            if element.name not in TRANSPARENT_ELEMENTS:
                return element
        return None

    def close_p(self, index: int, token: Token, reported: bool) -> None:
        paragraph = self.stack[index]
        empty = not self.has_content(paragraph.start.end, token.start)
        if empty and not reported:
            self.problem("nesting", token, f"`<{token.name}>` inside `<p>` (line "
                         f"{self.line(paragraph.start)}): the browser closes the paragraph "
                         "here, leaving it empty")
        else:
            self.p_closed_by.append((paragraph, token, reported))
        # what was open inside the paragraph closes with it; its late end tags are explained
        self.close_from(index + 1, token, implied=True, explained=True)
        self.close_from(index, token, implied=True)

    # ------------------------------------------------------------ end tags
    def end_tag(self, token: Token) -> None:
        name = token.name
        index = self.open_index(name, boundaries=frozenset())
        if index is not None:
            self.close_from(index + 1, token, implied=True, by_end=True)
            element = self.pop()
            element.end = token
            element.closed_at = token.end
            return
        if self.explained.get(name):
            self.explained[name] -= 1
            return
        if name == "p" and self.p_closed_by:
            paragraph, block, reported = self.p_closed_by.pop()
            if reported:  # the block start tag was reported already
                return
            self.problem("nesting", block, f"`<{block.name}>` inside `<p>` (line "
                         f"{self.line(paragraph.start)}): the browser closes the paragraph here, "
                         f"and the `</p>` on line {self.line(token)} makes an empty one")
            return
        if name in VOID_ELEMENTS:
            self.problem("unbalanced", token, f"`</{name}>`: `<{name}>` is a void element and "
                         "has no end tag")
            return
        self.problem("unbalanced", token, f"end tag `</{name}>` with no open `<{name}>`")

    # ------------------------------------------------------------ helpers
    def push(self, element: Element) -> None:
        self.stack.append(element)
        self.open_count[element.name] = self.open_count.get(element.name, 0) + 1

    def pop(self) -> Element:
        element = self.stack.pop()
        self.open_count[element.name] -= 1
        return element

    def open_index(self, *names: str, boundaries: frozenset[str] = SCOPE_BOUNDARIES) -> int | None:
        if not any(self.open_count.get(name) for name in names):
            return None
        for index in range(len(self.stack) - 1, -1, -1):
            open_name = self.stack[index].name
            if open_name in names:
                return index
            if open_name in boundaries:
                return None
        return None

    def close_from(self, index: int, token: Token, implied: bool, by_end: bool = False,
                   explained: bool = False) -> None:
        """Close stack[index:] (innermost first) because of `token`."""
        while len(self.stack) > index:
            element = self.pop()
            element.closed_at = token.start
            if explained:
                self.explained[element.name] = self.explained.get(element.name, 0) + 1
            elif by_end and element.name == "p" and token.name in P_END_TAG_REQUIRED_IN:
                self.problem("unbalanced", element.start, f"`<p>` needs its `</p>` before "
                             f"`</{token.name}>` on line {self.line(token)}: a paragraph's end "
                             f"tag may be left out only when its parent is not `<{token.name}>`")
            elif by_end and element.name not in OPTIONAL_END_TAG:
                self.problem("unbalanced", element.start, f"`<{element.name}>` is never closed: "
                             f"`</{token.name}>` on line {self.line(token)} closes it")
                self.explained[element.name] = self.explained.get(element.name, 0) + 1

    def has_content(self, start: int, end: int) -> bool:
        between = self.text[start:end]
        if "<!--" in between:
            between = _COMMENT.sub("", between)
        return bool(between.strip())
