"""Time postlint on a corpus, side by side with the floor, and print a table.

    python bench/run.py --n 10000                   # generate with ../shared/bench/gen_corpus.py
    python bench/run.py --n 10000 --generator ours  # or with bench/corpus.py (real finews posts)
    python bench/run.py --corpus DIR                # or time an existing site
    python bench/run.py --n 10000 100000 --cold-only 100000   # several sizes, 100k cold only

Scenarios: the floor (bench/floor.py), markdownlint-cli2 with its defaults on the same posts
(when installed), a cold run on one process (--jobs 1), a cold run on every core, a warm run
(nothing changed), a warm run with a baseline of every finding, a run after one post changed,
one after a post was added, a one-file run and a pre-commit run over 5 changed files (both with
a warm cache). Each runs in a fresh process; peak memory is the largest sum of the proportional
set sizes of the process and its workers (forked workers share most of the parent's pages:
resident sizes would count them once per worker).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_GENERATOR = HERE.parent.parent / "shared" / "bench" / "gen_corpus.py"
#: how often memory is sampled: reading /proc costs ~1 ms a sample, which on 2 cores slowed
#: a cold run by 12% at 20 ms; at 100 ms it costs ~2%
POLL_SECONDS = 0.1


def _pss_kb(pid: int) -> int | None:
    """Proportional set size: shared pages (forked workers share the parent's) count once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def tree_rss_kb(pid: int) -> int:
    """Memory of a process and all its descendants, in KiB: the sum of their proportional set
    sizes (resident sizes where /proc has no smaps_rollup)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        pss = _pss_kb(current)
        total += pss if pss is not None else rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def measure(command: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, peak memory of the process tree in MiB, exit status."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def poll():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(process.pid))
            done.wait(POLL_SECONDS)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    _, err = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    watcher.join()
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed:\n{err.decode(errors='replace')}")
    return elapsed, peak // 1024, process.returncode


def generate(n: int, generator: str, out: Path) -> None:
    if generator == "shared":
        subprocess.run([sys.executable, str(SHARED_GENERATOR), "--n", str(n), "--seed", "1",
                        "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    else:
        subprocess.run([sys.executable, str(HERE / "corpus.py"), "--n", str(n), "--out", str(out)],
                       check=True, stdout=subprocess.DEVNULL)


def markdownlint_command() -> list[str] | None:
    """markdownlint-cli2, the reference Markdown linter, when installed (PATH, or npm's folder
    under POSTLINT_NPM_CACHE/markdownlint)."""
    found = shutil.which("markdownlint-cli2")
    cache = Path(os.environ.get("POSTLINT_NPM_CACHE", "/work/npm-cache"))
    local = cache / "markdownlint" / "node_modules" / ".bin" / "markdownlint-cli2"
    if found is None and local.exists():
        found = str(local)
    return [found, "_posts/*.md"] if found else None


def scenarios(corpus: Path, jobs: int | None, cold_only: bool) -> list[tuple[str, list[str], callable]]:
    postlint = [sys.executable, "-m", "postlint", "--format", "json", "--exit-zero"]
    cache = corpus / ".postlint_cache"
    clear = lambda: shutil.rmtree(cache, ignore_errors=True)
    posts = sorted((corpus / "_posts").glob("*.md"))
    staged = [str(p.relative_to(corpus)) for p in posts[1::len(posts) // 5][:5]]

    def append_line(*targets: Path) -> None:
        for target in targets:
            target.write_bytes(target.read_bytes() + b"\nOne more line.\n")

    def add_one():  # the news site's daily case: the scraper writes a new post
        source = posts[len(posts) // 3]
        source.with_name(source.name[:11] + "added-post.md").write_bytes(source.read_bytes())

    def write_baseline():
        subprocess.run(postlint + [".", "--write-baseline"], cwd=corpus, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    parallel = ["--jobs", str(jobs)] if jobs else []
    floor = [("floor (read+split+YAML C+HTMLParser)", [sys.executable, str(HERE / "floor.py"), "."], None)]
    markdownlint = markdownlint_command()
    cold_all = [("cold, all cores", postlint + ["."] + parallel, clear)]
    if cold_only:
        return floor + cold_all
    return floor + ([("markdownlint-cli2 (defaults), cold", markdownlint, None)] if markdownlint else []) + [
        ("cold, --jobs 1", postlint + [".", "--jobs", "1"], clear),
        *cold_all,
        ("warm, nothing changed", postlint + ["."] + parallel, None),
        ("warm, with a baseline of every finding", postlint + [".", "--baseline", ".postlint-baseline.json"]
         + parallel, write_baseline),
        ("warm, one post changed", postlint + ["."] + parallel, lambda: append_line(posts[len(posts) // 2])),
        ("warm, one post added", postlint + ["."] + parallel, add_one),
        ("one file (warm cache)", postlint + [str(posts[len(posts) // 4].relative_to(corpus))], None),
        ("pre-commit: 5 changed files (warm cache)", postlint + staged,
         lambda: append_line(*(corpus / s for s in staged))),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000],
                        help="posts to generate (several sizes: one table each)")
    parser.add_argument("--cold-only", type=int, default=None, metavar="N",
                        help="from N posts up, time only the floor and the cold run on all cores")
    parser.add_argument("--generator", choices=("shared", "ours"), default="shared")
    parser.add_argument("--corpus", type=Path, help="an existing site instead of generating one")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    if args.corpus:
        table(args.corpus.resolve(), args.jobs, cold_only=False)
        return
    for n in args.n:
        workdir = Path(tempfile.mkdtemp(prefix="postlint-bench-"))
        try:
            generate(n, args.generator, workdir / "site")
            table(workdir / "site", args.jobs, cold_only=args.cold_only is not None and n >= args.cold_only)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def table(corpus: Path, jobs: int | None, cold_only: bool) -> None:
    """Run the scenarios on `corpus` and print one line each."""
    count = len(list((corpus / "_posts").glob("*.md")))
    print(f"corpus: {corpus} ({count} posts), {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'scenario':42} {'seconds':>8} {'posts/s':>9} {'peak mem':>9} {'x floor':>8}")
    floor_time = None
    for name, command, before in scenarios(corpus, jobs, cold_only):
        if before:
            before()
        elapsed, peak, _ = measure(command, corpus)
        floor_time = floor_time or elapsed
        print(f"{name:42} {elapsed:8.2f} {count / elapsed:9.0f} {peak:6d} MB {elapsed / floor_time:8.2f}",
              flush=True)


if __name__ == "__main__":
    main()
