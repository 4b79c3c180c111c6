"""PL6: across posts. Each rule indexes one key per post and reports posts that share it."""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterator

from postlint.authors import publication_day, written_by_script
from postlint.diagnostic import Finding, Severity, Span
from postlint.rule import CorpusRule

#: how many other posts a message names before it says "and N more"
NAMED = 3

# The patterns below stay linear on hostile input (possessive quantifiers, no lazy `.*?`).
#: a tag, an autolink `<https://…>` or an empty `<>`: markup, not text readers read
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*+>|<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*+)?>")
#: the destination of a Markdown link or image: `](url "title")`
_LINK_DESTINATION = re.compile(
    r"\]\(\s*+<?[^()<>\s]*+>?(?:\s++(?:\"[^\"\n]*+\"|'[^'\n]*+'))?\s*+\)")
#: a template tag or expression (`{% include x.md %}`, `{{< shortcode >}}`, `{{ page.title }}`):
#: what it outputs is only known after a build, so it is not text readers read
_TEMPLATE = re.compile(r"\{\{(?:[^}]|\}(?!\}))*+\}\}|\{%(?:[^%]|%(?!\}))*+%\}")
#: a word: a Chinese or Japanese character on its own (those scripts put no spaces between
#: words, so a character is the unit a reader counts), or a run of other letters and digits
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
                   r"|[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]++")


@dataclass(frozen=True, slots=True)
class Entry:
    """What a duplicate rule keeps of a post: the shared key and where to report it."""

    key: str
    span: Span


