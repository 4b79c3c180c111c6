"""PL1: the front matter against the active schema (see `postlint.schema`).

The post is validated once (with the schema's pydantic model) and each rule reports its own
kind of problem, at the key's or the item's own position. Dates are left to the PL2 rules.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterator

from postlint.config import suggest
from postlint.diagnostic import Edit, Finding, Fix, Severity, Span
from postlint.rule import Rule
from postlint.yaml_types import generator_data

#: YAML 1.1 plain scalars that become booleans
YAML_BOOL_WORDS = re.compile(r"(?i:yes|no|on|off)")


def front_matter(post, ctx) -> dict:
    """The front matter as the generator types it (Hugo's YAML differs from PyYAML's)."""
    cached = ctx.cache.get("generator-data")
    if cached is None or cached[0] is not post:
        cached = (post, generator_data(post, ctx.site))
        ctx.cache["generator-data"] = cached
    return cached[1]


def schema_problems(post, ctx) -> list:
    """The schema's problems with this post, validated once and shared by PL101-PL106."""
    cached = ctx.cache.get("schema-problems")
    if cached is not None and cached[0] is post:
        return cached[1]
    from postlint.schema_model import validate

    schema = ctx.schema
    problems = [p for p in validate(schema, front_matter(post, ctx)) if p.kind != "unknown"
                and _applies(p, schema, post.is_post)]
    ctx.cache["schema-problems"] = (post, problems)
    return problems


def _applies(problem, schema, is_post: bool) -> bool:
    """Required fields are required of posts; a page is held to `pages: required` only."""
    if is_post or problem.kind not in ("missing", "empty"):
        return True
    key = problem.path[0]
    spec = schema.fields.get(key)
    return key in schema.page_required or (
        problem.kind == "empty" and spec is not None and spec.allow_empty is False)


def of_kind(post, ctx, kind: str):
    return [p for p in schema_problems(post, ctx) if p.kind == kind]


def where(post, path: tuple) -> Span:
    """The item's or key's value position; the key when the value is empty."""
    found = post.fields.get(tuple(path))
    if found is None:
        return post.key_span(path[0])
    if not found.source and found.style is None and len(path) == 1 and post.data.get(path[0]) is None:
        return post.key_span(path[0])
    return found.value_span


def replace_value(post, path: tuple, replacement: str) -> Edit | None:
    found = post.fields.get(tuple(path))
    if found is None or not found.source:
        return None
    span = found.value_span
    start = post.offset(span.line, span.column)
    end = post.offset(span.end_line, span.end_column)
    if post.text[start:end] != found.source:
        return None
    return Edit(start, end, replacement)


