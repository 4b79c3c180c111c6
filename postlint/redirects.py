"""Redirect files: the source URLs a site's host answers with a redirect.

A link to such a URL works for the reader (the host redirects it), though no page is built
there. Adapters add these URLs to their URL index. Read here, from the files as the hosts
document them:

- Netlify `_redirects` (one rule a line: `from to [status]`, `#` comments), in the folder the
  site publishes (the adapter names where its source lies, e.g. `static/`, `source/`);
- Netlify `netlify.toml`: `[[redirects]]` tables with `from`;
- Vercel `vercel.json`: `redirects` and `rewrites`, each with `source`;
- Firebase `firebase.json`: `hosting.redirects` (and `rewrites`) with `source` (`hosting`
  may be a list of sites).

Only static sources are returned: a source with a splat (`*`, `**`), a placeholder
(`:name`) or a regular expression (Firebase `regex`, Vercel `(.*)`) matches URLs postlint
cannot list, and is left out.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

#: characters that make a source a pattern rather than one URL
_PATTERN_MARKS = ("*", ":", "(", "[", "{", "?")


@dataclass
class RedirectRules:
    """The redirect sources of a site (decoded paths) and the files they came from."""

    paths: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # site-relative files they came from

    def add(self, source: object, file: str) -> None:
        if not isinstance(source, str) or not source.strip().startswith("/"):
            return
        source = source.strip().split("?", 1)[0].split("#", 1)[0]
        if file not in self.files:
            self.files.append(file)
        if not any(mark in source for mark in _PATTERN_MARKS):
            self.paths.append(unquote(source))


def read_redirects(root: Path, publish_folders: tuple[str, ...] = ("",)) -> RedirectRules:
    """The redirect rules of the site at `root`; `_redirects` is looked for in each of
    `publish_folders` (site-relative folders whose files the site publishes at its root)."""
    rules = RedirectRules()
    for folder in publish_folders:
        relpath = f"{folder.strip('/')}/_redirects".lstrip("/")
        text = _read(root / relpath)
        for line in text.splitlines() if text else ():
            fields = line.split("#", 1)[0].split()
            if len(fields) >= 2:
                rules.add(fields[0], relpath)
    netlify = _load(root / "netlify.toml", tomllib.loads)
    for rule in _list(netlify.get("redirects")):
        rules.add(rule.get("from"), "netlify.toml")
    vercel = _load(root / "vercel.json", json.loads)
    for key in ("redirects", "rewrites"):
        for rule in _list(vercel.get(key)):
            rules.add(rule.get("source"), "vercel.json")
    firebase = _load(root / "firebase.json", json.loads)
    hosting = firebase.get("hosting")
    for site in hosting if isinstance(hosting, list) else [hosting]:
        if isinstance(site, dict):
            for key in ("redirects", "rewrites"):
                for rule in _list(site.get(key)):
                    rules.add(rule.get("source"), "firebase.json")
    return rules


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def _load(path: Path, parse) -> dict:
    """A TOML/JSON file as a mapping; {} when it is absent or broken (a host config with a
    syntax error is the host's to report)."""
    text = _read(path)
    if not text:
        return {}
    try:
        data = parse(text)
    except (ValueError, tomllib.TOMLDecodeError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _list(value: object) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
