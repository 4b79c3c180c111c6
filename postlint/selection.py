"""Which rules run, at which severity, on which file.

Selectors are codes, code prefixes (`PL2`, `PL20`) or rule names. As in ruff, the most
specific matching selector wins, and `ignore` wins a tie. A rule that is off by default runs
only when selected by its exact code or name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from postlint.config import Config, ConfigError
from postlint.diagnostic import Severity
from postlint.globs import glob_to_regex
from postlint.rule import Rule

EXACT = 1000


def specificity(selector: str, rule: type[Rule]) -> int:
    """How specifically `selector` names `rule` (0: not at all)."""
    if selector == rule.name or selector == rule.code:
        return EXACT
    if selector == "ALL":
        return 1
    if rule.code.startswith(selector):
        return len(selector)
    return 0


def validate_selectors(selectors: list[str], rules: dict[str, type[Rule]], where: str) -> None:
    names = {r.name for r in rules.values()}
    for selector in selectors:
        if selector == "ALL" or selector in names or any(c.startswith(selector) for c in rules):
            continue
        raise ConfigError(f"{where}: `{selector}` selects no rule (a code, a code prefix "
                          "such as PL2, or a rule name)")


def _best(selectors: list[str], rule: type[Rule]) -> int:
    return max((specificity(s, rule) for s in selectors), default=0)


@dataclass
class Selection:
    enabled: dict[str, type[Rule]]
    severities: dict[str, Severity]
    per_file: list[tuple[re.Pattern, list[str]]] = field(default_factory=list)

    @classmethod
    def build(cls, config: Config, rules: dict[str, type[Rule]], select: list[str] | None = None,
              ignore: list[str] | None = None, extend_select: list[str] | None = None) -> "Selection":
        chosen = list(select if select is not None else config.lint.get("select", ["PL"]))
        chosen += config.lint.get("extend-select", []) + (extend_select or [])
        ignored = config.lint.get("ignore", []) + (ignore or [])
        validate_selectors(chosen, rules, "select")
        validate_selectors(ignored, rules, "ignore")
        per_file = []
        for pattern, codes in config.lint.get("per-file-ignores", {}).items():
            validate_selectors(codes, rules, f"per-file-ignores {pattern!r}")
            per_file.append((glob_to_regex(pattern), codes))
        for code in config.rules:
            if code not in rules:
                raise ConfigError(f"[rules.{code}]: no such rule")
        enabled = {}
        severities = {}
        for code, rule in rules.items():
            on, off = _best(chosen, rule), _best(ignored, rule)
            if on == 0 or off >= on:
                continue
            if not rule.enabled_by_default and on < EXACT:
                continue
            enabled[code] = rule
            level = config.rules.get(code, {}).get("severity")
            severities[code] = Severity.parse(level) if level else rule.severity
        return cls(enabled, severities, per_file)

    def ignored_in(self, relpaths: tuple[str, ...]) -> list[str]:
        """Selectors that `per-file-ignores` turns off for a file known by these paths."""
        found = []
        for regex, codes in self.per_file:
            if any(regex.fullmatch(p) for p in relpaths):
                found.extend(codes)
        return found


def matches(selectors: list[str], code: str, name: str) -> bool:
    """Does any selector name this rule (by code prefix or name)? An empty list means all."""
    return not selectors or any(s in ("ALL", name) or code.startswith(s) for s in selectors)
