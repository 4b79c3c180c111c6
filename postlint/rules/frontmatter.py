"""PL0: the file and its front matter."""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from postlint.diagnostic import Edit, Finding, Fix, Severity, Span
from postlint.rule import Rule

JEKYLL_POST_NAME = re.compile(r"(\d{2,4})-(\d{1,2})-(\d{1,2})-(.*)(\.[^.]+)$")
URL_BREAKING = re.compile(r"[\s?#%\\\"<>|^`{}]")


class EngineRule(Rule):
    """Base of the diagnostics the engine itself emits; they run no check of their own."""

    emitted_by_engine = True

    def check(self, post, ctx):
        return ()


class InternalError(EngineRule):
    """A rule raised an exception on this file; the other rules still ran.

    ## What it does
    When a rule crashes, postlint reports the crash here, naming the rule, the exception and
    where it was raised, and goes on with the other rules and files.

    ## Why is this bad
    It is a bug in postlint or in a plugin: please report it with the file that triggers it.
    """

    code = "PL000"
    name = "internal-error"
    severity = Severity.ERROR
    needs_front_matter = False
    reads_binary = True


class UnreadableFile(EngineRule):
    """A file that could not be read: no permission, a symlink loop, a file too large.

    ## What it does
    Reports a file that discovery found or that was named on the command line but could not
    be read: a permission error, a broken symlink or a symlink loop, a symlink that leads out
    of the site root (never followed), or a file larger than `[lint] max-file-size`
    (10 MB by default).

    ## Why is this bad
    The generator cannot read it either, or it is not what it seems; either way nothing in it
    was checked.
    """

    code = "PL009"
    name = "unreadable-file"
    severity = Severity.ERROR
    needs_front_matter = False
    reads_binary = True


class NoFrontMatter(Rule):
    """A file where posts live that has no front matter, or front matter the generator misses.

    ## What it does
    Reports a file in a posts folder (`_posts`, `_drafts`, Hugo's `content`) that does not
    start with front matter, and any post or page whose front matter does not start on the
    first line: Jekyll (and gray-matter, Eleventy, Astro) only read front matter that begins
    at the first byte of the file.

    ## Why is this bad
    Jekyll 4 still publishes such a post, but with no title and no layout, and with its
    `---` block shown to readers as a rule and a paragraph of `key: value` text.

    ## Example
    ```markdown

    ---
    title: "A blank line above the front matter hides it"
    ---
    ```
    """

    code = "PL001"
    name = "no-front-matter"
    severity = Severity.ERROR
    fixable = True  # blank lines above the front matter
    needs_front_matter = False
    reads_binary = True

    def check(self, post, ctx) -> Iterator[Finding]:
        if post.decoding.binary:
            return
        split = post.split
        if split.format is None:
            if post.is_post:
                yield Finding(Span.point(1), "no front matter: the post is published without "
                              "a title, date or layout (it needs a `---` block at the top)")
            return
        if split.leading_blank_lines and not ctx.site.generator.leading_blank_lines_ok:
            lines = split.leading_blank_lines
            yield Finding(
                Span(split.open_line, 1, split.open_line, 4),
                f"front matter starts on line {split.open_line}, after {lines} blank "
                f"line{'s' * (lines != 1)}: it must start on line 1, or "
                f"{ctx.site.generator.title} sees no front matter and publishes the file as is",
                Fix((Edit(0, post.offset(split.open_line, 1), ""),)))


class FrontMatterSyntax(Rule):
    """Front matter that is not valid YAML, TOML or JSON, at the parser's own position.

    ## What it does
    Reports the first syntax error the YAML, TOML or JSON parser meets, at the line and column
    where it met it, with a hint for common causes (a `"` inside a double-quoted title, tabs).
    Also reports front matter that YAML aliases blow up (an "alias bomb"), tags that would run
    code (`!!python/object`), and nesting too deep to read.

    ## Why is this bad
    The generator fails the build, or (Jekyll) skips the post with only a warning in its log.

    ## Example
    ```yaml
    title: "He said "no" to the deal"
    ```
    """

    code = "PL002"
    name = "front-matter-syntax"
    severity = Severity.ERROR
    needs_front_matter = False
    reads_binary = True

    def check(self, post, ctx) -> Iterator[Finding]:
        error = post.front_matter_error
        if error is not None:
            yield Finding(error.span, f"invalid {post.format.upper()} front matter: {error.message}")
        elif post.format == "js" and post.has_front_matter:
            yield Finding(Span.point(post.split.open_line), "`---js` front matter is JavaScript: "
                          "postlint reads it only by running it, which it never does, so its "
                          "keys are not checked (the body is)", severity=Severity.INFO)


