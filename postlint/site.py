"""The `Site`: which generator builds the posts, and the settings that change what they mean.

Read from Jekyll's `_config.yml` or Hugo's `hugo.*` / `config.*`, found by walking up from the
linted paths; postlint's own `[site]` table overrides what the generator's config says.
"""
from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
                "config.toml", "config.yaml", "config.yml", "config.json")


class SiteConfigError(Exception):
    """The generator's own configuration file cannot be read."""


@dataclass
class Site:
    root: Path
    generator: str = "plain"  # jekyll | hugo | plain
    config_file: Path | None = None
    url: str = ""
    baseurl: str = ""
    timezone: str | None = None
    permalink: str | None = None  # Jekyll's permalink style or template
    future: bool = False  # Jekyll `future` / Hugo `buildFuture`
    permalinks: dict[str, str] = field(default_factory=dict)  # Hugo [permalinks]
    taxonomies: dict[str, str] = field(default_factory=dict)  # Hugo: singular -> plural
    content_dir: str = "content"  # Hugo contentDir
    raw: dict[str, Any] = field(default_factory=dict)  # the generator's whole config

    @cached_property  # asked for every link of every post
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @cached_property
    def scheme(self) -> str:
        return urlsplit(self.url).scheme.lower()


def find_site_root(start: Path) -> tuple[Path, str, Path] | None:
    """The nearest folder at or above `start` holding a Jekyll or Hugo config."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        for name in JEKYLL_CONFIGS:
            if (candidate / name).is_file():
                return candidate, "jekyll", candidate / name
        for name in HUGO_CONFIGS:
            if (candidate / name).is_file():
                if name.startswith("config.") and not _looks_like_hugo(candidate):
                    continue
                return candidate, "hugo", candidate / name
    return None


def _looks_like_hugo(folder: Path) -> bool:
    """`config.toml` is a common name: call it Hugo's only beside Hugo's folders."""
    return any((folder / d).is_dir() for d in ("content", "layouts", "archetypes", "themes"))


def load_site(start: Path, overrides: dict[str, Any] | None = None) -> Site:
    """The site that `start` belongs to, with postlint's `[site]` settings applied on top."""
    overrides = dict(overrides or {})
    wanted = overrides.get("generator", "auto")
    start = Path(os.path.abspath(start))  # not resolve(): a symlink must not move the site
    found = find_site_root(start)
    if found is None:
        root = start if start.is_dir() else start.parent
        site = Site(root=root)
    else:
        root, generator, config_file = found
        raw = _read_config(config_file)
        site = _jekyll_site(root, raw) if generator == "jekyll" else _hugo_site(root, raw)
        site.config_file = config_file
    if wanted != "auto":
        site.generator = wanted
    for key in ("url", "timezone"):
        if overrides.get(key):
            setattr(site, key, overrides[key])
    if overrides.get("baseurl") is not None:
        site.baseurl = overrides["baseurl"]
    return site


def _read_config(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SiteConfigError(f"cannot read {path}: {detail}") from None
    return data if isinstance(data, dict) else {}


def _jekyll_site(root: Path, raw: dict[str, Any]) -> Site:
    return Site(
        root=root,
        generator="jekyll",
        url=str(raw.get("url") or ""),
        baseurl=str(raw.get("baseurl") or ""),
        timezone=raw.get("timezone") or None,
        permalink=str(raw.get("permalink") or "date"),
        future=bool(raw.get("future", False)),
        raw=raw,
    )


def _hugo_site(root: Path, raw: dict[str, Any]) -> Site:
    lowered = {str(k).lower(): v for k, v in raw.items()}
    base = str(lowered.get("baseurl") or "")
    parts = urlsplit(base)
    taxonomies = lowered.get("taxonomies")
    if not isinstance(taxonomies, dict):
        taxonomies = {"tag": "tags", "category": "categories"}
    permalinks = lowered.get("permalinks")
    return Site(
        root=root,
        generator="hugo",
        url=f"{parts.scheme}://{parts.netloc}" if parts.netloc else "",
        baseurl=parts.path.rstrip("/"),
        timezone=lowered.get("timezone") or None,
        future=bool(lowered.get("buildfuture", False)),
        permalinks={str(k): str(v) for k, v in permalinks.items()} if isinstance(permalinks, dict) else {},
        taxonomies={str(k): str(v) for k, v in taxonomies.items()},
        content_dir=str(lowered.get("contentdir") or "content"),
        raw=raw,
    )