def quoted(text: str) -> str:
    """A YAML quoted scalar of `text` (double quotes unless they would need escapes)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def implicit_reading(post, path: tuple, value: Any) -> str | None:
    """What YAML made of a plain scalar that reads as another type, in words; else None."""
    if post.format != "yaml" or isinstance(value, str) or value is None:
        return None
    found = post.fields.get(tuple(path))
    if found is None or found.style is not None or not found.source:
        return None
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    return None


def lossy_number(post, path: tuple, value: Any) -> str | None:
    """A plain number whose digits YAML does not keep (`1.10`, `012`, `12:30:00`), in words."""
    found = post.fields.get(tuple(path))
    if post.format != "yaml" or found is None or found.style is not None:
        return None
    source = found.source.strip()
    if isinstance(value, float) and not isinstance(value, bool) and source[:1] not in ".-+":
        if re.fullmatch(r"\d+\.\d*0", source) and repr(value) != source:
            return f"the number {value!r}"
    if isinstance(value, int) and not isinstance(value, bool):
        if ":" in source:
            return f"the number {value} (YAML 1.1 reads `{source}` as base 60)"
        if re.fullmatch(r"0[0-7]+", source):
            return f"the number {value} (YAML 1.1 reads a leading 0 as octal)"
    return None


def value_at(data: dict, path: tuple) -> Any:
    value = data.get(path[0])
    if len(path) > 1 and isinstance(value, list) and path[1] < len(value):
        return value[path[1]]
    return value


class MissingField(Rule):
    """A field the schema requires is absent.

    ## What it does
    Reports every field that the active schema marks `required` and the post lacks.
    Pages (files outside the posts folders) are held only to the schema's `pages: required`
    list. Required dates are reported by PL201, which reads dates.

    ## Why is this bad
    Layouts, feeds and archive pages that use the field show nothing, or break: a post with
    no `layout` is rendered bare, one with no `categories` is missing from its section.

    ## Example
    ```yaml
    ---
    title: "Markets close higher"
    ---          # news-post also requires layout, date, categories and tags
    ```
    """

    code = "PL101"
    name = "missing-field"
    severity = Severity.ERROR

    def check(self, post, ctx) -> Iterator[Finding]:
        line = post.split.open_line or 1
        for problem in of_kind(post, ctx, "missing"):
            yield Finding(Span(line, 1, line, 4), f"required field `{problem.path[0]}` is missing")


class EmptyField(Rule):
    """A required field that is empty or blank (`title: ""`, `title:`).

    ## What it does
    Reports a field that is present but empty (nothing, `""`, spaces, `[]`, `{}`) when the
    schema requires it or sets `allow-empty: false`.

    ## Why is this bad
    An empty title gives a post with no headline, an empty link text in every list, and a
    `<title>` of just the site's name; a scraper that writes one has usually lost its input.

    ## Example
    ```yaml
    title: ""
    ```
    """

    code = "PL102"
    name = "empty-field"
    severity = Severity.ERROR

    def check(self, post, ctx) -> Iterator[Finding]:
        for problem in of_kind(post, ctx, "empty"):
            yield Finding(where(post, problem.path), problem.message)


class FieldType(Rule):
    """A field of the wrong type (tags as a mapping, title as a list, draft: "yes").

    ## What it does
    Reports a value whose type is not the one the schema declares: text, whole number,
    number, true/false, list, mapping, or "text or a list of texts" (Jekyll's `tags` and
    `categories` accept a string, which they split on spaces). List items are checked one by
    one and reported at their own position. A value that YAML turned into another type only
    because it was not quoted (`title: 404`) is PL106.

    ## Why is this bad
    Templates that expect a string or a list print garbage or fail: `{{ page.tags | join }}`
    on a mapping, `{% if page.draft %}` on the string "no" (which is true).

    ## Example
    ```yaml
    draft: "yes"        # a string, and every non-empty string is true
    tags: {a: 1}
    ```
    """

    code = "PL103"
    name = "field-type"
    severity = Severity.ERROR

    def check(self, post, ctx) -> Iterator[Finding]:
        for problem in of_kind(post, ctx, "type"):
            value = value_at(front_matter(post, ctx), problem.path)
            if problem.expected_text and implicit_reading(post, problem.path, value):
                continue  # PL106
            yield Finding(where(post, problem.path), problem.message)


def looks_like_typo(word: str, known: str) -> bool:
    """One slip away from `known` (two for words of 6 letters or more): a letter added, left
    out, changed, or two letters swapped (`tgas`, `catagories`, `Title`, `pubished`)."""
    limit = 1 if len(known) < 6 else 2
    if word == known or abs(len(word) - len(known)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(known) + 1))
    for i, a in enumerate(word, 1):
        current = [i] + [0] * len(known)
        for j, b in enumerate(known, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == known[j - 2] and word[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1] <= limit


class UnknownField(Rule):
    """A key the schema does not know, with the nearest known key suggested.

    ## What it does
    Reports top-level keys that the active schema does not list, when the schema does not
    allow unknown keys (`allow-unknown: false`, as in the presets), and suggests the nearest
    known key. Hugo's keys are compared without regard to case, as Hugo reads them.
    Until the site chooses a schema (`[schema]`), the generator's preset applies and only keys
    that look like a misspelling of a known key are reported: other keys are most likely the
    site's own variables for its layouts (`mathjax: true`, `hero_image:`).

    ## Why is this bad
    A misspelt key is silently ignored: `catagories: news` leaves the post out of its
    category, `pubished: false` publishes a draft.

    ## Example
    ```yaml
    catagories: emnews   # did you mean `categories`?
    ```
    """

    code = "PL104"
    name = "unknown-field"
    severity = Severity.WARNING

    def check(self, post, ctx) -> Iterator[Finding]:
        schema = ctx.schema
        if schema.unknown_allowed(post.is_post):
            return
        known = schema.known_keys
        for key in post.data:
            name = schema.canonical_key(str(key))
            if name in schema.fields:
                continue
            if schema.implicit and not any(looks_like_typo(str(key), k) for k in known):
                continue  # a variable of the site's own (`mathjax`, `hero_image`), not a typo
            yield Finding(post.key_span(key), f"unknown key `{key}`{suggest(str(key), known)}")


@dataclass(frozen=True)
class ValueOptions:
    #: the longest title allowed, in characters (0: no limit beyond the schema's)
    max_title_length: int = 0


class FieldValue(Rule):
    """A value outside its constraint: enum, pattern, length, range.

    ## What it does
    Reports values that have the right type but break one of the schema's constraints:
    not one of the `enum` values, not matching `pattern`, too short or too long
    (`min-length`/`max-length`: characters of a text, items of a list), below `min` or
    above `max`. The option `max-title-length` limits titles without writing a schema.

    ## Why is this bad
    A layout name with a typo renders the post with the default layout; a 300-character
    title is cut off in feeds and search results.

    ## Options
    `max-title-length` (default 0: no limit beyond the schema's).

    ```toml
    [rules.PL105]
    max-title-length = 120
    ```
    """

    code = "PL105"
    name = "field-value"
    severity = Severity.WARNING
    Options = ValueOptions

    def check(self, post, ctx) -> Iterator[Finding]:
        problems = of_kind(post, ctx, "value")
        for problem in problems:
            yield Finding(where(post, problem.path), problem.message)
        limit = self.options.max_title_length
        title = front_matter(post, ctx).get("title")
        if limit and isinstance(title, str) and len(title) > limit and not any(
                p.path[:1] == ("title",) for p in problems):
            yield Finding(where(post, ("title",)),
                          f"`title` has {len(title)} characters; at most {limit} are allowed")


class YamlImplicitType(Rule):
    """YAML silently turned a value into another type: `yes` to true, `1.10` to 1.1, `404` to a number.

    ## What it does
    Reports an unquoted value that YAML reads as true/false, a number or a date although the
    schema wants text (`title: 404`, `title: 2021-12-31`, `tags: [yes, 2021]`), and a number
    whose digits YAML does not keep (`version: 1.10` is 1.1; YAML 1.1 reads `012` as octal 10
    and `12:30:00` as 45000). YAML 1.1 (PyYAML, Jekyll's Psych) turns `yes`, `no`, `on`,
    `off`, `true` and `false` into booleans. The fix quotes the value as written.

    ## Why is this bad
    The page shows something else than what was written (`True` for `yes`, `1.1` for
    `1.10`), and templates that treat the field as text fail on a number or a date.

    ## Example
    ```yaml
    title: 404       # a number
    title: "404"     # text
    ```
    """

    code = "PL106"
    name = "yaml-implicit-type"
    severity = Severity.WARNING
    fixable = True

    def check(self, post, ctx) -> Iterator[Finding]:
        if post.format != "yaml":
            return
        reported = set()
        for problem in of_kind(post, ctx, "type"):
            value = value_at(front_matter(post, ctx), problem.path)
            reading = implicit_reading(post, problem.path, value) if problem.expected_text else None
            if reading is None:
                continue
            reported.add(problem.path)
            yield self._finding(post, problem.path, f"is read as {reading}, not text")
        yield from self._lossy_numbers(post, ctx, reported)

    def _lossy_numbers(self, post, ctx, reported: set) -> Iterator[Finding]:
        schema = ctx.schema
        for path, found in post.fields.items():
            if path in reported or found.style is not None or len(path) > 2:
                continue
            if len(path) == 2 and not isinstance(path[1], int):
                continue
            spec = schema.fields.get(schema.canonical_key(str(path[0])))
            if spec is not None and spec.type in ("int", "float"):
                continue
            reading = lossy_number(post, path, value_at(front_matter(post, ctx), path))
            if reading is not None:
                yield self._finding(post, path, f"is read as {reading}")

    @staticmethod
    def _finding(post, path: tuple, what: str) -> Finding:
        source = post.fields[tuple(path)].source
        label = path[0] if len(path) == 1 else f"{path[0]}[{path[1]}]"
        edit = replace_value(post, path, quoted(source))
        fix = Fix((edit,)) if edit is not None else None
        return Finding(where(post, path), f"`{label}: {source}` {what}: quote it "
                       f"(`{quoted(source)}`) to keep it as written", fix)
