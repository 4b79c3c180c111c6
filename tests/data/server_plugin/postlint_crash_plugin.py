"""A plugin rule that raises on every post: the language server must survive it."""
from postlint.diagnostic import Severity
from postlint.rule import Rule


class AlwaysCrashes(Rule):
    """Raises on every post (a test of the engine's and the server's guard)."""

    code = "CRASH001"
    name = "always-crashes"
    severity = Severity.ERROR

    def check(self, post, ctx):
        raise RuntimeError("boom")
