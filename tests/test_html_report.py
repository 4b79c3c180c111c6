"""The HTML report, parsed with BeautifulSoup: every chart (the bars' values, from the SVG
marks' descriptions), the tiles, the posts with the most findings and the table's data are
checked against the JSON report of the same run; then the finews sample is rendered in
headless Chromium (Debian's `chromium`; skipped without it)."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import CORPUS, run_postlint

ARTIFACTS = Path(__file__).parent / "artifacts"

SAMPLE = {
    "_posts/2021-12-08-a.md": "---\ntitle: a\ntitle: b\ndate: 2021-12-08 10:00:00 +0800\n"
                              "categories: [emnews]\ntags: [x, y]\n---\n"
                              "[gone](/nowhere/) and <center>c</center>\n",
    # 23:30 in Shanghai is still the 8th; the message holds `</script>`-like text
    "_posts/2021-12-08-b.md": "---\ntitle: \"\"\ndate: 2021-12-08 23:30:00 +0800\n"
                              "categories: emnews\ntags: [x]\n---\n<script>alert(1)</script>\n",
    # no offset: Jekyll reads UTC, 16:00 in Shanghai, the same day
    "_posts/2021-12-09-c.md": "---\ntitle: c\ndate: 2021-12-09 08:00:00\ncategories: [kejiribao]\n"
                              "---\n<font>old</font>\n",
    "news/_posts/2021-12-10-d.md": "---\ntitle: d\ndate: 2021-12-10 08:00:00 +0800\n---\n"
                                   "<img src=\"a.png\">\n",
    "_posts/2021-12-11-clean.md": "---\ntitle: Clean\ndate: 2021-12-11 08:00:00 +0800\n---\nClean.\n",
    "about.md": "---\ntitle: About\n---\n<font>x</font>\n",  # a page: no date, no terms
}
#: what the test knows of each post: day, categories (folders above _posts included), tags, folder
FACTS = {
    "_posts/2021-12-08-a.md": ("2021-12-08", ["emnews"], ["x", "y"], "_posts"),
    "_posts/2021-12-08-b.md": ("2021-12-08", ["emnews"], ["x"], "_posts"),
    "_posts/2021-12-09-c.md": ("2021-12-09", ["kejiribao"], [], "_posts"),
    "news/_posts/2021-12-10-d.md": ("2021-12-10", ["news"], [], "news/_posts"),
    "_posts/2021-12-11-clean.md": ("2021-12-11", [], [], "_posts"),
    "about.md": (None, [], [], "."),
}


def family(code: str) -> str:
    return code[:3]


def bars(soup: BeautifulSoup, chart: str) -> list[dict[str, str]]:
    """The bars of a chart, each as the fields of its description ("day: …; findings: 3")."""
    figure = soup.find("figure", attrs={"data-chart": chart})
    assert figure is not None and figure.svg is not None, chart
    found = []
    for mark in figure.svg.find_all(attrs={"aria-roledescription": "bar"}):
        fields = dict(part.split(": ", 1) for part in mark["aria-label"].split("; "))
        found.append(fields)
    return found


BAR_PATH = re.compile(r"M([-\d.e]+),([-\d.e]+)h([-\d.e]+)v([-\d.e]+)h[-\d.e]+Z")


def geometry(soup: BeautifulSoup, chart: str) -> list[tuple[dict[str, str], tuple[float, ...]]]:
    """Each bar's fields and its rectangle (x, y, width, height) as drawn."""
    figure = soup.find("figure", attrs={"data-chart": chart})
    out = []
    for mark in figure.svg.find_all(attrs={"aria-roledescription": "bar"}):
        fields = dict(part.split(": ", 1) for part in mark["aria-label"].split("; "))
        match = BAR_PATH.fullmatch(mark["d"])
        assert match, mark["d"]
        out.append((fields, tuple(float(v) for v in match.groups())))
    return out


