"""`postlint init`: infer a configuration, a schema and a vocabulary from the existing posts.

It reads every post of the site (as `postlint` would find them), and writes:

* `schemas/post.yaml`: the generator's preset, extended with the keys the posts use that the
  preset does not know (with the type their values have), and every key that all posts have
  made required;
* `vocab/categories.txt` and `vocab/tags.txt`: every category and tag in use, most used first,
  read as the generator reads them (to be reviewed: typos in use are in there too);
* `postlint.toml`: `[site] authors` (a script or people: a day with ten posts or more is a
  program's work, see `postlint.authors`), and `[schema]` and `[vocabulary]` pointing at
  those files.

Existing files are never overwritten unless `--force` is given.
"""
from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from postlint.authors import authors_of_days, publication_day
from postlint.config import ConfigError, DEFAULT_EXCLUDE
from postlint.dates import DATE_KEYS
from postlint.discovery import discover
from postlint.post import Post
from postlint.schema import load_preset
from postlint.site import Site, load_site
from postlint.vocabulary import KINDS, post_terms

SCHEMA_FILE = "schemas/post.yaml"
VOCABULARY_FILES = {"categories": "vocab/categories.txt", "tags": "vocab/tags.txt"}
CONFIG_FILE = "postlint.toml"


@dataclass
class Survey:
    """What the posts of a site hold: keys, value types, terms."""

    posts: int = 0
    keys: Counter = field(default_factory=Counter)
    types: dict[str, Counter] = field(default_factory=dict)
    terms: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    #: posts by the day they are dated (who writes them: `postlint.authors`)
    days: Counter = field(default_factory=Counter)

    def add(self, post: Post, site: Site) -> None:
        self.posts += 1
        self.days[publication_day(post, site)] += 1
        for key, value in post.data.items():
            key = str(key)
            self.keys[key] += 1
            self.types.setdefault(key, Counter())[value_type(key, value)] += 1
        for term in post_terms(post, site):
            self.terms[term.kind][term.text] += 1


def value_type(key: str, value: Any) -> str:
    if key in DATE_KEYS or isinstance(value, (dt.date, dt.datetime)):
        return "date-time"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list-of-strings" if all(isinstance(v, str) for v in value) else "list"
    return "mapping"


def field_type(kinds: Counter) -> str:
    """The schema type that accepts what the posts hold."""
    seen = {k for k in kinds if k != "empty"}
    if not seen:
        return "any"
    if seen <= {"int", "float"}:
        return "float" if "float" in seen else "int"
    if seen <= {"string", "list-of-strings"}:
        return "string-or-list" if "list-of-strings" in seen else "string"
    if seen == {"list-of-strings"}:
        return "list"
    if len(seen) == 1:
        kind = seen.pop()
        return "list" if kind.startswith("list") else kind
    return "any"


def survey_site(root: Path, site: Site) -> Survey:
    survey = Survey()
    candidates, _ = discover([root], site, None, DEFAULT_EXCLUDE, Path.cwd())
    for candidate in candidates:
        if not candidate.is_post:
            continue
        try:
            raw = candidate.path.read_bytes()
        except OSError:
            continue
        post = Post.from_bytes(candidate.path, candidate.relpath, raw, site, True)
        if isinstance(post.meta, dict):
            survey.add(post, site)
    return survey


def schema_document(survey: Survey, site: Site) -> dict:
    preset_name = site.generator.default_schema
    preset = load_preset(preset_name)
    fields: dict[str, dict] = {}
    for key, count in survey.keys.most_common():
        spec: dict[str, Any] = {}
        name = preset.canonical_key(key)
        if name not in preset.fields:
            spec["type"] = field_type(survey.types[key])
        if count == survey.posts and not (name in preset.fields and preset.fields[name].required):
            spec["required"] = True
        if spec:
            fields[name] = spec
    document: dict[str, Any] = {
        "description": f"Front matter of this site's posts (inferred by postlint init from "
                       f"{survey.posts} posts; edit freely)",
        "extends": preset_name,
    }
    if fields:
        document["fields"] = fields
    return document


def config_text(site: Site, survey: Survey) -> str:
    lines = ["# Written by `postlint init`: see the README for every setting.", "", "[site]"]
    authors = authors_of_days(day for day in survey.days.elements() if day)
    busiest = max(((n, d) for d, n in survey.days.items() if d), default=(0, ""))
    lines.append(f'authors = "{authors}"   # the most posts of one day: {busiest[0]}'
                 + (f" ({busiest[1]})" if busiest[1] else ""))
    if not site.timezone:
        lines += ['# timezone = "Asia/Shanghai"   # the site sets none: dates without an',
                  "#                               # offset cannot be checked against it"]
    lines += ["", "[schema]", f'file = "{SCHEMA_FILE}"', "", "[vocabulary]"]
    lines += [f'{kind} = "{path}"' for kind, path in VOCABULARY_FILES.items()]
    lines += ["# aliases = { \"old-term\" = \"new-term\" }", ""]
    return "\n".join(lines)


def vocabulary_text(kind: str, terms: Counter, posts: int) -> str:
    header = (f"# {kind} in use in {posts} posts, most used first (written by postlint init).\n"
              "# One term a line; review it: misspellings in use are listed too.\n")
    return header + "".join(f"{term}\n" for term, _ in terms.most_common())


def init_command(argv: list[str], stdout: TextIO) -> int:
    """`postlint init [PATH] [--force]`."""
    parser = argparse.ArgumentParser(prog="postlint init",
                                     description="Infer a config, schema and vocabulary from existing posts.")
    parser.add_argument("path", nargs="?", type=Path, default=Path("."))
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    site = load_site(args.path)
    survey = survey_site(args.path, site)
    if survey.posts == 0:
        raise ConfigError(f"no posts with front matter found below {args.path}: nothing to infer")
    root = site.root
    files = {
        CONFIG_FILE: config_text(site, survey),
        SCHEMA_FILE: yaml.safe_dump(schema_document(survey, site), allow_unicode=True,
                                    sort_keys=False, width=100),
    }
    for kind, path in VOCABULARY_FILES.items():
        files[path] = vocabulary_text(kind, survey.terms[kind], survey.posts)
    existing = [name for name in files if (root / name).exists()]
    if existing and not args.force:
        raise ConfigError(f"{', '.join(existing)} already exist{'s' * (len(existing) == 1)} in "
                          f"{root}: use --force to overwrite")
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        stdout.write(f"wrote {target}\n")
    counts = ", ".join(f"{len(survey.terms[k])} {k}" for k in KINDS)
    stdout.write(f"from {survey.posts} posts ({site.generator.name} site): {len(survey.keys)} keys, "
                 f"{counts}. Review the vocabulary, then run `postlint`.\n")
    note = site.generator.publishes_unlisted_files([CONFIG_FILE, "schemas", "vocab"])
    if note:
        stdout.write(note + "\n")
    return 0
