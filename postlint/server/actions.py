"""What a code action changes, as edits of the post's text (character offsets, end exclusive).

Fixes come from the rules. Suppressions are written in the syntax postlint reads
(`postlint.suppressions`), and only where that syntax allows it without changing the post:
- in YAML or TOML front matter, `# postlint: ignore[CODE]` at the end of the line, offered
  only when the front matter reads the same with the comment (not inside a block scalar or a
  multi-line string);
- in the body, `<!-- postlint-disable-next-line CODE -->` on a line of its own before the
  line, offered only where a line of its own starts a block: after a blank line or the front
  matter, outside code blocks (anywhere else the comment would split a paragraph). An
  existing `disable-next-line` comment on the line before gets the code added.
"""
from __future__ import annotations

import re

from postlint.diagnostic import Diagnostic, Edit
from postlint.post import Post
from postlint.suppressions import Suppressions

_YAML_IGNORE = re.compile(r"#\s*postlint:\s*ignore\[([^\]]*)\]")
_NEXT_LINE = re.compile(r"^\s*<!--\s*postlint-disable-next-line\b([^>]*?)\s*-->\s*$")
_CODE_TOKENS = frozenset({"fence", "code_block"})


def fix_edits(diagnostic: Diagnostic) -> list[Edit]:
    """The fix's edits that do not overlap an earlier one (as `fixer.apply_edits` keeps them)."""
    assert diagnostic.fix is not None
    kept: list[Edit] = []
    for edit in sorted(diagnostic.fix.edits, key=lambda e: (e.start, e.end)):
        if not kept or edit.start >= kept[-1].end:
            kept.append(edit)
    return kept


def suppression(post: Post, diagnostic: Diagnostic) -> Edit | None:
    """The edit that suppresses `diagnostic` where it is, or None where none can."""
    line = diagnostic.span.line
    if post.decoding.binary or not 1 <= line <= len(post.lines):
        return None
    split = post.split
    if post.has_front_matter and split.open_line <= line <= split.close_line:
        inside = split.open_line < line < split.close_line
        edit = _front_matter_comment(post, diagnostic) if inside else None
    else:
        edit = _body_comment(post, diagnostic)
    if edit is None:
        return None
    text = post.text[:edit.start] + edit.replacement + post.text[edit.end:]
    moved = line + edit.replacement.count("\n")  # a comment line of its own comes before
    if not Suppressions.scan(text).suppresses(moved, diagnostic.code, diagnostic.name):
        return None
    return edit


def _line_end(post: Post, line: int) -> int:
    """The offset of the end of `line`'s text (before its line ending)."""
    return post.offset(line, 1) + len(post.lines[line - 1])


def _front_matter_comment(post: Post, diagnostic: Diagnostic) -> Edit | None:
    if post.split.format not in ("yaml", "toml") or not isinstance(post.meta, dict) \
            or post.front_matter_error is not None:
        return None
    line = diagnostic.span.line
    start = post.offset(line, 1)
    existing = _YAML_IGNORE.search(post.lines[line - 1])
    if existing is not None:
        at = start + existing.end(1)
        edit = Edit(at, at, f", {diagnostic.code}" if existing.group(1).strip() else diagnostic.code)
    else:
        at = _line_end(post, line)
        edit = Edit(at, at, f"  # postlint: ignore[{diagnostic.code}]")
    text = post.text[:edit.start] + edit.replacement + post.text[edit.end:]
    again = Post.from_bytes(post.path, post.relpath, text.encode("utf-8"), post.site, post.is_post)
    if again.front_matter_error is not None or again.meta != post.meta:
        return None  # the comment would be part of a value, or break the front matter
    return edit


def _body_comment(post: Post, diagnostic: Diagnostic) -> Edit | None:
    line = diagnostic.span.line
    if post.is_markdown and _in_code(post, line):
        return None
    if line > 1:
        before = post.lines[line - 2]
        existing = _NEXT_LINE.match(before)
        if existing is not None:
            at = post.offset(line - 1, 1) + existing.end(1)
            return Edit(at, at, f" {diagnostic.code}")
        block_starts = before.strip() == "" or (post.has_front_matter and line == post.body_line)
        if not block_starts:
            return None
    current = post.lines[line - 1]
    indent = current[:len(current) - len(current.lstrip(" \t"))]
    ending = "\r\n" if post.text[post.offset(line, 1) + len(current):].startswith("\r\n") else "\n"
    at = post.offset(line, 1)
    return Edit(at, at, f"{indent}<!-- postlint-disable-next-line {diagnostic.code} -->{ending}")


def _in_code(post: Post, line: int) -> bool:
    first = post.body_line - 1
    return any(token.map and first + token.map[0] < line <= first + token.map[1]
               for token in post.markdown_tokens if token.type in _CODE_TOKENS)
