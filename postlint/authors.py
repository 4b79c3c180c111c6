"""Who writes a site's posts: a script (a feed, a scraper, a changelog bot) or people.

Some findings are strong evidence of a defect only when a program wrote the post: a script
copies a `<script>` from the page it scraped, publishes one headline twice, stamps a date with
its server's UTC clock; people put a survey chart, a demo or the `http://localhost:1313/` the
reader is told to open on purpose, and date a post in their own zone. The rules that differ
read `authors` (`[site] authors`, else inferred here) and say so in their documentation.

Inference: a script writes many posts of one day; people rarely publish ten on one day. The
days come from the file names (`2021-12-08-x.md`), which discovery already has, so inferring
costs no parsing; `postlint init` counts the posts' own dates and writes the setting.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from postlint.config import Config
    from postlint.site import Site

SCRIPT = "script"
PEOPLE = "people"
#: the values of `[site] authors`
CHOICES = ("auto", SCRIPT, PEOPLE)
#: posts of one day from which a site is taken for one a program writes
SCRIPT_POSTS_A_DAY = 10
#: the date a post's file name starts with
_NAME_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})-")


def authors_of_days(days: Iterable[object]) -> str:
    """`script` when some day has `SCRIPT_POSTS_A_DAY` posts or more, else `people`."""
    counts = Counter(day for day in days if day is not None)
    busiest = max(counts.values(), default=0)
    return SCRIPT if busiest >= SCRIPT_POSTS_A_DAY else PEOPLE


def name_day(site_relpath: str) -> str | None:
    """The day a file name starts with (`2021-12-08-x.md`), or None."""
    match = _NAME_DAY.match(site_relpath.rsplit("/", 1)[-1])
    return match.group(1) if match else None


def publication_day(post, site) -> str:
    """The day the post is dated (its `date`, else its file name's), "" when it has none."""
    from postlint.dates import DateError, read_date

    try:
        found = read_date(post, "date", site)
    except DateError:
        found = None
    if found is not None:
        return found.local.date().isoformat()
    return name_day(post.relpath) or ""


def site_authors(config: "Config", site: "Site") -> str:
    """`[site] authors` when set, else inferred from the days in the posts' file names."""
    configured = config.site.get("authors", "auto")
    if configured != "auto":
        return configured
    from postlint.discovery import discover

    candidates, _ = discover([site.root], site, config.include, config.exclude, site.root)
    return authors_of_days(name_day(c.site_relpath) for c in candidates if c.kind is not None)


def written_by_script(post, ctx) -> bool:
    """Did a program write this post? Only posts: a script site's pages (its about page, its
    404 page) are written by the people who run it."""
    return ctx.authors == SCRIPT and post.is_post
