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

import dataclasses
import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable, Iterable

from postlint.diagnostic import Span

SCHEMA_VERSION = 6  # 6: packed findings keep their baseline anchors
FILE_NAME = "results.sqlite"
#: what a row keeps: a linted file's result, and the corpus rules' summaries of any file
#: a file's result (JSON), its corpus summaries (JSON) and its packed diagnostics (BLOB)
COLUMNS = ("result", "summaries", "findings")


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(parts: Iterable[Any]) -> str:
    """A stable digest of everything a file's results depend on besides the file itself."""
    text = json.dumps(list(parts), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def encode(value: Any) -> Any:
    """JSON for a rule's summary: plain values, lists, dicts, `Span`s and dataclasses."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Span):
        return {"$span": list(_span_tuple(value))}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"$dc": type(value).__name__,
                "fields": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode(value: Any, namespace: dict[str, Any]) -> Any:
    """The inverse of `encode`; dataclasses are looked up in `namespace` (the rule's module),
    so a cache file can only ever rebuild the rule's own summary types."""
    if isinstance(value, list):
        return [decode(v, namespace) for v in value]
    if not isinstance(value, dict):
        return value
    if "$span" in value:
        return Span(*value["$span"])
    if "$dict" in value:
        return {decode(k, namespace): decode(v, namespace) for k, v in value["$dict"]}
    cls = namespace.get(value.get("$dc", ""))
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError("unknown summary type in the cache")
    fields = {name: decode(v, namespace) for name, v in value["fields"].items()}
    return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})


def _span_tuple(span: Span) -> tuple[int, int, int, int]:
    return span.line, span.column, span.end_line, span.end_column


