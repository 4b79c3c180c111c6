"""A self-contained HTML data-quality report (`--format html --output-file report.html`).

One file that opens offline: inline CSS, script and SVG. Summary tiles; charts of the findings
per rule family and rule, per day of the post's date (stacked by family, so the day a feed
broke stands out), per category, tag and source folder of the posts; the posts with the most
findings; and every finding in a table that filters, sorts and pages in the browser, each rule
linked to its documentation. Charts are Vega-Lite specifications rendered to static SVG by
vl-convert (offline, no browser); the data are aggregated here, so a chart stays small at
500,000 findings, and the table's rows travel as compact JSON (strings stored once), shown a
page at a time.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Iterable, TextIO

from postlint.diagnostic import Severity
from postlint.reporters import Report

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SEVERITY_COLORS = {"error": "#d62728", "warning": "#e6a700", "info": "#1f77b4"}
#: one color per rule family (Tableau 10), in the order the families are sorted
FAMILY_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                 "#ff9da7", "#9c755f", "#bab0ac"]
#: bars in a chart of terms, rules or folders; the rest are summed into one "others" bar
TOP = 25
TOP_POSTS = 20
MAX_RULES = 40
#: at most this many bars on the time axis: longer spans are counted by week, month or year
MAX_BUCKETS = 400
NO_DATE = "no date"
CHART_WIDTH = 860
BAR_WIDTH = 520  # of a horizontal bar chart, besides its labels and legend


@dataclass
class Tallies:
    """Everything the charts and tiles show, counted in one pass over the diagnostics."""

    by_rule: Counter = field(default_factory=Counter)  # (code, name, severity) -> findings
    by_family: Counter = field(default_factory=Counter)
    by_day: Counter = field(default_factory=Counter)  # (day or None, family) -> findings
    by_category: Counter = field(default_factory=Counter)  # (term, family) -> findings
    by_tag: Counter = field(default_factory=Counter)
    by_source: Counter = field(default_factory=Counter)
    by_path: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))


class Table:
    """The findings as rows of small integers into tables of strings (each stored once)."""

    def __init__(self) -> None:
        self.strings: dict[str, int] = {}
        self.rows: list[list[int]] = []

    def index(self, text: str) -> int:
        found = self.strings.get(text)
        if found is None:
            found = self.strings[text] = len(self.strings)
        return found

    def to_json(self) -> dict:
        return {"strings": list(self.strings), "rows": self.rows,
                "columns": ["path", "line", "column", "code", "severity", "message", "fixable"]}


def family_of(code: str) -> str:
    """A rule's family: its code up to the first digit included (PL402 -> PL4)."""
    for i, char in enumerate(code):
        if char.isdigit():
            return code[:i + 1]
    return code


def family_labels(rules: dict[str, Any], codes: Iterable[str]) -> dict[str, str]:
    """Family -> label, `PL4 links`: the family and the module its rules are declared in."""
    labels = {}
    for code in sorted(codes):
        family = family_of(code)
        rule = rules.get(code)
        module = getattr(rule, "__module__", "") if rule is not None else ""
        name = module.rsplit(".", 1)[-1] if module else ""
        labels.setdefault(family, f"{family} {name}" if name and name != family else family)
    return labels


def collect(report: Report) -> tuple[Tallies, Table]:
    tallies, table = Tallies(), Table()
    names = {s: str(s) for s in Severity}
    families: dict[str, str] = {}
    path, per_family = None, Counter()  # the current file's findings by family
    for d in report.diagnostics:
        if d.path != path:
            _add_post(tallies, report.facts.get(path), per_family)
            path, per_family = d.path, Counter()
        family = families.get(d.code)
        if family is None:
            family = families[d.code] = family_of(d.code)
        severity = names[d.severity]
        tallies.by_rule[d.code, d.name, severity] += 1
        tallies.by_path[path][severity] += 1
        per_family[family] += 1
        table.rows.append([table.index(path), d.span.line, d.span.column, table.index(d.code),
                           int(d.severity), table.index(d.message), int(d.fixable)])
    _add_post(tallies, report.facts.get(path), per_family)
    return tallies, table


def _add_post(tallies: Tallies, post: Any, per_family: Counter) -> None:
    """Count one file's findings (by family) under its day, terms and folder."""
    for family, n in per_family.items():
        tallies.by_family[family] += n
        tallies.by_day[post.day if post is not None else None, family] += n
        if post is not None:
            for term in post.categories:
                tallies.by_category[term, family] += n
            for term in post.tags:
                tallies.by_tag[term, family] += n
            tallies.by_source[post.source, family] += n


