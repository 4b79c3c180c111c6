"""The example plugin, installed as a user would, is listed, documented and run like built-ins."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, write_tree

PLUGIN = REPO / "examples" / "plugin"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("plugin-install")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--target", str(target), str(PLUGIN)],
                   check=True, capture_output=True)
    return target


def postlint(plugin_path: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(plugin_path)}
    return subprocess.run([sys.executable, "-m", "postlint", *args], capture_output=True,
                          text=True, env=env, cwd=cwd)


def test_plugin_rule_is_listed_with_its_origin(plugin_path):
    listing = postlint(plugin_path, "rules").stdout
    line = next(l for l in listing.splitlines() if l.startswith("EX001"))
    assert "title-ends-with-period" in line and line.endswith("postlint-example-plugin")
    doc = postlint(plugin_path, "rule", "EX001").stdout
    assert "## Why is this bad" in doc


def test_plugin_rule_runs_and_is_selectable(plugin_path, tmp_path):
    write_tree(tmp_path, {"_config.yml": "url: https://example.com\n",
                          "_posts/2021-01-01-x.md": '---\ntitle: "Rates stay on hold."\n---\n'})
    run = postlint(plugin_path, "--select", "EX", ".", cwd=tmp_path)
    assert run.returncode == 1
    assert "_posts/2021-01-01-x.md:2:27: EX001 [warning] title ends with `.`" in run.stdout
    assert postlint(plugin_path, "--ignore", "EX001", "--select", "EX,PL0", ".",
                    cwd=tmp_path).returncode == 0


def test_broken_plugin_is_reported_and_skipped(plugin_path, tmp_path):
    broken = tmp_path / "site-packages"
    dist = broken / "broken_plugin-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[postlint.rules]\nbroken = no_such_module_xyz\n")
    env = {**os.environ, "PYTHONPATH": str(broken)}
    run = subprocess.run([sys.executable, "-m", "postlint", "rules"], capture_output=True,
                         text=True, env=env)
    assert run.returncode == 0
    assert "plugin broken-plugin" in run.stderr and "skipped" in run.stderr
    assert "PL001" in run.stdout
