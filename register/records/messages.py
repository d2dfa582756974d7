"""Pydantic's validation errors put in plain words, with a suggestion where a word was misspelt."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from .paths import RawPath


def did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def message_of(error: Mapping[str, Any]) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    found = _found(value)
    if kind == "string_type":
        hint = " (put it in quotes)" if isinstance(value, bool | int | float) else ""
        return f"expected text, found {found}{hint}"
    if kind in ("date_type", "date_from_datetime_inexact"):
        return f"expected a date written as YYYY-MM-DD without quotes, found {found}"
    if kind == "int_type":
        return f"expected a whole number, found {found}"
    if kind == "bool_type":
        return f"expected true or false, found {found}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), found {found}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected 'key: value' lines, found {found}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        guess = did_you_mean(str(value), options)
        return f"{found} is not allowed here: use one of {', '.join(options)}{guess}"
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(ctx.get("pattern", "")), found)
    if kind in ("string_too_short", "too_short"):
        return "must not be empty" if isinstance(value, str) else "needs at least one item"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        return f"must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound}, found {found}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


_PATTERN_MESSAGES = {
    r"\S": "must not be empty",
    "http": "expected a web address starting with http:// or https://",
    "[a-z0-9][a-z0-9_-]*(/": "expected a record id such as strategy/send-inclusion-2020-2023",
    r"-(0[1-9]|1[0-2])": "expected a month written as YYYY-MM, e.g. 2020-02",
    "A-Za-z0-9": "expected a short id of letters, digits, dots or hyphens, e.g. 2.3",
    "@": "expected an email address",
    "{40}": "expected a full 40-character commit id (written by `register decide`)",
    "sha256": "expected a sha256 fingerprint (written by `register decide`)",
}


def _pattern_message(pattern: str, found: str) -> str:
    for fragment, message in _PATTERN_MESSAGES.items():
        if fragment in pattern:
            return f"{message}, found {found}"
    return f"{found} is not in the expected form"


def _found(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.datetime):
        return "a date with a time"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, dict):
        return "'key: value' lines"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return type(value).__name__


@cache
def _schema(kind: str) -> dict[str, Any]:
    from .kinds import json_schema

    return json_schema(kind)


def keys_at(kind: str, path: RawPath) -> set[str]:
    """The keys the schema allows at `path`, for suggesting the one a misspelling meant."""
    schema = _schema(kind)
    nodes = [schema]
    for step in path:
        nodes = [child for node in nodes for child in _children(schema, node, step)]
    return {
        key for node in nodes for branch in _branches(schema, node) for key in branch.get("properties", {})
    }


def _branches(root: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    """The node itself, or each alternative of an anyOf / oneOf (such as 'an outcome, or nothing')."""
    node = _resolve(root, node)
    alternatives = node.get("anyOf", []) + node.get("oneOf", [])
    return (
        [b for alternative in alternatives for b in _branches(root, alternative)] if alternatives else [node]
    )


def _children(root: dict[str, Any], node: dict[str, Any], step: str | int) -> list[dict[str, Any]]:
    node = _resolve(root, node)
    branches = node.get("anyOf", []) + node.get("oneOf", [])
    if branches:
        return [child for branch in branches for child in _children(root, branch, step)]
    if isinstance(step, int):
        return [node["items"]] if "items" in node else []
    child = node.get("properties", {}).get(step)
    return [child] if child else []


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node
