"""`Findings` keeps each file's diagnostics packed and yields every diagnostic in report order."""
from __future__ import annotations

from postlint.diagnostic import Diagnostic, Edit, Fix, Severity, Span
from postlint.findings import Findings, Tally, pack, unpack


def diagnostic(path: str, line: int, code: str = "PL501", severity=Severity.ERROR,
               fix: Fix | None = None) -> Diagnostic:
    return Diagnostic(path, Span(line, 1, line, 5), code, "name", severity, f"{code} on {line} 中文",
                      fix is not None, fix)


def test_pack_and_unpack_keep_everything_but_the_path():
    fix = Fix((Edit(3, 9, "x"),), safe=False, drop_bom=True)
    original = [diagnostic("a.md", 1, fix=fix), diagnostic("a.md", 4, "PL405", Severity.INFO)]
    again = unpack(pack(original), "elsewhere/a.md")
    assert [d.path for d in again] == ["elsewhere/a.md"] * 2
    assert [(d.span, d.code, d.severity, d.message, d.fixable, d.fix) for d in again] == \
        [(d.span, d.code, d.severity, d.message, d.fixable, d.fix) for d in original]


def test_report_order_merges_the_whole_site_pass_into_each_file():
    a = [diagnostic("_posts/a.md", 2), diagnostic("_posts/a.md", 9)]
    c = [diagnostic("_posts/c.md", 1, severity=Severity.WARNING)]
    loose = [diagnostic("_posts/a.md", 5, "PL601", Severity.WARNING),  # between a's own two
             diagnostic("_posts/b.md", 3, "PL602"),  # a file with no findings of its own
             diagnostic(".", 1, "PL000")]  # a crash of a corpus rule
    findings = Findings()
    findings.add_packed("_posts/c.md", pack(c), Tally.of(c))
    findings.add_packed("_posts/a.md", pack(a), Tally.of(a))
    findings.add_packed("_posts/z.md", None, Tally())  # a clean file
    findings.extend(loose)
    everything = sorted(a + c + loose, key=lambda d: d.sort_key)
    assert list(findings) == everything
    assert list(findings) == everything  # iterable again
    assert len(findings) == 6
    assert (findings.tally.errors, findings.tally.warnings) == (4, 2)


def test_anchors_travel_with_their_packed_diagnostics():
    a = [diagnostic("_posts/a.md", 2), diagnostic("_posts/a.md", 9)]
    loose = [diagnostic("_posts/a.md", 5, "PL601")]
    findings = Findings()
    findings.add_packed("_posts/a.md", pack(a, ["title: x", "<p></p>"]), Tally.of(a))
    findings.extend(loose)
    assert [(d.span.line, anchor) for d, anchor in findings.anchored()] == [
        (2, "title: x"), (5, None), (9, "<p></p>")]
    assert [d for d, _ in findings.anchored()] == list(findings)