class DuplicateRule(CorpusRule):
    """Base of the rules that report posts sharing a key (a title, a URL, a body)."""

    def entry(self, post, ctx) -> Entry | None:
        raise NotImplementedError

    def message(self, entry: Entry, others: str) -> str:
        raise NotImplementedError

    def summarize(self, post, ctx) -> Entry | None:
        return self.entry(post, ctx)

    def check_corpus(self, summaries: dict[str, Any], ctx) -> Iterator[tuple[str, Finding]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for relpath, entry in summaries.items():
            groups[entry.key].append(relpath)
        for relpaths in groups.values():
            if len(relpaths) < 2:
                continue
            for relpath in relpaths:
                entry = summaries[relpath]
                others = sorted(r for r in relpaths if r != relpath)
                yield relpath, Finding(entry.span, self.message(entry, name_posts(others)))


def name_posts(relpaths: list[str]) -> str:
    """`a.md`, `a.md and b.md`, `a.md, b.md, c.md and 4 more posts`."""
    named = [f"`{r}`" for r in relpaths[:NAMED]]
    rest = len(relpaths) - len(named)
    if rest:
        return f"{', '.join(named)} and {rest} more post{'s' * (rest != 1)}"
    if len(named) == 1:
        return named[0]
    return f"{', '.join(named[:-1])} and {named[-1]}"


def language(post, site) -> str:
    """The post's language, so that a translation is not a duplicate of its original: the
    front matter's `lang` or `language`, else (Hugo) a language suffix of the file name
    (`post.fr.md`) or a language's `contentDir`; "" when none is known."""
    for key in ("lang", "language"):
        value = post.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return site.generator.language(post, site)


def normalized_title(title: Any) -> str | None:
    if not isinstance(title, str):
        return None
    folded = " ".join(title.split()).casefold()
    return folded or None


def readable_text(body: str) -> str:
    """The body as readers read it, for comparing posts: HTML comments, tags, autolinks,
    template tags and Markdown link destinations removed, whitespace collapsed."""
    text = _MARKUP.sub(" ", _TEMPLATE.sub(" ", without_comments(body)))
    text = _LINK_DESTINATION.sub("]", text)
    return " ".join(text.split())


def word_count(text: str) -> int:
    """Words in `text`, a Chinese or Japanese character counting as one word."""
    return sum(1 for _ in _WORD.finditer(text))


def without_comments(text: str) -> str:
    """`text` with its HTML comments replaced by a space (an unclosed one runs to the end)."""
    parts, position = [], 0
    while (start := text.find("<!--", position)) >= 0:
        parts.append(text[position:start])
        end = text.find("-->", start + 4)
        position = len(text) if end < 0 else end + 3
        parts.append(" ")
    parts.append(text[position:])
    return "".join(parts)


class DuplicateTitle(DuplicateRule):
    """Two posts with the same title (trimmed, case folded) where readers see them together.

    ## What it does
    Compares the `title` of the posts of the site in the same language (front matter `lang`
    or `language`; Hugo's `post.fr.md` or a language's `contentDir`), ignoring case and
    surrounding or repeated whitespace, and reports each post whose title another post also
    has, naming the others. When only some files are linted (pre-commit), they are still
    compared with every post of the site; only the linted files are reported. Pages outside
    the posts folders and posts with no title are not compared (PL101 and PL102 report a
    missing or empty title).

    ## On which site
    - Posts written by a script (`[site] authors = "script"`, or inferred: see the README):
      every post of the site is compared; a scraper that publishes one article twice under
      two file names, or in two category folders, leaves exactly this trace.
    - Posts written by people: titles repeat by design, so only the posts one listing shows
      together are compared: the same section (the folder of the file, all of a `_posts`
      folder being one, a section's own `_index.md` belonging to the folder above; and the
      navigation `parent`, `grand_parent` or `ancestor` the front matter names, as
      just-the-docs sites do) and, for dated posts, the same day. "Overview" in each section,
      the same method name on two types, a recurring "Development update" are not reported;
      two pages of one folder with one title are.

    ## Why is this bad
    Readers cannot tell the posts apart in lists, feeds and search results.

    ## Example
    `_posts/2022-01-07-202201072239307540.md` and `_posts/2022-01-07-NW202201072239307540.md`:
    ```yaml
    title: "资管圈风向又变！雪球结构产品再迎强监管 信托公司雪球发行被叫停 影响多大？"
    ```
    """

    code = "PL601"
    name = "duplicate-title"
    severity = Severity.WARNING

    def entry(self, post, ctx) -> Entry | None:
        if not post.is_post:
            return None
        title = normalized_title(post.get("title"))
        if not title:
            return None
        site = ctx.site
        listing = "" if written_by_script(post, ctx) else \
            f"{site.generator.listing_section(post, site)}\0{publication_day(post, site)}"
        return Entry(f"{language(post, site)}\0{listing}\0{title}", post.span_of("title"))

    def message(self, entry: Entry, others: str) -> str:
        return f"same title as {others}"


@dataclass(frozen=True)
class DuplicateContentOptions:
    #: bodies with fewer words of readable text than this are not compared (a Chinese or
    #: Japanese character is a word)
    min_words: int = 20


class DuplicateContent(DuplicateRule):
    """Two posts with the same body.

    ## What it does
    Compares the body of every post of the site as readers read it: HTML tags and comments,
    autolinks, Markdown link destinations and template tags (`{% include … %}`,
    `{{< shortcode >}}`, `{{ … }}`: what they output is only known after a build) are left
    out and whitespace is collapsed, so the same article saved twice with a different line
    wrapping or a different source link is found. Each post whose body another post also has
    is reported at its first body line, naming the others. Bodies with fewer than `min-words`
    words of text (an image, an embed, one `include`, "coming soon") are not compared; a
    Chinese or Japanese character counts as a word, since those scripts put no spaces
    between words. As for PL601, linted files are compared with every post of the site in the
    same language.

    ## On which site
    - Posts written by a script (`[site] authors = "script"`, or inferred: see the README):
      posts of the whole site are compared; a scraper that saves one article twice puts
      the copies anywhere.
    - Posts written by people: posts of one section (as PL601 says) are compared. The same
      page in another section is a copy kept by design: a version of the docs
      (`versioned_docs/version-1.0/`), a translation not translated yet.

    ## Why is this bad
    The same article published twice splits links and readers between two URLs, and search
    engines rank duplicate content down.

    ## Example
    `_posts/-202205262391921712.md` and `_posts/2022-05-26-202205262391921712.md`: the same
    article, once with an empty title and an empty source link `<>`.

    ## Options
    - `min-words` (default 20): the fewest words of readable text a body needs to be
      compared.
    """

    code = "PL603"
    name = "duplicate-content"
    severity = Severity.WARNING
    Options = DuplicateContentOptions

    def entry(self, post, ctx) -> Entry | None:
        if not post.is_post:
            return None
        text = readable_text(post.body)
        if word_count(text) < self.options.min_words:
            return None
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
        site = ctx.site
        section = "" if written_by_script(post, ctx) else \
            site.generator.listing_section(post, site)
        return Entry(f"{language(post, site)}\0{section}\0{digest}", first_body_line(post))

    def message(self, entry: Entry, others: str) -> str:
        return f"same body as {others} (ignoring markup, link targets and whitespace)"


def first_body_line(post) -> Span:
    """The first line of the body with text on it, whole."""
    for number in range(post.body_line, len(post.lines) + 1):
        line = post.lines[number - 1]
        if line.strip():
            return Span(number, 1, number, len(line) + 1)
    return Span.point(post.body_line)


#: front-matter keys that set where a post is published, the most specific first
URL_KEYS = ("permalink", "url", "slug", "date")


def output_file(url: str) -> str:
    """The file a URL is written to: `/a/` and `/a/index.html` are one file, `/a` is `a.html`."""
    if url.endswith("/"):
        return url + "index.html"
    if "." not in url.rsplit("/", 1)[-1]:
        return url + ".html"
    return url


class DuplicateUrl(DuplicateRule):
    """Two posts that build to the same URL: one silently overwrites the other.

    ## What it does
    Computes the URL every post and page of the site builds to, as the generator does
    (Jekyll's permalink styles and templates, the front matter's `permalink`, dates read as
    Jekyll reads them; Hugo's sections, `slug`, `url` and `[permalinks]`), and reports each
    one whose output file another also writes, naming the others. `/a/` and `/a/index.html`
    are one file. Reported at the `permalink`, `url`, `slug` or `date` that decides the URL.
    Drafts (Jekyll's `_drafts`, Hugo's `draft: true`) and `published: false` are left out.

    ## Why is this bad
    The generator writes both to the same file: whichever comes last wins, with at most a
    warning in the build log, and the other post is gone from the site.

    ## Example
    `_posts/2021-12-31-report.md` with `date: 2022-01-01 09:00:00 +0800` and
    `_posts/2022-01-01-report.md`: both build to `/2022/01/01/report.html`.
    """

    code = "PL602"
    name = "duplicate-url"
    severity = Severity.ERROR

    def entry(self, post, ctx) -> Entry | None:
        from postlint.urls import output_url

        if unpublished_draft(post, ctx.site):
            return None
        url = output_url(post)
        if not url:
            return None
        key = next((k for k in URL_KEYS if (k,) in post.fields), None)
        span = post.span_of(key) if key else Span.point(1)
        return Entry(output_file(url), span)

    def message(self, entry: Entry, others: str) -> str:
        return f"builds to the same file `{entry.key}` as {others}: one overwrites the other"


def unpublished_draft(post, site) -> bool:
    return site.generator.is_unpublished_draft(post)
