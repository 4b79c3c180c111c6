"""Progress of long runs (files linted, links checked): a tqdm bar on a terminal, nothing at
all when the stream is not one (a pipe, a file, CI logs) or the work is short."""
from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm

#: fewer items than this finish before a bar would be worth drawing
MIN_TOTAL = 10


class _Bar(tqdm):
    #: no monitor thread: the engine forks worker processes while a bar is open
    monitor_interval = 0


def progress_bar(total: int, what: str, unit: str, stream: TextIO | None = None,
                 enabled: bool = True) -> tqdm:
    """A bar counting `total` items (`what`: "files linted") on `stream` (default: stderr);
    `update(n)` as items finish, `close()` (or a `with` block) clears it."""
    stream = stream if stream is not None else sys.stderr
    return _Bar(total=total, desc=what, unit=f" {unit}", file=stream, leave=False,
                mininterval=0.1, dynamic_ncols=True,
                # None: tqdm draws only when the stream is a terminal
                disable=True if total < MIN_TOTAL or not enabled else None)

