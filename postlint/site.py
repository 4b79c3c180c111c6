"""The `Site`: which generator builds the posts, and the settings that change what they mean.

The generator is detected by its adapter (`postlint.generators`) from the configuration found
by walking up from the linted paths; postlint's own `[site]` table overrides what the
generator's config says.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from postlint import generators
from postlint.generators import PLAIN, Generator


@dataclass
class Site:
    root: Path
    #: the adapter that knows this site's generator (`generator.name`: jekyll, hugo, plain...)
    generator: Generator = PLAIN
    #: the generator's configuration files, in the order they were merged
    config_files: tuple[Path, ...] = ()
    #: why the generator was chosen (the files that prove it)
    evidence: tuple[str, ...] = ()
    url: str = ""
    baseurl: str = ""
    timezone: str | None = None
    permalink: str | None = None  # Jekyll's permalink style or template
    future: bool = False  # Jekyll `future` / Hugo `buildFuture`
    permalinks: dict[str, str] = field(default_factory=dict)  # Hugo [permalinks]
    taxonomies: dict[str, str] = field(default_factory=dict)  # Hugo: singular -> plural
    content_dir: str = "content"  # Hugo contentDir
    raw: dict[str, Any] = field(default_factory=dict)  # the generator's whole config
    #: paths on the site's host that other sites serve (`[links] other-sites`): GitHub Pages
    #: project sites under one custom domain; links there are not this site's to check
    other_sites: tuple[str, ...] = ()
    #: `[site] code-shortcodes`: shortcodes whose inner content renders as code (Hugo)
    code_shortcodes: tuple[str, ...] = ()

    def __post_init__(self):
        if isinstance(self.generator, str):  # Site(root, generator="hugo")
            self.generator = generators.get(self.generator)

    @property
    def config_file(self) -> Path | None:
        """The main configuration file (the first one read)."""
        return self.config_files[0] if self.config_files else None

    @cached_property  # asked for every link of every post
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @cached_property
    def scheme(self) -> str:
        return urlsplit(self.url).scheme.lower()


def load_site(start: Path, overrides: dict[str, Any] | None = None) -> Site:
    """The site that `start` belongs to, with postlint's `[site]` settings applied on top."""
    overrides = dict(overrides or {})
    wanted = overrides.get("generator", "auto")
    start = Path(os.path.abspath(start))  # not resolve(): a symlink must not move the site
    found = generators.detect(start, None if wanted == "auto" else wanted)
    if found is None and wanted not in ("auto", generators.PLAIN.name):
        found = generators.detect(start)  # another generator's root, read as `wanted`
    if found is None:
        site = Site(root=start if start.is_dir() else start.parent)
    else:
        adapter, detection = found
        raw = adapter.read_config(detection)
        site = Site(root=detection.root, generator=adapter, config_files=detection.config_files,
                    raw=raw, evidence=detection.evidence, **adapter.site_settings(raw))
    if wanted != "auto":
        site.generator = generators.get(wanted)
    for key in ("url", "timezone"):
        if overrides.get(key):
            setattr(site, key, overrides[key])
    site.code_shortcodes = tuple(overrides.get("code-shortcodes") or ())
    if overrides.get("baseurl") is not None:
        site.baseurl = overrides["baseurl"]
    return site
