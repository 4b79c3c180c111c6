"""PL3: categories and tags against the controlled vocabulary (see `postlint.vocabulary`).

Only posts have categories and tags (Jekyll's `site.categories` and `site.tags` list posts;
a page's `category:` is just a variable for its layout). Every rule here is silent when no
vocabulary is configured.
"""
from __future__ import annotations

from typing import Iterator

from postlint.diagnostic import Edit, Finding, Fix, Severity, Span
from postlint.rule import Rule
from postlint.vocabulary import KINDS, Term, post_terms, yaml_term

def active(post, ctx) -> bool:
    return (post.is_post or ctx.site.generator.terms_on_pages) and ctx.vocabulary.configured


def terms(post, ctx) -> list[Term]:
    cached = ctx.cache.get("vocabulary-terms")
    if cached is not None and cached[0] is post:
        return cached[1]
    found = list(post_terms(post, ctx.site))
    ctx.cache["vocabulary-terms"] = (post, found)
    return found


def term_span(post, term: Term) -> Span:
    if term.start is not None:
        return post.span(term.start, term.end)
    if term.shape == "folder":
        return Span.point(1)
    return post.span_of(*term.path)


def label(term: Term) -> str:
    where = f" (from the folder `{term.text}/_posts`)" if term.shape == "folder" else ""
    return f"{KINDS[term.kind]} `{term.text}`{where}"


def replacement_fix(post, term: Term, canonical: str) -> Fix | None:
    """Replace the term by `canonical`, when the result reads as one term."""
    if term.start is None:
        return None
    found = post.fields.get(tuple(term.path))
    quoted = found is not None and found.style in ('"', "'")
    if quoted:
        if found.style in canonical or "\\" in canonical:
            return None
        text = canonical
    else:
        text = yaml_term(canonical, None)
    if term.shape in ("split", "whole") and term.key in KINDS and (
            any(c.isspace() for c in canonical) or text != canonical):
        return None  # the generator would split it, or it needs quotes inside a string
    return Fix((Edit(term.start, term.end, text),))


def classified(post, ctx, wanted: str) -> Iterator[tuple]:
    """(term, the vocabulary's answer) for each term of the post the vocabulary classifies as
    `wanted` ("unknown", "alias", "case"); nothing when the vocabulary does not apply."""
    if not active(post, ctx):
        return
    for term in terms(post, ctx):
        status, answer = ctx.vocabulary.classify(term.kind, term.text)
        if status == wanted:
            yield term, answer


class UnknownTermRule(Rule):
    """Shared by PL301 and PL302: a term outside the vocabulary of its kind."""

    kind = ""

    def check(self, post, ctx) -> Iterator[Finding]:
        if ctx.vocabulary.allowed(self.kind) is None:
            return
        for term, suggestion in classified(post, ctx, "unknown"):
            if term.kind != self.kind:
                continue
            hint = f" (did you mean `{suggestion}`?)" if suggestion else ""
            yield Finding(term_span(post, term), f"{label(term)} is not in the vocabulary{hint}")


class UnknownCategory(UnknownTermRule):
    """A category outside the vocabulary, with "did you mean".

    ## What it does
    Reads a post's categories as the generator does (Jekyll: a `categories:` string is split
    on spaces, `category:` is one term, folders above `_posts` are categories; Hugo: the
    `categories` taxonomy) and reports each one that `[vocabulary] categories` does not list,
    suggesting the nearest term. Aliases (PL303) and case/width variants (PL304) are not
    reported here. Silent when no category vocabulary is configured.

    ## Why is this bad
    Every new spelling makes a new category page and splits the archive: a scraper that
    writes `yangxingwangzhan` for 央行网站 files its posts where no reader looks.

    ## Example
    ```toml
    [vocabulary]
    categories = ["emnews", "kejiribao"]
    ```
    ```yaml
    categories: emnew   # did you mean `emnews`?
    ```
    """

    code = "PL301"
    name = "unknown-category"
    severity = Severity.ERROR
    kind = "categories"


class UnknownTag(UnknownTermRule):
    """A tag outside the vocabulary, with "did you mean".

    ## What it does
    Reads a post's tags as the generator does (Jekyll: a `tags:` string is split on spaces,
    `tag:` is one term; Hugo: the `tags` taxonomy) and reports each one that
    `[vocabulary] tags` does not list, suggesting the nearest term. Silent when no tag
    vocabulary is configured.

    ## Why is this bad
    Near-duplicate tags split the tag pages and feeds, and readers following a tag miss posts.

    ## Example
    ```yaml
    tags: 东财滚动新问   # did you mean `东财滚动新闻`?
    ```
    """

    code = "PL302"
    name = "unknown-tag"
    severity = Severity.WARNING
    kind = "tags"


class DeprecatedTerm(Rule):
    """A category or tag listed as an alias: use the canonical term.

    ## What it does
    Reports a term that `[vocabulary] aliases` maps to another one, and replaces it by the
    canonical term (keeping the quotes and the list's shape).

    ## Why is this bad
    Posts under the old and the new term end up on two different pages.

    ## Example
    ```toml
    [vocabulary]
    aliases = { "科技日報新聞" = "科技日报新闻" }
    ```
    """

    code = "PL303"
    name = "deprecated-term"
    severity = Severity.WARNING
    fixable = True

    def check(self, post, ctx) -> Iterator[Finding]:
        for term, canonical in classified(post, ctx, "alias"):
            yield Finding(term_span(post, term), f"{label(term)} is deprecated: use `{canonical}`",
                          replacement_fix(post, term, canonical))