def assert_stacked_from_the_axis(soup: BeautifulSoup, chart: str, along: str, key: str) -> None:
    """Bars of one key touch end to end from the axis, each as long as its count says."""
    drawn = geometry(soup, chart)
    assert drawn, chart
    scale = {round(rect[3 if along == "y" else 2] / int(f["findings"]), 3) for f, rect in drawn}
    assert len(scale) == 1 and scale.pop() > 0, chart  # length proportional to the findings
    stacks: dict[str, list[tuple[float, float]]] = {}
    for fields, (x, y, width, height) in drawn:
        start, length = (y, height) if along == "y" else (x, width)
        stacks.setdefault(fields[key], []).append((start, start + length))
    ends = set()
    for segments in stacks.values():
        segments.sort()
        assert all(abs(a[1] - b[0]) < 0.01 for a, b in zip(segments, segments[1:])), chart
        ends.add(round(segments[-1][1] if along == "y" else segments[0][0], 2))
    assert len(ends) == 1, (chart, ends)  # every stack starts at the same axis


def totals(found: list[dict[str, str]], key: str) -> Counter:
    out: Counter = Counter()
    for fields in found:
        out[fields[key].split(" ")[0] if key in ("rule family", "rule") else fields[key]] += int(
            fields["findings"])
    return out


def stacked(found: list[dict[str, str]], key: str) -> Counter:
    return Counter({(f[key], f["rule family"].split(" ")[0]): int(f["findings"]) for f in found})


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from conftest import DEFAULT_JEKYLL_CONFIG, write_tree

    root = tmp_path_factory.mktemp("html-site")
    write_tree(root, {"_config.yml": DEFAULT_JEKYLL_CONFIG, **SAMPLE})
    document = run_postlint("--no-cache", "--format", "json", cwd=root).json
    run = run_postlint("--no-cache", "--format", "html", "--output-file", "report.html", cwd=root)
    assert run.code == 1 and run.out == "", run.err
    text = (root / "report.html").read_text(encoding="utf-8")
    return document, text, BeautifulSoup(text, "html.parser")


def test_tiles_hold_the_json_summary(reports):
    document, _, soup = reports
    summary = document["summary"]
    tiles = {t["data-tile"]: int(t.find(class_="n").text.replace(",", ""))
             for t in soup.select(".tile")}
    assert tiles["posts"] == summary["posts"] == 6
    assert (tiles["errors"], tiles["warnings"], tiles["infos"]) == (
        summary["errors"], summary["warnings"], summary["infos"])
    assert tiles["posts with findings"] == len({d["path"] for d in document["diagnostics"]})
    assert tiles["fixable"] == sum(d["fixable"] for d in document["diagnostics"]) == 1


def test_rule_and_family_charts_count_what_the_json_lists(reports):
    document, _, soup = reports
    diagnostics = document["diagnostics"]
    assert totals(bars(soup, "rule"), "rule") == Counter(d["code"] for d in diagnostics)
    assert totals(bars(soup, "family"), "rule family") == Counter(family(d["code"]) for d in diagnostics)
    # each rule's bar is coloured by its findings' severities
    assert Counter({(b["rule"].split(" ")[0], b["severity"]): int(b["findings"])
                    for b in bars(soup, "rule")}) == Counter((d["code"], d["severity"])
                                                             for d in diagnostics)


def test_day_chart_stacks_each_day_by_family_and_notes_the_undated(reports):
    document, _, soup = reports
    expected: Counter = Counter()
    undated = 0
    for d in document["diagnostics"]:
        day = FACTS[d["path"]][0]
        if day is None:
            undated += 1
        else:
            expected[day, family(d["code"])] += 1
    assert stacked(bars(soup, "day"), "day") == expected
    assert expected[("2021-12-08", "PL5")] == 2  # two posts of the 8th, one <center>, one <script>
    caption = soup.find("figure", attrs={"data-chart": "day"}).figcaption.text
    assert caption.startswith(f"{undated} findings are on files with no readable date") and undated == 1


@pytest.mark.parametrize("chart,along,key", [("day", "y", "day"), ("family", "x", "rule family"),
                                             ("rule", "x", "rule"), ("category", "x", "category"),
                                             ("tag", "x", "tag"), ("source", "x", "folder")])
def test_bars_are_drawn_to_scale_and_stacked(reports, chart, along, key):
    assert_stacked_from_the_axis(reports[2], chart, along, key)


@pytest.mark.parametrize("chart,index,key", [("category", 1, "category"), ("tag", 2, "tag"),
                                             ("source", 3, "folder")])
