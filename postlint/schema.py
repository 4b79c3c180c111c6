"""Schemas: which front-matter keys a post has, of which types, under which constraints.

A schema comes from a preset (`schemas/<name>.yaml`, shipped in the package), the project's
own declarative file (`[schema] file`, YAML, or a JSON Schema), or a pydantic model
(`[schema] model = "pkg.module:Class"`). The declarative file format:

    description: A news post
    extends: jekyll-post            # start from a preset (or another file), then override
    allow-unknown: false            # keys not listed are PL104
    case-insensitive-keys: false    # Hugo: `publishdate` is `publishDate`
    pages:                          # files outside the posts folders
      required: [title]             # (default: nothing is required of a page)
    fields:
      title: {type: string, required: true, max-length: 120}
      layout: {type: string, enum: [post, page]}
      tags: {type: string-or-list, min-length: 1}

Types: string, int, float, bool, date-time, date, list (`items: TYPE`), mapping,
string-or-list (a string or a list of strings), any. Constraints: required, allow-empty
(default: false when required), enum, pattern, min-length / max-length (characters of a
string, items of a list), min / max (numbers), description.

The declarative part is plain Python; the pydantic model that validates posts is compiled on
first use (`Schema.model`), so runs without schema rules never import pydantic. Dates
(`date-time`, `date`) are checked by the PL2 rules, which read them as the generator does.
"""
from __future__ import annotations

import dataclasses
import importlib
import importlib.resources
import json
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import yaml

from postlint.config import ConfigError, suggest
from postlint.dates import DATE_KEYS

if TYPE_CHECKING:
    from postlint.config import Config
    from postlint.site import Site

TYPES = ("string", "int", "float", "bool", "date-time", "date", "list", "mapping",
         "string-or-list", "any")
DATE_TYPES = ("date-time", "date")
FIELD_KEYS = ("type", "required", "allow-empty", "enum", "pattern", "min-length", "max-length",
              "min", "max", "items", "description")
SCHEMA_KEYS = ("description", "extends", "allow-unknown", "case-insensitive-keys", "pages",
               "fields")
TYPE_WORDS = {"string": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
              "date-time": "a date and time", "date": "a date", "list": "a list",
              "mapping": "a mapping of keys to values", "string-or-list": "text or a list of texts",
              "any": "anything"}


class SchemaError(ConfigError):
    """The schema itself is wrong (unknown type, bad pattern, missing file...)."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str = "any"
    required: bool = False
    allow_empty: bool | None = None  # None: not when required
    enum: tuple | None = None
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    items: str = "any"
    description: str = ""

    @property
    def empty_allowed(self) -> bool:
        return (not self.required) if self.allow_empty is None else self.allow_empty

    @property
    def wants_text(self) -> bool:
        """Does a value of this field, or of its items, have to be a string?"""
        return self.type in ("string", "string-or-list") or (
            self.type == "list" and self.items == "string")

    @cached_property
    def regex(self) -> re.Pattern | None:
        return re.compile(self.pattern) if self.pattern else None


@dataclass
class Schema:
    """The active schema: declarative fields, or a user's pydantic model."""

    name: str
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    allow_unknown: bool = True
    case_insensitive: bool = False
    page_required: tuple[str, ...] = ()
    page_allow_unknown: bool | None = None
    description: str = ""
    user_model: Any = None  # a pydantic model class given by `[schema] model`
    #: the generator's preset, not one the site chose: its unknown keys are most likely the
    #: site's own variables, so only near-misspellings of known keys are worth reporting
    implicit: bool = False

    # ------------------------------------------------------------ what rules ask
    @property
    def known_keys(self) -> list[str]:
        return list(self.fields)

    @property
    def date_time_fields(self) -> tuple[str, ...]:
        return tuple(n for n, f in self.fields.items() if f.type in DATE_TYPES)

    def required_keys(self, is_post: bool) -> tuple[str, ...]:
        if is_post:
            return tuple(n for n, f in self.fields.items() if f.required)
        return self.page_required

    def required_date_fields(self, is_post: bool) -> tuple[str, ...]:
        dated = set(self.date_time_fields)
        return tuple(k for k in self.required_keys(is_post) if k in dated)

    def unknown_allowed(self, is_post: bool) -> bool:
        if not is_post and self.page_allow_unknown is not None:
            return self.page_allow_unknown
        return self.allow_unknown

    def canonical_key(self, key: str) -> str:
        """The schema's spelling of a key (Hugo reads keys case-insensitively)."""
        if self.case_insensitive and key not in self.fields:
            return self._lowered.get(key.lower(), key)
        return key

    @cached_property
    def _lowered(self) -> dict[str, str]:
        return {k.lower(): k for k in self.fields}

    # ------------------------------------------------------------ pydantic
    @cached_property
    def model(self):
        """The pydantic model that validates a post's front matter (built on first use)."""
        if self.user_model is not None:
            return self.user_model
        from postlint.schema_model import build_model

        return build_model(self)

    def json_schema(self) -> dict:
        """The JSON Schema of the front matter (for editors: the YAML language server)."""
        if self.user_model is not None:
            return self.user_model.model_json_schema()
        from postlint.schema_model import json_schema

        return json_schema(self)