class TermCase(Rule):
    """A term that matches the vocabulary only ignoring case or full/half width.

    ## What it does
    Compares terms after Unicode NFKC normalisation and case folding: `EMNews`,
    `ｅｍｎｅｗｓ` (full-width) and `emnews` are the same term written differently. Reports
    the variant and replaces it by the vocabulary's spelling.

    ## Why is this bad
    Jekyll and Hugo compare terms exactly (Hugo lower-cases URLs but not titles): the
    variants make separate or clashing category pages.

    ## Example
    ```yaml
    categories: EMNews   # the vocabulary says `emnews`
    ```
    """

    code = "PL304"
    name = "term-case"
    severity = Severity.WARNING
    fixable = True

    def check(self, post, ctx) -> Iterator[Finding]:
        for term, canonical in classified(post, ctx, "case"):
            yield Finding(term_span(post, term),
                          f"{label(term)} matches the vocabulary's `{canonical}` only "
                          "ignoring case or width: write it as the vocabulary does",
                          replacement_fix(post, term, canonical))


class DuplicateTerm(Rule):
    """The same category or tag twice in one post.

    ## What it does
    Reports a term that the post already has (compared after aliases and case/width are
    resolved), at the repetition, and removes it. A category the post also gets from its
    folder (`categories: zqrb` in `zqrb/_posts/`) is not a repetition: Jekyll merges the two
    into one (checked with Jekyll 4.3).

    ## Why is this bad
    Tag lists show the tag twice; scripts that count terms count it twice.

    ## Example
    ```yaml
    tags: [markets, bonds, markets]
    ```
    """

    code = "PL305"
    name = "duplicate-term"
    severity = Severity.WARNING
    fixable = True

    def check(self, post, ctx) -> Iterator[Finding]:
        if not active(post, ctx):
            return
        seen: dict[tuple[str, str], Term] = {}
        for term in terms(post, ctx):
            if term.shape == "folder":
                continue  # the generator merges a folder's category with the same one written
            key = (term.kind, ctx.vocabulary.canonical(term.kind, term.text))
            first = seen.get(key)
            if first is None:
                seen[key] = term
                continue
            yield Finding(term_span(post, term),
                          f"{label(term)} is already in this post (line "
                          f"{term_span(post, first).line})", self._removal(post, term))

    @staticmethod
    def _removal(post, term: Term) -> Fix | None:
        if term.start is None:
            return None
        text = post.text
        if term.shape == "split":
            start = term.start
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            return Fix((Edit(start, term.end, ""),))
        found = post.fields.get(tuple(term.path))
        parent = post.fields.get((term.path[0],))
        if term.shape != "item" or found is None or parent is None:
            return None
        item_start = post.offset(found.value_span.line, found.value_span.column)
        item_end = post.offset(found.value_span.end_line, found.value_span.end_column)
        if parent.style == "[":  # flow list: drop ", item"
            start = text.rfind(",", 0, item_start)
            return Fix((Edit(start, item_end, ""),)) if start >= 0 else None
        line_start = text.rfind("\n", 0, item_start) + 1
        if text[line_start:item_start].strip() != "-":
            return None
        line_end = text.find("\n", item_end)
        return Fix((Edit(line_start, len(text) if line_end < 0 else line_end + 1, ""),))


class TermShape(Rule):
    """A category or tag list written in a shape the generator reads differently.

    ## What it does
    Reports `categories:` / `tags:` strings with spaces, which Jekyll splits into several
    terms (`categories: "21shijijingjibaodao  nancailicaitong"` is two categories; Hugo keeps
    a string as one term), commas in a string or an item (`tags: "a, b"` gives Jekyll the
    terms `a,` and `b`, Hugo the one term `a, b`), empty items, and lists nested in lists.

    ## Why is this bad
    The post lands in categories nobody meant (`21shijijingjibaodao` and `nancailicaitong`),
    and its category page stays empty.

    ## Example
    ```yaml
    categories: "Career In touxingPEVC"   # three categories for Jekyll
    categories: ["Career In touxingPEVC"] # one category
    ```
    """

    code = "PL306"
    name = "term-shape"
    severity = Severity.WARNING

    def check(self, post, ctx) -> Iterator[Finding]:
        if not active(post, ctx):
            return
        keys = {k for k in ctx.site.generator.term_keys(ctx.site) if k in KINDS}
        generator = ctx.site.generator.title
        for key in [k for k in post.data if k in keys]:
            value = post.data[key]
            if isinstance(value, str):
                pieces = value.split()
                splits = ctx.site.generator.splits_term_strings
                if splits and len(pieces) > 1:
                    shown = ", ".join(f"`{p}`" for p in pieces)
                    yield Finding(post.span_of(key),
                                  f"`{key}` is a string with spaces: {generator} splits it into "
                                  f"{len(pieces)} {key} ({shown}); write a list if that is "
                                  "meant, or one term without spaces")
                if "," in value:
                    how = ("splits on spaces only, so the commas stay in the terms" if splits
                           else f"reads the string as one term `{value}`")
                    yield Finding(post.span_of(key), f"`{key}` has commas: {generator} {how}; "
                                  "write a list")
            elif isinstance(value, list):
                yield from self._items(post, key, value)

    @staticmethod
    def _items(post, key: str, value: list) -> Iterator[Finding]:
        for index, item in enumerate(value):
            span = post.span_of(key, index)
            if isinstance(item, list):
                yield Finding(span, f"`{key}` has a list inside the list (item {index + 1}): "
                              "it is flattened into separate terms")
            elif item is None or (isinstance(item, str) and not item.strip()):
                yield Finding(span, f"`{key}` has an empty item (item {index + 1})")
            elif isinstance(item, str) and "," in item:
                yield Finding(span, f"`{key}` item `{item}` has a comma: it is one term, not "
                              f"{len([p for p in item.split(',') if p.strip()])}; write "
                              "separate items")
