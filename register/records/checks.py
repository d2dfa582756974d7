"""One record's file checked on its own: readable YAML, a known kind, its schema, unique item ids.

Records are parsed without positions first (cheaper by half); only a record that has problems is
parsed again with positions, to say on which line and column each one is.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from ..errors import InvalidRecord, Problem
from .loader import Locations, load_data, load_record
from .messages import did_you_mean, keys_at, message_of
from .paths import FieldPath, RawPath, expand, item_id
from .registry import KINDS, NAMES

if TYPE_CHECKING:
    from .kinds import RecordModel

Locate = Callable[[], Locations]


@dataclass(frozen=True)
class Checked:
    """A record's content, parsed and checked against its kind's schema."""

    data: dict[str, Any] | None  # None when the YAML itself cannot be read
    model: RecordModel | None  # None when the record has problems
    problems: tuple[Problem, ...]


def check_content(raw: bytes, source: str) -> Checked:
    """Parse and check one file's content; `source` names it in every problem."""
    try:
        data = load_data(raw, source)
    except InvalidRecord as error:
        return Checked(None, None, tuple(error.problems))
    return check_data(data, source, lambda: load_record(raw, source).locations)


def check_data(data: dict[str, Any], source: str, locate: Locate) -> Checked:
    """Check parsed data; `locate` parses the file again with positions, only if there are problems."""
    from pydantic import ValidationError

    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        return Checked(data, None, (_kind_problem(data, kind, source, locate()),))
    try:
        model = KINDS[kind].model.model_validate(data)
    except ValidationError as error:
        locations = locate()
        errors = _without_misspelt_missing(data, error.errors(include_url=False))
        problems = {_describe(data, kind, e, source, locations) for e in errors}
        return Checked(data, None, tuple(sorted(problems)))
    duplicates = _duplicate_ids(data, KINDS[kind].id_lists, source, locate)
    return Checked(data, None if duplicates else cast("RecordModel", model), tuple(duplicates))


def references(kind: str, data: Mapping[str, Any]) -> Iterator[tuple[FieldPath, str, tuple[str, ...]]]:
    """Every (field, record id named there, kinds it may be) of a record's references."""
    found = KINDS.get(kind)
    for rule in found.references if found else ():
        for path, value in expand(rule.pattern, data):
            if isinstance(value, str):
                yield path, value, rule.kinds


def reference_problem(
    path: FieldPath, target: str, kinds: tuple[str, ...], kind_of: Mapping[str, str | None]
) -> str | None:
    """What is wrong with a reference, given the kind of every record there is (None: no problem)."""
    if target not in kind_of:
        guess = did_you_mean(target, kind_of.keys())
        return f"{path}: no record '{target}' in the register{guess}"
    target_kind = kind_of[target]
    if target_kind in KINDS and target_kind not in kinds:
        return f"{path}: '{target}' is a {target_kind}, but a {' or '.join(kinds)} is needed here"
    return None


def _kind_problem(data: dict[str, Any], kind: object, source: str, locations: Locations) -> Problem:
    known = ", ".join(NAMES)
    if kind is None:
        return Problem(
            source, *locations.of_value(()), f"'kind:' is missing: say which kind of record this is ({known})"
        )
    line, column = locations.of_value(("kind",))
    if not isinstance(kind, str):
        return Problem(source, line, column, f"kind: expected one word, one of {known}")
    return Problem(
        source, line, column, f"unknown kind '{kind}': use one of {known}{did_you_mean(kind, NAMES)}"
    )


def _describe(
    data: dict[str, Any], kind: str, error: Mapping[str, Any], source: str, locations: Locations
) -> Problem:
    raw = validator_path(data, tuple(error["loc"]))
    if error["type"] == "missing":
        where = f" in {_readable(data, raw[:-1])}" if raw[:-1] else ""
        return Problem(source, *locations.of_value(raw[:-1]), f"required key '{raw[-1]}' is missing{where}")
    if error["type"] == "extra_forbidden":
        guess = did_you_mean(str(raw[-1]), keys_at(kind, raw[:-1]))
        return Problem(source, *locations.of_key(raw), f"unknown key '{raw[-1]}'{guess}")
    return Problem(source, *locations.of_value(raw), f"{_readable(data, raw)}: {message_of(error)}")


def validator_path(data: Any, loc: tuple[Any, ...]) -> RawPath:
    """Keep the steps of a validator's location that exist in `data`, dropping schema-only labels."""
    path: list[str | int] = []
    node = data
    for position, step in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(node, dict) and isinstance(step, str):
            if step not in node and not last:
                continue  # a label the validator adds, such as the branch of a union
            path.append(step)
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int):
            path.append(step)
            node = node[step] if step < len(node) else None
        elif node is None:
            path.append(step)
    return tuple(path)


def _without_misspelt_missing(data: dict[str, Any], errors: list[Any]) -> list[Any]:
    """Drop "'title' is missing" where the same mapping has a misspelling of it ('titel')."""
    unknown: dict[RawPath, list[str]] = {}
    for error in errors:
        if error["type"] == "extra_forbidden":
            path = validator_path(data, tuple(error["loc"]))
            unknown.setdefault(path[:-1], []).append(str(path[-1]))
    kept = []
    for error in errors:
        path = validator_path(data, tuple(error["loc"]))
        misspelt = unknown.get(path[:-1], [])
        if error["type"] == "missing" and difflib.get_close_matches(str(path[-1]), misspelt, n=1, cutoff=0.6):
            continue
        kept.append(error)
    return kept


def _duplicate_ids(
    data: dict[str, Any], lists: tuple[str, ...], source: str, locate: Locate
) -> list[Problem]:
    """Items of the kind's id lists must have ids unique across the record (an action keeps its
    name when it moves to another priority)."""
    seen: dict[tuple[str, str], RawPath] = {}
    twice: list[tuple[RawPath, RawPath, str, str]] = []
    for path, name, label in _id_items(data, lists, ()):
        first = seen.setdefault((name, label), path)
        if first != path:
            twice.append((path, first, name, label))
    if not twice:
        return []
    locations = locate()
    return [
        Problem(
            source,
            *locations.of_value((*path, "id")),
            f"{name} id '{label}' is used twice (first on line {locations.of_value((*first, 'id'))[0]}); "
            "ids must be unique",
        )
        for path, first, name, label in twice
    ]


def _id_items(node: Any, lists: tuple[str, ...], path: RawPath) -> Iterator[tuple[RawPath, str, str]]:
    """(path, list name, id) of every item of the id lists, however deep (only along those lists)."""
    if not isinstance(node, dict):
        return
    for name in lists:
        items = node.get(name)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            label = item_id(item)
            if label is not None:
                yield (*path, name, index), name, label
            yield from _id_items(item, lists, (*path, name, index))


def _readable(data: Any, raw: RawPath) -> str:
    return str(FieldPath.named(data, raw)) if raw else "the record"