class FrontMatterNotMapping(Rule):
    """Front matter that is a list or a single value instead of keys and values.

    ## What it does
    Reports front matter whose top level is a list (`- a`) or a scalar (`hello`).

    ## Why is this bad
    Generators expect a mapping of keys: Jekyll raises an error or ignores the block, so the
    post has no title, date or layout.
    """

    code = "PL003"
    name = "front-matter-not-mapping"
    severity = Severity.ERROR
    needs_front_matter = False
    reads_binary = True

    def check(self, post, ctx) -> Iterator[Finding]:
        if not post.has_front_matter or post.front_matter_error or post.meta is None \
                or isinstance(post.meta, dict):
            return  # None: empty, or refused whole for a duplicate key (PL004 says so)
        kind = "a list" if isinstance(post.meta, list) else f"a single {type(post.meta).__name__} value"
        line = post.split.content_line
        yield Finding(Span.point(line), f"front matter is {kind}, not a mapping of keys to values")


class DuplicateKey(Rule):
    """The same key twice in one mapping: YAML keeps the last one silently.

    ## What it does
    Reports every repeated key, at the repetition, naming the line of the first one.

    ## Why is this bad
    Only the last value survives, with no warning from the generator: a scraper that writes
    `date:` twice publishes the post under whichever came last.
    """

    code = "PL004"
    name = "duplicate-key"
    severity = Severity.ERROR
    needs_front_matter = False  # TOML refuses the whole table on a duplicate
    reads_binary = True

    def check(self, post, ctx) -> Iterator[Finding]:
        for path, first, again in post.duplicates:
            key = ".".join(str(p) for p in path)
            outcome = (f"TOML forbids it: {ctx.site.generator.title} refuses the file"
                       if post.format == "toml" else f"only the value on line {again.line} is kept")
            yield Finding(again, f"duplicate key `{key}` (lines {first.line} and {again.line}): "
                          f"{outcome}")


class Encoding(Rule):
    """Not UTF-8, NUL bytes or a binary file; a byte-order mark or mixed line endings.

    ## What it does
    Errors: a binary file (a NUL byte near the start), a NUL byte anywhere, bytes that are not
    valid UTF-8 (at the first one). Warnings: a UTF-8 byte-order mark (fix: remove it), and a
    file that mixes CRLF and LF line endings (fix: use the file's majority ending throughout).

    ## Why is this bad
    Jekyll skips or garbles posts that are not UTF-8; a BOM breaks tools that expect `---` at
    byte 0; mixed endings make every later diff noisy.
    """

    code = "PL005"
    name = "encoding"
    severity = Severity.ERROR
    fixable = True
    needs_front_matter = False
    reads_binary = True

    def check(self, post, ctx) -> Iterator[Finding]:
        info = post.decoding
        if info.binary:
            yield Finding(Span.point(1), "binary file (it contains NUL bytes): not a text post")
            return
        if info.invalid_utf8_offset is not None:
            yield Finding(post.span(info.invalid_utf8_offset),
                          "not valid UTF-8 (first bad byte here); save the file as UTF-8")
        if info.nul_offset is not None:
            yield Finding(post.span(info.nul_offset), "NUL byte in the text")
        if info.bom:
            yield Finding(Span.point(1), "UTF-8 byte-order mark at the start of the file",
                          Fix((), drop_bom=True), Severity.WARNING)
        if info.crlf and (info.lf or info.cr):
            yield self._mixed_endings(post)

    @staticmethod
    def _mixed_endings(post) -> Finding:
        info = post.decoding
        use_crlf = info.crlf > info.lf
        edits = []
        first_odd = None
        for match in re.finditer(r"\r\n|\r|\n", post.text):
            ending = match.group()
            if (ending == "\r\n") != use_crlf:
                first_odd = match.start() if first_odd is None else first_odd
                edits.append(Edit(match.start(), match.end(), "\r\n" if use_crlf else "\n"))
        majority = "CRLF" if use_crlf else "LF"
        return Finding(post.span(first_odd), f"mixed line endings ({info.crlf} CRLF, "
                       f"{info.lf} LF{f', {info.cr} CR' if info.cr else ''}); the first that is "
                       f"not {majority} is here", Fix(tuple(edits)), Severity.WARNING)


class UnclosedFrontMatter(Rule):
    """An opening front-matter delimiter with no closing one.

    ## What it does
    Reports a `---` (or `+++`, or `{`) on the first line that is never closed.

    ## Why is this bad
    The generator sees no front matter: the whole file, keys included, is published as
    content, or the build fails.
    """

    code = "PL006"
    name = "unclosed-front-matter"
    severity = Severity.ERROR
    needs_front_matter = False
    reads_binary = True

    def check(self, post, ctx) -> Iterator[Finding]:
        split = post.split
        if split.format is None or split.close_line or post.decoding.binary:
            return
        delimiter = {"yaml": "---", "toml": "+++", "json": "{"}[split.format]
        closing = {"yaml": "`---`", "toml": "`+++`", "json": "`}`"}[split.format]
        yield Finding(Span(split.open_line, 1, split.open_line, 1 + len(delimiter)),
                      f"front matter opened on line {split.open_line} is never closed "
                      f"(no {closing} line): {ctx.site.generator.title} reads no front matter")


