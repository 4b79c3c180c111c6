"""github-slugger 2.x (Flet/github-slugger), the heading ids of Docusaurus and Astro/Starlight.

`slug(text)`: lower-case the text, remove every character of the Unicode general categories
Other_Number, Close/Final/Initial/Open/Other_Punctuation, Dash_Punctuation (except `-`),
Symbol, Control, Private_Use, Format, Unassigned and Separator (except the space), unless it
is Alphabetic; then turn each space into `-` (`script/generate-regex.mjs`, `index.js`).
`Slugger` adds the repeat counter: a slug already given gets `-1`, `-2`... counted per
original slug, skipping any that is taken (`echo`, `echo`, `echo 1` -> `echo`, `echo-1`,
`echo-1-1`).

Python's `unicodedata` has no Alphabetic property: it is the letters, letter numbers and
Other_Alphabetic; the symbols among the latter are the circled and squared Latin letters
below (the marks of Other_Alphabetic are kept anyway).
"""
from __future__ import annotations

import unicodedata

_REMOVED = frozenset({"No", "Pe", "Pf", "Pi", "Ps", "Po", "Pd", "Sm", "Sc", "Sk", "So",
                      "Cc", "Co", "Cf", "Cn", "Cs", "Zs", "Zl", "Zp"})
#: Other_Alphabetic symbols (Unicode 13 PropList.txt): circled and squared Latin letters
_ALPHABETIC_SYMBOLS = ((0x24B6, 0x24E9), (0x1F130, 0x1F149), (0x1F150, 0x1F169),
                       (0x1F170, 0x1F189))


def _kept(char: str) -> bool:
    if char in " -":
        return True
    if unicodedata.category(char) not in _REMOVED:
        return True
    point = ord(char)
    return any(low <= point <= high for low, high in _ALPHABETIC_SYMBOLS)


def slug(text: str) -> str:
    """github-slugger's `slug(value)`: the id before the repeat counter."""
    return "".join(c for c in text.lower() if _kept(c)).replace(" ", "-")


class Slugger:
    """github-slugger's `BananaSlug`: unique slugs within one document."""

    def __init__(self) -> None:
        self.occurrences: dict[str, int] = {}

    def slug(self, text: str) -> str:
        return self.unique(slug(text))

    def unique(self, original: str) -> str:
        """`original` (already slugged), with the repeat counter when it was given before."""
        result = original
        while result in self.occurrences:
            self.occurrences[original] += 1
            result = f"{original}-{self.occurrences[original]}"
        self.occurrences[result] = 0
        return result


def slugger_ids(headings: list[tuple[str | None, str]]) -> list[str]:
    """Ids through one github-slugger instance: custom ids as written."""
    slugger = Slugger()
    return [custom if custom else slugger.unique(base) for custom, base in headings]
