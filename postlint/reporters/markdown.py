"""A compact Markdown summary, for a pull-request comment or GitHub's job summary.

Counts per severity and per rule (each rule linked to its documentation), the first findings
with links to their lines, and what a baseline hid. Under GitHub Actions
(`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA`) a location links to that line of the
commit; elsewhere it is plain text. The whole summary stays far below the 1 MiB GitHub allows
a job summary.
"""
from __future__ import annotations

import html
import os
import re
from collections import Counter
from pathlib import Path
from typing import Callable, TextIO
from urllib.parse import quote

from postlint.diagnostic import Diagnostic, Severity
from postlint.reporters import Report

#: findings listed one by one; the rest are counted
FIRST = 50
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
ICONS = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.INFO: "🔵"}
#: Markdown that would change the meaning of a message's plain text
SPECIAL = re.compile(r"([\\*_\[\]|#~!])")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
WHITE_SPACE = re.compile(r"\s+")


def render(report: Report, out: TextIO) -> None:
    by_rule: Counter[tuple[str, str, Severity]] = Counter()
    first: list[Diagnostic] = []
    for d in report.diagnostics:
        by_rule[d.code, d.name, d.severity] += 1
        if len(first) < FIRST:
            first.append(d)
    total = report.tally.total()
    out.write(f"### postlint: {_headline(report, total)}\n\n")
    if total:
        out.write(" · ".join(f"{ICONS[s]} {_plural(report.count(s), str(s))}" for s in SEVERITIES))
        fixable = report.tally.safe_fixes
        out.write(f" · {fixable} fixable with `postlint --fix`\n\n" if fixable else "\n\n")
        _write_rules(report, by_rule, out)
        _write_first(first, total, out)
    _write_baseline(report, out)


def _headline(report: Report, total: int) -> str:
    posts = _plural(report.posts, "post")
    if not total:
        return f"no problems in {posts} ✅"
    return f"{_plural(total, 'problem')} in {posts}"


def _write_rules(report: Report, by_rule: Counter, out: TextIO) -> None:
    out.write("| rule | name | severity | findings |\n|---|---|---|---:|\n")
    for (code, name, severity), count in sorted(by_rule.items(),
                                                key=lambda item: (-item[1], item[0])):
        rule = report.rules.get(code)
        uri = rule.help_uri() if rule is not None else None
        shown = f"[{code}]({uri})" if uri else code
        out.write(f"| {shown} | {name} | {severity} | {count} |\n")
    out.write("\n")


def _write_first(first: list[Diagnostic], total: int, out: TextIO) -> None:
    more = total - len(first)
    title = f"First {len(first)} of {total} findings" if more else f"All {total} findings"
    out.write(f"<details><summary>{title}</summary>\n\n")
    link = line_linker()
    for d in first:
        where = f"{d.path}:{d.span.line}:{d.span.column}"
        shown = f"`{where}`" if "`" not in where else escape(where)
        url = link(d.path, d.span.line)
        out.write(f"- {f'[{shown}]({url})' if url else shown} **{d.code}** {d.severity}: "
                  f"{inline(d.message)}\n")
    if more:
        out.write(f"\n… and {more} more: run `postlint` for the full list.\n")
    out.write("\n</details>\n\n")


def _write_baseline(report: Report, out: TextIO) -> None:
    if "baseline" not in report.extra:
        return
    hidden = report.extra["baseline"]
    fixed = report.extra.get("fixed", 0)
    out.write(f"The baseline hid {_plural(hidden, 'known problem')}")
    if fixed:
        out.write(f"; {_plural(fixed, 'baseline entry', 'baseline entries')} no longer found "
                  "(`postlint baseline` updates the file)")
    out.write(".\n")


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def escape(text: str) -> str:
    """Plain text as Markdown: HTML and Markdown syntax shown as written, on one line."""
    text = html.escape(WHITE_SPACE.sub(" ", text), quote=False)
    return SPECIAL.sub(r"\\\1", text).replace("`", "\\`")


def inline(message: str) -> str:
    """A message as Markdown: its `code spans` kept, everything else escaped."""
    parts, last = [], 0
    for match in CODE_SPAN.finditer(message):
        parts.append(escape(message[last:match.start()]))
        code = WHITE_SPACE.sub(" ", match.group(2))
        parts.append(f"{match.group(1)}{code}{match.group(1)}")
        last = match.end()
    parts.append(escape(message[last:]))
    return "".join(parts)


def line_linker() -> Callable[[str, int], str | None]:
    """`link(path, line)`: the URL of that line in the commit being checked, or None outside
    GitHub Actions. Paths are relative to the working folder, itself below the workspace."""
    server, repo, sha = (os.environ.get(name) for name in
                         ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if not (server and repo and sha):
        return lambda path, line: None
    prefix = ""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        try:
            below = Path.cwd().resolve().relative_to(Path(workspace).resolve()).as_posix()
        except (OSError, ValueError):
            below = "."
        prefix = "" if below == "." else below + "/"

    def link(path: str, line: int) -> str | None:
        if Path(path).is_absolute() or path.startswith("../"):
            return None  # outside the repository
        return f"{server}/{repo}/blob/{sha}/{quote(prefix + path)}#L{line}"

    return link
