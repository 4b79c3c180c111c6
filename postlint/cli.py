"""The `postlint` command.

    postlint [PATH ...] [options]     lint posts (the default command)
    postlint rules                    every rule: code, name, severity, fixable, origin
    postlint rule CODE                one rule's documentation
    postlint baseline [PATH ...]      write today's findings to the baseline file
    postlint site [PATH]              what postlint believes about the site (--format json)
    postlint server                   the language server (LSP over stdio), for editors

Exit status: 0 nothing at or above `fail-on`, 1 problems found, 2 usage, configuration or
internal error (one line on stderr; the traceback only with --debug).
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import traceback
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from postlint import __version__, reporters
from postlint.baseline import DEFAULT_PATH as DEFAULT_BASELINE
from postlint.diagnostic import Severity

if TYPE_CHECKING:
    from postlint.config import Config

# The engine, the configuration and the generators (YAML, rapidfuzz, sqlite3, ...) are imported
# by the commands that use them, so that `postlint --version` and `--help` start at once.

SUBCOMMANDS = ("rules", "rule", "baseline", "schema", "init", "cache", "site", "server")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit 2 with one line, as the contract says
        raise UsageError(message)


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def lint_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="postlint", description="Lint front-matter posts (Jekyll, Hugo, ...).",
                epilog="Other commands: `postlint rules`, `postlint rule CODE`, "
                       "`postlint schema [--json-schema]`, `postlint init`, `postlint site`.")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: .)")
    p.add_argument("--format", choices=reporters.formats(), default=None,
                   help="output format (default: text; github under GITHUB_ACTIONS=true)")
    p.add_argument("--output-file", "-o", type=Path, help="write the report to this file")
    p.add_argument("--select", type=_codes, help="comma-separated codes, prefixes or names")
    p.add_argument("--extend-select", type=_codes, help="add to the configured selection")
    p.add_argument("--ignore", type=_codes, help="codes, prefixes or names to skip")
    p.add_argument("--fix", action="store_true", help="apply the safe fixes")
    p.add_argument("--unsafe-fixes", action="store_true", help="with --fix/--diff: unsafe fixes too")
    p.add_argument("--diff", action="store_true", help="show the fixes as a diff; write nothing")
    p.add_argument("--check-external", action="store_true", help="also check external URLs")
    p.add_argument("--config", type=Path, help="configuration file (default: found upward)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    p.add_argument("--jobs", "-j", type=int, default=None, help="processes (default: all cores)")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    p.add_argument("--statistics", action="store_true", help="count problems per rule")
    p.add_argument("--quiet", "-q", action="store_true", help="print diagnostics only")
    p.add_argument("--baseline", type=Path, metavar="FILE",
                   help="report only findings that are not in this baseline file")
    p.add_argument("--write-baseline", action="store_true",
                   help=f"write the findings to the baseline file (default {DEFAULT_BASELINE})")
    p.add_argument("--diff-base", metavar="REF",
                   help="lint only the files changed since REF (git), e.g. origin/main")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    p.add_argument("--version", action="version", version=f"postlint {__version__}")
    return p


def main(argv: list[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    debug = "--debug" in argv
    try:
        if argv and argv[0] == "baseline":
            return _lint(lint_parser().parse_args([*argv[1:], "--write-baseline"]), stdout, stderr)
        if argv and argv[0] == "schema":
            from postlint.schema import schema_command

            return schema_command(argv[1:], stdout)
        if argv and argv[0] == "init":
            from postlint.init import init_command

            return init_command(argv[1:], stdout)
        if argv and argv[0] == "site":
            from postlint.site_command import site_command

            return site_command(argv[1:], stdout)
        if argv and argv[0] == "cache":
            return _cache_command(argv[1:], stdout)
        if argv and argv[0] == "server":  # the language server, over stdin and stdout
            from postlint.server import serve

            return serve(argv[1:])
        if argv and argv[0] in SUBCOMMANDS:
            return _subcommand(argv, stdout)
        return _lint(lint_parser().parse_args(argv), stdout, stderr)
    except UsageError as exc:
        stderr.write(f"postlint: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        stderr.write("postlint: interrupted\n")
        return 2
    except BrokenPipeError:  # `postlint | head`: the reader has gone, nothing more to say
        _silence_stdout()
        return 1
    except Exception as exc:  # a bug: one line, a hint, the traceback only when asked
        if isinstance(exc, _user_errors()):
            stderr.write(f"postlint: error: {exc}\n")
            return 2
        if debug:
            traceback.print_exc(file=stderr)
        stderr.write(f"postlint: internal error: {type(exc).__name__}: {exc}\n"
                     "This is a bug in postlint; please report it"
                     f"{'' if debug else ' (run with --debug for the traceback)'}.\n")
        return 2


def _user_errors() -> tuple[type[Exception], ...]:
    """The errors of the user's input: configuration, site settings, plugins (imported here,
    after one was raised: its module is loaded by then)."""
    from postlint.config import ConfigError
    from postlint.generators.base import SiteConfigError
    from postlint.registry import RegistryError

    return ConfigError, SiteConfigError, RegistryError


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# ---------------------------------------------------------------------- lint
def _lint(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from postlint.baseline import Baseline
    from postlint.changes import changed_files
    from postlint.config import ConfigError, find_config, load_config
    from postlint.context import Context
    from postlint.engine import Linter
    from postlint.fixer import fix_files
    from postlint.registry import load_rules
    from postlint.selection import Selection
    from postlint.site import load_site
    from postlint.site_command import site_summary

    cwd = Path.cwd()
    paths = args.paths or [Path(".")]
    config_path = args.config or find_config(paths[0])
    if args.config is not None and not args.config.is_file():
        raise ConfigError(f"configuration file {args.config} not found")
    config = load_config(config_path)
    if args.check_external:
        config.links = {**config.links, "check-external": True}
    site = load_site(paths[0], config.site)
    rules = load_rules()
    selection = Selection.build(config, rules, args.select, args.ignore, args.extend_select)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    only = changed_files(args.diff_base, cwd) if args.diff_base else None
    ctx = Context(config, site)
    ctx.cache["no-cache"] = args.no_cache
    linter = Linter(config, ctx, selection, rules)
    if not args.quiet:
        linter.progress = stderr  # drawn only when it is a terminal
    if not args.no_cache:
        linter.use_cache(cache_folder(config, site))
    result = linter.run(paths, cwd, args.jobs, only)
    if args.fix or args.diff:
        if fix_files(linter, result.diagnostics, args.unsafe_fixes, stdout if args.diff else None):
            result = linter.run(paths, cwd, args.jobs, only)

    baseline_path = args.baseline or config.baseline
    if args.write_baseline:
        baseline_path = baseline_path or Path(DEFAULT_BASELINE)
        baseline = Baseline.load(baseline_path) if baseline_path.is_file() else Baseline(baseline_path)
        written = baseline.write(result.diagnostics, cwd, result.linted)
        stdout.write(f"Wrote {written} finding{'s' * (written != 1)} to {baseline_path}.\n")
        return 0
    if baseline_path:
        outcome = Baseline.load(baseline_path).apply(result.diagnostics, cwd, result.linted,
                                                     set(selection.enabled))
        result.diagnostics = outcome.new
        result.extra.update(baseline=outcome.matched, fixed=len(outcome.fixed),
                            fixed_entries=outcome.fixed)

    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    result.extra["site"] = site_summary(site, cwd)
    report = reporters.Report(result.diagnostics, result.files, result.posts, rules, result.extra,
                              linted=result.linted, facts=result.facts)
    _write_report(fmt, report, args.output_file, stdout)
    if fmt == "text" and not args.output_file:
        if args.statistics:
            _print_statistics(report, stdout)
        if not args.quiet:
            _print_summary(report, stdout)
    elif args.statistics:
        _print_statistics(report, stderr)

    if args.exit_zero:
        return 0
    failing = any(report.count(s) for s in Severity if s >= config.fail_on)
    return 1 if failing else 0


def _write_report(fmt: str, report: reporters.Report, output_file: Path | None, stdout: TextIO) -> None:
    renderer = reporters.get(fmt)
    if output_file is None:
        renderer.render(report, stdout)
        return
    buffer = io.StringIO()
    renderer.render(report, buffer)
    output_file.parent.mkdir(parents=True, exist_ok=True)
    output_file.write_text(buffer.getvalue(), encoding="utf-8")


def _print_summary(report: reporters.Report, out: TextIO) -> None:
    _print_baseline(report, out)
    n = report.tally.total()
    if n == 0:
        out.write(f"All clear: {_plural(report.posts, 'post')} in {_plural(report.files, 'file')} "
                  "checked.\n")
        return
    safe, unsafe = report.tally.safe_fixes, report.tally.unsafe_fixes
    counts = ", ".join(_plural(report.count(level), str(level)) for level in
                       (Severity.ERROR, Severity.WARNING, Severity.INFO))
    out.write(f"Found {_plural(n, 'problem')} ({counts}) in {_plural(report.posts, 'post')}.")
    if safe:
        out.write(f" {safe} fixable with --fix.")
    if unsafe:
        out.write(f" {unsafe} more with --fix --unsafe-fixes.")
    out.write("\n")


def _print_baseline(report: reporters.Report, out: TextIO) -> None:
    if "baseline" not in report.extra:
        return
    for entry in report.extra["fixed_entries"]:
        times = f" ({entry['count']} times)" if entry["count"] > 1 else ""
        out.write(f"{entry['path']}: {entry['code']} fixed{times}: {entry['message']}\n")
    out.write(f"{report.extra['baseline']} known problems hidden by the baseline")
    fixed = report.extra["fixed"]
    if fixed:
        out.write(f"; {fixed} baseline entr{'ies' if fixed != 1 else 'y'} fixed "
                  "(`postlint baseline` updates the file)")
    out.write(".\n")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def _print_statistics(report: reporters.Report, out: TextIO) -> None:
    counts = Counter((d.code, d.name) for d in report.diagnostics)
    for (code, name), count in sorted(counts.items()):
        out.write(f"{count:6d}  {code}  {name}\n")


# ---------------------------------------------------------------------- cache
def cache_folder(config: Config, site) -> Path:
    """`.postlint_cache` beside the configuration file, or at the site root."""
    return (config.path.parent if config.path else site.root) / ".postlint_cache"


def _cache_command(argv: list[str], stdout: TextIO) -> int:
    from postlint import cache
    from postlint.config import find_config, load_config
    from postlint.site import load_site

    if len(argv) not in (1, 2) or argv[0] != "clean":
        raise UsageError("usage: postlint cache clean [PATH]")
    start = Path(argv[1]) if len(argv) == 2 else Path(".")
    config = load_config(find_config(start))
    folder = cache_folder(config, load_site(start, config.site))
    removed = cache.clean(folder)
    stdout.write(f"{'Removed' if removed else 'No'} result cache in {folder}\n")
    return 0


# ---------------------------------------------------------------------- rules, rule
def rules_markdown(rules: dict) -> str:
    """The rule table of the README (a test keeps the README in step with the registry)."""
    lines = ["| code | name | severity | fix | what it catches |", "|---|---|---|---|---|"]
    for code, rule in rules.items():
        if rule.origin != "builtin":
            continue
        default = "" if rule.enabled_by_default else ", off by default"
        lines.append(f"| {code} | {rule.name} | {rule.severity}{default} | "
                     f"{'yes' if rule.fixable else ''} | {rule.summary().replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def _subcommand(argv: list[str], stdout: TextIO) -> int:
    from postlint.registry import load_rules

    rules = load_rules()
    if argv[0] == "rules":
        if argv[1:] == ["--format", "markdown"]:
            stdout.write(rules_markdown(rules))
            return 0
        if len(argv) > 1:
            raise UsageError("usage: postlint rules [--format markdown]")
        width = max(len(r.name) for r in rules.values())
        stdout.write(f"{'code':6}  {'name':{width}}  {'severity':8}  {'fix':3}  {'default':7}  origin\n")
        for code, rule in rules.items():
            stdout.write(f"{code:6}  {rule.name:{width}}  {str(rule.severity):8}  "
                         f"{'yes' if rule.fixable else '':3}  "
                         f"{'on' if rule.enabled_by_default else 'off':7}  {rule.origin}\n")
        return 0
    if len(argv) != 2:
        raise UsageError("usage: postlint rule CODE")
    wanted = argv[1]
    for code, rule in rules.items():
        if wanted in (code, rule.name) or wanted.upper() == code:
            stdout.write(f"{code} {rule.name} [{rule.severity}]"
                         f"{' (fixable)' if rule.fixable else ''}"
                         f"{'' if rule.enabled_by_default else ' (off by default)'}"
                         f" — {rule.origin}\n\n{rule.documentation()}\n")
            return 0
    from postlint.config import suggest
    raise UsageError(f"no rule {wanted}{suggest(wanted, [*rules, *(r.name for r in rules.values())])}")