def test_category_tag_and_folder_charts_count_each_post_s_findings(reports, chart, index, key):
    document, _, soup = reports
    expected: Counter = Counter()
    for d in document["diagnostics"]:
        values = FACTS[d["path"]][index]
        for value in [values] if isinstance(values, str) else values:
            expected[value, family(d["code"])] += 1
    assert stacked(bars(soup, chart), key) == expected


def test_top_posts_and_every_finding_match_the_json(reports):
    document, text, soup = reports
    diagnostics = document["diagnostics"]
    per_path = Counter(d["path"] for d in diagnostics)
    rows = soup.select("#top-posts tbody tr")
    assert [(r.td.a["data-path"], int(r.find_all("td")[2].text)) for r in rows] == sorted(
        per_path.items(), key=lambda kv: (-kv[1], kv[0]))
    data_block = soup.find("script", id="findings-data")
    raw = data_block.string
    assert "<" not in raw  # no `</script>` from a message can end the block early
    data = json.loads(raw)
    strings = data["strings"]
    decoded = [{"path": strings[p], "line": line, "column": column, "code": strings[c],
                "severity": data["severities"][str(s)], "message": strings[m], "fixable": bool(f)}
               for p, line, column, c, s, m, f in data["rows"]]
    assert decoded == [{k: d[k] for k in ("path", "line", "column", "code", "severity", "message",
                                          "fixable")} for d in diagnostics]
    assert any("<script>" in d["message"] for d in decoded)


def test_each_rule_with_findings_has_its_documentation_one_click_away(reports):
    from postlint.registry import load_rules

    document, _, soup = reports
    rules = load_rules()
    for code in {d["code"] for d in document["diagnostics"]}:
        section = soup.find("details", id=f"rule-{code}")
        assert section is not None, code
        assert section.pre.text == rules[code].documentation()
        assert section.find("a")["href"] == rules[code].help_uri()


def test_the_page_loads_nothing_from_elsewhere(reports):
    _, text, soup = reports
    assert not soup.find_all(["link", "img", "iframe"]) and not soup.find_all("script", src=True)
    assert all(svg.find("image") is None for svg in soup.find_all("svg"))
    assert "@import" not in soup.style.string and "url(" not in soup.style.string


