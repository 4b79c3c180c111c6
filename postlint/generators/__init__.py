"""Site generators: one adapter module each, behind the interface of `base.Generator`.

`detect(start)` finds the nearest folder at or above `start` that a generator claims; the
adapters are asked in the order of `ADAPTERS` (the more specific evidence first), and `get`
returns one by the name `[site] generator` uses.
"""
from __future__ import annotations

from pathlib import Path

from postlint.generators.astro import Astro
from postlint.generators.base import Detection, Generator
from postlint.generators.docusaurus import Docusaurus
from postlint.generators.eleventy import Eleventy
from postlint.generators.hexo import Hexo
from postlint.generators.hugo import Hugo
from postlint.generators.jekyll import Jekyll
from postlint.generators.mkdocs import MkDocs
from postlint.generators.plain import Plain
from postlint.generators.zola import Zola

#: in detection order: at one folder, the first adapter that claims it wins (the JavaScript
#: and Python generators name themselves; Hexo before Jekyll: both have `_config.yml`; Zola
#: before Hugo: both can have `config.toml` + `content/`)
ADAPTERS: dict[str, Generator] = {g.name: g for g in (
    Docusaurus(), Astro(), MkDocs(), Eleventy(), Hexo(), Jekyll(), Zola(), Hugo())}
PLAIN = Plain()
NAMES = ("auto", *ADAPTERS, PLAIN.name)


def get(name: str) -> Generator:
    """The adapter called `name` (`plain` for none)."""
    return ADAPTERS.get(name, PLAIN)


def detect(start: Path, only: str | None = None) -> tuple[Generator, Detection] | None:
    """The generator of the nearest folder at or above `start` that one claims (only the
    adapter named `only`, when given), with its evidence."""
    folder = start if start.is_dir() else start.parent
    adapters = [ADAPTERS[only]] if only in ADAPTERS else list(ADAPTERS.values())
    for candidate in (folder, *folder.parents):
        for adapter in adapters:
            found = adapter.detect(candidate)
            if found is not None:
                return adapter, found
    return None


__all__ = ["ADAPTERS", "Detection", "Generator", "NAMES", "PLAIN", "detect", "get"]
