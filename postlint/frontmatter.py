"""Split a post into front matter and body, and parse the front matter with positions.

Every format yields the same `ParsedFrontMatter`: the Python values, a `Field` (key span,
value span, source text) for every key and list item, duplicate keys, and the first error
with its own line and column in the file.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import yaml
from frontmatter import detect_format
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

from postlint.diagnostic import Span

try:  # the C loader is ~5x faster; fall back where libyaml is missing
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader


class _YamlLoader(_BaseLoader):
    """The safe loader, except that an impossible timestamp (`2022-02-30 10:00:00`) stays a
    string, as in Jekyll's YAML (Psych), instead of raising ValueError."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

#: a front matter that expands (through aliases) to more nodes than this is refused
MAX_EXPANDED_NODES = 100_000

YAML_OPEN = re.compile(r"---[ \t]*\r?$")
YAML_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*\r?$")
TOML_DELIM = re.compile(r"\+\+\+[ \t]*\r?$")

PathKey = tuple[Any, ...]


@dataclass(slots=True)
class Field:
    """Where one key (or list item) of the front matter stands in the file."""

    key_span: Span | None  # None for list items
    value_span: Span
    source: str  # the value as written, quotes included ("" for collections)
    style: str | None = None  # YAML scalar style: None plain, '"', "'", '|', '>'; "[" / "{" flow


@dataclass(slots=True)
class FrontMatterError:
    message: str
    span: Span


@dataclass(slots=True)
class ParsedFrontMatter:
    data: Any = None
    fields: dict[PathKey, Field] = field(default_factory=dict)
    duplicates: list[tuple[PathKey, Span, Span]] = field(default_factory=list)
    error: FrontMatterError | None = None


@dataclass(slots=True)
class Split:
    """Where the front matter is: format, delimiter lines and the text between them."""

    format: str | None = None  # "yaml" | "toml" | "json" | "json-members" | "js" | None
    open_line: int = 0  # 1-based line of the opening delimiter (0: none)
    close_line: int = 0  # 1-based line of the closing delimiter (0: unclosed)
    content_offset: int = 0  # offset of the first character after the opening delimiter line
    content_line: int = 0  # the line that offset is on
    content: str = ""
    body_offset: int = 0
    body_line: int = 1
    leading_blank_lines: int = 0  # lines of white space before the opening delimiter


class _Form(BaseHandler):
    """A front-matter form: python-frontmatter's handler interface decides whether a file
    starts with it (`detect`); the split and the positions are ours."""

    #: our format name (the parser that reads the content)
    format = ""
    #: the closing delimiter line (None: a JSON object that closes itself)
    close: re.Pattern | None = None


class YamlForm(_Form, YAMLHandler):
    FM_BOUNDARY = re.compile(r"^---[ \t]*\r?$", re.M)
    format, close = "yaml", YAML_CLOSE


class TomlForm(_Form):
    FM_BOUNDARY = re.compile(r"^\+\+\+[ \t]*\r?$", re.M)
    format, close = "toml", TOML_DELIM


class JsonForm(_Form, JSONHandler):
    """A JSON object at the top of the file (Hugo), not a `{{`/`{%` template tag."""

    format = "json"

    def detect(self, text: str) -> bool:
        return text.startswith("{") and not text.startswith(("{{", "{%"))


class EleventyJsonForm(_Form):
    """Eleventy's `---json` ... `---`."""

    FM_BOUNDARY = re.compile(r"^---json[ \t]*\r?$", re.M)
    format, close = "json", YAML_CLOSE


class EleventyJsForm(_Form):
    """Eleventy's `---js` (or `---javascript`) ... `---`: code, never run here."""

    FM_BOUNDARY = re.compile(r"^---(?:js|javascript)[ \t]*\r?$", re.M)
    format, close = "js", YAML_CLOSE


class HexoJsonForm(_Form):
    """Hexo's `;;;` ... `;;;`: the members of a JSON object, without its braces."""

    FM_BOUNDARY = re.compile(r"^;;;[ \t]*\r?$", re.M)
    format, close = "json-members", re.compile(r";;;[ \t]*\r?$")


