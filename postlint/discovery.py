"""Which files to lint: what the site's generator reads as content (its adapter's `classify`,
or the posts the `include` globs name), less the `exclude` globs.

Folders are walked without leaving the site root through a symlink; `.git`, `_site` and
`node_modules` are never entered. A file that cannot be reached (a symlink loop, a link out of
the site, no permission) becomes a `Problem` rather than an exception.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from postlint.globs import matches_any

if TYPE_CHECKING:
    from postlint.site import Site

NEVER_ENTER = frozenset({".git", ".hg", ".svn", "_site", "node_modules", ".jekyll-cache",
                         ".postlint_cache", "__pycache__", ".venv", ".sass-cache"})


@dataclass(frozen=True, slots=True)
class Candidate:
    path: Path  # absolute, not resolved (as the user sees it)
    relpath: str  # reported path
    site_relpath: str  # relative to the site root, '/'-separated
    kind: str | None  # "post" (must have front matter), "page", None (no content)
    explicit: bool  # named on the command line

    @property
    def is_post(self) -> bool:
        return self.kind == "post"


@dataclass(frozen=True, slots=True)
class Problem:
    relpath: str
    message: str


def display_path(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def _site_relative(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def discover(paths: list[Path], site: "Site", include: list[str] | None, exclude: list[str],
             cwd: Path) -> tuple[list[Candidate], list[Problem]]:
    """Candidates sorted by reported path, and the files that could not be reached.
    `include`: the configured globs of the posts (None: the generator decides)."""
    found: dict[str, Candidate] = {}
    problems: list[Problem] = []
    root, generator = site.root, site.generator
    suffixes = generator.content_suffixes
    suffix_tuple = tuple(suffixes)
    real_root = root.resolve()
    prefixes = _prefixes(root, real_root)
    cwd_prefix = str(cwd).rstrip(os.sep) + os.sep
    outer_roots = [os.path.normpath(r) for r in generator.content_roots(site)]

    def consider(absolute: str, explicit: bool, regular: bool | None = None) -> None:
        """`regular`: the walk already knows the file is a regular file, not a link."""
        relpath = absolute[len(cwd_prefix):] if absolute.startswith(cwd_prefix) else absolute
        relpath = relpath.replace(os.sep, "/")
        site_rel = next((absolute[len(p):] for p in prefixes if absolute.startswith(p)),
                        None)
        if site_rel is None:  # a content folder outside the root (`../docs`), or a stray file
            outside = os.path.relpath(absolute, root)
            site_rel = outside if any(outside.startswith(r + os.sep) for r in outer_roots) \
                else os.path.basename(absolute)
        site_rel = site_rel.replace(os.sep, "/")
        if os.path.splitext(absolute)[1].lower() not in suffixes or matches_any(site_rel, exclude):
            return
        if not regular:
            try:
                info = os.stat(absolute)
            except OSError as exc:
                problems.append(Problem(relpath, f"cannot read file: {exc.strerror or exc}"))
                return
            if not stat.S_ISREG(info.st_mode):
                return
            if os.path.islink(absolute) and _site_relative(Path(os.path.realpath(absolute)),
                                                           real_root) is None:
                if explicit:
                    problems.append(Problem(relpath, "symlink points outside the site root; "
                                                     "not followed"))
                return
        kind = generator.classify(site, site_rel)
        if include is not None:  # the configured posts; the generator's other pages stay pages
            kind = "post" if matches_any(site_rel, include) else kind and "page"
        if kind is None and not explicit:
            return
        found.setdefault(relpath, Candidate(Path(absolute), relpath, site_rel, kind, explicit))

    for given in paths:
        if given.is_symlink() and not given.exists():
            problems.append(Problem(display_path(Path(os.path.abspath(given)), cwd),
                                    "cannot read file: broken symlink or symlink loop"))
        elif given.is_dir():
            top = Path(os.path.abspath(given))
            tops = [top]
            if top == root or top in root.parents:  # the whole site: its outer folders too
                tops += [Path(os.path.normpath(root / r)) for r in outer_roots]
            for folder in tops:
                for file_path, regular in _walk(folder, real_root, suffix_tuple):
                    consider(file_path, False, regular)
        elif given.exists() or given.is_symlink():
            consider(os.path.abspath(given), True)
        else:
            problems.append(Problem(str(given), "no such file or directory"))
    return sorted(found.values(), key=lambda c: c.relpath), problems


def _prefixes(root: Path, real_root: Path) -> list[str]:
    return list(dict.fromkeys(str(r).rstrip(os.sep) + os.sep for r in (Path(os.path.abspath(root)), real_root)))


def _walk(top: Path, real_root: Path, suffixes: tuple[str, ...]):
    """(path, is a regular file) below `top`; symlinked folders only when they stay inside
    the site root."""
    seen: set[str] = set()
    stack = [str(top)]
    while stack:
        folder = stack.pop()
        try:
            real = os.path.realpath(folder)
            if real in seen:
                continue
            seen.add(real)
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    if entry.name in NEVER_ENTER:
                        continue
                    if entry.is_symlink() and _site_relative(Path(os.path.realpath(entry.path)),
                                                             real_root) is None:
                        continue
                    stack.append(entry.path)
                elif entry.name.lower().endswith(suffixes):
                    yield entry.path, entry.is_file(follow_symlinks=False)
            except OSError:  # a symlink loop: let `consider` report it
                if entry.name.lower().endswith(suffixes):
                    yield entry.path, False
