"""`Context`: what every rule may consult besides the post (configuration, site, options).

Built once per process; expensive views (the schema model, the site's URL index, the
vocabulary) are computed on first use.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from postlint.config import Config
from postlint.site import Site

if TYPE_CHECKING:
    from postlint.schema import Schema
    from postlint.vocabulary import Vocabulary
    from postlint.urls import IndexQuestions, UrlIndex


@dataclass(eq=False)
class Context:
    config: Config
    site: Site
    #: relpaths of every post of the site (for rules that ask whether another file exists)
    cache: dict[str, Any] = field(default_factory=dict)
    #: what the current file's rules consulted beyond the file (see `urls`, `depend_on`)
    questions: "IndexQuestions | None" = None
    dependencies: set[str] = field(default_factory=set)
    expires: float | None = None  # POSIX time when the current file's results go stale
    #: where the URL index gets each file's part of it (the result cache sets one)
    facts: Any = None

    def __post_init__(self):
        self.site.other_sites = tuple(self.config.links.get("other-sites", ()))
        # a wrong [schema] or [vocabulary] is a configuration error (exit 2), found before linting
        self.schema
        if self.config.vocabulary:
            self.vocabulary

    @cached_property
    def schema(self) -> "Schema":
        """The active front-matter schema (declarative; its pydantic model is built lazily)."""
        from postlint.schema import load_schema

        return load_schema(self.config, self.site)

    @cached_property
    def vocabulary(self) -> "Vocabulary":
        """The allowed categories and tags, and aliases (`[vocabulary]`)."""
        from postlint.vocabulary import load_vocabulary

        return load_vocabulary(self.config, self.site.generator.site_vocabulary(self.site))

    @cached_property
    def authors(self) -> str:
        """Who writes the posts: "script" or "people" (`postlint.authors`)."""
        from postlint.authors import site_authors

        return site_authors(self.config, self.site)

    @property
    def date_time_fields(self) -> tuple[str, ...]:
        """Keys the schema types as dates (read by the PL2 rules)."""
        return self.schema.date_time_fields

    @property
    def urls(self) -> "IndexQuestions":
        """Every URL the site serves (the index is built on first use, once per run).

        The current file's questions to it and their answers are noted: the result cache
        keeps the file's results while the site gives the same answers."""
        if self.questions is None:
            from postlint.urls import IndexQuestions

            self.questions = IndexQuestions(self.url_index)
        return self.questions

    @cached_property
    def url_index(self) -> "UrlIndex":
        from postlint.urls import UrlIndex

        return UrlIndex.build(self.site, self.facts)

    def depend_on(self, relpath: str) -> None:
        """Note that the current file's results depend on another file of the site."""
        self.dependencies.add(relpath)

    def valid_until(self, when: dt.datetime) -> None:
        """Note that the current file's results change at `when` (a post that stops being
        in the future): the result cache keeps them until then only."""
        self.expires = when.timestamp() if self.expires is None else min(self.expires, when.timestamp())

    def start_file(self) -> None:
        """Forget the previous file's dependencies (called by the engine before each file)."""
        self.questions = None
        self.dependencies = set()
        self.expires = None
