"""Glob patterns as in `.gitignore`-style configs: `*` within a folder, `**` across folders."""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def glob_to_regex(pattern: str) -> re.Pattern:
    """`_posts/**/*.md` matches `_posts/a.md` and `_posts/x/y/a.md`; a trailing `/**` a whole tree."""
    out = []
    i = 0
    pattern = pattern.lstrip("/") if not pattern.startswith("./") else pattern[2:]
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1:end]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                i = end + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out))


def matches_any(path: str, patterns: list[str]) -> bool:
    return bool(patterns) and _union(tuple(patterns)).fullmatch(path) is not None


@lru_cache(maxsize=64)
def _union(patterns: tuple[str, ...]) -> re.Pattern:
    """One regex for a list of globs (one match per path instead of one per glob)."""
    return re.compile("|".join(f"(?:{glob_to_regex(p).pattern})" for p in patterns))
