"""postlint's configuration: `postlint.toml`, `[tool.postlint]` in `pyproject.toml`, or `--config`.

Every key is checked: an unknown key or a value of the wrong type is a `ConfigError`
(exit status 2) that names the nearest valid key.
"""
from __future__ import annotations

import difflib
import re
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postlint.diagnostic import Severity
from postlint.generators import NAMES as GENERATOR_NAMES

CONFIG_NAMES = ("postlint.toml", ".postlint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration problem the user must fix (exit status 2)."""


def _is_str(v: Any) -> bool:
    return isinstance(v, str)


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _is_str_list(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _is_str_or_list(v: Any) -> bool:
    return _is_str(v) or _is_str_list(v)


def _is_str_map(v: Any) -> bool:
    return isinstance(v, dict) and all(isinstance(x, str) for x in v.values())


def _is_list_map(v: Any) -> bool:
    return isinstance(v, dict) and all(_is_str_list(x) for x in v.values())


def _is_int_list(v: Any) -> bool:
    return isinstance(v, list) and all(_is_int(x) for x in v)


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0


def _is_severity(v: Any) -> bool:
    return isinstance(v, str) and v.lower() in ("error", "warning", "info")


#: section -> key -> (check, what the check wants)
SCHEMA: dict[str, dict[str, tuple[Any, str]]] = {
    "site": {
        "generator": (lambda v: v in GENERATOR_NAMES, ", ".join(GENERATOR_NAMES[:-1]) + " or plain"),
        "url": (_is_str, "a string"),
        "baseurl": (_is_str, "a string"),
        "timezone": (_is_str, "an IANA time zone name"),
        "include": (_is_str_list, "a list of glob patterns"),
        "exclude": (_is_str_list, "a list of glob patterns"),
        # who writes the posts (postlint.authors): some rules weigh evidence by it
        "authors": (lambda v: v in ("auto", "script", "people"), "auto, script or people"),
        "code-shortcodes": (_is_str_list, "a list of shortcode names"),
    },
    "schema": {
        "preset": (_is_str, "a preset name"),
        "file": (_is_str, "a path"),
        "model": (_is_str, '"package.module:Class"'),
    },
    "vocabulary": {
        "categories": (_is_str_or_list, "a list of terms or a path to a file"),
        "tags": (_is_str_or_list, "a list of terms or a path to a file"),
        "aliases": (_is_str_map, "a table of deprecated term = canonical term"),
    },
    "lint": {
        "select": (_is_str_list, "a list of codes or prefixes"),
        "ignore": (_is_str_list, "a list of codes or prefixes"),
        "extend-select": (_is_str_list, "a list of codes or prefixes"),
        "fail-on": (_is_severity, "error, warning or info"),
        "per-file-ignores": (_is_list_map, "a table of glob = [codes]"),
        "max-file-size": (_is_int, "a number of bytes"),
        "baseline": (_is_str, "a path to a baseline file"),
    },
    "links": {
        "check-external": (_is_bool, "true or false"),
        "timeout": (_is_number, "a number of seconds"),
        "concurrency": (_is_int, "a whole number"),
        "per-host": (_is_int, "a whole number"),
        "cache": (_is_str, "a path"),
        "cache-ttl": (lambda v: isinstance(v, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*[smhdw]?\s*", v)
                      is not None, 'a duration such as "7d" or "12h"'),
        "exclude": (lambda v: _is_str_list(v) and all(_compiles(p) for p in v),
                    "a list of valid regular expressions"),
        "rewritten": (lambda v: _is_str_list(v) and all(_compiles(p) for p in v),
                      "a list of valid regular expressions"),
        "accept": (_is_int_list, "a list of HTTP status codes"),
        "allow-hosts": (_is_str_list, "a list of host names"),
        "user-agent": (_is_str, "a string"),
        "retries": (_is_int, "a whole number"),
        "request-spacing": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
                            and v >= 0, "a number of seconds"),
        "max-redirects": (_is_int, "a whole number"),
        "other-sites": (lambda v: _is_str_list(v) and all(p.startswith("/") for p in v),
                        'a list of paths on the site\'s host served by other sites, e.g. ["/project/"]'),
    },
}
SECTIONS = (*SCHEMA, "rules")

DEFAULT_EXCLUDE = ["_site/**", "node_modules/**", "vendor/**", ".jekyll-cache/**",
                   "public/**", "resources/_gen/**"]
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


@dataclass
class Config:
    """The effective configuration; `path` is the file it came from (None: defaults)."""

    path: Path | None = None
    site: dict[str, Any] = field(default_factory=dict)
    schema: dict[str, Any] = field(default_factory=dict)
    vocabulary: dict[str, Any] = field(default_factory=dict)
    lint: dict[str, Any] = field(default_factory=dict)
    links: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def base_dir(self) -> Path:
        """Relative paths and globs in the config are relative to the config file's folder."""
        return self.path.parent if self.path else Path.cwd()

    @property
    def include(self) -> list[str] | None:
        """The configured globs of the posts (None: the generator's adapter decides)."""
        return self.site.get("include")

    @property
    def exclude(self) -> list[str]:
        return self.site.get("exclude", DEFAULT_EXCLUDE)

    @property
    def fail_on(self) -> Severity:
        return Severity.parse(self.lint.get("fail-on", "warning"))

    @property
    def baseline(self) -> Path | None:
        """`[lint] baseline`, relative to the configuration file's folder."""
        configured = self.lint.get("baseline")
        return self.base_dir / configured if configured else None

    @property
    def max_file_size(self) -> int:
        return self.lint.get("max-file-size", DEFAULT_MAX_FILE_SIZE)


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f" (did you mean `{close[0]}`?)" if close else ""


def find_config(start: Path) -> Path | None:
    folder = Path(os.path.abspath(start))
    folder = folder if folder.is_dir() else folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
                return path
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "postlint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("postlint", {})
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    where = str(path) if path else "configuration"
    config = Config(path=path)
    for section, table in data.items():
        if section not in SECTIONS:
            raise ConfigError(f"{where}: unknown section [{section}]{suggest(section, SECTIONS)}")
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: [{section}] must be a table")
        if section == "rules":
            config.rules = _parse_rule_tables(table, where)
            continue
        keys = SCHEMA[section]
        for key, value in table.items():
            if key not in keys:
                raise ConfigError(f"{where}: unknown key `{key}` in [{section}]"
                                  f"{suggest(key, tuple(keys))}")
            check, wanted = keys[key]
            if not check(value):
                raise ConfigError(f"{where}: [{section}] {key} must be {wanted}, not {value!r}")
        setattr(config, section, dict(table))
    return config


def _parse_rule_tables(table: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    """`[rules.PL105]` tables; their option keys are checked against each rule's options."""
    rules = {}
    for code, options in table.items():
        if not isinstance(options, dict):
            raise ConfigError(f"{where}: [rules.{code}] must be a table")
        if "severity" in options and not _is_severity(options["severity"]):
            raise ConfigError(f"{where}: [rules.{code}] severity must be error, warning or info")
        rules[code] = options
    return rules
