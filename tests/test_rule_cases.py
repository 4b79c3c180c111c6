"""The rule fixture harness: every `tests/rules/<CODE>/*.yaml` case file.

A case file holds one post and what linting it with only that rule must give:

    description: why this case exists
    path: _posts/2021-12-31-x.md          # where the post lives in a temporary site
    post: |                               # the post (use a quoted string for CRLF, BOM ...)
      ---
      title: x
      ---
    post_bytes_hex: "efbbbf2d2d2d0a"      # instead of `post`: exact bytes
    files: {"_config.yml": "timezone: UTC\n"}   # other files of the site (default: a Jekyll
                                          #  _config.yml with url https://example.com, Asia/Shanghai)
    config: |                             # a postlint.toml for the site
      [rules.PL105]
      max-title-length = 10
    server: true                          # start the fault-injecting HTTP server on 127.0.0.1
                                          #  (tests/fault_server.py) and replace `{server}`
                                          #  in `post` and `config` by its base URL
    expect:                               # every diagnostic of this rule, exactly, in order
      - "3:1 PL004 duplicate key `title` (lines 2 and 3): only the value on line 3 is kept"
    severity: info                        # optional: the severity every one of them has
    fixed: |                              # for fixable rules: the text after --fix
      ...

`expect: []` marks a valid post that must stay clean. When `fixed` is given the harness also
proves that the fixed text lints clean for this rule and that a second --fix changes nothing.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import DEFAULT_JEKYLL_CONFIG, run_postlint, write_tree

CASES_DIR = Path(__file__).parent / "rules"
CASE_FILES = sorted(CASES_DIR.glob("*/*.yaml"))


def load_case(path: Path) -> dict:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    case["code"] = path.parent.name
    return case


def post_bytes(case: dict) -> bytes:
    if "post_bytes_hex" in case:
        return bytes.fromhex(case["post_bytes_hex"])
    return case["post"].encode("utf-8")


_SERVER = None


def fault_server_url() -> str:
    """The base URL of one fault-injecting server shared by the cases that ask for it."""
    global _SERVER
    if _SERVER is None:
        from fault_server import FaultServer

        _SERVER = FaultServer().__enter__()
    return f"http://127.0.0.1:{_SERVER.port}"


def with_server(case: dict) -> dict:
    if not case.get("server"):
        return case
    base = fault_server_url()
    case = dict(case)
    for key in ("post", "config"):
        if key in case:
            case[key] = case[key].replace("{server}", base)
    case["expect"] = [e.replace("{server}", base) for e in case["expect"]]
    return case


def make_site(root: Path, case: dict) -> Path:
    files = {"_config.yml": DEFAULT_JEKYLL_CONFIG} if "files" not in case else {}
    files.update(case.get("files") or {})
    if case.get("config"):
        files["postlint.toml"] = case["config"]
    write_tree(root, files)
    target = root / case.get("path", "_posts/2021-12-31-case.md")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(post_bytes(case))
    return target


def lint(root: Path, target: Path, code: str, *extra: str, severity: str | None = None) -> list[str]:
    run = run_postlint(str(target.relative_to(root)), "--select", code, "--format", "jsonl",
                       "--no-cache", "--jobs", "1", *extra, cwd=root)
    assert run.code in (0, 1), run.err
    records = [r for r in run.records if r["code"] == code]
    if severity is not None:
        assert {r["severity"] for r in records} <= {severity}, records
    return [f"{r['line']}:{r['column']} {r['code']} {r['message']}" for r in records]


@pytest.mark.parametrize("case_file", CASE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_rule_case(case_file: Path, tmp_path: Path):
    case = with_server(load_case(case_file))
    target = make_site(tmp_path, case)
    assert lint(tmp_path, target, case["code"], severity=case.get("severity")) == case["expect"]
    if "fixed" in case:
        lint(tmp_path, target, case["code"], "--fix", *case.get("fix_args", []))
        assert target.read_bytes().decode("utf-8") == case["fixed"]
        assert lint(tmp_path, target, case["code"]) == []
        before = target.read_bytes()
        lint(tmp_path, target, case["code"], "--fix", *case.get("fix_args", []))
        assert target.read_bytes() == before, "a second --fix changed the file"
