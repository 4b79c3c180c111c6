"""The pydantic side of schemas: compile a declarative `Schema` into a model, validate posts
with it, and turn pydantic's errors into `SchemaProblem`s that the PL1 rules report.

Imported only when a schema rule runs (or `postlint schema --json-schema`), so that other
runs never pay for importing pydantic.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field, ValidationError, WithJsonSchema, create_model
from pydantic_core import PydanticCustomError

from postlint.schema import TYPE_WORDS, FieldSpec, Schema, is_owned_by_dates

#: pydantic error types -> our problem kinds (the rest are "type")
KIND_OF_ERROR = {
    "missing": "missing",
    "extra_forbidden": "unknown",
    "empty": "empty",
    "field_type": "type",
    "field_value": "value",
    "literal_error": "value", "enum": "value", "string_pattern_mismatch": "value",
    "string_too_short": "value", "string_too_long": "value", "too_short": "value",
    "too_long": "value", "greater_than": "value", "greater_than_equal": "value",
    "less_than": "value", "less_than_equal": "value", "multiple_of": "value",
}


@dataclass(frozen=True)
class SchemaProblem:
    """One thing wrong with a post's front matter, by kind (missing, empty, type, unknown, value)."""

    kind: str
    path: tuple  # ("tags", 1)
    message: str
    expected_text: bool = False  # the field wanted a string (PL106 tells implicit typing apart)


# ---------------------------------------------------------------- building the model
def build_model(schema: Schema):
    definitions: dict[str, Any] = {}
    for index, (key, spec) in enumerate(schema.fields.items()):
        annotated = Annotated[Any, AfterValidator(_validator(spec)),
                              WithJsonSchema(field_json_schema(spec))]
        default = ... if spec.required else None
        definitions[f"field_{index}"] = (annotated, Field(default, alias=key,
                                                          description=spec.description or None))
    extra = "allow"  # unknown keys are PL104's, which knows pages from posts
    model_name = "".join(part.capitalize() for part in schema.name.replace("_", "-").split("-")
                         if part.isidentifier() or part.isalnum()) or "FrontMatter"
    return create_model(model_name, __config__=ConfigDict(extra=extra, populate_by_name=False,
                                                          title=schema.name), **definitions)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, (list, dict)) and not value)


def _has_type(value: Any, kind: str) -> bool:
    if kind in ("any", "date-time", "date"):
        return True  # dates are read and checked by the PL2 rules
    if kind == "string":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "mapping":
        return isinstance(value, dict)
    if kind in ("list", "string-or-list"):
        return isinstance(value, list) or (kind == "string-or-list" and isinstance(value, str))
    return False


def _validator(spec: FieldSpec):
    def check(value: Any) -> Any:
        if _is_empty(value):
            if spec.empty_allowed:
                return value
            raise PydanticCustomError("empty", "`{key}` is empty", {"key": spec.name})
        if not _has_type(value, spec.type):
            raise PydanticCustomError("field_type", "wrong type", {"index": None})
        if isinstance(value, list):
            item_type = "string" if spec.type == "string-or-list" else spec.items
            wrong = [i for i, item in enumerate(value) if not _has_type(item, item_type)]
            if wrong:
                raise PydanticCustomError("field_type", "wrong item type", {"indexes": wrong})
        _check_value(spec, value)
        return value

    return check


def _check_value(spec: FieldSpec, value: Any) -> None:
    def fail(message: str, index: int | None = None):
        raise PydanticCustomError("field_value", message, {"index": index})

    values = [value]
    if spec.type == "string-or-list":  # Jekyll and Hugo split a string on white space
        values = value.split() if isinstance(value, str) else value
    if spec.enum is not None:
        for index, item in enumerate(values):
            if item not in spec.enum:
                shown = ", ".join(str(e) for e in spec.enum)
                fail(f"`{spec.name}` is `{item}`, which is not one of: {shown}",
                     index if isinstance(value, list) and values is value else None)
    if spec.regex is not None:
        for index, item in enumerate(values):
            if isinstance(item, str) and not spec.regex.search(item):
                fail(f"`{spec.name}` (`{item}`) does not match the pattern `{spec.pattern}`",
                     index if isinstance(value, list) and values is value else None)
    if isinstance(value, (str, list)):
        size = len(value)
        unit = "characters" if isinstance(value, str) else "items"
        if spec.min_length is not None and size < spec.min_length:
            fail(f"`{spec.name}` has {size} {unit}; at least {spec.min_length} are required")
        if spec.max_length is not None and size > spec.max_length:
            fail(f"`{spec.name}` has {size} {unit}; at most {spec.max_length} are allowed")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if spec.min is not None and value < spec.min:
            fail(f"`{spec.name}` is {value}, less than the minimum {spec.min}")
        if spec.max is not None and value > spec.max:
            fail(f"`{spec.name}` is {value}, more than the maximum {spec.max}")


