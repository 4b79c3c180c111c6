"""Liquid (Jekyll) and Hugo template syntax inside a post's body.

Jekyll renders Liquid before Markdown, so `{{ site.baseurl }}/x` in a link is the URL the
reader gets; `{% raw %}` turns Liquid off, `{% comment %}` outputs nothing. Hugo shortcodes
(`{{< ref "x" >}}`, `{{% x %}}`) are expanded before the page is rendered. This module finds
those constructs with their offsets and resolves the few URL expressions whose value postlint
knows from the site settings.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postlint.site import Site

#: Liquid's tags (`(?<!{)`: not the `{% … %}` inside Hugo's `{{% shortcode %}}`)
_LIQUID_COMMENT = re.compile(r"(?<!\{)\{%-?\s*comment\s*-?%\}.*?(?:\{%-?\s*endcomment\s*-?%\}|\Z)", re.S)
_LIQUID_RAW = re.compile(r"(?<!\{)\{%-?\s*raw\s*-?%\}(.*?)(?:\{%-?\s*endraw\s*-?%\}|\Z)", re.S)
_LIQUID_HIGHLIGHT = re.compile(r"(?<!\{)\{%-?\s*highlight\b.*?%\}.*?(?:\{%-?\s*endhighlight\s*-?%\}|\Z)", re.S)
_HUGO_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}|\{\{/\*.*?\*/\}\}", re.S)
_LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.S)
_LIQUID_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
#: a Liquid (or Nunjucks) tag or output expression, on one line
_TEMPLATE_EXPRESSION = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")

#: `{% post_url 2021-01-01-slug %}`, `{% link _posts/x.md %}`
LINK_TAG = re.compile(r"\{%-?\s*(post_url|link)\s+(.*?)\s*-?%\}", re.S)
#: `{{< ref "x" >}}`, `{{< relref "x" >}}`, `{{% ref x %}}`
HUGO_REF = re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+(\"[^\"]*\"|'[^']*'|\S+?)\s*[>%]\}\}")

_BRANCH_OPEN = frozenset({"if", "unless", "case"})
_BRANCH_ELSE = frozenset({"else", "elsif", "when"})
_BRANCH_CLOSE = frozenset({"endif", "endunless", "endcase"})


def has_template(text: str) -> bool:
    return "{%" in text or "{{" in text


def mask(text: str, syntax: str = "liquid") -> str:
    """`text` with template comments and Hugo shortcodes blanked (same length, newlines kept);
    `syntax` "nunjucks" (the adapter's `template_syntax`) masks as `mask_nunjucks` does."""
    if not has_template(text):
        return text
    if syntax == "nunjucks":
        return mask_nunjucks(text)

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group())

    text = _LIQUID_COMMENT.sub(blank, text)
    return _HUGO_SHORTCODE.sub(blank, text)


_NUNJUCKS_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_NUNJUCKS_OUTPUT = re.compile(r"\{\{(.*?)\}\}", re.S)


def mask_nunjucks(text: str) -> str:
    """Nunjucks or Liquid run before the renderer (Eleventy, Hexo's tag plugins): every tag
    and comment blanked, every output `{{ … }}` kept as `{{___}}` (one unknown value: quotes,
    spaces and `|` inside it are not HTML), newlines and offsets kept."""
    text = _NUNJUCKS_TAG.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    return _NUNJUCKS_OUTPUT.sub(lambda m: "{{" + re.sub(r"[^\n]", "_", m.group(1)) + "}}", text)


#: Hugo shortcodes whose inner content goldmark never reads: it is code, or nothing
HUGO_UNREAD_SHORTCODES = ("comment", "highlight", "code")


def blank_hugo_shortcodes(text: str, names: tuple[str, ...]) -> str:
    """`text` with the shortcodes `names` and what they wrap blanked (same length, newlines
    kept): Hugo renders them apart from the page's Markdown."""
    if "{{" not in text or not names:
        return text
    pattern = _paired_shortcodes(tuple(names))
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


@functools.lru_cache(maxsize=32)
def _paired_shortcodes(names: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"\{{\{{[<%]\s*({alternatives})(?=\s|[>%]\}}\}}).*?[>%]\}}\}}.*?"
                      rf"(?:\{{\{{[<%]\s*/\1\s*[>%]\}}\}}|\Z)", re.S)


def _code_and_comments(text: str) -> list[tuple[int, int]]:
    """Template comments and code shown by `{% highlight %}` or Hugo's highlight/code."""
    found = []
    if "{%" in text:
        found += [(m.start(), m.end()) for m in _LIQUID_COMMENT.finditer(text)]
        found += [(m.start(), m.end()) for m in _LIQUID_HIGHLIGHT.finditer(text)]
    if "{{" in text:
        found += [(m.start(), m.end())
                  for m in _paired_shortcodes(HUGO_UNREAD_SHORTCODES).finditer(text)]
    return found


def hidden_ranges(text: str, base: int = 0, syntax: str = "liquid") -> list[tuple[int, int]]:
    """Ranges (offset by `base`) whose markup is not the page's HTML: template comments,
    highlighted code, Hugo shortcodes (`{{<figure src="x">}}` is not a `<figure>`), and
    template tags and expressions that hold markup (`{{ "<b>" | escape }}`,
    `{% include x caption="<em>" %}`: strings of the template); with `syntax` "nunjucks",
    every tag (`{% post_link x 'a <b> tag' %}`) and the bodies of code tags
    (`{% codeblock %}`, `{% mermaid %}`) too."""
    if syntax == "nunjucks":
        return _merged(_ranges_besides_code(text, base, "{%", _NUNJUCKS_TAG)
                       + _nunjucks_code(text, base))
    ranges = _ranges_besides_code(text, base, "{{", _HUGO_SHORTCODE)
    if "<" in text and has_template(text):
        ranges = _merged(ranges + [(m.start() + base, m.end() + base)
                                   for m in _TEMPLATE_EXPRESSION.finditer(text)
                                   if "<" in m.group() or ">" in m.group()])
    return ranges


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted ranges with the overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def raw_ranges(text: str, base: int = 0, syntax: str = "liquid") -> list[tuple[int, int]]:
    """Ranges (offset by `base`) that hold no links: `{% raw %}` (code examples), template
    comments, and highlighted code; with `syntax` "nunjucks", the bodies of code tags."""
    if syntax == "nunjucks":
        return _merged(_ranges_besides_code(text, base, "{%", _LIQUID_RAW)
                       + _nunjucks_code(text, base))
    return _ranges_besides_code(text, base, "{%", _LIQUID_RAW)


