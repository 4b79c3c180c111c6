"""The controlled vocabulary of categories and tags, and the terms of a post as the generator reads them.

`[vocabulary]` lists the allowed categories and tags (a list, or a file with one term a line,
`#` comments allowed) and aliases (deprecated term -> canonical term). A post's terms are read
the way the generator reads them:

* Jekyll: a `categories:` / `tags:` string is split on white space (`"a b"` is two
  categories), a list keeps its items whole, `category:` / `tag:` keep one term, and the
  folders above `_posts` (`news/_posts/x.md`) are categories too. (Verified with Jekyll 4.3.)
* Hugo: the taxonomies of `[taxonomies]` (`tags`, `categories` by default); a string is one
  term, spaces included (verified with Hugo 0.111: `tags: "x y"` is the term `x y`).
* Other generators (Eleventy, Astro...): `categories` and `tags`, a string being one term.

Matching is exact; a term that matches only after Unicode NFKC normalisation and case
folding (full-width letters, case) is a case/width problem, not an unknown term.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from postlint.config import ConfigError

if TYPE_CHECKING:
    from postlint.config import Config
    from postlint.post import Post
    from postlint.site import Site

KINDS = {"categories": "category", "tags": "tag"}
WHITESPACE_RUN = re.compile(r"\S+")


def normalize(term: str) -> str:
    """NFKC + case folding: `ＥＭＮｅｗｓ` and `emnews` are the same term."""
    return unicodedata.normalize("NFKC", term).casefold().strip()


@dataclass
class Vocabulary:
    """Allowed terms per kind (`categories`, `tags`; None: not configured) and aliases."""

    terms: dict[str, list[str] | None] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def configured(self) -> bool:
        return any(v is not None for v in self.terms.values()) or bool(self.aliases)

    def allowed(self, kind: str) -> list[str] | None:
        return self.terms.get(kind)

    def _index(self, kind: str) -> dict[str, str]:
        cache = self.__dict__.setdefault("_indexes", {})
        if kind not in cache:
            cache[kind] = {normalize(t): t for t in self.terms.get(kind) or ()}
        return cache[kind]

    def _exact(self, kind: str) -> set[str]:
        cache = self.__dict__.setdefault("_sets", {})
        if kind not in cache:
            cache[kind] = set(self.terms.get(kind) or ())
        return cache[kind]

    def classify(self, kind: str, term: str) -> tuple[str, str | None]:
        """("ok"|"alias"|"case"|"unknown"|"unchecked", canonical term or suggestion)."""
        allowed = self.terms.get(kind)
        if allowed is not None and term in self._exact(kind):
            return "ok", None
        if term in self.aliases:
            return "alias", self.aliases[term]
        if allowed is None:
            return "unchecked", None
        match = self._index(kind).get(normalize(term))
        if match is not None:
            return "case", match
        for deprecated, canonical in self.aliases.items():
            if normalize(deprecated) == normalize(term):
                return "alias", canonical
        return "unknown", self.suggest(kind, term)

    def canonical(self, kind: str, term: str) -> str:
        status, target = self.classify(kind, term)
        return target if status in ("alias", "case") and target else term

    def suggest(self, kind: str, term: str) -> str | None:
        index = self._index(kind)
        close = difflib.get_close_matches(normalize(term), list(index), n=1, cutoff=0.6)
        return index[close[0]] if close else None


def load_vocabulary(config: "Config", site_terms: dict[str, list[str]] | None = None) -> Vocabulary:
    """`[vocabulary]`; a kind it does not list takes the site's own terms (`site_terms`:
    the generator's vocabulary files, such as Docusaurus' `tags.yml`), if any."""
    table = config.vocabulary
    vocabulary = Vocabulary()
    for kind in KINDS:
        value = table.get(kind)
        if value is None:
            vocabulary.terms[kind] = (site_terms or {}).get(kind)
        elif isinstance(value, list):
            vocabulary.terms[kind] = [str(t) for t in value]
        else:
            vocabulary.terms[kind] = _read_terms(config.base_dir / value, kind)
    vocabulary.aliases = {str(k): str(v) for k, v in (table.get("aliases") or {}).items()}
    return vocabulary


def _read_terms(path: Path, kind: str) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"[vocabulary] {kind}: cannot read {path}: "
                          f"{getattr(exc, 'strerror', None) or exc}") from None
    terms = []
    for line in text.splitlines():
        term = line.split(" #")[0].strip() if not line.lstrip().startswith("#") else ""
        if term:
            terms.append(term)
    return terms


# ---------------------------------------------------------------- a post's terms
@dataclass(frozen=True)
class Term:
    """One category or tag of a post, where it is written."""

    kind: str  # "categories" | "tags"
    text: str
    key: str  # the front-matter key (or "" for a folder)
    path: tuple  # the Field path: ("tags",) or ("tags", 2); () for a folder
    start: int | None  # offsets of the term in post.text (None: not in the text)
    end: int | None
    shape: str  # "item" (list item), "split" (piece of a split string), "whole", "folder"


def splits_strings(site: "Site", key: str) -> bool:
    """Does the generator split a string value of this key on white space?"""
    return site.generator.splits_term_strings and key in KINDS


def post_terms(post: "Post", site: "Site") -> Iterator[Term]:
    """Every category and tag of a post, in the order written (folders first)."""
    for folder in site.generator.folder_categories(post, site):
        yield Term("categories", folder, "", (), None, None, "folder")
    keys = site.generator.term_keys(site)
    prefix = site.generator.term_table(site)
    data = post.data
    for part in prefix:  # Zola: the terms are in `[taxonomies]`
        data = data.get(part) if isinstance(data, dict) else None
    for key in data if isinstance(data, dict) else ():
        kind = keys.get(str(key))
        if kind is None:
            continue
        value = data[key]
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield _located(post, kind, key, (*prefix, key, index), item, "item")
        elif isinstance(value, str):
            if splits_strings(site, key):
                yield from _split(post, kind, key, value)
            else:
                yield _located(post, kind, key, (*prefix, key), value, "whole")


def _value_text_start(post: "Post", path: tuple) -> tuple[int, str] | None:
    """Offset where the value's text (inside quotes) starts, and that text, if unescaped."""
    found = post.fields.get(tuple(path))
    if found is None or not found.source:
        return None
    span = found.value_span
    start = post.offset(span.line, span.column)
    source = found.source
    if found.style in ('"', "'"):
        inner = source[1:-1]
        return (start + 1, inner) if "\\" not in inner and "''" not in inner else None
    if found.style is None:
        return start, source
    return None