# ---------------------------------------------------------------------------- charts
def _svg(spec: dict) -> str:
    import vl_convert  # imported only when a report is written: it starts a JavaScript engine

    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "config": {"font": "sans-serif", "view": {"stroke": None},
                       "axis": {"labelLimit": 220}, "legend": {"labelLimit": 220}}, **spec}
    return vl_convert.vegalite_to_svg(spec)


def _family_color(labels: dict[str, str]) -> dict:
    domain = [labels[f] for f in sorted(labels)]
    colors = [FAMILY_COLORS[i % len(FAMILY_COLORS)] for i in range(len(domain))]
    return {"field": "family", "type": "nominal", "title": "rule family",
            "scale": {"domain": domain, "range": colors}}


def _ranked(counts: Counter) -> list:
    """The keys of {(key, colour): n} by their total, the largest first."""
    totals: Counter = Counter()
    for (key, _), n in counts.items():
        totals[key] += n
    return [key for key, _ in sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))]


def _top(counts: Counter, labels: dict[str, str]) -> list[dict]:
    """Rows {key, family, findings} of the TOP keys with the most findings, the rest summed
    into one row per family under "others (N more)"."""
    ranked = _ranked(counts)
    shown = set(ranked[:TOP])
    others = f"others ({len(ranked) - TOP} more)"
    rows: Counter = Counter()
    for (key, family), n in counts.items():
        rows[key if key in shown else others, labels[family]] += n
    return [{"key": key, "family": family, "findings": n} for (key, family), n in rows.items()]


def stacked_bars(counts: Counter, labels: dict[str, str], title: str, axis: str) -> str | None:
    rows = _top(counts, labels)
    if not rows:
        return None
    bars = len({r["key"] for r in rows})
    return _svg({
        "title": title, "width": BAR_WIDTH, "height": {"step": 18} if bars > 1 else 30,
        "data": {"values": rows}, "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "key", "type": "nominal", "title": axis, "sort": "-x"},
            "x": {"field": "findings", "type": "quantitative", "aggregate": "sum",
                  "title": "findings"},
            "color": _family_color(labels)}})


def rule_bars(by_rule: Counter) -> str | None:
    rows: Counter = Counter()
    for (code, name, severity), n in by_rule.items():
        rows[f"{code} {name}", severity] += n
    if not rows:
        return None
    ranked = _ranked(rows)
    keep = set(ranked[:MAX_RULES])
    values = [{"rule": rule, "severity": sev, "findings": n} for (rule, sev), n in rows.items()
              if rule in keep]
    more = f" (the {MAX_RULES} with the most)" if len(ranked) > MAX_RULES else ""
    return _svg({
        "title": f"Findings per rule{more}",
        "width": BAR_WIDTH, "height": {"step": 18},
        "data": {"values": values}, "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "rule", "type": "nominal", "title": None, "sort": "-x"},
            "x": {"field": "findings", "type": "quantitative", "aggregate": "sum",
                  "title": "findings"},
            "color": {"field": "severity", "type": "nominal",
                      "scale": {"domain": list(SEVERITY_COLORS),
                                "range": list(SEVERITY_COLORS.values())}}}})


def family_bars(by_family: Counter, labels: dict[str, str]) -> str | None:
    values = [{"family": labels[f], "findings": n} for f, n in sorted(by_family.items())]
    if not values:
        return None
    return _svg({
        "title": "Findings per rule family", "width": BAR_WIDTH, "height": {"step": 22},
        "data": {"values": values}, "mark": {"type": "bar"},
        "encoding": {"y": {"field": "family", "type": "nominal", "title": None, "sort": None},
                     "x": {"field": "findings", "type": "quantitative", "title": "findings"},
                     "color": {**_family_color(labels), "legend": None}}})


def _next_month(d: dt.date) -> dt.date:
    return d.replace(year=d.year + 1, month=1) if d.month == 12 else d.replace(month=d.month + 1)


def _next_year(d: dt.date) -> dt.date:
    return d.replace(year=d.year + 1) if d.year < dt.MAXYEAR else d + dt.timedelta(days=1)


TIME_UNITS = (  # (name, label format, bucket start of a date, the next bucket's start)
    ("day", "%Y-%m-%d", lambda d: d, lambda d: d + dt.timedelta(days=1)),
    ("week", "%Y-%m-%d", lambda d: d - dt.timedelta(days=d.weekday()),
     lambda d: d + dt.timedelta(days=7)),
    ("month", "%Y-%m", lambda d: d.replace(day=1), _next_month),
    ("year", "%Y", lambda d: d.replace(month=1, day=1), _next_year),
)


