"""Hugo's configuration as Hugo reads it: a root file (`hugo.toml`, `config.yaml` ...) and/or a
config folder (`config/_default/` with the `production` overlay `hugo` builds with), where a
file other than `hugo.*`/`config.*` is the table it is named after (`params.toml` is
`[params]`, `menus.en.toml` is `[languages.en.menus]`). Keys are matched without regard to
case, as Hugo does; a later file's values win, tables are merged.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from postlint.generators.base import read_config_file

ROOT_NAMES = ("hugo", "config")
SUFFIXES = (".toml", ".yaml", ".yml", ".json")
CONFIG_NAMES = tuple(f"{stem}{suffix}" for stem in ROOT_NAMES for suffix in SUFFIXES)
#: the environment `hugo` (a build, not `hugo server`) reads overlays of
BUILD_ENVIRONMENT = "production"
#: a template some sites render into `module.yaml` before building (opentelemetry.io does)
MODULE_TEMPLATE = "module-template.yaml"


def get(table: Any, *keys: str, default: Any = None) -> Any:
    """`table[k1][k2]...` with keys matched without regard to case."""
    for key in keys:
        if not isinstance(table, dict):
            return default
        wanted = key.lower()
        table = next((v for k, v in table.items() if str(k).lower() == wanted), default)
    return table


def merge(into: dict, other: dict) -> dict:
    """`other` merged over `into` (tables merged key by key, case-insensitively)."""
    for key, value in other.items():
        existing = next((k for k in into if str(k).lower() == str(key).lower()), None)
        if existing is not None and isinstance(into[existing], dict) and isinstance(value, dict):
            merge(into[existing], value)
        else:
            if existing is not None:
                del into[existing]
            into[key] = value
    return into


def config_folder_files(root: Path) -> list[Path]:
    """The files of `config/_default/` and of the build environment's overlay, in merge
    order (the main `hugo.*`/`config.*` first in each folder)."""
    found = []
    for environment in ("_default", BUILD_ENVIRONMENT):
        folder = root / "config" / environment
        if not folder.is_dir():
            continue
        files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in SUFFIXES
                       and p.name != MODULE_TEMPLATE)
        found += sorted(files, key=lambda p: p.stem.split(".")[0].lower() not in ROOT_NAMES)
    return found


def read_hugo_config(files: tuple[Path, ...], root: Path) -> dict[str, Any]:
    """The merged configuration of `files` (root files and config-folder files)."""
    merged: dict[str, Any] = {}
    for path in files:
        data = read_config_file(path)
        if path.parent == root:
            merge(merged, data)
            continue
        name, *language = path.stem.split(".")
        if name.lower() in ROOT_NAMES:
            merge(merged, data)
        elif language:
            merge(merged, {"languages": {language[0]: {name: data}}})
        else:
            merge(merged, {name: data})
    return merged


def module_template(root: Path) -> Path | None:
    """`config/_default/module-template.yaml`, read as the mounts when no module config
    exists (the site renders it into `module.yaml` before building)."""
    path = root / "config" / "_default" / MODULE_TEMPLATE
    return path if path.is_file() else None
