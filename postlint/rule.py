"""The shape of a rule: metadata on the class, `check(post, ctx)` yielding `Finding`s.

A rule's docstring is its documentation: the first line is its summary, the rest (sections
*What it does*, *Why is this bad*, *Example*, *Options*) is what `postlint rule CODE` prints.
Options are a frozen dataclass: `[rules.CODE]` keys that it does not declare are config errors.
"""
from __future__ import annotations

import dataclasses
import functools
import importlib.metadata
import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Iterator

from postlint.config import ConfigError, suggest
from postlint.diagnostic import Finding, Severity

if TYPE_CHECKING:
    from postlint.context import Context
    from postlint.post import Post


@dataclass(frozen=True)
class NoOptions:
    """A rule without options."""


class Rule:
    """Base class of every rule, built-in or plugin."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    fixable: ClassVar[bool] = False
    enabled_by_default: ClassVar[bool] = True
    Options: ClassVar[type] = NoOptions
    #: "builtin", or the distribution that registered it (set by the registry)
    origin: ClassVar[str] = "builtin"
    #: does the rule need the front matter as a mapping? (False: it runs when the front matter
    #: is missing or broken too)
    needs_front_matter: ClassVar[bool] = True
    #: does the rule look at binary files (PL005 says they are binary; the others have nothing
    #: to read in them)?
    reads_binary: ClassVar[bool] = False
    #: does the rule ask `ctx.urls`? The engine then builds the index once, before forking
    uses_site_index: ClassVar[bool] = False
    #: the web page documenting the rule (SARIF `helpUri`); by default the `Documentation`
    #: project URL of the distribution that provides it, with `#code` appended
    url: ClassVar[str | None] = None

    def __init__(self, options: Any = None):
        self.options = options if options is not None else self.Options()

    @classmethod
    def summary(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        return doc.splitlines()[0].strip() if doc else ""

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls) or ""

    @classmethod
    def help_uri(cls) -> str | None:
        if cls.url:
            return cls.url
        docs = documentation_url("postlint" if cls.origin == "builtin" else cls.origin)
        return f"{docs}#{cls.code.lower()}" if docs else None

    @classmethod
    def make_options(cls, table: dict[str, Any]) -> Any:
        """Build the options dataclass from a `[rules.CODE]` table (kebab-case keys)."""
        names = {f.name.replace("_", "-"): f for f in dataclasses.fields(cls.Options)}
        values = {}
        for key, value in table.items():
            if key == "severity":
                continue
            if key not in names:
                raise ConfigError(f"[rules.{cls.code}]: unknown option `{key}`"
                                  f"{suggest(key, tuple(names) + ('severity',))}")
            values[names[key].name] = value
        try:
            options = cls.Options(**values)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"[rules.{cls.code}]: {exc}") from None
        _check_option_types(cls, options)
        return options

    def check(self, post: "Post", ctx: "Context") -> Iterable[Finding]:
        raise NotImplementedError


@functools.lru_cache(maxsize=None)
def documentation_url(distribution: str) -> str | None:
    """The `Documentation` (else `Homepage`) project URL in a distribution's metadata."""
    try:
        entries = importlib.metadata.metadata(distribution).get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    urls = dict(entry.split(",", 1) for entry in entries if "," in entry)
    urls = {label.strip().lower(): url.strip() for label, url in urls.items()}
    return urls.get("documentation") or urls.get("homepage")


def _check_option_types(cls: type[Rule], options: Any) -> None:
    for f in dataclasses.fields(options):
        default = f.default if f.default is not dataclasses.MISSING else None
        value = getattr(options, f.name)
        if default is None or value is default:
            continue
        expected = type(default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            continue
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"[rules.{cls.code}] {f.name.replace('_', '-')} must be "
                              f"{expected.__name__}, not {value!r}")


class BodyRule(Rule):
    """A rule about the body (links, HTML): it runs even when the front matter is missing or
    broken, because the generator still publishes the body (Jekyll 4 does, with no data)."""

    needs_front_matter = False


class CorpusRule(Rule):
    """A rule that sees every post of the site (PL6).

    The engine calls `summarize` on every post of the site, the linted ones and, in the site
    index pass, all the others (on those nothing else runs, so keep it cheap; the result must
    be picklable: a title, a URL, a body hash, with the span to report at; None leaves the
    post out). Then it calls `check_corpus` once with every summary. The rule yields findings
    for every post concerned; the engine keeps those on the files that were linted.

    `sees_whole_site = False` (the external link checks) leaves out the site index pass:
    only the linted files are summarized.
    """

    sees_whole_site: ClassVar[bool] = True

    def summarize(self, post: "Post", ctx: "Context") -> Any:
        raise NotImplementedError

    def check_corpus(self, summaries: dict[str, Any], ctx: "Context") -> Iterator[tuple[str, Finding]]:
        """Yield (relpath, finding) pairs; `summaries` maps relpath to `summarize`'s result."""
        raise NotImplementedError

    def check(self, post: "Post", ctx: "Context") -> Iterable[Finding]:
        return ()
