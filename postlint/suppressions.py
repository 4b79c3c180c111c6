"""Inline suppressions written in the post itself.

In the body (HTML comments):
    <!-- postlint-disable-next-line PL509 -->   the next line
    <!-- postlint-disable-line PL509 -->        this line
    <!-- postlint-disable PL5 --> ... <!-- postlint-enable -->   a region (to the end if unclosed)
In YAML or TOML front matter, at the end of a line:
    title: 404  # postlint: ignore[PL103]
Codes may be codes, prefixes or rule names, separated by spaces or commas; none means all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from postlint.selection import matches

_COMMENT = re.compile(
    r"<!--\s*postlint-(disable-next-line|disable-line|disable|enable)\b([^>]*?)\s*-->"
    r"|#\s*postlint:\s*ignore(?:\[([^\]]*)\])?")


def _codes(text: str | None) -> list[str]:
    return [c for c in re.split(r"[\s,]+", text or "") if c]


@dataclass
class Suppressions:
    lines: dict[int, list[list[str]]] = field(default_factory=dict)
    regions: list[tuple[int, int, list[str]]] = field(default_factory=list)

    @classmethod
    def scan(cls, text: str) -> "Suppressions":
        found = cls()
        if "postlint" not in text:
            return found
        open_regions: list[tuple[int, list[str]]] = []
        for match in _COMMENT.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            kind = match.group(1)
            if kind is None:
                found.lines.setdefault(line, []).append(_codes(match.group(3)))
            elif kind == "disable-next-line":
                found.lines.setdefault(line + 1, []).append(_codes(match.group(2)))
            elif kind == "disable-line":
                found.lines.setdefault(line, []).append(_codes(match.group(2)))
            elif kind == "disable":
                open_regions.append((line, _codes(match.group(2))))
            else:
                closing = _codes(match.group(2))
                still_open = []
                for start, codes in open_regions:
                    if not closing or codes == closing or set(codes) <= set(closing):
                        found.regions.append((start, line, codes))
                    else:
                        still_open.append((start, codes))
                open_regions = still_open
        found.regions.extend((start, 10**12, codes) for start, codes in open_regions)
        return found

    def __bool__(self) -> bool:
        return bool(self.lines or self.regions)

    def suppresses(self, line: int, code: str, name: str) -> bool:
        if any(matches(codes, code, name) for codes in self.lines.get(line, ())):
            return True
        return any(start <= line <= end and matches(codes, code, name)
                   for start, end, codes in self.regions)
