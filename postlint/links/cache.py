"""The on-disk cache of external link results (SQLite, `.postlint_cache/links.sqlite`).

Only successes are stored (a 2xx answer, possibly after redirects), with the time they were
checked; they are trusted for `cache-ttl`. Broken and inconclusive results are never stored,
so a link that failed is checked again on the next run.
"""
from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

from postlint.links.result import LinkResult

DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*")
UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
SCHEMA = """CREATE TABLE IF NOT EXISTS results (
    url TEXT PRIMARY KEY, checked_at REAL NOT NULL, result TEXT NOT NULL)"""


def parse_duration(text: str) -> float:
    """`7d`, `12h`, `30m`, `45s` or a number of seconds."""
    match = DURATION.fullmatch(str(text))
    if match is None:
        raise ValueError(f"not a duration: {text!r} (use e.g. 7d, 12h, 30m)")
    return float(match.group(1)) * UNITS[match.group(2)]


class LinkCache:
    def __init__(self, path: Path, ttl: float):
        self.path = path
        self.ttl = ttl
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, timeout=5)
                self._db.execute(SCHEMA)
            except (OSError, sqlite3.Error):
                self._db = None  # an unwritable cache only costs time
        return self._db

    def get_many(self, urls: list[str]) -> dict[str, LinkResult]:
        db = self._connect()
        if db is None or not urls:
            return {}
        fresh_after = time.time() - self.ttl
        found = {}
        try:
            for start in range(0, len(urls), 500):
                chunk = urls[start:start + 500]
                rows = db.execute(
                    f"SELECT url, result FROM results WHERE checked_at >= ? AND url IN "
                    f"({','.join('?' * len(chunk))})", (fresh_after, *chunk))
                for url, text in rows:
                    result = LinkResult.from_json(json.loads(text))
                    if result.ok:
                        found[url] = result
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return found
        return found

    def put(self, result: LinkResult) -> None:
        """Store a success; anything else is never cached."""
        if not result.ok:
            return
        db = self._connect()
        if db is None:
            return
        try:
            db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                       (result.url, time.time(), json.dumps(result.to_json())))
            db.commit()
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