def time_unit(days: list[dt.date]) -> tuple:
    """The finest unit that counts the span of `days` in at most MAX_BUCKETS bars."""
    span = (max(days) - min(days)).days + 1
    for unit in TIME_UNITS:
        if span / {"day": 1, "week": 7, "month": 30.4, "year": 365.25}[unit[0]] <= MAX_BUCKETS:
            return unit
    return TIME_UNITS[-1]


def day_bars(by_day: Counter, labels: dict[str, str]) -> tuple[str | None, int]:
    """The per-day chart, and how many findings are on posts with no date."""
    dated: dict[tuple[dt.date, str], int] = {}
    undated = 0
    for (day, family), n in by_day.items():
        try:
            when = dt.date.fromisoformat(day) if day else None
        except ValueError:
            when = None
        if when is None:
            undated += n
        else:
            dated[when, family] = dated.get((when, family), 0) + n
    if not dated:
        return None, undated
    name, fmt, bucket, following = time_unit([d for d, _ in dated])
    rows: Counter = Counter()
    for (when, family), n in dated.items():
        rows[bucket(when), labels[family]] += n
    values = [{"day": start.isoformat(), "end": _end(start, following), "family": family,
               "findings": n} for (start, family), n in rows.items()]
    title = {"day": "Findings per day of the post's date", "week": "Findings per week (from Monday) "
             "of the post's date", "month": "Findings per month of the post's date",
             "year": "Findings per year of the post's date"}[name]
    svg = _svg({
        "title": title, "width": CHART_WIDTH, "height": 260,
        "data": {"values": values}, "mark": {"type": "bar"},
        "encoding": {
            # a bar spans its day, week, month or year (dates are UTC days: no zone shifts)
            "x": {"field": "day", "type": "temporal", "format": fmt, "title": name,
                  "scale": {"type": "utc"}, "axis": {"labelAngle": -40}},
            "x2": {"field": "end"},
            "y": {"field": "findings", "type": "quantitative", "aggregate": "sum",
                  "title": "findings"},  # summed, the families of a day are stacked
            "color": _family_color(labels)}})
    return svg, undated


def _end(start: dt.date, following) -> str:
    try:
        return following(start).isoformat()
    except OverflowError:  # the last day there is
        return start.isoformat()


