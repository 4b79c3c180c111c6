"""`Context`: what every rule may consult besides the post (configuration, site, options).

Built once per process; expensive views (the schema model, the site's URL index, the
vocabulary) are computed on first use.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from postlint.config import Config
from postlint.site import Site

if TYPE_CHECKING:
    from postlint.schema import Schema
    from postlint.vocabulary import Vocabulary
    from postlint.urls import UrlIndex


@dataclass(eq=False)
class Context:
    config: Config
    site: Site
    #: relpaths of every post of the site (for rules that ask whether another file exists)
    cache: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
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

        return load_vocabulary(self.config)

    @property
    def date_time_fields(self) -> tuple[str, ...]:
        """Keys the schema types as dates (read by the PL2 rules)."""
        return self.schema.date_time_fields

    @cached_property
    def urls(self) -> "UrlIndex":
        """Every URL the site serves (built on first use, once per run)."""
        from postlint.urls import UrlIndex

        return UrlIndex.build(self.site)
