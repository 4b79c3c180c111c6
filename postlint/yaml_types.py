"""What an unquoted YAML value becomes in the generator's own YAML library.

postlint loads YAML with PyYAML, whose YAML 1.1 typing is close to Jekyll's (Ruby's Psych):
`yes`/`no`/`on`/`off`/`true`/`false` are booleans, `1.10` is a float, `012` is octal,
`12:30:00` is a base-60 integer, `2021-12-31` is a date, while `y`, `n`, `1e3` and `0o12` stay
strings. Psych also reads `1,000` as 1000 and `09:30` as 570 (base 60), which PyYAML leaves as
text (read from Psych's scalar scanner, Ruby 3.1). Hugo's YAML (Go, checked with Hugo 0.111)
differs more: `y`/`n` are booleans, `1e3` and `0o12` are numbers, and dates and `12:30:00`
stay strings. The schema rules judge front matter as the generator will see it, so plain
scalars are retyped for Jekyll and Hugo.
"""
from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from postlint.post import Post
    from postlint.site import Site

HUGO_TRUE = frozenset({"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
HUGO_FALSE = frozenset({"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
HUGO_NULL = frozenset({"~", "null", "Null", "NULL"})
HUGO_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*|0[0-7_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)")
HUGO_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
                        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


def hugo_scalar(source: str, loaded: Any) -> Any:
    """The value Hugo's YAML gives a plain scalar written `source` (PyYAML gave `loaded`)."""
    text = source.strip()
    if text in HUGO_TRUE:
        return True
    if text in HUGO_FALSE:
        return False
    if text in HUGO_NULL:
        return None
    if HUGO_INT.fullmatch(text):
        digits = text.replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        body = digits.lstrip("+-")
        if body.startswith(("0o", "0x", "0b")):
            return sign * int(body[2:], {"o": 8, "x": 16, "b": 2}[body[1]])
        if len(body) > 1 and body.startswith("0"):
            return sign * int(body, 8)
        return sign * int(body)
    if HUGO_FLOAT.fullmatch(text) and any(c.isdigit() for c in text):
        return float(text.replace("_", ""))
    return loaded if isinstance(loaded, str) else text


PSYCH_INT = re.compile(r"[-+]?[1-9](?:[0-9]|,[0-9]|_[0-9])*")
PSYCH_FLOAT = re.compile(r"[-+]?[0-9][0-9_,]*\.[0-9]*(?:[eE][-+][0-9]+)?")
PSYCH_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}")


def psych_scalar(source: str, loaded: Any) -> Any:
    """The value Jekyll's YAML (Psych) gives a plain scalar, where it differs from PyYAML's."""
    if not isinstance(loaded, str):
        return loaded
    text = source.strip()
    if "," in text and PSYCH_INT.fullmatch(text):
        return int(text.replace(",", "").replace("_", ""))
    if "," in text and PSYCH_FLOAT.fullmatch(text):
        return float(text.replace(",", "").replace("_", ""))
    if PSYCH_BASE60.fullmatch(text):
        sign = -1 if text.startswith("-") else 1
        total = 0
        for part in text.lstrip("+-").split(":"):
            total = total * 60 + int(part.replace("_", ""))
        return sign * total
    return loaded


def generator_data(post: "Post", site: "Site") -> dict:
    """The front matter with plain scalars typed as the site's generator types them."""
    retype = site.generator.retype_scalar()
    if post.format != "yaml" or retype is None or not post.data:
        return post.data
    data = None
    for path, found in post.fields.items():
        if found.style is not None or not found.source or not path:
            continue
        parent = _container(post.data, path[:-1])
        key = _key_in(parent, path[-1])
        if key is _MISSING or isinstance(parent[key], (list, dict)):
            continue
        value = retype(found.source, parent[key])
        if value is parent[key] or (type(value) is type(parent[key]) and value == parent[key]):
            continue
        if data is None:  # copy only when something differs (most posts: nothing)
            data = copy.deepcopy(post.data)
        parent_copy = _container(data, path[:-1])
        parent_copy[_key_in(parent_copy, path[-1])] = value
    return post.data if data is None else data


_MISSING = object()


def _key_in(container: Any, key: Any) -> Any:
    if isinstance(container, list):
        return key if isinstance(key, int) and key < len(container) else _MISSING
    if isinstance(container, dict):
        if key in container:
            return key
        return next((k for k in container if str(k) == str(key)), _MISSING)
    return _MISSING


def _container(data: Any, path: tuple) -> Any:
    node = data
    for part in path:
        key = _key_in(node, part)
        if key is _MISSING:
            return None
        node = node[key]
    return node
