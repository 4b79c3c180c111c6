"""The engine may change how it works, never what it reports: the JSON report of the finews
sample, of the bundled examples and of the generated 10,000-post site is compared byte for byte
with the report stored in `tests/data/reports/` (for the generated site, with its SHA-256 and its
findings per rule, which say where a difference lies).

After a change that is meant to alter a report, write the stored reports again with
`POSTLINT_STORE_REPORTS=1 pytest tests/test_report_stability.py` and review the diff.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import CORPUS, REPO

STORED = REPO / "tests" / "data" / "reports"
GENERATOR = REPO.parent / "shared" / "bench" / "gen_corpus.py"
STORE = os.environ.get("POSTLINT_STORE_REPORTS") == "1"


def json_report(root: Path, *options: str) -> bytes:
    """The report of `postlint . --format json` run in `root`, with the tool's version blanked
    (a release changes it, not the findings)."""
    run = subprocess.run([sys.executable, "-m", "postlint", ".", "--format", "json", "--exit-zero",
                          *options], cwd=root, capture_output=True, check=True)
    report = json.loads(run.stdout)
    report["tool"]["version"] = "*"
    return json.dumps(report, ensure_ascii=False, indent=1).encode() + b"\n"


def findings_per_rule(report: bytes) -> dict[str, int]:
    counts = Counter(f"{d['code']} {d['severity']}" for d in json.loads(report)["diagnostics"])
    return dict(sorted(counts.items()))


def compare(name: str, report: bytes) -> None:
    stored = STORED / name
    if STORE:
        stored.write_bytes(report)
    assert report == stored.read_bytes(), f"the report of {name} changed"


SITES = {"finews.json": CORPUS, "jekyll-news.json": REPO / "examples" / "jekyll-news",
         "hugo-blog.json": REPO / "examples" / "hugo-blog"}


@pytest.mark.parametrize("name", sorted(SITES))
def test_report_is_unchanged(name):
    if not SITES[name].is_dir():
        pytest.skip(f"{SITES[name]} is absent")
    compare(name, json_report(SITES[name], "--no-cache"))


@pytest.mark.skipif(not GENERATOR.is_file(), reason="../shared/bench is absent")
def test_generated_site_report_is_unchanged_cold_and_warm(tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, str(GENERATOR), "--n", "10000", "--seed", "1", "--out",
                    str(site)], check=True, stdout=subprocess.DEVNULL)
    cold = json_report(site)
    stored = json.loads((STORED / "generated-10000.json").read_text())
    summary = {"sha256": hashlib.sha256(cold).hexdigest(), "findings": findings_per_rule(cold)}
    if STORE:
        (STORED / "generated-10000.json").write_text(json.dumps(summary, indent=1) + "\n")
        stored = summary
    assert summary["findings"] == stored["findings"]
    assert summary["sha256"] == stored["sha256"]
    assert json_report(site) == cold, "a warm run reports what the cold run reported"