class ResultCache:
    """Per-file results under one run fingerprint (the newest few fingerprints are kept, so
    that pre-commit's and CI's differently configured runs do not evict each other)."""

    KEEP_FINGERPRINTS = 4
    #: new rows are written in batches of this many
    WRITE_EVERY = 1000

    def __init__(self, folder: Path, run_fingerprint: str):
        self.folder = folder
        self.fingerprint = run_fingerprint
        self.db: sqlite3.Connection | None = None
        self.rows: dict[str, list] = {}  # path -> [size, mtime, content hash]
        self.loaded: dict[str, dict[str, str | None]] = {}  # column -> path -> JSON (prefetch)
        self.pending: list[tuple] = []
        self.unchanged: set[str] = set()  # files found unchanged in this run
        self.touched: list[tuple] = []
        self.pending_facts: list[tuple] = []
        self.site_fingerprint = ""
        try:
            self._open()
        except sqlite3.DatabaseError:  # not a database (any more): start afresh
            self._disable()
            try:
                clean(folder)
                self._open()
            except (OSError, sqlite3.Error):
                self._disable()
        except (OSError, sqlite3.Error):
            self._disable()

    def _open(self) -> None:
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by postlint\n*\n")
        self.db = sqlite3.connect(folder / FILE_NAME, timeout=2)
        if self.db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            self.db.executescript(
                "DROP TABLE IF EXISTS results; DROP TABLE IF EXISTS runs;"
                "CREATE TABLE results (fingerprint TEXT, path TEXT, size INTEGER, "
                "mtime INTEGER, hash TEXT, result TEXT, summaries TEXT, findings BLOB, "
                "PRIMARY KEY (fingerprint, path));"
                "CREATE TABLE runs (fingerprint TEXT PRIMARY KEY, used REAL);"
                "DROP TABLE IF EXISTS facts; CREATE TABLE facts (fingerprint TEXT, path TEXT, "
                "size INTEGER, mtime INTEGER, value TEXT, PRIMARY KEY (fingerprint, path));"
                f"PRAGMA user_version={SCHEMA_VERSION};")
        self.rows = {path: [size, mtime, digest] for path, size, mtime, digest in self.db.execute(
            "SELECT path, size, mtime, hash FROM results WHERE fingerprint = ?",
            (self.fingerprint,))}

    def _disable(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None
        self.rows = {}

    def lookup(self, path: Path, column: str) -> Any:
        """The cached `column` (see COLUMNS) of `path`, if the file is unchanged (same size and
        mtime, or same content; checked once a run); None otherwise."""
        if column not in COLUMNS:
            raise ValueError(column)
        key = str(path)
        row = self.rows.get(key)
        if row is None or self.db is None:
            return None
        try:
            if key not in self.unchanged:
                info = path.stat()
                if (row[0], row[1]) != (info.st_size, info.st_mtime_ns):
                    if content_hash(path.read_bytes()) != row[2]:
                        return None
                    row[0], row[1] = info.st_size, info.st_mtime_ns
                    self.touched.append((info.st_size, info.st_mtime_ns, self.fingerprint, key))
                self.unchanged.add(key)
            if key in self.loaded.get(column, ()):
                text = self.loaded[column].pop(key)  # read once a run: free it as it is used
            else:
                found = self.db.execute(f"SELECT {column} FROM results WHERE fingerprint = ? "
                                        "AND path = ?", (self.fingerprint, key)).fetchone()
                text = found[0] if found else None
            if column == "findings" or text is None:
                return text
            return json.loads(text)
        except (OSError, ValueError, sqlite3.Error):
            return None

    def prefetch(self, column: str) -> None:
        """Read a whole column in one query (for runs over most of the site)."""
        if column not in COLUMNS or self.db is None or column in self.loaded:
            return
        try:
            self.loaded[column] = dict(self.db.execute(
                f"SELECT path, {column} FROM results WHERE fingerprint = ?", (self.fingerprint,)))
        except sqlite3.Error:
            pass

    @staticmethod
    def entry(path: Path, result: Any, summaries: Any, findings: bytes | None) -> tuple | None:
        """What `store` records of a file: its size, mtime and content hash, its result (None:
        only its corpus summaries were computed) and summaries as JSON, and its packed
        diagnostics. Computed where the file was linted, in a worker process, so the parent
        only writes it."""
        try:
            info = path.stat()
            digest = content_hash(path.read_bytes())
        except OSError:
            return None
        return (info.st_size, info.st_mtime_ns, digest,
                None if result is None else json.dumps(result, ensure_ascii=False),
                json.dumps(summaries, ensure_ascii=False), findings)

    def store(self, path: Path, entry: tuple | None) -> None:
        """Record a file's `entry`."""
        if self.db is None or entry is None:
            return
        self.rows[str(path)] = list(entry[:3])
        for loaded in self.loaded.values():  # later lookups read the database
            loaded.pop(str(path), None)
        self.pending.append((self.fingerprint, str(path), *entry))
        if len(self.pending) >= self.WRITE_EVERY:
            self._write_pending()

    def _write_pending(self) -> None:
        """Write (and commit) the new rows: a large run never holds all of them in memory,
        and an interrupted one keeps what it linted."""
        if self.db is None:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    self.pending)
        except sqlite3.Error:
            self._disable()
        self.pending = []

    def facts(self, site_fingerprint: str, root: Path) -> "FactsCache":
        """The URL index's per-file facts, reused while a file's size and mtime hold."""
        self.site_fingerprint = site_fingerprint
        try:
            rows = {path: (size, mtime, value) for path, size, mtime, value in self.db.execute(
                "SELECT path, size, mtime, value FROM facts WHERE fingerprint = ?",
                (site_fingerprint,))} if self.db is not None else {}
        except sqlite3.Error:
            rows = {}
        return FactsCache(self, root, rows)

    def save(self) -> None:
        """Write new rows; drop rows of files that are gone and of old fingerprints."""
        if self.db is None:
            return
        self._write_pending()
        if self.db is None:
            return
        gone = [(self.fingerprint, p) for p in self.rows if not os.path.exists(p)]
        try:
            with self.db:
                self.db.executemany("UPDATE results SET size = ?, mtime = ? WHERE fingerprint = ? "
                                    "AND path = ?", self.touched)
                self.db.executemany("DELETE FROM results WHERE fingerprint = ? AND path = ?", gone)
                if self.pending_facts:
                    self.db.execute("DELETE FROM facts WHERE fingerprint != ?", (self.site_fingerprint,))
                    self.db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?, ?, ?)",
                                        self.pending_facts)
                self.db.execute("INSERT OR REPLACE INTO runs VALUES (?, ?)",
                                (self.fingerprint, time.time()))
                stale = [f for (f,) in self.db.execute(
                    "SELECT fingerprint FROM runs ORDER BY used DESC LIMIT -1 OFFSET ?",
                    (self.KEEP_FINGERPRINTS,))]
                for old in stale:
                    self.db.execute("DELETE FROM results WHERE fingerprint = ?", (old,))
                    self.db.execute("DELETE FROM runs WHERE fingerprint = ?", (old,))
        except sqlite3.Error:
            self._disable()
        self.pending_facts = []
        self.touched = []
        self.unchanged = set()  # the next run (after --fix) looks again
        for _, path in gone:
            self.rows.pop(path, None)


class FactsCache:
    """`facts(relpath, compute)` for `UrlIndex.build`, backed by the result cache's database."""

    MISSING = object()

    def __init__(self, owner: ResultCache, root: Path, rows: dict[str, tuple]):
        self.owner = owner
        self.root = root
        self.rows = rows

    def get(self, relpath: str) -> Any:
        """The cached fact of an unchanged file, or MISSING."""
        row = self.rows.get(relpath)
        if row is None:
            return self.MISSING
        try:
            info = os.stat(self.root / relpath)
            if (row[0], row[1]) == (info.st_size, info.st_mtime_ns):
                return json.loads(row[2])
        except (OSError, ValueError):
            pass
        return self.MISSING

    def put(self, relpath: str, value: Any) -> None:
        try:
            info = os.stat(self.root / relpath)
        except OSError:
            return
        text = json.dumps(value, ensure_ascii=False)
        self.rows[relpath] = (info.st_size, info.st_mtime_ns, text)
        self.owner.pending_facts.append((self.owner.site_fingerprint, relpath, info.st_size,
                                         info.st_mtime_ns, text))

    def __call__(self, relpath: str, compute: Callable[[], Any]) -> Any:
        value = self.get(relpath)
        if value is self.MISSING:
            value = compute()
            self.put(relpath, value)
        return value


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
