"""Progress of long runs (files linted, links checked): a tqdm bar on a terminal, nothing at
all when the stream is not one (a pipe, a file, CI logs) or the work is short."""
from __future__ import annotations

import sys
from typing import TextIO

#: fewer items than this finish before a bar would be worth drawing
MIN_TOTAL = 10


class NoBar:
    """What `progress_bar` gives when nothing is drawn: tqdm is not even imported."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> "NoBar":
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def progress_bar(total: int, what: str, unit: str, stream: TextIO | None = None,
                 enabled: bool = True):
    """A bar counting `total` items (`what`: "files linted") on `stream` (default: stderr);
    `update(n)` as items finish, `close()` (or a `with` block) clears it."""
    stream = stream if stream is not None else sys.stderr
    # tqdm's own rule for disable=None: nothing on a stream that says it is no terminal
    on_terminal = not hasattr(stream, "isatty") or stream.isatty()
    if total < MIN_TOTAL or not enabled or not on_terminal:
        return NoBar()
    from tqdm import tqdm  # only a bar being drawn needs it (it also imports multiprocessing)

    class Bar(tqdm):
        #: no monitor thread: the engine forks worker processes while a bar is open
        monitor_interval = 0

    return Bar(total=total, desc=what, unit=f" {unit}", file=stream, leave=False,
               mininterval=0.1, dynamic_ncols=True)
