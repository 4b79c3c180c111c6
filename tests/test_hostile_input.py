"""Bad input gets a diagnostic, never a traceback, and never stops the other files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run_postlint

GOOD = "---\ntitle: fine\ndate: 2021-12-08 10:00:00 +0800\n---\nBody\n"


def lint(root: Path, *args: str) -> list[dict]:
    run = run_postlint(".", "--format", "jsonl", "--jobs", "1", *args, cwd=root)
    assert run.code in (0, 1), run.err
    assert "Traceback" not in run.err
    return run.records


def codes_for(records: list[dict], path: str) -> list[str]:
    return [r["code"] for r in records if r["path"] == path]


HOSTILE: dict[str, bytes] = {
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 100,
    "invalid-utf8": "---\ntitle: x\n---\n".encode() + b"\xff\xfe\xfa",
    "bom-crlf": b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nbody\r\n",
    "empty": b"",
    "front-matter-only": b"---\ntitle: x\n---",
    "only-opening": b"---",
    "tabs": b"---\ntitle: x\n\tdate: 2021-01-01\n---\n",
    "python-tag": b"---\ntitle: !!python/object/new:os.system [ls]\n---\n",
    "deep-yaml": b"---\nx: " + b"[" * 10_000 + b"]" * 10_000 + b"\n---\n",
    "deep-yaml-block": b"---\n" + b"".join(b"  " * i + b"k:\n" for i in range(3000)) + b"---\n",
    "deep-json": b"{\"x\": " + b"[" * 10_000 + b"]" * 10_000 + b"}\nbody\n",
    "deep-toml": b"+++\nx = " + b"[" * 10_000 + b"]" * 10_000 + b"\n+++\n",
    "deep-html": b"---\ntitle: x\n---\n" + b"<div>" * 10_000 + b"x" + b"</div>" * 10_000,
    "deep-markdown": b"---\ntitle: x\n---\n" + b"> " * 10_000 + b"quote\n" + b"- " * 5_000 + b"item\n",
    "long-line": b"---\ntitle: x\n---\n" + b"a" * 2_000_000 + b"\n",
    "nul-late": b"---\ntitle: x\n---\n" + b"a" * 10_000 + b"\x00b\n",
    "alias-bomb": b"---\na: &a [x,x,x,x,x,x,x,x,x]\n" + b"".join(
        b"%s: &%s [%s]\n" % (bytes([c]), bytes([c]), b",".join([b"*" + bytes([c - 1])] * 9))
        for c in range(ord("b"), ord("k"))) + b"---\n",
    "recursive-alias": b"---\na: &a\n  b: *a\n---\n",
    "mixed-endings": b"---\r\ntitle: x\n---\r\nbody\rmore\n",
    "lone-cr": b"---\rtitle: x\r---\r",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_diagnosed_and_the_others_still_run(site, name):
    root = site({f"_posts/2021-12-08-{name}.md": HOSTILE[name],
                 "_posts/2021-12-08-good.md": GOOD,
                 "_posts/2021-12-08-dup.md": "---\ntitle: a\ntitle: b\n---\n"})
    records = lint(root)
    assert codes_for(records, "_posts/2021-12-08-dup.md") == ["PL004"]
    assert codes_for(records, "_posts/2021-12-08-good.md") == []
    assert "PL000" not in codes_for(records, f"_posts/2021-12-08-{name}.md")


@pytest.mark.parametrize("name, code, line", [
    ("binary", "PL005", 1), ("invalid-utf8", "PL005", 4), ("python-tag", "PL002", 2),
    ("alias-bomb", "PL002", 2), ("empty", "PL001", 1), ("tabs", "PL002", 3),
    ("deep-yaml", "PL002", 2), ("deep-json", "PL002", 1), ("nul-late", "PL005", 4),
    ("mixed-endings", "PL005", 1), ("only-opening", "PL006", 1),
])
def test_hostile_file_gets_the_right_diagnostic(site, name, code, line):
    root = site({f"_posts/2021-12-08-{name}.md": HOSTILE[name]})
    records = lint(root)
    assert (code, line) in [(r["code"], r["line"]) for r in records], records


def test_huge_file_is_refused_not_read(site):
    root = site({"_posts/2021-12-08-ok.md": GOOD})
    with open(root / "_posts/2021-12-08-huge.md", "wb") as handle:
        handle.write(b"---\ntitle: x\n---\n")
        handle.seek(50 * 1024 * 1024)
        handle.write(b"end\n")
    records = lint(root)
    assert [(r["code"], r["path"]) for r in records] == [("PL009", "_posts/2021-12-08-huge.md")]
    assert "50.0 MB, larger than max-file-size (10.0 MB)" in records[0]["message"]


def test_symlink_loop_and_broken_symlink(site):
    root = site({"_posts/2021-12-08-ok.md": GOOD})
    posts = root / "_posts"
    os.symlink("2021-12-08-b.md", posts / "2021-12-08-a.md")
    os.symlink("2021-12-08-a.md", posts / "2021-12-08-b.md")
    os.symlink(".", posts / "loop")  # a folder that contains itself
    records = lint(root)
    assert sorted((r["code"], r["path"]) for r in records) == [
        ("PL009", "_posts/2021-12-08-a.md"), ("PL009", "_posts/2021-12-08-b.md")]


def test_symlink_out_of_the_site_is_not_followed(site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.md").write_text("---\ntitle: a\ntitle: b\n---\n")
    root = site({"_posts/2021-12-08-ok.md": GOOD})
    os.symlink(outside / "secret.md", root / "_posts" / "2021-12-08-passwd.md")
    os.symlink(outside, root / "_posts" / "linked-dir")
    assert lint(root) == []
    run = run_postlint("_posts/2021-12-08-passwd.md", "--format", "jsonl", cwd=root)
    assert [r["code"] for r in run.records] == ["PL009"]


def test_unreadable_file(site, monkeypatch):
    root = site({"_posts/2021-12-08-ok.md": GOOD, "_posts/2021-12-08-locked.md": GOOD})
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "2021-12-08-locked.md":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    records = lint(root)
    assert [(r["code"], r["path"], r["message"]) for r in records] == [
        ("PL009", "_posts/2021-12-08-locked.md", "cannot read file: Permission denied")]


def test_directory_named_like_a_post(site):
    root = site({"_posts/2021-12-08-ok.md": GOOD, "_posts/2021-12-08-dir.md/2021-12-08-in.md": GOOD})
    run = run_postlint(".", "_posts/2021-12-08-dir.md", "--format", "json", "--ignore", "PL6",
                       cwd=root)
    assert run.code == 0 and run.json["summary"]["posts"] == 2


def test_missing_path_is_a_diagnostic(site):
    root = site({"_posts/2021-12-08-ok.md": GOOD})
    run = run_postlint("_posts/nope.md", "--format", "jsonl", cwd=root)
    assert [(r["code"], r["message"]) for r in run.records] == [("PL009", "no such file or directory")]


def test_never_enters_git_site_or_node_modules(site):
    dup = "---\ntitle: a\ntitle: b\n---\n"
    root = site({f"{d}/_posts/2021-12-08-x.md": dup for d in (".git", "_site", "node_modules")})
    assert lint(root) == []
