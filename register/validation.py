"""Check records against their schemas and against each other, saying where and how to fix."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from .cache import BlobCache, schema_stamp
from .diff import value_at
from .errors import Problem
from .fieldpath import data_path, format_path
from .ids import KINDS
from .loader import PathKey, iter_paths
from .records import Record

APPROVABLE = ("strategy", "wsoa", "ehria")

# Which fields name other records, and of which kinds: '*' is any list index.
REFERENCES: dict[str, list[tuple[PathKey, tuple[str, ...]]]] = {
    "strategy": [(("supersedes",), ("strategy",)), (("responds_to", "*"), ("wsoa",))],
    "wsoa": [],
    "ehria": [(("screens",), KINDS)],
    "decision": [
        (("considers", "*"), KINDS),
        (("approves", "*"), APPROVABLE),
        (("timetable", "*"), ("decision",)),
        (("approved_versions", "*", "record"), APPROVABLE),
        (("report", "part_a", "policy_framework", "previous_decisions", "*"), ("decision",)),
        (("report", "part_b", "sections", "*", "comments_of"), ("decision",)),
        (("report", "part_b", "equality", "screening"), ("ehria",)),
        (("report", "part_b", "appendices", "*"), APPROVABLE),
        (("report", "part_b", "background_papers", "*", "decision"), ("decision",)),
        (("report", "**", "priorities_of"), ("strategy",)),
    ],
}
# Lists whose items carry ids that must be unique across the whole record (so an action keeps
# its name when it moves between priorities).
UNIQUE_ID_LISTS = ("priorities", "actions", "areas")


def schema_problems(record: Record) -> list[Problem]:
    """Everything wrong with one parsed record on its own."""
    from pydantic import ValidationError

    from .kinds import MODELS

    kind = record.data.get("kind")
    if kind not in MODELS:
        return [_kind_problem(record, kind)]
    try:
        MODELS[kind].model_validate(record.data)
    except ValidationError as error:
        errors = _without_misspelt_missing(record, error.errors(include_url=False))
        return sorted({_describe(record, kind, e) for e in errors})
    return _duplicate_ids(record)


def check_records(
    records: list[Record], cache: BlobCache | None = None
) -> tuple[dict[str, Record], list[Problem]]:
    """Each record's schema problems; the valid ones with their defaults filled in.

    A record whose exact content was found valid before (same blob, same schema) is not checked
    again: its checked data comes from the cache, and the schemas are never even imported.
    """
    stamp = schema_stamp()
    known = cache.get_many("checked", [r.blob for r in records], stamp) if cache else {}
    checked: dict[str, Record] = {}
    problems: list[Problem] = []
    fresh: dict[str, Any] = {}
    for record in records:
        if record.blob in known:
            checked[record.id] = replace(record, data=known[record.blob])
            continue
        found = schema_problems(record)
        if found:
            problems += found
        else:
            checked[record.id] = with_defaults(record)
            fresh[record.blob] = checked[record.id].data
    if cache:
        cache.put_many("checked", fresh, stamp)
    return checked, problems


def with_defaults(record: Record) -> Record:
    """A valid record with every key its schema defaults filled in, as papers read it."""
    from .kinds import MODELS

    data = MODELS[record.kind].model_validate(record.data).model_dump(warnings=False)
    return replace(record, data=data)


def _without_misspelt_missing(record: Record, errors: list[Any]) -> list[Any]:
    """Drop "'title' is missing" where the same mapping has a misspelling of it ('titel')."""
    unknown = {}
    for error in errors:
        if error["type"] == "extra_forbidden":
            path = data_path(record.data, tuple(error["loc"]))
            unknown.setdefault(path[:-1], []).append(str(path[-1]))
    kept = []
    for error in errors:
        path = data_path(record.data, tuple(error["loc"]))
        misspelt = unknown.get(path[:-1], [])
        if error["type"] == "missing" and difflib.get_close_matches(str(path[-1]), misspelt, n=1, cutoff=0.6):
            continue
        kept.append(error)
    return kept


def reference_problems(records: Mapping[str, Record], only: Iterable[Record] | None = None) -> list[Problem]:
    """References (of every record, or of `only` those) to records missing or of the wrong kind."""
    problems = []
    for record in records.values() if only is None else only:
        for path, target in _references(record):
            problems.extend(_check_reference(record, path, target, records))
    return problems


def _kind_problem(record: Record, kind: object) -> Problem:
    if kind is None:
        line, column = record.locations.of_value(())
        return _at(record, line, column, f"'kind:' is missing: say which kind of record this is ({_kinds()})")
    line, column = record.locations.of_value(("kind",))
    guess = _did_you_mean(str(kind), KINDS)
    return _at(record, line, column, f"unknown kind '{kind}': use one of {_kinds()}{guess}")


def _describe(record: Record, kind: str, error: Mapping[str, Any]) -> Problem:
    path = data_path(record.data, tuple(error["loc"]))
    kind_of_error = error["type"]
    if kind_of_error == "missing":
        line, column = record.locations.of_value(path[:-1])
        where = f" in {_readable(path[:-1], record.data)}" if path[:-1] else ""
        return _at(record, line, column, f"required key '{path[-1]}' is missing{where}")
    if kind_of_error == "extra_forbidden":
        line, column = record.locations.of_key(path)
        known = _keys_at(kind, path[:-1])
        guess = _did_you_mean(str(path[-1]), known)
        return _at(record, line, column, f"unknown key '{path[-1]}'{guess}")
    line, column = record.locations.of_value(path)
    return _at(record, line, column, f"{_readable(path, record.data)}: {_message(error)}")


def _message(error: Mapping[str, Any]) -> str:
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
        guess = _did_you_mean(str(value), options)
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
    r"\d{4}-(0[1-9]": "expected a month written as YYYY-MM, e.g. 2020-02",
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


def _duplicate_ids(record: Record) -> list[Problem]:
    seen: dict[tuple[str, str], PathKey] = {}
    problems = []
    for path, value in iter_paths(record.data):
        if len(path) < 2 or path[-2] not in UNIQUE_ID_LISTS or not isinstance(value, dict):
            continue
        key = (str(path[-2]), str(value.get("id")))
        if key in seen:
            line, column = record.locations.of_value((*path, "id"))
            first = record.locations.of_value((*seen[key], "id"))[0]
            message = f"{path[-2]} id '{key[1]}' is used twice (first on line {first}); ids must be unique"
            problems.append(_at(record, line, column, message))
        else:
            seen[key] = path
    return problems


def _references(record: Record) -> Iterable[tuple[PathKey, tuple[str, ...]]]:
    rules = REFERENCES.get(str(record.data.get("kind")), [])
    for path, value in iter_paths(record.data):
        if not isinstance(value, str):
            continue
        for pattern, kinds in rules:
            if _matches(pattern, path):
                yield path, kinds


def _matches(pattern: PathKey, path: PathKey) -> bool:
    if not pattern:
        return not path
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_matches(rest, path[skip:]) for skip in range(len(path) + 1))
    if not path:
        return False
    if head == "*":
        return isinstance(path[0], int) and _matches(rest, path[1:])
    return head == path[0] and _matches(rest, path[1:])


def _check_reference(
    record: Record, path: PathKey, kinds: tuple[str, ...], records: Mapping[str, Record]
) -> list[Problem]:
    target_id = value_at(record.data, list(path))
    line, column = record.locations.of_value(path)
    target = records.get(target_id)
    if target is None:
        guess = _did_you_mean(target_id, records.keys())
        return [
            _at(
                record,
                line,
                column,
                f"{_readable(path, record.data)}: no record '{target_id}' in the register{guess}",
            )
        ]
    target_kind = target.data.get("kind")
    if target_kind in KINDS and target_kind not in kinds:
        wanted = " or ".join(kinds)
        message = (
            f"{_readable(path, record.data)}: '{target_id}' is a {target_kind}, but a {wanted} is needed here"
        )
        return [_at(record, line, column, message)]
    return []


def _readable(path: PathKey, data: Any = None) -> str:
    return format_path(data, path) if path else "the record"


def _at(record: Record, line: int, column: int, message: str) -> Problem:
    return Problem(record.source, line, column, message)


def _kinds() -> str:
    return ", ".join(KINDS)


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@cache
def _schema(kind: str) -> dict[str, Any]:
    from .kinds import json_schema

    return json_schema(kind)


def _keys_at(kind: str, path: PathKey) -> set[str]:
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