class PostFilename(Rule):
    """A Jekyll post whose file name is not `YYYY-MM-DD-slug.ext`, or has a slug that breaks URLs.

    ## What it does
    For files in a Jekyll site's `_posts` folders: reports a name that Jekyll's own pattern
    (`\\d{2,4}-\\d{1,2}-\\d{1,2}-slug.ext`, so `2017-2-5-x.md` is fine) does not match, an
    impossible date (`2021-02-30`), an empty slug, and a slug with spaces or characters that
    Jekyll rewrites in URLs (`?`, `#`, `%`, quotes, ...).

    ## Why is this bad
    Jekyll silently skips a file in `_posts` whose name does not match: the post is never
    published. It rolls an impossible date over (`2021-02-30` is published as 2021-03-02) or
    stops the build (`2021-13-01`). It rewrites spaces and `#` in the URL (`my post #1` becomes
    `my-post-1`), so links written from the file name break. (Checked with Jekyll 4.3.)
    """

    code = "PL007"
    name = "post-filename"
    severity = Severity.ERROR
    needs_front_matter = False
    reads_binary = True

    def check(self, post, ctx) -> Iterator[Finding]:
        if not ctx.site.generator.checks_post_filename(post) or post.decoding.binary:
            return
        name = post.path.name
        here = Span.point(1)
        generator = ctx.site.generator.title
        match = JEKYLL_POST_NAME.match(name)
        if match is None:
            yield Finding(here, f"file name `{name}` does not start with a date "
                          f"(YYYY-MM-DD-slug.ext): {generator} does not publish it")
            return
        year, month, day, slug, _ = match.groups()
        problem = _impossible_date(int(year), int(month), int(day), generator)
        if problem:
            yield Finding(here, f"file name `{name}` has an impossible date "
                          f"{year}-{month}-{day}: {problem}")
        if not slug.strip():
            yield Finding(here, f"file name `{name}` has an empty slug: the post's URL ends "
                          "in `/.html` (a hidden file name)")
        elif URL_BREAKING.search(slug):
            bad = sorted(set(URL_BREAKING.findall(slug)))
            shown = ", ".join("space" if c.isspace() else f"`{c}`" for c in bad)
            yield Finding(here, f"file name `{name}` has characters that {generator} replaces in "
                          f"the URL ({shown}): links written with the file name will not "
                          "match; use letters, digits and `-`")


def _impossible_date(year: int, month: int, day: int, generator: str) -> str | None:
    """What Jekyll 4.3 (the generator that requires dated names) does with a file-name date
    that does not exist (None: it exists)."""
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return f"{generator} stops the build (invalid date)"
    try:
        dt.date(year, month, day)
        return None
    except ValueError:
        rolled = dt.date(year, month, 1) + dt.timedelta(days=day - 1)
        return f"{generator} silently publishes it as {rolled.isoformat()}"


class ConflictMarker(Rule):
    """A leftover merge-conflict marker (`<<<<<<<`, `=======`, `>>>>>>>`).

    ## What it does
    Reports `<<<<<<<` and `>>>>>>>` lines, and `=======` / `|||||||` lines between them,
    anywhere in the file outside fenced code blocks. A lone `=======` under a line of text is
    a Markdown heading underline, not a marker, and is left alone.

    ## Why is this bad
    Both sides of the conflict are published, with the markers, and the front matter usually
    no longer parses.
    """

    code = "PL008"
    name = "conflict-marker"
    severity = Severity.ERROR
    needs_front_matter = False
    reads_binary = True

    START = re.compile(r"<{7}(?: |$)")
    MIDDLE = re.compile(r"(?:={7}|\|{7})(?: |$)")
    END = re.compile(r">{7}(?: |$)")
    FENCE = re.compile(r"\s{0,3}(`{3,}|~{3,})")

    def check(self, post, ctx) -> Iterator[Finding]:
        if post.decoding.binary or "<<<<<<<" not in post.text and ">>>>>>>" not in post.text:
            return
        fence = None
        in_conflict = False
        for number, line in enumerate(post.lines, start=1):
            opened = self.FENCE.match(line)
            if opened and number >= post.body_line:
                marker = opened.group(1)
                if fence is None:
                    fence = marker
                elif marker[0] == fence[0] and len(marker) >= len(fence):
                    fence = None
                continue
            if fence is not None:
                continue
            if self.START.match(line):
                in_conflict = True
                yield self._marker(number, line, "start")
            elif in_conflict and self.MIDDLE.match(line):
                yield self._marker(number, line, "separator")
            elif self.END.match(line):
                in_conflict = False
                yield self._marker(number, line, "end")

    @staticmethod
    def _marker(number: int, line: str, kind: str) -> Finding:
        return Finding(Span(number, 1, number, 8),
                       f"merge-conflict marker ({kind}) `{line[:7]}`: resolve the conflict")
