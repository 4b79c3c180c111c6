"""Apply fixes: atomically, keeping line endings, BOM and permissions; stable when re-run."""
from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from postlint.diagnostic import Diagnostic, Edit
from postlint.post import Post

if TYPE_CHECKING:
    from postlint.discovery import Candidate
    from postlint.engine import Linter

MAX_PASSES = 10

BOM = "\ufeff"


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (later ones that overlap an earlier one are skipped)."""
    out = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            continue
        out.append(text[position:edit.start])
        out.append(edit.replacement)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


def write_atomically(path: Path, text: str, bom: bool) -> None:
    """Write through a temporary file in the same folder, then rename over the original."""
    data = ((BOM if bom else "") + text).encode("utf-8")
    mode = path.stat().st_mode
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".postlint")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def fixed_text(linter: "Linter", post: Post, candidate: "Candidate",
               unsafe: bool) -> tuple[str, bool]:
    """The text of `post` and whether it keeps its byte-order mark, once every fix is applied
    and the fixed text linted again until it is stable (at most MAX_PASSES passes)."""
    text, bom = post.text, post.decoding.bom
    for _ in range(MAX_PASSES):
        fixes = [d.fix for d in linter.lint_post(post, candidate).diagnostics
                 if d.fix is not None and (d.fix.safe or unsafe)]
        new_text = apply_edits(text, [e for fix in fixes for e in fix.edits])
        new_bom = bom and not any(fix.drop_bom for fix in fixes)
        if new_text == text and new_bom == bom:
            break
        text, bom = new_text, new_bom
        post = Post.from_bytes(post.path, post.relpath, text.encode("utf-8"), post.site,
                               post.is_post)
    return text, bom


def fix_files(linter: "Linter", diagnostics: list[Diagnostic], unsafe: bool,
              diff_out: TextIO | None) -> bool:
    """Fix every file with fixable findings until it is stable (at most MAX_PASSES passes).

    With `diff_out`, write a unified diff there instead of the files. True when a file changed.
    """
    wanted = {d.path for d in diagnostics if d.fix is not None and (d.fix.safe or unsafe)}
    changed = False
    for candidate in linter.last_candidates:
        if candidate.relpath not in wanted:
            continue
        post = linter.read(candidate)
        if not isinstance(post, Post) or post.decoding.invalid_utf8_offset is not None:
            continue  # replacement characters would be written back: never fix such a file
        original, original_bom = post.text, post.decoding.bom
        text, bom = fixed_text(linter, post, candidate, unsafe)
        if text == original and bom == original_bom:
            continue
        if diff_out is not None:
            diff_out.writelines(difflib.unified_diff(
                original.splitlines(keepends=True), text.splitlines(keepends=True),
                f"a/{candidate.relpath}", f"b/{candidate.relpath}"))
        else:
            write_atomically(candidate.path, text, bom)
            changed = True
    return changed
