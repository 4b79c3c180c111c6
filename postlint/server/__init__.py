"""`postlint server`: a Language Server Protocol server for posts (see `postlint.server.lsp`).

`session` keeps each site in memory and lints buffers against it, `actions` turns fixes and
suppressions into edits, `positions` converts offsets to LSP positions (UTF-16 code units).
"""
from __future__ import annotations


def serve(argv: list[str]) -> int:
    from postlint.server.lsp import serve as run

    return run(argv)