#: Hexo's `{% codeblock %}` (alias `code`) and NexT's `{% mermaid %}`: their body is code
_NUNJUCKS_CODE = re.compile(r"\{%-?\s*(codeblock|code|mermaid)\b.*?%\}.*?"
                            r"(?:\{%-?\s*end\1\s*-?%\}|\Z)", re.S)


def _nunjucks_code(text: str, base: int) -> list[tuple[int, int]]:
    if "{%" not in text:
        return []
    return [(m.start() + base, m.end() + base) for m in _NUNJUCKS_CODE.finditer(text)]


def _ranges_besides_code(text: str, base: int, opener: str, more: re.Pattern) -> list[tuple[int, int]]:
    """Template comments and highlighted code, plus the matches of `more` (looked for only
    when `opener` occurs), sorted and offset by `base`."""
    if not has_template(text):
        return []
    found = _code_and_comments(text)
    if opener in text:
        found += [(m.start(), m.end()) for m in more.finditer(text)]
    merged: list[tuple[int, int]] = []  # nested ranges (a shortcode inside a comment) as one
    for start, end in sorted(found):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [(start + base, end + base) for start, end in merged]


def alternative_ranges(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Ranges of the second and later branches of `{% if %}`/`{% unless %}`/`{% case %}`.

    The branches of a conditional never render together; checking HTML structure across
    them (`{% if x %}<a href="1">{% else %}<a href="2">{% endif %}`) would see two `<a>`.
    """
    if "{%" not in text:
        return []
    ranges: list[tuple[int, int]] = []
    #: per open conditional: [branches seen, start of its second branch (None before it)]
    stack: list[list] = []
    for match in _LIQUID_TAG.finditer(text):
        name = match.group(1)
        if name in _BRANCH_OPEN:
            # `{% if %}` opens its first branch; `{% case %}` opens it at its first `{% when %}`
            stack.append([1 if name != "case" else 0, None])
        elif name in _BRANCH_ELSE and stack:
            stack[-1][0] += 1
            if stack[-1][0] == 2:
                stack[-1][1] = match.start()
        elif name in _BRANCH_CLOSE and stack:
            start = stack.pop()[1]
            if start is not None:
                ranges.append((start + base, match.end() + base))
    return ranges


@dataclass(frozen=True, slots=True)
class TemplateLink:
    kind: str  # "post_url" | "link_tag" | "hugo_ref"
    target: str
    start: int  # offsets of the target text
    end: int


def template_links(text: str, base: int = 0) -> list[TemplateLink]:
    """`{% post_url %}`, `{% link %}` and Hugo `ref`/`relref` shortcodes, in order."""
    found: list[TemplateLink] = []
    if "{%" in text:
        for match in LINK_TAG.finditer(text):
            kind = "post_url" if match.group(1) == "post_url" else "link_tag"
            target = match.group(2)
            start = match.start(2)
            if len(target) >= 2 and target[0] == target[-1] and target[0] in "\"'":
                target, start = target[1:-1], start + 1
            found.append(TemplateLink(kind, target, start + base, start + len(target) + base))
    if "{{" in text:
        for match in HUGO_REF.finditer(text):
            target = match.group(1)
            start = match.start(1)
            if target[:1] in "\"'":
                target, start = target[1:-1], start + 1
            found.append(TemplateLink("hugo_ref", target, start + base, start + len(target) + base))
    found.sort(key=lambda link: link.start)
    return found


_STRING = r"(?:\"([^\"]*)\"|'([^']*)')"
_FILTERED = re.compile(rf"^{_STRING}\s*\|\s*(relative_url|absolute_url)$")


def resolve_url(url: str, site: "Site") -> str | None:
    """The URL the site outputs for `url`; None when it holds Liquid whose value is unknown.

    Resolves `{{ site.baseurl }}`, `{{ site.url }}` and `{{ "x" | relative_url }}` /
    `absolute_url` with the site's settings.
    """
    if "{{" not in url and "{%" not in url:
        return url
    if "{%" in url:
        return None
    unknown = False

    def value(match: re.Match) -> str:
        nonlocal unknown
        expression = match.group(1).strip()
        if expression == "site.baseurl":
            return site.baseurl
        if expression == "site.url":
            return site.url
        filtered = _FILTERED.match(expression)
        if filtered:
            path = filtered.group(1) if filtered.group(1) is not None else filtered.group(2)
            return _relative_url(path, site) if filtered.group(3) == "relative_url" \
                else site.url + _relative_url(path, site)
        unknown = True
        return ""

    resolved = _LIQUID_OUTPUT.sub(value, url)
    return None if unknown else resolved


def _relative_url(path: str, site: "Site") -> str:
    """Jekyll's `relative_url` filter: the baseurl joined to a path (absolute URLs pass)."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", path):
        return path
    base = "/" + site.baseurl.strip("/") if site.baseurl.strip("/") else ""
    return base + "/" + path.lstrip("/") if path else base or "/"