# ---------------------------------------------------------------- loading
def preset_path(name: str):
    """The bundled preset file `schemas/<name>.yaml` (a Traversable), or None."""
    resource = importlib.resources.files("postlint").joinpath("schemas", f"{name}.yaml")
    return resource if resource.is_file() else None


def preset_names() -> list[str]:
    folder = importlib.resources.files("postlint").joinpath("schemas")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_schema(config: "Config", site: "Site") -> Schema:
    """The active schema: `[schema] model`, `file` or `preset`, else the generator's preset."""
    table = config.schema
    chosen = [k for k in ("preset", "file", "model") if table.get(k)]
    if len(chosen) > 1:
        raise SchemaError(f"[schema]: give one of preset, file or model, not {' and '.join(chosen)}")
    if table.get("model"):
        return _from_model(table["model"], config.base_dir)
    if table.get("file"):
        path = Path(table["file"])
        return load_schema_file(path if path.is_absolute() else config.base_dir / path)
    if table.get("preset"):
        return load_preset(table["preset"])
    own = site.generator.site_schema(site)  # the preset with what the site's files add
    where = f"{site.generator.title}'s files"
    if own is None:
        schema = load_preset(site.generator.default_schema)
    elif "properties" in own:  # a JSON Schema (Astro's `astro sync`)
        schema = from_json_schema(own, site.generator.name, where)
    else:
        schema = from_declarative(own, site.generator.default_schema, where)
    schema.implicit = True
    if site.generator.schema_allows_unknown:
        schema.allow_unknown = True  # a site without a known generator: keys are its own
    return schema


def load_preset(name: str) -> Schema:
    path = preset_path(name)
    if path is None:
        raise SchemaError(f"[schema] preset: no preset `{name}`{suggest(name, preset_names())} "
                          f"(presets: {', '.join(preset_names())})")
    return _from_text(path.read_text(encoding="utf-8"), name, f"preset {name}", set())


def load_schema_file(path: Path) -> Schema:
    return _load_file(path, set())


def _load_file(path: Path, seen: set[str]) -> Schema:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SchemaError(f"[schema] file: cannot read {path}: {exc.strerror or exc}") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"{path}: not valid JSON: {exc}") from None
        return from_json_schema(data, path.stem, str(path))
    return _from_text(text, path.stem, str(path), seen, path.parent)