def _located(post: "Post", kind: str, key: str, path: tuple, text: str, shape: str) -> Term:
    where = _value_text_start(post, path)
    if where is not None and where[1] == text:
        return Term(kind, text, key, path, where[0], where[0] + len(text), shape)
    return Term(kind, text, key, path, None, None, shape)


def _split(post: "Post", kind: str, key: str, value: str) -> Iterator[Term]:
    where = _value_text_start(post, (key,))
    pieces = list(WHITESPACE_RUN.finditer(value))
    for piece in pieces:
        shape = "split" if len(pieces) > 1 else "whole"
        if where is not None and where[1] == value:
            yield Term(kind, piece.group(), key, (key,), where[0] + piece.start(),
                       where[0] + piece.end(), shape)
        else:
            yield Term(kind, piece.group(), key, (key,), None, None, shape)


def yaml_term(text: str, quoted_like: str | None) -> str:
    """A term as a YAML scalar: quoted like the original, or plain when that is safe."""
    if quoted_like in ('"', "'"):
        return f"{quoted_like}{text}{quoted_like}" if quoted_like not in text else f'"{text}"'
    if re.fullmatch(r"[^\s:#,\[\]{}&*!|>'\"%@`-][^:#,\[\]{}]*", text) and text == text.strip():
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
