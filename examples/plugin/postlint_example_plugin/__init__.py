"""An example postlint plugin: headlines do not end with a full stop."""
from __future__ import annotations

from dataclasses import dataclass

from postlint.diagnostic import Edit, Finding, Fix, Severity
from postlint.rule import Rule


@dataclass(frozen=True)
class TitlePeriodOptions:
    stops: str = ".。"


class TitleEndsWithPeriod(Rule):
    """A title that ends with a full stop (`.` or `。`).

    ## What it does
    Reports a `title` whose last character is a full stop. An ellipsis (`...`, `…`) is fine.

    ## Why is this bad
    Headlines are not sentences: house style drops the final stop.

    ## Example
    ```yaml
    title: "Rates stay on hold."
    ```

    ## Options
    - `stops` (string): the characters that count as a full stop (default `.。`).
    """

    code = "EX001"
    name = "title-ends-with-period"
    severity = Severity.WARNING
    fixable = True
    Options = TitlePeriodOptions

    def check(self, post, ctx):
        title = post.get("title")
        source = post.source_of("title")
        if not isinstance(title, str) or not title or title.endswith(("...", "…")):
            return
        if title[-1] not in self.options.stops or source is None:
            return
        span = post.span_of("title")
        # the stop is the last character of the value, before a closing quote if there is one
        end = post.offset(span.end_line, span.end_column) - (1 if source[:1] in "'\"" else 0)
        yield Finding(post.span(end - 1, end), f"title ends with `{title[-1]}`",
                      Fix((Edit(end - 1, end, ""),)))