def _from_text(text: str, name: str, where: str, seen: set[str], folder: Path | None = None) -> Schema:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SchemaError(f"{where}: not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise SchemaError(f"{where}: a schema is a mapping (description, fields, ...)")
    if "$schema" in data or ("properties" in data and "fields" not in data):
        return from_json_schema(data, name, where)
    return from_declarative(data, name, where, seen, folder)


def from_declarative(data: dict, name: str, where: str, seen: set[str] = frozenset(),
                     folder: Path | None = None) -> Schema:
    for key in data:
        if key not in SCHEMA_KEYS:
            raise SchemaError(f"{where}: unknown key `{key}`{suggest(str(key), SCHEMA_KEYS)}")
    base = Schema(name)
    parent = data.get("extends")
    if parent:
        if parent in seen:
            raise SchemaError(f"{where}: `extends` loops back to {parent}")
        seen = set(seen) | {parent}
        base = _load_parent(str(parent), where, seen, folder)
        base.name = name
    fields = dict(base.fields)
    raw_fields = data.get("fields") or {}
    if not isinstance(raw_fields, dict):
        raise SchemaError(f"{where}: `fields` is a mapping of key -> field")
    for key, spec in raw_fields.items():
        fields[str(key)] = _field(str(key), spec or {}, fields.get(str(key)), where)
    pages = data.get("pages") or {}
    if not isinstance(pages, dict) or any(k not in ("required", "allow-unknown") for k in pages):
        raise SchemaError(f"{where}: `pages` takes `required` (a list) and `allow-unknown`")
    return Schema(
        name=name,
        fields=fields,
        allow_unknown=bool(data.get("allow-unknown", base.allow_unknown)),
        case_insensitive=bool(data.get("case-insensitive-keys", base.case_insensitive)),
        page_required=tuple(str(k) for k in pages.get("required", base.page_required)),
        page_allow_unknown=pages.get("allow-unknown", base.page_allow_unknown),
        description=str(data.get("description") or base.description),
    )


def _load_parent(parent: str, where: str, seen: set[str], folder: Path | None) -> Schema:
    if folder is not None and (folder / parent).is_file():
        return _load_file(folder / parent, seen)
    if preset_path(parent) is None:
        raise SchemaError(f"{where}: `extends: {parent}` names no preset or file")
    return _from_text(preset_path(parent).read_text(encoding="utf-8"), parent,
                      f"preset {parent}", seen)


def _field(name: str, spec: Any, base: FieldSpec | None, where: str) -> FieldSpec:
    if isinstance(spec, str):
        spec = {"type": spec}
    if not isinstance(spec, dict):
        raise SchemaError(f"{where}: field `{name}` must be a mapping such as {{type: string}}")
    for key in spec:
        if key not in FIELD_KEYS:
            raise SchemaError(f"{where}: field `{name}`: unknown key `{key}`{suggest(str(key), FIELD_KEYS)}")
    values = {k.replace("-", "_"): v for k, v in spec.items()}
    if "enum" in values:
        if not isinstance(values["enum"], list):
            raise SchemaError(f"{where}: field `{name}`: enum is a list")
        values["enum"] = tuple(values["enum"])
    result = dataclasses.replace(base, **values) if base else FieldSpec(name, **values)
    for kind in (result.type, result.items):
        if kind not in TYPES:
            raise SchemaError(f"{where}: field `{name}`: unknown type `{kind}`{suggest(str(kind), TYPES)} "
                              f"(types: {', '.join(TYPES)})")
    if result.pattern:
        try:
            re.compile(result.pattern)
        except re.error as exc:
            raise SchemaError(f"{where}: field `{name}`: bad pattern: {exc}") from None
    return result


# ---------------------------------------------------------------- JSON Schema in
JSON_TYPES = {"string": "string", "integer": "int", "number": "float", "boolean": "bool",
              "array": "list", "object": "mapping"}


def from_json_schema(data: dict, name: str, where: str) -> Schema:
    """A JSON Schema of the front matter (`properties`, `required`, ...) as a Schema."""
    properties = data.get("properties") or {}
    if not isinstance(properties, dict):
        raise SchemaError(f"{where}: `properties` must be an object")
    required = set(data.get("required") or ())
    fields = {}
    for key, prop in properties.items():
        prop = prop if isinstance(prop, dict) else {}
        fields[key] = FieldSpec(
            name=key, type=_json_type(prop), required=key in required,
            enum=tuple(prop["enum"]) if isinstance(prop.get("enum"), list) else None,
            pattern=prop.get("pattern"),
            min_length=prop.get("minLength", prop.get("minItems")),
            max_length=prop.get("maxLength", prop.get("maxItems")),
            min=prop.get("minimum"), max=prop.get("maximum"),
            items=_json_type(prop.get("items") or {}) if prop.get("type") == "array" else "any",
            description=str(prop.get("description") or ""))
    extra = data.get("additionalProperties", True)
    return Schema(name, fields, allow_unknown=extra is not False,
                  description=str(data.get("description") or data.get("title") or ""))


def _json_type(prop: dict) -> str:
    kinds = prop.get("type")
    if isinstance(kinds, list):
        kinds = [k for k in kinds if k != "null"]
        if sorted(kinds) == ["array", "string"]:
            return "string-or-list"
        kinds = kinds[0] if len(kinds) == 1 else None
    if "anyOf" in prop or "oneOf" in prop:
        options = sorted(_json_type(p) for p in prop.get("anyOf", prop.get("oneOf")) if isinstance(p, dict))
        return "string-or-list" if options == ["list", "string"] else "any"
    if kinds == "string" and prop.get("format") in DATE_TYPES:
        return prop["format"]
    return JSON_TYPES.get(kinds, "any") if isinstance(kinds, str) else "any"


# ---------------------------------------------------------------- pydantic model in
def _from_model(target: str, base_dir: Path) -> Schema:
    module_name, _, attr = target.partition(":")
    if not module_name or not attr:
        raise SchemaError(f'[schema] model must look like "package.module:Class", not {target!r}')
    if str(base_dir) not in sys.path:
        sys.path.insert(0, str(base_dir))
    try:
        model = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise SchemaError(f"[schema] model {target}: {exc}") from None
    if not hasattr(model, "model_validate") or not hasattr(model, "model_fields"):
        raise SchemaError(f"[schema] model {target} is not a pydantic (v2) model class")
    fields = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        fields[key] = FieldSpec(key, type=_annotation_type(info.annotation),
                                required=info.is_required(), allow_empty=True)
    extra = (model.model_config or {}).get("extra")
    return Schema(target, fields, allow_unknown=extra != "forbid", user_model=model)


def _annotation_type(annotation: Any) -> str:
    import datetime as dt
    import typing

    options = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    if any(a is dt.datetime for a in options):
        return "date-time"
    if any(a is dt.date for a in options):
        return "date"
    if options == [str]:
        return "string"
    return "any"


def is_owned_by_dates(key: str, schema: Schema) -> bool:
    """Dates are PL2's: the schema rules leave their values alone."""
    return key in DATE_KEYS or key in schema.date_time_fields


# ---------------------------------------------------------------- `postlint schema`
def schema_command(argv: list[str], stdout: TextIO) -> int:
    """`postlint schema [--json-schema] [--config FILE] [PATH]`: show the active schema."""
    import argparse

    from postlint.config import find_config, load_config
    from postlint.site import load_site

    parser = argparse.ArgumentParser(prog="postlint schema", add_help=True,
                                     description="Show the active front-matter schema.")
    parser.add_argument("path", nargs="?", type=Path, default=Path("."))
    parser.add_argument("--json-schema", action="store_true",
                        help="print it as JSON Schema (for the YAML language server)")
    parser.add_argument("--config", type=Path)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    if args.config is not None and not args.config.is_file():
        raise ConfigError(f"configuration file {args.config} not found")
    config = load_config(args.config or find_config(args.path))
    schema = load_schema(config, load_site(args.path, config.site))
    if args.json_schema:
        json.dump(schema.json_schema(), stdout, indent=2, ensure_ascii=False)
        stdout.write("\n")
        return 0
    stdout.write(f"schema {schema.name}: {schema.description or ''}\n")
    stdout.write(f"unknown keys: {'allowed' if schema.allow_unknown else 'reported (PL104)'}\n")
    width = max((len(k) for k in schema.fields), default=4)
    for key, spec in schema.fields.items():
        flags = ", ".join(x for x in ("required" if spec.required else "",
                                      f"one of {list(spec.enum)}" if spec.enum else "",
                                      f"pattern {spec.pattern}" if spec.pattern else "") if x)
        stdout.write(f"  {key:{width}}  {spec.type:14}  {flags}\n")
    return 0
