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
from .placeholders import NAMED, placeholders, problem_with
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
        described_errors = {_describe(data, kind, e, source, locations) for e in errors}
        return Checked(data, None, tuple(sorted(described_errors)))
    own = _duplicate_ids(data, KINDS[kind].id_lists, source, locate) + _placeholder_problems(
        data, source, locate
    )
    if KINDS[kind].plan:
        own += _unknown_areas(data, source, locate)
    return Checked(data, None if own else cast("RecordModel", model), tuple(own))


def references(kind: str, data: Mapping[str, Any]) -> Iterator[tuple[FieldPath, str, tuple[str, ...]]]:
    """Every (field, record id named there, kinds it may be) of a record's references, those of
    the placeholders in its report's text included."""
    found = KINDS.get(kind)
    for rule in found.references if found else ():
        for path, value in expand(rule.pattern, data):
            if isinstance(value, str):
                yield path, value, rule.kinds
    if kind == "decision" and isinstance(data.get("report"), dict):
        for path, text in _texts(data["report"], FieldPath.of("report")):
            for name, target, _ in placeholders(text):
                if target is not None and name in NAMED:
                    yield path, target, NAMED[name]


def _texts(node: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, path / key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, path / index)


def _placeholder_problems(data: dict[str, Any], source: str, locate: Locate) -> list[Problem]:
    """Placeholders in a report's text that name nothing that can be written."""
    report = data.get("report")
    if data.get("kind") != "decision" or not isinstance(report, dict):
        return []
    found = [
        (path, message)
        for path, text in _texts(report, FieldPath.of("report"))
        for name, target, _ in placeholders(text)
        if (message := problem_with(name, target))
    ]
    if not found:
        return []
    locations = locate()
    return [
        Problem(source, *locations.of_value(path.positions(data)), f"{path}: {message}")
        for path, message in found
    ]


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
        if kind == "decision" and raw == ("report", "published"):
            return Problem(
                source,
                *locations.of_key(raw),
                "report: 'published' is now kept as notices.agenda, with the other notices' dates; "
                "run `register migrate` to move it",
            )
        if kind == "decision" and raw[:-1] == ("report",) and raw[-1] in LEGACY_REPORT_KEYS:
            return Problem(
                source,
                *locations.of_key(raw),
                f"report: '{raw[-1]}' is the first release's layout of a report; run `register migrate` "
                "to keep each part by its role (purpose, recommendations …), as this release reads it",
            )
        guess = did_you_mean(str(raw[-1]), keys_at(kind, raw[:-1]))
        return Problem(source, *locations.of_key(raw), f"unknown key '{raw[-1]}'{guess}")
    return Problem(source, *locations.of_value(raw), f"{_readable(data, raw)}: {message_of(error)}")


LEGACY_REPORT_KEYS = ("part_a", "part_b")
"""A decision's report as the first release kept it: Leicestershire's Part A and Part B."""


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


def _unknown_areas(data: dict[str, Any], source: str, locate: Locate) -> list[Problem]:
    """A revisit's judgements and a stocktake's notes are of the plan's own areas."""
    areas = {str(area.get("id")) for area in data.get("areas", []) if isinstance(area, dict)}
    wrong = [
        ((events, index, field, key), key)
        for events, field in (("revisits", "outcomes"), ("stocktakes", "areas"))
        for index, event in enumerate(data.get(events) or [])
        for key in (event.get(field) or {} if isinstance(event, dict) else {})
        if str(key) not in areas
    ]
    if not wrong:
        return []
    locations = locate()
    known = ", ".join(sorted(areas))
    return [
        Problem(source, *locations.of_key(path), f"'{key}' is not an area of this plan (its areas: {known})")
        for path, key in wrong
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


def described(
    model: Any, data: dict[str, Any], error: Mapping[str, Any], source: str, locations: Locations
) -> Problem:
    """One validation error of a file checked against `model` (settings, a house format), located."""
    raw = validator_path(data, tuple(error["loc"]))
    if error["type"] == "extra_forbidden":
        guess = did_you_mean(str(raw[-1]), _fields_at(model, raw[:-1]))
        return Problem(source, *locations.of_key(raw), f"unknown key '{raw[-1]}'{guess}")
    if error["type"] == "missing":
        where = f" in {FieldPath.named(data, raw[:-1])}" if raw[:-1] else ""
        return Problem(source, *locations.of_value(raw[:-1]), f"required key '{raw[-1]}' is missing{where}")
    where = str(FieldPath.named(data, raw)) or "the file"
    return Problem(source, *locations.of_value(raw), f"{where}: {message_of(error)}")


def _fields_at(model: Any, path: RawPath) -> list[str]:
    """The keys a misspelt key may have meant, at its level of `model`."""
    for step in path:
        if isinstance(step, int):
            continue
        field = getattr(model, "model_fields", {}).get(step)
        model = _model_in(field.annotation) if field is not None else None
        if model is None:
            return []
    return list(getattr(model, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    """The model a field holds, through lists, options and unions."""
    import typing

    if hasattr(annotation, "model_fields"):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None