# ---------------------------------------------------------------------------- the page
def _asset(name: str) -> str:
    return resources.files("postlint.reporters").joinpath("html_assets", name).read_text("utf-8")


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _script_json(value: Any) -> str:
    """JSON that is safe inside <script>: no `<` at all (so no `</script>` or `<!--`)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _tiles(report: Report, tallies: Tallies) -> str:
    tally = report.tally
    tiles = [("posts", report.posts, f"in {report.files} files"),
             ("posts with findings", len(tallies.by_path), ""),
             ("errors", tally.errors, ""), ("warnings", tally.warnings, ""),
             ("infos", tally.infos, ""),
             ("fixable", tally.safe_fixes + tally.unsafe_fixes,
              f"{tally.safe_fixes} with --fix, {tally.unsafe_fixes} more with --unsafe-fixes"
              if tally.unsafe_fixes else "with postlint --fix")]
    if "baseline" in report.extra:
        tiles.append(("hidden by the baseline", report.extra["baseline"],
                      f"{report.extra.get('fixed', 0)} entries fixed"))
    return "".join(
        f'<div class="tile" data-tile="{_e(name)}"><div class="n">{n:,}</div>'
        f'<div class="label">{_e(name)}</div><div class="note">{_e(note)}</div></div>'
        for name, n, note in tiles)


def _chart(chart_id: str, svg: str | None, empty: str, note: str = "") -> str:
    body = svg if svg else f'<p class="empty">{_e(empty)}</p>'
    return (f'<figure class="chart" id="chart-{chart_id}" data-chart="{chart_id}">{body}'
            f'{f"<figcaption>{_e(note)}</figcaption>" if note else ""}</figure>')


def _top_posts(tallies: Tallies, facts: dict[str, Any]) -> str:
    ranked = sorted(tallies.by_path.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    rows = []
    for path, counts in ranked[:TOP_POSTS]:
        post = facts.get(path)
        day = post.day if post is not None and post.day else ""
        rows.append(
            f'<tr><td><a href="#findings" class="show-path" data-path="{_e(path)}">{_e(path)}</a>'
            f'</td><td>{_e(day)}</td><td class="num">{sum(counts.values())}</td>'
            + "".join(f'<td class="num">{counts.get(str(s), 0)}</td>' for s in SEVERITIES)
            + "</tr>")
    if not rows:
        return '<p class="empty">No post has findings.</p>'
    return ('<table id="top-posts"><thead><tr><th>post</th><th>date</th><th>findings</th>'
            '<th>errors</th><th>warnings</th><th>infos</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def _rule_docs(report: Report, codes: Iterable[str]) -> tuple[str, dict]:
    """A section per rule that has findings (its documentation, a link to the web page),
    and the rules' metadata for the table's script."""
    sections, meta = [], {}
    for code in sorted(set(codes)):
        rule = report.rules.get(code)
        if rule is None:  # an engine diagnostic of a rule that is not registered
            meta[code] = {"name": "", "family": family_of(code)}
            continue
        uri = rule.help_uri()
        meta[code] = {"name": rule.name, "family": family_of(code)}
        link = f'<p><a href="{_e(uri)}" rel="noopener">{_e(uri)}</a></p>' if uri else ""
        sections.append(
            f'<details class="rule" id="rule-{_e(code)}"><summary><b>{_e(code)}</b> '
            f'{_e(rule.name)} <span class="sev sev-{_e(rule.severity)}">{_e(rule.severity)}'
            f'</span> — {_e(rule.summary())}</summary><pre>{_e(rule.documentation())}</pre>'
            f'{link}</details>')
    return "".join(sections), meta


def render(report: Report, out: TextIO) -> None:
    tallies, table = collect(report)
    labels = family_labels(report.rules, {code for code, _, _ in tallies.by_rule})
    facts = report.facts
    day_svg, undated = day_bars(tallies.by_day, labels)
    day_note = (f"{undated:,} findings are on files with no readable date and are not shown."
                if undated else "")
    docs, rule_meta = _rule_docs(report, (code for code, _, _ in tallies.by_rule))
    severities = {int(s): str(s) for s in SEVERITIES}
    data = {**table.to_json(), "rules": rule_meta, "severities": severities,
            "families": labels}
    title = f"postlint report: {report.tally.total():,} findings in {report.posts:,} posts"
    charts = "".join([
        '<section><h2>When</h2>',
        _chart("day", day_svg, "No finding is on a post with a readable date.", day_note),
        '</section><section><h2>Which rules</h2>',
        _chart("family", family_bars(tallies.by_family, labels), "No findings."),
        _chart("rule", rule_bars(tallies.by_rule), "No findings."),
        '</section><section><h2>Where</h2>',
        _chart("category", stacked_bars(tallies.by_category, labels,
                                        "Findings per category of the post", "category"),
               "No finding is on a post with categories."),
        _chart("tag", stacked_bars(tallies.by_tag, labels, "Findings per tag of the post", "tag"),
               "No finding is on a post with tags."),
        _chart("source", stacked_bars(tallies.by_source, labels,
                                      "Findings per folder of the posts", "folder"),
               "No finding is on a post."),
        '</section>'])
    out.write(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="postlint {_e(report.version)}">'
        f'<title>{_e(title)}</title><style>{_asset("report.css")}</style></head><body>'
        f'<header><h1>{_e(title)}</h1><p>postlint {_e(report.version)} · '
        f'{report.files:,} files checked</p></header>'
        f'<section class="tiles">{_tiles(report, tallies)}</section>{charts}'
        f'<section><h2>Posts with the most findings</h2>{_top_posts(tallies, facts)}</section>'
        '<section id="findings"><h2>Every finding</h2><div class="filters">'
        '<input id="q" type="search" placeholder="filter: path, rule or message" '
        'aria-label="filter">'
        '<select id="rule" aria-label="rule"><option value="">every rule</option></select>'
        '<select id="severity" aria-label="severity"><option value="">every severity</option>'
        '</select><span id="count" role="status"></span></div>'
        '<table id="findings-table"><thead><tr><th data-sort="where">location</th>'
        '<th data-sort="code">rule</th><th data-sort="severity">severity</th>'
        '<th data-sort="message">message</th></tr></thead><tbody></tbody></table>'
        '<nav class="pages"><button id="prev" type="button">previous</button>'
        '<span id="page"></span><button id="next" type="button">next</button></nav>'
        '<noscript>The table of findings needs JavaScript; the charts do not.</noscript>'
        '</section>'
        f'<section id="rules"><h2>Rules</h2>{docs or "<p class=empty>No findings.</p>"}</section>'
        f'<script type="application/json" id="findings-data">{_script_json(data)}</script>'
        f'<script>{_asset("report.js")}</script></body></html>\n')
