"""The README's rule table is generated from the registry and must stay current."""
from __future__ import annotations

import re

from conftest import REPO, run_postlint


def test_readme_rule_table_is_current():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- rules-table:start[^>]*-->\n(.*?)<!-- rules-table:end -->", readme, re.S)
    assert match, "README lost its rules-table markers"
    run = run_postlint("rules", "--format", "markdown")
    assert match.group(1) == run.out, (
        "README rule table is stale: run `python -m postlint rules --format markdown` and paste it")
