"""The floor: the least work any linter of these files must do, in one process.

Read every post, split off the front matter, load it with PyYAML's C loader, and tokenise the
body with the standard library's HTML parser. postlint's cold run is compared with this.

    python bench/floor.py DIR
"""
from __future__ import annotations

import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import yaml


class _Tokens(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.count = 0

    def handle_starttag(self, tag, attrs):
        self.count += 1


def floor(root: Path) -> int:
    files = sorted(root.rglob("_posts/*.md"))
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        parts = text.split("\n---", 1) if text.startswith("---") else ["", text]
        try:
            yaml.load(parts[0][3:], Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            pass
        tokens = _Tokens()
        tokens.feed(parts[-1])
        tokens.close()
    return len(files)


if __name__ == "__main__":
    started = time.perf_counter()
    count = floor(Path(sys.argv[1]))
    print(f"{count} posts in {time.perf_counter() - started:.2f} s")
