"""What can be read of a JavaScript/TypeScript configuration file without running it.

`docusaurus.config.js` and `astro.config.mjs` are programs: postlint never executes them. It
reads the literal values written in them (`baseUrl: "/docs/"`, `trailingSlash: true`), and the
object literals that follow a key or a plugin name, braces balanced and strings and comments
skipped. A value computed at run time (`url: packageJson.homepage`) is not known: callers
keep the generator's default for it and say so.
"""
from __future__ import annotations

import re

_STRING = r"""(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`$]*)`)"""


def string_end(text: str, start: int) -> int:
    """The offset of the quote that closes the JavaScript string opened at `start`."""
    quote, end = text[start], start + 1
    while end < len(text) and text[end] != quote:
        end += 2 if text[end] == "\\" else 1
    return end


def strip_comments(text: str) -> str:
    """The text with `//` and `/* */` comments blanked (strings kept; same length)."""
    out = []
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char in "\"'`":
            end = string_end(text, position)
            out.append(text[position:end + 1])
            position = end + 1
        elif text.startswith("//", position):
            end = text.find("\n", position)
            end = length if end < 0 else end
            out.append(" " * (end - position))
            position = end
        elif text.startswith("/*", position):
            end = text.find("*/", position + 2)
            end = length if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[position:end]))
            position = end
        else:
            out.append(char)
            position += 1
    return "".join(out)


def literal(text: str, key: str) -> str | bool | None:
    """The first literal string or boolean written as `key: value` (None: none, or computed)."""
    found = re.search(rf"(?<![\w$.]){re.escape(key)}['\"]?\s*:\s*(?:{_STRING}|(true|false)\b)",
                      text)
    if not found:
        return None
    if found.group(4):
        return found.group(4) == "true"
    return next(g for g in found.groups()[:3] if g is not None)


def strings(text: str) -> list[str]:
    """Every string literal in `text`, in order."""
    return [next(g for g in m.groups() if g is not None) for m in re.finditer(_STRING, text)]


def block_after(text: str, start: int) -> str | None:
    """The object literal `{...}` or array `[...]` that starts at the first bracket at or
    after `start` (only white space before it), or None."""
    found = re.compile(r"\s*([{\[])").match(text, start)
    if not found:
        return None
    opening = found.group(1)
    closing = "}" if opening == "{" else "]"
    depth = 0
    position = found.start(1)
    while position < len(text):
        char = text[position]
        if char in "\"'`":
            end = string_end(text, position)
            position = end + 1
            continue
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return text[found.start(1):position + 1] if char == closing else None
        position += 1
    return None


def blocks(text: str, key: str) -> list[str]:
    """The object literals written as the value of `key:` (every one, in order)."""
    found = []
    for match in re.finditer(rf"(?<![\w$.]){re.escape(key)}['\"]?\s*:", text):
        block = block_after(text, match.end())
        if block is not None and block.startswith("{"):
            found.append(block)
    return found


def plugin_options(text: str, plugin: str) -> list[str]:
    """The option objects of `[plugin, {...}]` entries (`plugin` as its string is written)."""
    found = []
    for match in re.finditer(rf"""\[\s*['"]{re.escape(plugin)}['"]\s*,""", text):
        block = block_after(text, match.end())
        if block is not None and block.startswith("{"):
            found.append(block)
    return found


def top_level(block: str) -> str:
    """The object literal with its nested objects and arrays blanked: its own keys only."""
    out = list(block)
    depth = 0
    position = 0
    while position < len(block):
        char = block[position]
        if char in "\"'`":
            end = string_end(block, position)
            if depth > 1:
                out[position:end + 1] = " " * (end + 1 - position)
            position = end + 1
            continue
        if char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
        elif depth > 1 and char != "\n":
            out[position] = " "
        position += 1
    return "".join(out)
