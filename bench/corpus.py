"""Write an N-post Jekyll site made of the real finews posts, re-dated and re-numbered.

Every post of the sample corpus (defects included) serves as a template in turn; each copy
gets a new id, date and file name, so the site keeps the real mix of HTML-in-Markdown news,
Liquid-free pages and defects, at any size. The same (n, seed) always writes the same files.

    python bench/corpus.py --n 10000 --out /tmp/corpus-10k [--templates ../shared/corpus/finews]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATES = REPO.parent / "shared" / "corpus" / "finews"
FALLBACK_TEMPLATES = REPO / "examples" / "jekyll-news"
DATE_LINE = re.compile(r"^date:.*$", re.M)
ID_IN_NAME = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2})?-?(.*?)(\.\w+)$")


def write_corpus(n: int, out: Path, templates: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    sources = sorted((templates / "_posts").glob("*.md"))
    posts = out / "_posts"
    if out.exists():
        shutil.rmtree(out)
    posts.mkdir(parents=True)
    for item in templates.iterdir():  # site pages and config, as they are
        if item.name in ("_posts", "_site", ".git"):
            continue
        (shutil.copytree if item.is_dir() else shutil.copy)(item, out / item.name)
    texts = [p.read_bytes().decode("utf-8", errors="surrogateescape") for p in sources]
    start = dt.datetime(2021, 1, 1, 8, 0, 0)
    for i in range(n):
        k = rng.randrange(len(sources))
        when = start + dt.timedelta(minutes=37 * i + rng.randrange(30))
        stem = ID_IN_NAME.match(sources[k].name).group(1) or "post"
        text = texts[k]
        if DATE_LINE.search(text) and "date:  +0800" not in text:
            offset = " +0800" if "+0800" in DATE_LINE.search(text).group() else ""
            text = DATE_LINE.sub(f"date: {when:%Y-%m-%d %H:%M:%S}{offset}", text, count=1)
        name = f"{when:%Y-%m-%d}-{stem}{i:06d}.md" if not sources[k].name.startswith("-") else f"-{i:06d}{stem}.md"
        (posts / name).write_bytes(text.encode("utf-8", errors="surrogateescape"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--templates", type=Path,
                        default=DEFAULT_TEMPLATES if DEFAULT_TEMPLATES.is_dir() else FALLBACK_TEMPLATES)
    args = parser.parse_args()
    write_corpus(args.n, args.out, args.templates, args.seed)
    print(f"wrote {args.n} posts to {args.out}")


if __name__ == "__main__":
    main()
