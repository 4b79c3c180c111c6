"""Find every rule, built-in or plugin, through the entry-point group `postlint.rules`.

An entry point names a module (every `Rule` subclass defined in it is registered) or one
`Rule` class. Codes and names must be unique; a plugin that fails to load is reported and
skipped, never fatal.
"""
from __future__ import annotations

import inspect
import re
import sys
from importlib.metadata import entry_points
from types import ModuleType

from postlint.rule import BodyRule, CorpusRule, Rule

GROUP = "postlint.rules"
CODE_PATTERN = re.compile(r"[A-Z]+[0-9]+")
NAME_PATTERN = re.compile(r"[a-z][a-z0-9-]*")


class RegistryError(Exception):
    """Two rules claim the same code or name, or a rule's metadata is malformed."""


def _rules_in(obj: object) -> list[type[Rule]]:
    if isinstance(obj, ModuleType):
        return [c for _, c in inspect.getmembers(obj, inspect.isclass)
                if issubclass(c, Rule) and c.__module__ == obj.__name__
                and c not in (Rule, BodyRule, CorpusRule) and "code" in c.__dict__]
    if inspect.isclass(obj) and issubclass(obj, Rule):
        return [obj]
    raise TypeError(f"{obj!r} is neither a module nor a Rule class")


def load_rules(warn=lambda message: print(message, file=sys.stderr)) -> dict[str, type[Rule]]:
    """Every registered rule by code, sorted by code."""
    rules: dict[str, type[Rule]] = {}
    names: dict[str, str] = {}
    for ep in sorted(entry_points(group=GROUP), key=lambda e: (e.dist.name != "postlint" if e.dist else True, e.name)):
        dist = ep.dist.name if ep.dist else "?"
        builtin = dist == "postlint"
        try:
            found = _rules_in(ep.load())
        except Exception as exc:  # a broken plugin must not stop the built-in rules
            if builtin:
                raise
            warn(f"postlint: plugin {dist} ({ep.value}) failed to load and is skipped: "
                 f"{type(exc).__name__}: {exc}")
            continue
        for rule in found:
            rule.origin = "builtin" if builtin else dist
            _validate(rule)
            if rule.code in rules and rules[rule.code] is not rule:
                raise RegistryError(f"rule code {rule.code} is registered twice "
                                    f"({rules[rule.code].origin} and {rule.origin})")
            if rule.name in names and names[rule.name] != rule.code:
                raise RegistryError(f"rule name {rule.name} is used by {names[rule.name]} "
                                    f"and {rule.code}")
            rules[rule.code] = rule
            names[rule.name] = rule.code
    return dict(sorted(rules.items()))


def _validate(rule: type[Rule]) -> None:
    if not CODE_PATTERN.fullmatch(getattr(rule, "code", "")):
        raise RegistryError(f"{rule.__qualname__}: code must look like ABC123")
    if not NAME_PATTERN.fullmatch(getattr(rule, "name", "")):
        raise RegistryError(f"{rule.code}: name must be kebab-case")
    if not rule.summary():
        raise RegistryError(f"{rule.code}: a rule's docstring is its documentation; it has none")
