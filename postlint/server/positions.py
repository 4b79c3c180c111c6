"""Positions as LSP counts them: lines split at `\\n`, `\\r\\n` or `\\r`, columns in the code units
of the negotiated encoding (UTF-16 unless the client offers another).

postlint's spans count lines at `\\n` and columns in code points, in the text without its
byte-order mark; a span is turned into a character offset first (`Post.offset`), and the offset
into an LSP position here, in the editor's own text.
"""
from __future__ import annotations

import bisect
import re

from lsprotocol import types

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _units_utf16(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _units_utf8(text: str) -> int:
    return len(text.encode("utf-8", errors="surrogatepass"))


_UNITS = {types.PositionEncodingKind.Utf8: _units_utf8,
          types.PositionEncodingKind.Utf32: len}


class LineIndex:
    """Offsets into one version of a buffer <-> LSP positions."""

    def __init__(self, text: str, encoding: str | None = None):
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        self.units = _UNITS.get(encoding, _units_utf16)  # type: ignore[arg-type]

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return types.Position(line=line, character=self.units(self.text[self.starts[line]:offset]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(max(start, end)))

    def offset(self, position: types.Position) -> int:
        """The character offset of an LSP position (clamped to its line and to the text)."""
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        following = position.line + 1
        end = self.starts[following] if following < len(self.starts) else len(self.text)
        line = self.text[start:end].rstrip("\r\n")
        if self.units is len:
            return start + min(position.character, len(line))
        consumed = 0
        for i, char in enumerate(line):
            if consumed >= position.character:
                return start + i
            consumed += self.units(char)
        return start + len(line)
