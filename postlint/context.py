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
    from postlint.urls import UrlIndex


@dataclass(eq=False)
class Context:
    config: Config
    site: Site
    #: relpaths of every post of the site (for rules that ask whether another file exists)
    cache: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def urls(self) -> "UrlIndex":
        """Every URL the site serves (built on first use, once per run)."""
        from postlint.urls import UrlIndex

        return UrlIndex.build(self.site)
