"""The composite GitHub action: its shell steps run as GitHub would run them (bash, inputs
passed through `env`), here against the postlint of the test environment."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
WORKFLOW = yaml.safe_load((REPO / "examples" / "ci" / "postlint.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([a-z-]+)\s*\}\}")
BAD = "---\nlayout: post\nlayout: post\ntitle: x\n---\nBody.\n"


def step(name: str) -> dict:
    return next(s for s in ACTION["runs"]["steps"] if s.get("name") == name)


def run_step(name: str, cwd: Path, **inputs: str) -> subprocess.CompletedProcess:
    values = {key: spec.get("default", "") for key, spec in ACTION["inputs"].items()}
    values.update({key.replace("_", "-"): value for key, value in inputs.items()})
    found = step(name)
    env = {key: EXPRESSION.sub(lambda m: values[m.group(1)], value)
           for key, value in found.get("env", {}).items()}
    env = {**os.environ, **env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(["bash", "-e", "-c", found["run"]], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_action_is_composite_and_uploads_sarif():
    assert ACTION["runs"]["using"] == "composite"
    uses = [s.get("uses", "") for s in ACTION["runs"]["steps"]]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    upload = next(s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith(
        "github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    for s in ACTION["runs"]["steps"]:  # inputs reach shell scripts only through env
        assert "${{" not in s.get("run", "")


def test_sarif_step_writes_sarif_and_never_fails_on_findings(site):
    root = site({"_posts/2021-01-01-bad.md": BAD})
    done = run_step("Run postlint (SARIF)", root, sarif_file="out/postlint.sarif")
    assert done.returncode == 0, done.stderr
    document = json.loads((root / "out" / "postlint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in document["runs"][0]["results"]] == ["PL004"]


def test_annotation_step_fails_on_findings_and_honours_args(site):
    root = site({"_posts/2021-01-01-bad.md": BAD, "_posts/2021-01-02-ok.md": "---\ntitle: ok\n---\nFine.\n"})
    done = run_step("Run postlint (annotations)", root)
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=_posts/2021-01-01-bad.md,line=3,col=1,")
    assert run_step("Run postlint (annotations)", root, args="--ignore PL004").returncode == 0
    assert run_step("Run postlint (annotations)", root, paths="_posts/2021-01-02-ok.md").returncode == 0


def test_example_workflow_uses_the_action_inputs():
    job = WORKFLOW["jobs"]["postlint"]
    checkout, action = job["steps"]
    assert checkout["with"]["fetch-depth"] == 0
    assert set(action["with"]) <= set(ACTION["inputs"])
    assert WORKFLOW["permissions"]["security-events"] == "write"


def test_summary_step_appends_markdown_to_the_job_summary_and_never_fails(site, monkeypatch):
    root = site({"_posts/2021-01-01-bad.md": BAD})
    summary = root / "step_summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "owner/site")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(root))
    done = run_step("Write the job summary", root)
    assert done.returncode == 0, done.stderr
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n### postlint: 1 problem in 1 post\n")
    assert "| [PL004](" in written and "| duplicate-key | error | 1 |" in written
    assert ("- [`_posts/2021-01-01-bad.md:3:1`](https://github.com/owner/site/blob/0123abc/"
            "_posts/2021-01-01-bad.md#L3) **PL004** error:") in written
    assert step("Write the job summary")["if"] == "${{ inputs.job-summary == 'true' }}"
    assert ACTION["inputs"]["job-summary"]["default"] == "true"
