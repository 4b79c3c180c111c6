"""Start-up: a command imports only what it uses (`-X importtime` lists every module loaded)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from postlint import __version__

#: what only some runs need: the engine and the site model, YAML, the cache's sqlite3,
#: worker processes, the progress bar, fuzzy matching, schema models, the network, the editor
HEAVY = ("postlint.engine", "postlint.config", "postlint.generators", "yaml", "sqlite3",
         "multiprocessing", "tqdm", "rapidfuzz", "pydantic", "markdown_it", "aiohttp", "bs4",
         "pygls")


def imported(*args: str, cwd: Path | None = None) -> tuple[subprocess.CompletedProcess, set[str]]:
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "postlint", *args],
                         capture_output=True, text=True, cwd=cwd)
    modules = {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines()
               if line.startswith("import time:")}
    assert "postlint.cli" in modules, run.stderr  # the listing was read
    return run, modules


def heavy(modules: set[str], names=HEAVY) -> set[str]:
    return {m for m in modules if any(m == n or m.startswith(n + ".") for n in names)}


def test_version_imports_nothing_heavy(tmp_path: Path):
    run, modules = imported("--version", cwd=tmp_path)
    assert run.returncode == 0 and run.stdout == f"postlint {__version__}\n"
    assert heavy(modules) == set()


def test_a_one_file_run_starts_no_workers_and_no_progress_bar(tmp_path: Path):
    post = tmp_path / "_posts" / "2024-01-02-hello.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: Hello\ndate: 2024-01-02\n---\nHello.\n", encoding="utf-8")
    run, modules = imported("--no-cache", str(post), cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    assert "postlint.engine" in modules  # it did lint
    assert heavy(modules, ("multiprocessing", "concurrent.futures.process", "tqdm")) == set()
