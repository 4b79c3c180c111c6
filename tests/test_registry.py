"""Meta-tests: every registered rule is documented and has good and bad cases."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from postlint.registry import load_rules

RULES = load_rules()
CASES = Path(__file__).parent / "rules"


def test_codes_and_names_are_unique():
    assert len({r.name for r in RULES.values()}) == len(RULES)


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_is_documented(code):
    rule = RULES[code]
    doc = rule.documentation()
    assert rule.summary() and len(doc.splitlines()) > 2, f"{code} needs a docstring with sections"
    assert "## What it does" in doc and "## Why is this bad" in doc


@pytest.mark.parametrize("code", sorted(c for c, r in RULES.items()
                                        if not getattr(r, "emitted_by_engine", False)))
def test_rule_has_bad_and_good_cases(code):
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (CASES / code).glob("*.yaml")]
    assert any(c["expect"] for c in cases), f"{code} has no case that must trigger it"
    assert any(not c["expect"] for c in cases), f"{code} has no valid case that must stay clean"
    if RULES[code].fixable:
        assert any("fixed" in c for c in cases), f"{code} is fixable but no case checks its fix"
