"""Time `postlint server` on a generated site: first diagnostics, and keystroke latency.

    python bench/server.py --n 10000            # generate with ../shared/bench/gen_corpus.py
    python bench/server.py --corpus DIR         # or an existing site

Scenarios, each in a fresh server process started as editors start it:
- cold: no result cache. Seconds from `initialize` (the server process just started) to the
  first diagnostics of a typical post (the one of median size), those of the rules that need
  nothing of the site; and to the diagnostics of every rule, once the server has built the
  site's URL index and corpus summaries (its progress report ends then).
- warm: the same, with the cache the cold server left.
- keystrokes: on the warm server, `--keys` one-character insertions at places spread over the
  body, each sent once the previous one's diagnostics came back; the latency is from sending
  `didChange` to receiving `publishDiagnostics` for that version, with the server's default
  debounce and with none.
"""
from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
SHARED_GENERATOR = HERE.parent.parent / "shared" / "bench" / "gen_corpus.py"


class Client(LanguageClient):
    """Records when each version of each document got its diagnostics."""

    def __init__(self) -> None:
        super().__init__("postlint-bench", "1")
        self.published: dict[tuple[str, int | None], float] = {}
        self.event = asyncio.Event()

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            self.published[(params.uri, params.version)] = time.perf_counter()
            self.event.set()

        @self.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            return None

        self.loaded: float | None = None  # when the site's progress ended

        @self.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def create(params: types.WorkDoneProgressCreateParams) -> None:
            return None

        @self.feature(types.PROGRESS)
        def progress(params: types.ProgressParams) -> None:
            if isinstance(params.value, dict) and params.value.get("kind") == "end":
                self.loaded = time.perf_counter()
                self.event.set()

    async def wait_loaded(self, timeout: float = 900) -> float:
        deadline = time.perf_counter() + timeout
        while self.loaded is None:
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), max(0.0, deadline - time.perf_counter()))
        return self.loaded

    async def wait_for(self, uri: str, version: int, timeout: float = 600) -> float:
        deadline = time.perf_counter() + timeout
        while (uri, version) not in self.published:
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), max(0.0, deadline - time.perf_counter()))
        return self.published[(uri, version)]


async def session(site: Path, post: Path, debounce: float | None, keys: int) -> dict[str, object]:
    client = Client()
    await client.start_io(sys.executable, "-m", "postlint", "server")
    options = {} if debounce is None else {"debounce": debounce}
    started = time.perf_counter()
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(
            window=types.WindowClientCapabilities(work_done_progress=True)),
        root_uri=site.as_uri(),
        initialization_options=options))
    client.initialized(types.InitializedParams())
    uri, text = post.as_uri(), post.read_text(encoding="utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=text)))
    first = await client.wait_for(uri, 1) - started
    complete = await client.wait_loaded() - started
    latencies = []
    lines = text.split("\n")
    body_start = next(i for i, line in enumerate(lines) if i > 0 and line.strip() == "---") + 1
    for version in range(2, keys + 2):
        line = body_start + (version * 7) % max(1, len(lines) - body_start - 1)
        position = types.Position(line, 0)
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangePartial(range=types.Range(position, position),
                                                    text="x")]))
        latencies.append((await client.wait_for(uri, version)) - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {"first": first, "complete": complete, "latencies": latencies}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def typical_post(site: Path) -> Path:
    posts = sorted((p.stat().st_size, p) for p in (site / "_posts").glob("*.md"))
    return posts[len(posts) // 2][1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000, help="posts to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="an existing site instead")
    parser.add_argument("--keys", type=int, default=200, help="keystrokes to time")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="postlint-bench-server-"))
    try:
        site = args.corpus
        if site is None:
            site = work / "site"
            subprocess.run([sys.executable, str(SHARED_GENERATOR), "--n", str(args.n), "--seed",
                            str(args.seed), "--out", str(site)], check=True)
        shutil.rmtree(site / ".postlint_cache", ignore_errors=True)
        post = typical_post(site)
        print(f"site {site} ({sum(1 for _ in (site / '_posts').glob('*.md'))} posts), "
              f"typical post {post.name} ({post.stat().st_size} bytes)")
        cold = asyncio.run(session(site, post, None, 0))
        warm = asyncio.run(session(site, post, None, args.keys))
        for label, run in (("cold", cold), ("warm", warm)):
            print(f"{label} cache: first diagnostics {run['first']:.2f} s (the rules that need "
                  f"no site), every rule's {run['complete']:.2f} s")
        undebounced = asyncio.run(session(site, post, 0, args.keys))
        for label, run in (("default debounce", warm), ("no debounce", undebounced)):
            values = [v * 1000 for v in run["latencies"]]  # type: ignore[union-attr]
            print(f"keystroke -> diagnostics ({label}, {len(values)} changes): "
                  f"p50 {statistics.median(values):.1f} ms, p99 {percentile(values, 0.99):.1f} ms, "
                  f"max {max(values):.1f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
