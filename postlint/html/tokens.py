"""A position-aware HTML tokenizer: tags, attributes, comments and text with exact offsets.

It follows the HTML standard's tokenizer where hygiene depends on it (tag and attribute
syntax, comments, raw-text elements such as `<script>`), with two departures that posts need:
a tag name must be followed by a space, `/` or `>` (so `<http://x>` and `a <b` stay text, as
in CommonMark), and Liquid/Hugo template syntax (`{{ … }}`, `{% … %}`) inside a tag is passed
over whole, so `<a href="{{ site.baseurl }}/x" {% if x %}class="y"{% endif %}>` is one tag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from postlint.html.standard import RAW_TEXT_ELEMENTS


@dataclass(slots=True)  # not frozen: built tens of times per post, frozen init is 5x slower
class Attribute:
    name: str  # lower-cased
    value: str | None  # as written, without its quotes; None when the attribute has no value
    name_start: int  # offsets into post.text
    name_end: int
    value_start: int | None = None  # the value without its quotes
    value_end: int | None = None
    end: int = 0  # where the attribute ends, closing quote included


@dataclass(slots=True)
class Token:
    """One piece of the raw HTML: kind is "start", "end", "comment", "doctype" or "text"."""

    kind: str
    start: int  # offsets into post.text
    end: int
    name: str = ""  # lower-cased tag name of start and end tags
    attributes: tuple[Attribute, ...] = ()
    self_closing: bool = False  # `<br/>`
    fragment: int = 0  # which html_block / html_inline (or the whole .html body) it came from
    unterminated: bool = False  # a comment or raw-text element with no end in its fragment

    def attribute(self, name: str) -> Attribute | None:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None

    def get(self, name: str, default: str | None = None) -> str | None:
        found = self.attribute(name)
        if found is None:
            return default
        return found.value if found.value is not None else ""


_MARKUP = re.compile(r"<(?:(!--)|(/?)([A-Za-z][A-Za-z0-9-]*(?::[A-Za-z0-9-]+)*)(?=[\s/>])|(![A-Za-z]|[!?]))")
_SPACE = re.compile(r"[\s/]*")
_ATTRIBUTE_NAME = re.compile(r"[^\s\"'>/=]+|[=\"']")
_EQUALS = re.compile(r"\s*=\s*")
_UNQUOTED = re.compile(r"[^\s>]+")
#: a whole tag in the plain syntax almost every tag uses (no template syntax, a space before
#: each attribute): read in one match; anything else goes through `_tag`, step by step
_PLAIN_TAG = re.compile(r"""(?:[\s/]+[^\s"'>/={]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"'{][^\s>]*))?)*[\s/]*>""")
_PLAIN_ATTRIBUTE = re.compile(
    r"""[\s/]+([^\s"'>/={]+)(?:(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s>"'{][^\s>]*)))?""")
_TEMPLATE_OPEN = ("{{", "{%")
_TEMPLATE_CLOSE = {"{{": "}}", "{%": "%}"}


def tokenize(source: str, to_text: Callable[[int], int], fragment: int = 0) -> list[Token]:
    """Tokens of `source`; `to_text` maps an offset into `source` to one into post.text."""
    tokens: list[Token] = []
    position = 0
    length = len(source)
    text_start = 0
    while position < length:
        match = _MARKUP.search(source, position)
        if match is None:
            break
        start = match.start()
        if match.group(1):  # <!-- comment -->
            close = source.find("-->", match.end())
            end = length if close < 0 else close + 3
            _text(tokens, source, text_start, start, to_text, fragment)
            tokens.append(Token("comment", to_text(start), to_text(end), fragment=fragment,
                                unterminated=close < 0))
        elif match.group(4):  # <!DOCTYPE …>, <?…>, <!…> (bogus comments)
            close = source.find(">", match.end())
            end = length if close < 0 else close + 1
            _text(tokens, source, text_start, start, to_text, fragment)
            kind = "doctype" if source[start + 1:start + 9].lower() == "!doctype" else "comment"
            tokens.append(Token(kind, to_text(start), to_text(end), fragment=fragment))
        else:
            parsed = _tag(source, match, to_text, fragment)
            if parsed is None:  # `<a` with no `>` before the end: text
                position = match.end()
                continue
            tag, end = parsed
            _text(tokens, source, text_start, start, to_text, fragment)
            tokens.append(tag)
            if tag.kind == "start" and tag.name in RAW_TEXT_ELEMENTS and not tag.self_closing:
                closer = re.compile(rf"</{tag.name}(?=[\s/>])", re.IGNORECASE).search(source, end)
                raw_end = closer.start() if closer else length
                if raw_end > end:
                    tokens.append(Token("text", to_text(end), to_text(raw_end), fragment=fragment,
                                        unterminated=closer is None))
                end = raw_end
        position = text_start = end
    _text(tokens, source, text_start, length, to_text, fragment)
    return tokens


def _text(tokens, source, start, end, to_text, fragment) -> None:
    if end > start:
        tokens.append(Token("text", to_text(start), to_text(end), fragment=fragment))


def _tag(source: str, match: re.Match, to_text, fragment: int) -> tuple[Token, int] | None:
    closing = bool(match.group(2))
    name = match.group(3).lower()
    position = match.end()
    plain = _PLAIN_TAG.match(source, position)
    if plain is not None:
        return _plain_tag(source, match, plain.end(), closing, name, to_text, fragment)
    length = len(source)
    attributes: list[Attribute] = []
    while True:
        position = _SPACE.match(source, position).end()
        if position >= length:
            return None
        char = source[position]
        if char == ">":
            self_closing = source[position - 1] == "/" and position - 1 >= match.end()
            end = position + 1
            break
        if source.startswith(_TEMPLATE_OPEN, position):
            close = source.find(_TEMPLATE_CLOSE[source[position:position + 2]], position + 2)
            if close < 0:
                return None
            position = close + 2
            continue
        found = _ATTRIBUTE_NAME.match(source, position)
        name_start, name_end = position, found.end()
        position = name_end
        value = value_start = value_end = None
        equals = _EQUALS.match(source, position)
        if equals and equals.end() > position and equals.group().strip() == "=":
            position = equals.end()
            if position >= length:
                return None
            quote = source[position]
            if quote in "\"'":
                close = source.find(quote, position + 1)
                if close < 0:
                    return None
                value_start, value_end = position + 1, close
                position = close + 1
            elif source.startswith(_TEMPLATE_OPEN, position):
                close = source.find(_TEMPLATE_CLOSE[source[position:position + 2]], position + 2)
                if close < 0:
                    return None
                rest = _UNQUOTED.match(source, close + 2)
                value_start, value_end = position, rest.end() if rest else close + 2
                position = value_end
            else:
                unquoted = _UNQUOTED.match(source, position)
                value_start, value_end = position, unquoted.end() if unquoted else position
                position = value_end
            value = source[value_start:value_end]
        attribute_end = position
        if not closing:
            attributes.append(Attribute(
                source[name_start:name_end].lower(), value, to_text(name_start), to_text(name_end),
                None if value_start is None else to_text(value_start),
                None if value_end is None else to_text(value_end), to_text(attribute_end)))
    kind = "end" if closing else "start"
    return Token(kind, to_text(match.start()), to_text(end), name, tuple(attributes),
                 self_closing, fragment), end


def _plain_tag(source: str, match: re.Match, end: int, closing: bool, name: str, to_text,
               fragment: int) -> tuple[Token, int]:
    """`_tag` for a tag `_PLAIN_TAG` matched up to `end`: the same token, in one pass."""
    attributes: list[Attribute] = []
    if not closing:
        for found in _PLAIN_ATTRIBUTE.finditer(source, match.end(), end - 1):
            name_start, name_end = found.span(1)
            if found.group(2) is None:
                value = value_start = value_end = None
            else:
                group = 3 if found.group(3) is not None else 4 if found.group(4) is not None else 5
                value = found.group(group)
                value_start, value_end = found.span(group)
            attributes.append(Attribute(
                found.group(1).lower(), value, to_text(name_start), to_text(name_end),
                None if value_start is None else to_text(value_start),
                None if value_end is None else to_text(value_end), to_text(found.end())))
    self_closing = source[end - 2] == "/"
    kind = "end" if closing else "start"
    return Token(kind, to_text(match.start()), to_text(end), name, tuple(attributes),
                 self_closing, fragment), end
