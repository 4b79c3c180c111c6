"""The result cache: a warm run over unchanged files reads and parses nothing.

One SQLite file in `.postlint_cache/`. A row per file holds its stat signature, its content
hash and its `FileResult` as JSON (never pickle: the cache sits in the repository, and content
from a pull request must not be able to run code). Rows are valid only under the same run
fingerprint: postlint's and plugins' versions, the effective configuration, the selected rules
and the site's settings. A file whose size and mtime are unchanged is trusted without being
read; otherwise its content hash decides. A cache that is corrupt, locked, from another
version or unwritable is ignored (and rebuilt when possible), never an error.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Iterable

from postlint.diagnostic import Diagnostic, Edit, Fix, Severity, Span

SCHEMA_VERSION = 1
FILE_NAME = "results.sqlite"


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(parts: Iterable[Any]) -> str:
    """A stable digest of everything a file's results depend on besides the file itself."""
    text = json.dumps(list(parts), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def diagnostic_to_json(d: Diagnostic) -> list:
    fix = None
    if d.fix is not None:
        fix = [[[e.start, e.end, e.replacement] for e in d.fix.edits], d.fix.safe, d.fix.drop_bom]
    return [d.path, list(_span_tuple(d.span)), d.code, d.name, int(d.severity), d.message,
            d.fixable, fix]


def diagnostic_from_json(row: list) -> Diagnostic:
    path, span, code, name, severity, message, fixable, fix = row
    fix_obj = None
    if fix is not None:
        edits, safe, drop_bom = fix
        fix_obj = Fix(tuple(Edit(*e) for e in edits), safe, drop_bom)
    return Diagnostic(path, Span(*span), code, name, Severity(severity), message, fixable, fix_obj)


def _span_tuple(span: Span) -> tuple[int, int, int, int]:
    return span.line, span.column, span.end_line, span.end_column


class ResultCache:
    """Per-file results under one run fingerprint."""

    def __init__(self, folder: Path, run_fingerprint: str):
        self.folder = folder
        self.fingerprint = run_fingerprint
        self.db: sqlite3.Connection | None = None
        self.pending: list[tuple] = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by postlint\n*\n")
            self.db = sqlite3.connect(folder / FILE_NAME, timeout=2)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=OFF")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                self.db.execute("DROP TABLE IF EXISTS results")
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self.db.execute("CREATE TABLE IF NOT EXISTS results (fingerprint TEXT, path TEXT, "
                            "size INTEGER, mtime INTEGER, hash TEXT, result TEXT, "
                            "PRIMARY KEY (fingerprint, path))")
            self.rows = {path: (size, mtime, digest, result) for path, size, mtime, digest, result
                         in self.db.execute("SELECT path, size, mtime, hash, result FROM results "
                                            "WHERE fingerprint = ?", (run_fingerprint,))}
        except (OSError, sqlite3.Error):
            self._disable()

    def _disable(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None
        self.rows = {}

    def lookup(self, path: Path) -> tuple[dict | None, str | None]:
        """(cached result, content hash) — the hash only when the file had to be read."""
        row = self.rows.get(str(path))
        try:
            info = path.stat()
        except OSError:
            return None, None
        if row is not None and row[0] == info.st_size and row[1] == info.st_mtime_ns:
            return self._decode(row[3]), row[2]
        try:
            digest = content_hash(path.read_bytes())
        except OSError:
            return None, None
        if row is not None and row[2] == digest:
            self.pending.append((self.fingerprint, str(path), info.st_size, info.st_mtime_ns,
                                 digest, row[3]))
            return self._decode(row[3]), digest
        return None, digest

    @staticmethod
    def _decode(text: str) -> dict | None:
        try:
            return json.loads(text)
        except ValueError:
            return None

    def store(self, path: Path, data: bytes | None, result: dict) -> None:
        if self.db is None:
            return
        try:
            info = path.stat()
            digest = content_hash(data if data is not None else path.read_bytes())
        except OSError:
            return
        self.pending.append((self.fingerprint, str(path), info.st_size, info.st_mtime_ns, digest,
                             json.dumps(result, ensure_ascii=False)))

    def save(self, keep: set[str]) -> None:
        """Write new rows and drop rows of files that no longer exist under this fingerprint."""
        if self.db is None:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)",
                                    self.pending)
                gone = [(self.fingerprint, p) for p in self.rows if p not in keep]
                self.db.executemany("DELETE FROM results WHERE fingerprint = ? AND path = ?", gone)
                self.db.execute("DELETE FROM results WHERE fingerprint != ?", (self.fingerprint,))
            self.db.close()
        except sqlite3.Error:
            pass
        self.db = None


def clean(folder: Path) -> bool:
    """Remove the result cache; True when there was one."""
    target = folder / FILE_NAME
    found = False
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(str(target) + suffix)
        if candidate.exists():
            os.unlink(candidate)
            found = True
    return found