#: the forms every generator reads, and those only some add (`Generator.front_matter_forms`)
COMMON_FORMS: tuple[_Form, ...] = (YamlForm(), TomlForm(), JsonForm())
EXTRA_FORMS: dict[str, _Form] = {"eleventy-json": EleventyJsonForm(),
                                 "eleventy-js": EleventyJsForm(), "hexo-json": HexoJsonForm()}


def split(text: str, extra_forms: tuple[str, ...] = ()) -> Split:
    """Find the front matter the way the generator does: the form is the first registered
    python-frontmatter handler that detects the file's first line that is not blank (the
    generator's own forms, such as Eleventy's `---json`, are asked first)."""
    stripped = text.lstrip(" \t\r\n")
    skipped = len(text) - len(stripped)
    start = text.rfind("\n", 0, skipped) + 1  # start of the first line that is not blank
    leading = text.count("\n", 0, start)
    first_end = text.find("\n", start)
    first = text[start:] if first_end < 0 else text[start:first_end]
    forms = [EXTRA_FORMS[name] for name in extra_forms if name in EXTRA_FORMS]
    form = detect_format(stripped if first.startswith("{") else first, (*forms, *COMMON_FORMS))
    if form is None:
        return Split()
    if form.close is None:
        return _split_json(text, skipped, leading)
    return _split_delimited(text, start, leading, form.format, form.close)


def _split_delimited(text: str, start: int, leading: int, fmt: str, close: re.Pattern) -> Split:
    open_line = leading + 1
    content_offset = text.find("\n", start) + 1
    if content_offset == 0:
        return Split(fmt, open_line, 0, len(text), open_line, "", len(text), open_line, leading)
    pos = content_offset
    line = open_line + 1
    while pos <= len(text):
        end = text.find("\n", pos)
        current = text[pos:] if end < 0 else text[pos:end]
        if close.fullmatch(current):
            body_offset = len(text) if end < 0 else end + 1
            return Split(fmt, open_line, line, content_offset, open_line + 1,
                         text[content_offset:pos], body_offset, line + 1, leading)
        if end < 0:
            break
        pos = end + 1
        line += 1
    return Split(fmt, open_line, 0, content_offset, open_line + 1, text[content_offset:],
                 len(text), line + 1, leading)


def _split_json(text: str, start: int, leading: int) -> Split:
    end = _json_object_end(text, start)
    if end < 0:  # never closed: the parser reports where it gave up
        return Split("json", leading + 1, 0, start, leading + 1, text[start:], len(text),
                     text.count("\n") + 2, leading)
    close_line = text.count("\n", 0, end) + 1
    body_offset = text.find("\n", end)
    body_offset = len(text) if body_offset < 0 else body_offset + 1
    return Split("json", leading + 1, close_line, start, leading + 1, text[start:end], body_offset,
                 close_line + 1, leading)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')