def test_a_run_without_findings_says_so_and_draws_no_chart(site):
    root = site({"_posts/2021-12-11-clean.md": SAMPLE["_posts/2021-12-11-clean.md"]})
    run = run_postlint("--no-cache", "--format", "html", "-o", "r.html", cwd=root)
    assert run.code == 0, run.err
    soup = BeautifulSoup((root / "r.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("svg") is None
    assert [f.p.text for f in soup.select("figure.chart")][1] == "No findings."
    assert json.loads(soup.find("script", id="findings-data").string)["rows"] == []


def test_a_warm_run_draws_the_same_report_from_the_cache(site, monkeypatch):
    from postlint import engine

    root = site(SAMPLE)
    cold = run_postlint("--format", "html", "-o", "_site/cold.html", cwd=root)
    assert (root / ".postlint_cache").is_dir() and cold.code == 1

    def not_again(post):
        raise AssertionError(f"{post.relpath} was read again")

    monkeypatch.setattr(engine, "post_facts", not_again)  # the facts must come from the cache
    warm = run_postlint("--format", "html", "-o", "_site/warm.html", cwd=root)
    assert warm.code == 1
    assert (root / "_site" / "warm.html").read_text(encoding="utf-8") == (
        root / "_site" / "cold.html").read_text(encoding="utf-8")
    soup = BeautifulSoup((root / "_site" / "warm.html").read_text(encoding="utf-8"), "html.parser")
    assert {b["day"] for b in bars(soup, "day")} == {"2021-12-08", "2021-12-09", "2021-12-10"}


def _report(diagnostics, facts):
    from postlint.reporters import Report

    return Report(diagnostics, len(facts), len(facts), {}, {}, facts=facts)


def test_long_spans_are_counted_by_week_and_many_terms_end_in_others():
    from postlint.diagnostic import Diagnostic, Severity, Span
    from postlint.post_facts import PostFacts
    from postlint.reporters import html

    start = dt.date(2019, 1, 1)
    facts, diagnostics = {}, []
    for i in range(900):  # a post every other day for five years, 40 categories
        path = f"_posts/{i:04}.md"
        facts[path] = PostFacts((start + dt.timedelta(days=2 * i)).isoformat(), (f"c{i % 40}",),
                                (), "_posts")
        diagnostics.append(Diagnostic(path, Span.point(2), "PL102", "empty-field", Severity.ERROR,
                                      "`title` is empty"))
    out = io.StringIO()
    html.render(_report(diagnostics, facts), out)
    soup = BeautifulSoup(out.getvalue(), "html.parser")
    days = bars(soup, "day")
    assert "per week" in soup.find("figure", attrs={"data-chart": "day"}).svg.text
    assert sum(int(b["findings"]) for b in days) == 900 and len(days) <= html.MAX_BUCKETS
    assert all(dt.date.fromisoformat(b["week"]).weekday() == 0 for b in days)  # Mondays
    categories = totals(bars(soup, "category"), "category")
    assert len(categories) == html.TOP + 1 and categories["others (15 more)"] == 15 * 22  # c25..c39, 22 posts each
    assert sum(categories.values()) == 900


def test_unreadable_dates_and_strange_terms_do_not_break_the_report():
    from postlint.diagnostic import Diagnostic, Severity, Span
    from postlint.post_facts import PostFacts
    from postlint.reporters import html

    facts = {"a.md": PostFacts("0001-01-01", ("</svg><script>x</script>",), ("",), "."),
             "b.md": PostFacts("9999-12-31", (), (), "."), "c.md": PostFacts("not a day", (), (), ".")}
    diagnostics = [Diagnostic(p, Span.point(1), "XY9", "plugin-rule", Severity.INFO, "m")
                   for p in facts]
    out = io.StringIO()
    html.render(_report(diagnostics, facts), out)
    soup = BeautifulSoup(out.getvalue(), "html.parser")
    assert sum(int(b["findings"]) for b in bars(soup, "day")) == 2  # by year, the third undated
    assert soup.find_all("script")[-1].string.strip().startswith("// The table of findings")
    assert totals(bars(soup, "category"), "category") == {"</svg><script>x</script>": 1}


# ---------------------------------------------------------------------------- Chromium
def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_finews_report_renders_in_headless_chromium(tmp_path):
    """No console errors, every chart drawn with a size, the table filled and filterable;
    the screenshot is kept in tests/artifacts/ (git-ignored)."""
    browser_path = _chromium()
    if browser_path is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    site = tmp_path / "finews"
    shutil.copytree(CORPUS, site, ignore=shutil.ignore_patterns(".postlint_cache"))
    run = run_postlint("--no-cache", "--format", "html", "-o", str(tmp_path / "finews.html"),
                       cwd=site)
    assert run.code == 1, run.err
    document = run_postlint("--no-cache", "--format", "json", cwd=site).json
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("request", lambda r: problems.append(f"request {r.url}")
                    if not r.url.startswith(("file:", "data:")) else None)
            page.goto((tmp_path / "finews.html").as_uri())
            sizes = page.evaluate("""() => Array.from(document.querySelectorAll('figure.chart svg'),
                svg => [svg.closest('figure').dataset.chart, svg.getBoundingClientRect().width,
                        svg.getBoundingClientRect().height])""")
            rows = page.locator("#findings-table tbody tr")
            shown = rows.count()
            status = page.inner_text("#count")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "finews-report.png"))
            page.select_option("#rule", "PL402")  # filters at once (the change event)
            filtered = page.inner_text("#count")
            first_rule = rows.first.locator("td.code a").inner_text()
            rows.first.locator("td.code a").click()
            # the link opens the rule's documentation through its hash change: wait for it
            page.wait_for_function("document.getElementById('rule-PL402').open", timeout=5000)
            opened = page.evaluate("document.getElementById('rule-PL402').open")
        finally:
            browser.close()
    assert problems == []
    assert sorted(name for name, _, _ in sizes) == sorted(
        ["day", "family", "rule", "category", "tag", "source"])
    assert all(width > 100 and height > 50 for _, width, height in sizes), sizes
    total = len(document["diagnostics"])
    assert shown == min(100, total) and status == f"{total:,} of {total:,} findings"
    pl402 = sum(d["code"] == "PL402" for d in document["diagnostics"])
    assert filtered.startswith(f"{pl402} of ") and first_rule == "PL402" and opened