# ---------------------------------------------------------------- validating a post
def validate(schema: Schema, data: dict) -> list[SchemaProblem]:
    """Validate a post's front matter; problems in the order of the front matter's keys."""
    model = schema.model
    renamed: dict[str, Any] = {}
    for key, value in data.items():
        renamed.setdefault(schema.canonical_key(str(key)), value)
    try:
        model.model_validate(renamed)
    except ValidationError as exc:
        problems = [problem for error in exc.errors() for problem in _problems(schema, error, renamed)]
        # missing keys first, in the schema's order; then the others in the post's order
        order = {k: i for i, k in enumerate(schema.fields)}
        order.update({k: len(order) + i for i, k in enumerate(renamed)})
        return sorted(problems, key=lambda p: order.get(p.path[0], -1) if p.path else -1)
    return []


def _problems(schema: Schema, error: dict, data: dict) -> list[SchemaProblem]:
    indexes = (error.get("ctx") or {}).get("indexes")
    if not indexes:
        problem = _problem(schema, error, data)
        return [] if problem is None else [problem]
    return [p for i in indexes
            if (p := _problem(schema, {**error, "ctx": {"index": i}}, data)) is not None]


def _problem(schema: Schema, error: dict, data: dict) -> SchemaProblem | None:
    loc = tuple(error.get("loc") or ())
    if not loc:
        return SchemaProblem("type", (), f"front matter: {error.get('msg')}")
    key = str(loc[0])
    if is_owned_by_dates(key, schema):
        return None
    kind = KIND_OF_ERROR.get(error.get("type", ""), "type")
    context = error.get("ctx") or {}
    index = context.get("index")
    path = (key,) if index is None else (key, index)
    if len(loc) > 1 and isinstance(loc[1], int) and index is None:
        path = (key, loc[1])
    spec = schema.fields.get(key)
    if kind == "missing":
        return SchemaProblem(kind, (key,), f"`{key}` is missing: the schema requires it")
    if kind == "unknown":
        return SchemaProblem(kind, (key,), f"unknown key `{key}`")
    if kind == "empty":
        return SchemaProblem(kind, (key,), f"`{key}` is empty")
    if kind == "value":
        return SchemaProblem(kind, path, error.get("msg", ""))
    value = data.get(key)
    if len(path) > 1 and isinstance(value, list) and path[1] < len(value):
        value = value[path[1]]
    wanted = _wanted(spec, error, len(path) > 1)
    return SchemaProblem("type", path, f"`{_dotted(path)}` is {describe(value)}; the schema "
                         f"wants {wanted}", expected_text=wanted == "text")


def _wanted(spec: FieldSpec | None, error: dict, item: bool) -> str:
    if spec is not None and spec.type != "any":
        if item:
            return TYPE_WORDS["string" if spec.type == "string-or-list" else spec.items]
        return TYPE_WORDS[spec.type]
    pydantic_words = {"string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
                      "bool_type": "true or false", "bool_parsing": "true or false",
                      "float_type": "a number", "float_parsing": "a number", "list_type": "a list",
                      "dict_type": "a mapping of keys to values"}
    return pydantic_words.get(error.get("type", ""), str(error.get("msg", "another type")).lower())


def _dotted(path: tuple) -> str:
    return path[0] if len(path) == 1 else f"{path[0]}[{path[1]}]"


def describe(value: Any) -> str:
    """A value's type in words: `a number (404)`, `true/false (true)`, `a list`."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, dt.datetime):
        return f"a date-time ({value.isoformat(sep=' ')})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, str):
        return f"text (`{value[:40]}`)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__


# ---------------------------------------------------------------- JSON Schema out
DATE_PATTERN = r"^\d{4}-\d{1,2}-\d{1,2}"
JSON_OF_TYPE = {
    "string": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "date-time": {"type": "string", "pattern": DATE_PATTERN},
    "date": {"type": "string", "pattern": DATE_PATTERN + "$"},
    "mapping": {"type": "object"},
    "any": {},
}


def _json_type(kind: str, items: str = "any") -> dict:
    if kind == "list":
        return {"type": "array", "items": _json_type(items)}
    if kind == "string-or-list":
        return {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    return dict(JSON_OF_TYPE[kind])


def field_json_schema(spec: FieldSpec) -> dict:
    result = _json_type(spec.type, spec.items)
    if spec.description:
        result["description"] = spec.description
    if spec.enum is not None:
        result["enum"] = list(spec.enum)
    if spec.pattern and spec.type in ("string", "string-or-list"):
        result["pattern"] = spec.pattern
    is_list = spec.type == "list"
    if spec.min_length is not None or (not spec.empty_allowed and spec.type in ("string", "list")):
        minimum = max(spec.min_length or 0, 0 if spec.empty_allowed else 1)
        result["minItems" if is_list else "minLength"] = minimum
    if spec.max_length is not None:
        result["maxItems" if is_list else "maxLength"] = spec.max_length
    if spec.min is not None:
        result["minimum"] = spec.min
    if spec.max is not None:
        result["maximum"] = spec.max
    if not spec.empty_allowed and spec.type == "string":
        result["pattern"] = spec.pattern or r"\S"
    return result


def json_schema(schema: Schema) -> dict:
    result = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": schema.name,
        "description": schema.description or f"front matter ({schema.name})",
        "type": "object",
        "properties": {key: field_json_schema(spec) for key, spec in schema.fields.items()},
        "required": [key for key, spec in schema.fields.items() if spec.required],
        "additionalProperties": schema.allow_unknown,
    }
    return result
