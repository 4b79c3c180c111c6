"""`postlint site [PATH] [--format json]`: what postlint believes about the site.

The generator and the evidence it was recognised by, the configuration files read, the
settings that change what posts mean (url, baseurl, timezone, renderer), what the adapter
knows besides (content roots, mounts, languages, collections), and how many files are posts,
pages and no content, and how many URLs the site serves. A user who meets a surprising
finding looks here first.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from postlint.authors import site_authors
from postlint.config import find_config, load_config
from postlint.discovery import discover, display_path
from postlint.site import Site, load_site


def site_summary(site: Site, cwd: Path) -> dict[str, str]:
    """The `summary.site` object of the JSON report."""
    return {"generator": site.generator.name, "root": display_path(site.root, cwd) or ".",
            "url": site.url}


def describe_site(site: Site, config, cwd: Path) -> dict[str, Any]:
    """The whole model, as `postlint site --format json` prints it."""
    candidates, _ = discover([site.root], site, config.include, config.exclude, cwd)
    kinds = Counter(c.kind or "not content" for c in candidates)
    model: dict[str, Any] = {
        **site_summary(site, cwd),
        "evidence": list(site.evidence),
        "config_files": [display_path(p, cwd) for p in site.config_files],
        "baseurl": site.baseurl,
        "timezone": site.timezone,
        "renderer": site.generator.renderer,
        "authors": site_authors(config, site),  # who writes the posts (postlint.authors)
        **site.generator.describe(site),
        "files": {"posts": kinds["post"], "pages": kinds["page"],
                  "not content": kinds["not content"]},
    }
    if site.generator.models_urls:
        from postlint.urls import UrlIndex

        index = UrlIndex.build(site)
        model["files"]["published"] = len(index.by_source)
        model["urls"] = len({url for url in index.urls if not url.endswith("/index.html")})
    return model


def site_command(argv: list[str], stdout: TextIO) -> int:
    parser = argparse.ArgumentParser(prog="postlint site", description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=Path("."))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--config", type=Path)
    args = parser.parse_args(argv)
    config = load_config(args.config or find_config(args.path))
    site = load_site(args.path, config.site)
    model = describe_site(site, config, Path.cwd())
    if args.format == "json":
        stdout.write(json.dumps(model, ensure_ascii=False, default=str) + "\n")
        return 0
    width = max(len(key) for key in model)
    for key, value in model.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value) or "-"
        elif value in (None, ""):
            value = "-"
        stdout.write(f"{key.replace('_', ' '):{width}}  {value}\n")
    return 0
