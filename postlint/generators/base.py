"""The interface every generator adapter implements, with the defaults of a site no generator
claims (`plain`).

An adapter is the one place that knows a site generator: how to recognise it and on what
evidence, its configuration files, which files are content and what URL each gets, how a
link resolves, which renderer reads the body and how it makes heading ids, how a naive date
is read, where taxonomies live and which schema fits. Rules and the engine ask the site's
adapter (`site.generator`); none of them asks which generator it is. A generator with nothing
special keeps the default here, as pre-commit's languages reuse `lang_base`.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable


import yaml

from postlint.globs import matches_any
from postlint.post import HTML_SUFFIXES, MARKDOWN_SUFFIXES

if TYPE_CHECKING:
    from postlint.links.extract import Link
    from postlint.post import Post
    from postlint.site import Site
    from postlint.urls import IndexQuestions, SourceFile, UrlIndex


class SiteConfigError(Exception):
    """The generator's own configuration file cannot be read."""


def read_config_file(path: Path) -> dict[str, Any]:
    """A YAML, TOML or JSON configuration file as a mapping (empty when it is none)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SiteConfigError(f"cannot read {path}: {detail}") from None
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Detection:
    """A generator found at `root`: the configuration files that prove it, and why."""

    root: Path
    config_files: tuple[Path, ...] = ()
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateLink:
    """What a cross-reference tag or shortcode (`{% post_url %}`, `{{< ref >}}`) names."""

    found: bool
    message: str = ""


class Generator:
    """A site no generator claims: files are published where they are, nothing else is known."""

    #: the name in `[site] generator`, the JSON report and `postlint site`
    name = "plain"
    #: how messages name it
    title = "the generator"
    #: the Markdown renderer whose reading of raw HTML and Markdown decides what a link is
    renderer = "commonmark"
    #: the schema preset used when the project configures none; keys are the site's own here
    default_schema = "jekyll-post"
    schema_allows_unknown = True
    #: the canonical date-time format (PL207), strftime with `%:z` for `+08:00`
    datetime_format = "%Y-%m-%d %H:%M:%S %z"
    #: the setting that publishes future posts, as its config writes it (PL205's message)
    future_setting: str | None = None
    #: does the generator read front-matter keys without regard to case?
    keys_ignore_case = False
    #: the keys whose date decides when a post is published, in the generator's order
    publication_date_keys: tuple[str, ...] = ("date",)
    #: the keys a post's date is read from, in order
    post_date_keys: tuple[str, ...] = ("date",)
    #: may blank lines stand before the front matter's opening delimiter?
    leading_blank_lines_ok = False
    #: does the generator split a string of categories/tags on white space?
    splits_term_strings = False
    #: does postlint know the URLs this generator serves? (no: links are not resolved)
    models_urls = False

    # ------------------------------------------------------------ site and config
    #: the configuration files that prove the generator, in the order it prefers them
    config_names: tuple[str, ...] = ()

    def detect(self, folder: Path) -> Detection | None:
        """Is `folder` the root of such a site? (The nearest claimed folder upward wins.)
        Here: it holds one of `config_names`."""
        for name in self.config_names:
            if (folder / name).is_file():
                return Detection(folder, (folder / name,), (name,))
        return None

    def site_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        """`Site` fields (url, baseurl, timezone, future, ...) from the config as read."""
        return {}

    def read_config(self, detection: Detection) -> dict[str, Any]:
        """The whole configuration as the generator reads it: here, its first file's."""
        if not detection.config_files:
            return {}
        return read_config_file(detection.config_files[0])

    def publishes_unlisted_files(self, names: list[str]) -> str:
        """A note for `postlint init`: how to keep the files it writes off the site ("")."""
        return ""

    def describe(self, site: "Site") -> dict[str, Any]:
        """What `postlint site` shows beyond the common fields: content roots, languages..."""
        return {}

    # ------------------------------------------------------------ content
    #: the file extensions the generator reads as pages (lower case, with the dot)
    content_suffixes: frozenset[str] = MARKDOWN_SUFFIXES | HTML_SUFFIXES
    #: site-relative globs of the posts: files that must have front matter
    post_globs: tuple[str, ...] = (
        "**/_posts/**/*.md", "**/_posts/**/*.markdown", "**/_posts/**/*.html",
        "**/_drafts/**/*.md", "**/_drafts/**/*.markdown", "**/_drafts/**/*.html",
        "content/**/*.md", "content/**/*.markdown", "content/**/*.html")
    #: does the generator render a page that has no front matter? (then it is linted too)
    pages_without_front_matter = False

    def renders_without_front_matter(self, site: "Site", site_relpath: str) -> bool:
        """Is this page, which has no front matter, rendered all the same (and so linted)?"""
        return self.pages_without_front_matter

    def classify(self, site: "Site", site_relpath: str) -> str | None:
        """What a file with a content extension is to the generator: "post" (it must have
        front matter), "page" (linted when it has front matter) or None (no content: not
        linted unless named on the command line)."""
        if matches_any(site_relpath, self.post_globs):
            return "post"
        if any(part.startswith(("_", ".")) for part in site_relpath.split("/")[:-1]):
            return None  # Jekyll's rule, and a fair guess elsewhere: no content there
        return "page"

    def is_post_path(self, site_relpath: str) -> bool:
        """Is the file in a posts folder (read with the posts' date and name rules)?"""
        return False

    # ------------------------------------------------------------ URLs
    def build_index(self, index: "UrlIndex") -> None:
        """Fill `index` with every URL the site serves: here, every file as it lies."""
        from postlint.urls import walk_site

        for relpath in walk_site(index.site.root):
            if not any(p.startswith((".", "_")) for p in relpath.split("/")):
                index.add("/" + relpath, relpath)

    def index_fact(self, index: "UrlIndex", relpath: str) -> list | None:
        """What one file gives the index (JSON, so the result cache can keep it)."""
        return None

    def source_url(self, site: "Site", source: "SourceFile") -> str | None:
        """The URL a file builds to (decoded, without baseurl), or None."""
        return None

    def output_path(self, url: str) -> str:
        """The file a URL is written to (PL602 compares them)."""
        return url + "index.html" if url.endswith("/") else url

    def link_base(self, post: "Post", index: "UrlIndex | IndexQuestions") -> str | None:
        """The URL a post's relative links resolve against: the page's own URL, where
        postlint knows the site's URLs (None: not known)."""
        if not self.models_urls:
            return None
        from postlint.urls import page_url

        return page_url(post, index)

    def source_link_url(self, url: str, post: "Post", site: "Site") -> str | None:
        """A link written to a source file (`[x](other.md)`) that the generator rewrites to
        that file's URL: the site-relative path of the file, else None."""
        return None

    def template_link(self, link: "Link", index: "IndexQuestions") -> TemplateLink | None:
        """Resolve a cross-reference tag or shortcode; None when this generator has none."""
        return None

    def has_post(self, index: "UrlIndex", name: str) -> bool:
        return False

    def has_content(self, index: "UrlIndex", name: str) -> bool:
        return False

    # ------------------------------------------------------------ Markdown
    def heading_slug(self, inline: Any, site: "Site") -> str:
        """A heading's automatic id before the repeat counter, from its markdown-it inline
        token ("": the renderer gives it none)."""
        from postlint.links.anchors import kramdown_text

        return self.text_slug(kramdown_text(inline.children or ()), site)

    def text_slug(self, text: str, site: "Site") -> str:
        """The automatic id of a heading whose text is `text`, before the repeat counter."""
        from postlint.links.anchors import kramdown_id

        return kramdown_id(text)

    #: does a kramdown block IAL (`{: #id}`) on the next line set the heading's id?
    reads_block_ial = True

    # ------------------------------------------------------------ Hugo area: raw HTML (PL514)
    def drops_raw_html(self, site: "Site") -> str:
        """Why the renderer drops raw HTML from the page ("" when it keeps it)."""
        return ""

    def renderer_ids(self, post: "Post") -> list[tuple[str | None, str]] | None:
        """(custom id, automatic id before the repeat counter) of every element the renderer
        gives an id, in order, when it differs from the headings' default (None)."""
        return None

    # ------------------------------------------------------------ Docusaurus, Astro, MkDocs (gen-b)
    # The dialect a body is read in, heading ids that are not kramdown's, and the vocabulary,
    # authors and schema a site declares in its own files.
    def markdown_body(self, post: "Post") -> str:
        """The body as the renderer's Markdown parser reads it: what the dialect says is not
        Markdown or HTML (MDX's JavaScript) or the generator removes before rendering (Hugo's
        `comment` shortcode) blanked, same length and line breaks."""
        return post.body

    def content_roots(self, site: "Site") -> tuple[str, ...]:
        """Content folders outside the site root (`../docs`), site-relative: linting the
        site lints them too."""
        return ()

    def unmodelled_path(self, site: "Site", path: str) -> bool:
        """Is `path` (decoded, without baseurl) served by something postlint does not model
        (another build on the same host, a dynamic route)? Links to it are not checked."""
        return False

    def raw_html_tags(self, post: "Post") -> list[tuple[int, int, str]]:
        """HTML tags `markdown_body` blanked but the page has (MDX's lower-case elements):
        (start, end, their text as HTML) with offsets into the body."""
        return []

    def renderer_of(self, post: "Post") -> str:
        """The renderer of this file (`mdx` for an MDX file, else `renderer`)."""
        return self.renderer

    def heading_custom_id(self, post: "Post", content: str) -> str | None:
        """The id a heading's source text sets itself (`## Title {#id}`), if the renderer
        reads one."""
        from postlint.links.anchors import CUSTOM_ID

        found = CUSTOM_ID.search(content)
        return found.group(1) if found else None

    def unique_heading_ids(self, post: "Post", headings: list[tuple[str | None, str]]) -> list[str]:
        """Each heading's id from (custom id, automatic id before the repeat counter), in
        order: a repeated automatic id gets `-1`, `-2`... (kramdown, goldmark; from
        `repeat_suffix_start`)."""
        from postlint.links.anchors import counted_ids

        return counted_ids(headings, self.repeat_suffix_start(post.site))

    #: date keys whose value may be a mapping of dates (MkDocs' blog `date: {created: ...}`):
    #: such a mapping is no invalid date
    date_mapping_keys: tuple[str, ...] = ()

    def written_date(self, text: str) -> Any:
        """A `dates.WrittenDate` for a date text only this generator reads (Astro passes
        `25 Aug 2024` to JavaScript's `new Date`), else None."""
        return None

    #: do pages name vocabulary terms too (Docusaurus' docs' `tags`), not only posts?
    terms_on_pages = False

    def site_vocabulary(self, site: "Site") -> dict[str, list[str]]:
        """Allowed terms by kind (`categories`, `tags`) from the site's own files, used when
        `[vocabulary]` lists none."""
        return {}

    def site_schema(self, site: "Site") -> dict[str, Any] | None:
        """A declarative schema (as a preset file reads) the site's own files define, used
        when `[schema]` chooses none; None: the `default_schema` preset."""
        return None

    # ------------------------------------------------------------ dates
    def naive_is_utc(self, timestamp: bool) -> bool:
        """Is a date-time written without an offset read as UTC (else: in the site zone)?
        `timestamp`: YAML typed it as a timestamp (unquoted)."""
        return True

    def fallback_date(self, post: "Post") -> Any:
        """A date the generator takes when the front matter has none (a file name's)."""
        return None

    def offset_suffix(self, text: str) -> str:
        """How an offset is appended to a written date-time (PL202's fix): `+08:00`."""
        return text

    def date_consequence(self, key: str, readable_by_ruby: bool) -> str:
        """What the generator does with an unreadable date (PL201's message), or ""."""
        return ""

    def checks_post_filename(self, post: "Post") -> bool:
        """Does the generator require a `YYYY-MM-DD-slug` file name of this post (PL007)?"""
        return False

    def filename_date_rules(self, post: "Post") -> bool:
        """Does the file name's date have to agree with the front matter (PL204)?"""
        return False

    # ------------------------------------------------------------ taxonomies and corpus
    def term_keys(self, site: "Site") -> dict[str, str]:
        """Front-matter key -> vocabulary kind (`categories`, `tags`)."""
        return {"categories": "categories", "tags": "tags"}

    def folder_categories(self, post: "Post", site: "Site") -> list[str]:
        """Categories the generator takes from the folders the file is in."""
        return []

    def language(self, post: "Post", site: "Site") -> str:
        """The post's language from its file name or folder ("" when not known)."""
        return ""

    def is_unpublished_draft(self, post: "Post") -> bool:
        return post.get("draft") is True

    def retype_scalar(self) -> Callable[[str], Any] | None:
        """How the generator's YAML types a plain scalar (None: as PyYAML does)."""
        return None

    # ------------------------------------------------------------ rule precision (issue #13)
    #: template tags whose output may hold headings or ids postlint cannot see (PL403 does
    #: not judge fragments of a page that uses one): Liquid's includes
    content_tags: frozenset[str] = frozenset({"include", "include_relative", "render"})
    #: front-matter keys that place a page under a parent in the site's navigation (PL601)
    navigation_parent_keys: tuple[str, ...] = ("parent", "grand_parent", "ancestor")

    def listing_section(self, post: "Post", site: "Site") -> str:
        """The listing that shows the post, among whose posts a title must be unique (PL601):
        its folder (everything below a posts folder, `_posts/2022/x.md`, is that folder's; a
        section's own `_index.md` is listed in the folder above), and the navigation parents
        its front matter names (just-the-docs: `parent`, `grand_parent`, `ancestor`)."""
        try:
            parts = post.path.relative_to(site.root).parts
        except ValueError:
            return ""
        folders = list(parts[:-1])
        if "_posts" in folders and self.is_post_path("/".join(parts)):
            folders = folders[:folders.index("_posts") + 1]
        elif parts[-1].split(".", 1)[0] == "_index" and folders:
            folders.pop()
        parents = [str(post.get(key)) for key in self.navigation_parent_keys if post.get(key)]
        return "\0".join(["/".join(folders), *parents])

    # ------------------------------------------------------------ Eleventy, Hexo, Zola (gen-a)
    #: front-matter forms beyond `---`/`+++`/JSON that the generator reads (names of
    #: `frontmatter.EXTRA_FORMS`: `eleventy-json`, `eleventy-js`, `hexo-json`)
    front_matter_forms: tuple[str, ...] = ()
    #: the template language that runs before the renderer, as `templates.mask` knows it
    #: ("liquid": Jekyll's and Hugo's constructs; "nunjucks": every `{{ }}`/`{% %}` tag)
    template_syntax = "liquid"
    #: template files that are pages of HTML (`.njk`, `.liquid`): their body is read as HTML
    html_template_suffixes: frozenset[str] = frozenset()
    #: date values (lower case) the generator replaces by a date of the file's own
    date_keywords: frozenset[str] = frozenset()

    def heading_slugger(self, site: "Site") -> Callable[[Any], str]:
        """How this site makes a heading's automatic id (before the repeat counter) from its
        markdown-it inline token: `heading_slug`, unless a site setting decides."""
        return lambda inline: self.heading_slug(inline, site)

    def repeat_suffix_start(self, site: "Site") -> int:
        """The counter the second heading with the same id gets (`x-1`; 2: `x-2`)."""
        return 1

    def term_table(self, site: "Site") -> tuple[str, ...]:
        """The keys of the front-matter table that holds the taxonomies (Zola's
        `[taxonomies]`); () when they are top-level keys."""
        return ()

    def template_ids(self, post: "Post") -> set[str]:
        """Ids that the post's template tags write (NexT's `{% tabs %}`), beyond its HTML's."""
        return set()

    def knows_heading_ids(self, site: "Site") -> bool:
        """Does postlint make the ids the site's renderer gives headings? (No: a plugin of
        the site's own decides them, and links to headings are not checked.)"""
        return True

    def internal_link_path(self, url: str, post: "Post", site: "Site") -> str | None:
        """A link in the generator's own notation (Zola's `@/blog/x.md`): the site-relative
        path of the file it names, else None (the link is a URL)."""
        return None