def _json_object_end(text: str, start: int) -> int:
    """Offset just past the `}` that closes the object at `start` (-1: none), without recursion."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text, start):
        token = match.group()
        if token in "{[":
            depth += 1
        elif token in "}]":
            depth -= 1
            if depth == 0:
                return match.end()
    return -1


def parse(sp: Split, text: str) -> ParsedFrontMatter:
    """Parse the front matter of `sp`, with positions relative to the whole file `text`."""
    parser: Callable[[Split, str], ParsedFrontMatter] = _PARSERS[sp.format]
    try:
        return parser(sp, text)
    except RecursionError:
        return ParsedFrontMatter(error=FrontMatterError(
            "front matter is nested too deeply to read", Span.point(sp.content_line)))


# ---------------------------------------------------------------- YAML

def _parse_yaml(sp: Split, text: str) -> ParsedFrontMatter:
    result = ParsedFrontMatter()
    loader = _YamlLoader(sp.content)
    try:
        node = loader.get_single_node()
        if node is None:
            result.data = {}
            return result
        size = _expanded_size(node) if "*" in sp.content else 0  # no alias, no blow-up
        if size > MAX_EXPANDED_NODES:
            result.error = FrontMatterError(
                f"front matter expands to more than {MAX_EXPANDED_NODES:,} values through YAML "
                "aliases (an alias bomb?); refusing to load it", _mark_span(sp, node.start_mark))
            return result
        _YamlWalker(sp, result).walk(node)
        result.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        result.error = _yaml_error(sp, exc)
        result.data = None
    except yaml.YAMLError as exc:
        result.error = FrontMatterError(str(exc).splitlines()[0], Span.point(sp.content_line))
        result.data = None
    finally:
        loader.dispose()
    return result


def _expanded_size(root: yaml.Node) -> int:
    """Count the nodes the document expands to, sharing the count of aliased nodes."""
    memo: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in memo and not done:
            continue
        children = _children(node)
        if done:
            memo[key] = min(1 + sum(memo.get(id(c), 1) for c in children), MAX_EXPANDED_NODES + 1)
            continue
        memo[key] = 1  # guards against recursive aliases
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in memo)
    return memo[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _mark_span(sp: Split, start: yaml.Mark, end: yaml.Mark | None = None) -> Span:
    line = sp.content_line + start.line
    if end is None:
        return Span.point(line, start.column + 1)
    return Span(line, start.column + 1, sp.content_line + end.line, end.column + 1)


class _YamlWalker:
    """Record a `Field` for every key and item, once per node (aliases are not re-walked)."""

    def __init__(self, sp: Split, result: ParsedFrontMatter):
        self.sp = sp
        self.result = result
        self.seen: set[int] = set()

    def walk(self, root: yaml.Node) -> None:
        stack: list[tuple[PathKey, yaml.Node]] = [((), root)]
        while stack:
            path, node = stack.pop()
            if id(node) in self.seen:
                continue
            self.seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                stack.extend(reversed(self._mapping(path, node)))
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    self.result.fields[path + (index,)] = self._field(None, item)
                    stack.append((path + (index,), item))

    def _mapping(self, path: PathKey, node: yaml.MappingNode) -> list[tuple[PathKey, yaml.Node]]:
        children = []
        first_seen: dict[Any, Span] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.value)
            key_span = _mark_span(self.sp, key_node.start_mark, key_node.end_mark)
            if key in first_seen and key != "<<":
                self.result.duplicates.append((path + (key,), first_seen[key], key_span))
            first_seen.setdefault(key, key_span)
            self.result.fields[path + (key,)] = self._field(key_span, value_node)
            children.append((path + (key,), value_node))
        return children

    def _field(self, key_span: Span | None, node: yaml.Node) -> Field:
        span = _mark_span(self.sp, node.start_mark, node.end_mark)
        if isinstance(node, yaml.ScalarNode):
            source = self.sp.content[node.start_mark.index:node.end_mark.index]
            return Field(key_span, span, source, node.style or None)  # the C loader says "" for plain
        return Field(key_span, span, "", "[" if node.flow_style else None)


_UNKNOWN_TAG = re.compile(r"could not determine a constructor for the tag '([^']*)'")
_QUOTE_INSIDE = re.compile(r'^\s*[\w-]+:\s*"[^"\n]*"[^"\n#]*"')


def _yaml_error(sp: Split, exc: yaml.MarkedYAMLError) -> FrontMatterError:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or "invalid YAML"
    if exc.context and exc.problem:
        message = f"{exc.context}, {exc.problem}"
    tag = _UNKNOWN_TAG.search(message)
    if tag:
        message = (f"the tag `{tag.group(1).replace('tag:yaml.org,2002:', '!!')}` is not allowed: "
                   "front matter is loaded safely and never constructs objects")
    span = _mark_span(sp, mark) if mark is not None else Span.point(sp.content_line)
    lines = sp.content.split("\n")
    line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if _QUOTE_INSIDE.match(line_text):
        message += ' (a `"` inside a double-quoted value ends it early: escape it as `\\"` or quote the value with `\'`)'
    elif "\t" in line_text[: (mark.column + 1) if mark else 0] and "tab" in message:
        message += " (YAML does not allow tabs for indentation)"
    return FrontMatterError(message, span)


# ---------------------------------------------------------------- TOML

_TOML_ERROR_AT = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$")
_TOML_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(r"""^(\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=\s*""")
_TOML_ITEM = re.compile(r"""("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,\[\]#]+)""")


def _parse_toml(sp: Split, text: str) -> ParsedFrontMatter:
    result = ParsedFrontMatter()
    _scan_toml(sp, result)
    try:
        result.data = tomllib.loads(sp.content)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_ERROR_AT.match(str(exc))
        if match and result.duplicates and "overwrite" in match.group(1).lower():
            return result  # PL004 reports it; a second report would say the same
        if match:
            span = Span.point(sp.content_line + int(match.group(2)) - 1, int(match.group(3)))
            result.error = FrontMatterError(match.group(1), span)
        else:
            result.error = FrontMatterError(str(exc), Span.point(sp.content_line))
    return result


def _unquote(key: str) -> str:
    return key[1:-1] if key[:1] in "\"'" else key


def _scan_toml(sp: Split, result: ParsedFrontMatter) -> None:
    """Positions of TOML keys and single-line array items (tomllib gives none). Each
    `[[name]]` header opens the next element of an array of tables: `("name", 0)`, ..."""
    table: PathKey = ()
    seen: dict[PathKey, Span] = {}
    elements: dict[PathKey, int] = {}  # array of tables -> how many elements so far
    for number, line in enumerate(sp.content.split("\n")):
        lineno = sp.content_line + number
        table_match = _TOML_TABLE.match(line)
        if table_match and "=" not in line.split("]")[0]:
            table = tuple(_unquote(p.strip()) for p in table_match.group(1).split("."))
            if line.lstrip().startswith("[["):
                elements[table] = elements.get(table, -1) + 1
                table += (elements[table],)
            continue
        key_match = _TOML_KEY.match(line)
        if not key_match:
            continue
        indent, raw_key = key_match.group(1), key_match.group(2)
        path = table + tuple(_unquote(p) for p in (
            [raw_key] if raw_key[:1] in "\"'" else raw_key.split(".")))
        key_span = Span(lineno, len(indent) + 1, lineno, len(indent) + len(raw_key) + 1)
        value = line[key_match.end():].rstrip("\r")
        value_start = key_match.end() + 1
        if path in seen:
            result.duplicates.append((path, seen[path], key_span))
        seen.setdefault(path, key_span)
        style = value[:1] if value[:1] in "\"'[{" else None
        result.fields[path] = Field(key_span, Span(lineno, value_start, lineno, value_start + len(value)),
                                    value, style)
        if value.startswith("["):
            for index, item in enumerate(_TOML_ITEM.finditer(value[1:])):
                col = value_start + 1 + item.start()
                result.fields[path + (index,)] = Field(
                    None, Span(lineno, col, lineno, col + len(item.group(1))), item.group(1),
                    item.group(1)[:1] if item.group(1)[:1] in "\"'" else None)


# ---------------------------------------------------------------- JSON

def _parse_json(sp: Split, text: str) -> ParsedFrontMatter:
    result = ParsedFrontMatter()
    try:
        result.data = json.loads(sp.content)
    except json.JSONDecodeError as exc:
        result.error = FrontMatterError(exc.msg, Span.point(sp.content_line + exc.lineno - 1,
                                                            exc.colno))
        return result
    # JSON is YAML flow syntax: the YAML composer gives the positions json does not
    loader = _YamlLoader(sp.content)
    try:
        node = loader.get_single_node()
        if node is not None:
            _YamlWalker(sp, result).walk(node)
    except yaml.YAMLError:
        pass  # values are right; positions fall back to the first line
    finally:
        loader.dispose()
    return result


def _parse_json_members(sp: Split, text: str) -> ParsedFrontMatter:
    """Hexo's `;;;` form: the members of an object, read as `{` + members + `}` (the brace
    lines stand before and after the content, so positions stay the file's)."""
    wrapped = replace(sp, content="{\n" + sp.content + "\n}", content_line=sp.content_line - 1)
    return _parse_json(wrapped, text)


def _parse_javascript(sp: Split, text: str) -> ParsedFrontMatter:
    """Eleventy's `---js`: code that only running it would read; no values are known."""
    return ParsedFrontMatter(data=None)


_PARSERS: dict[str | None, Callable[[Split, str], ParsedFrontMatter]] = {
    "yaml": _parse_yaml,
    "toml": _parse_toml,
    "json": _parse_json,
    "json-members": _parse_json_members,
    "js": _parse_javascript,
}
