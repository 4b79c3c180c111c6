"""A folder no generator claims: files are published where they lie, nothing else is known."""
from __future__ import annotations

from postlint.generators.base import Generator


class Plain(Generator):
    """Every default of `Generator`: no URL model, Markdown read as CommonMark."""
