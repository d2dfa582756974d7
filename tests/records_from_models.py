"""Hypothesis strategies that write records from the kinds' own pydantic models: every field, in
every shape the model allows (literals, patterns, lists, options, nested models, unions), so a
test sees records no one thought to write by hand."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel, Discriminator

WORDS = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:’'“”–-()&£%/é")
    ),
    min_size=1,
    max_size=60,
).filter(lambda value: value.strip() != "")
LONG_WORD = st.sampled_from(
    ["Leicestershire", "Supercalifragilistic", "Interdepartmental", "Rutland", "https://example.gov.uk/a/b/c"]
)
PLACED = st.sampled_from(
    [
        "{previous:decisions/earlier} This follows it.",
        "As before: {meeting:decisions/earlier}",
        "{screening:strategy/screening}",
        "{timetable}",
        "{previous_decisions} And so on.",
        "{equality}",
        "Read [the plan](https://plans.example/p) first.",
    ]
)
TEXT = st.one_of(WORDS, st.builds(lambda a, b: f"{a} {b}", WORDS, LONG_WORD), LONG_WORD, PLACED)
URL = st.from_regex(r"\Ahttps://[a-z]{1,10}\.example/[a-z0-9-]{0,12}\Z")
DATE = st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31))
LEAVE_OUT = {"approved_versions"}  # written by `register decide`, from history: never by hand


def model_data(
    model: type[BaseModel],
    fixed: dict[str, Any],
    ids: dict[str, st.SearchStrategy[str]],
    always: frozenset[str] = frozenset(),
) -> st.SearchStrategy[dict[str, Any]]:
    """A record's data (as its YAML file would hold it) for `model`, with some fields fixed.
    `ids`: the record ids (or file names) a field of that name may hold; "" for any other.
    `always`: optional fields that are always given."""
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        if name in LEAVE_OUT:
            continue
        if name in fixed:
            required[name] = st.just(fixed[name])
            continue
        found = _for(info.annotation, list(info.metadata), ids, ids.get(name, ids[""]))
        (required if info.is_required() or name in always else optional)[name] = found
    return st.fixed_dictionaries(required, optional=optional)


def _for(
    annotation: Any,
    metadata: list[Any],
    ids: dict[str, st.SearchStrategy[str]],
    named: st.SearchStrategy[str],
) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _for(inner, [*metadata, *extra], ids, named)
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        members = [m for m in typing.get_args(annotation) if m is not type(None)]
        kept = [x for x in metadata if not isinstance(x, Discriminator)]
        return st.one_of(*(_for(m, kept, ids, named) for m in members))
    if origin is list:
        (item,) = typing.get_args(annotation)
        least = next((m.min_length for m in metadata if isinstance(m, annotated_types.MinLen)), 0)
        return st.lists(_for(item, [], ids, named), min_size=least, max_size=least + 3)
    if origin is dict:
        key, value = typing.get_args(annotation)
        return st.dictionaries(_for(key, [], ids, named), _for(value, [], ids, named), max_size=2)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_data(annotation, {}, ids)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        low = next((m.ge for m in metadata if isinstance(m, annotated_types.Ge)), 0)
        high = next((m.le for m in metadata if isinstance(m, annotated_types.Le)), 100)
        return st.integers(low, high)
    if annotation is float:
        return st.floats(0, 10_000_000, allow_nan=False, allow_infinity=False)
    if annotation is dt.date:
        return DATE
    if annotation is str:
        return _string(metadata, named)
    raise NotImplementedError(f"no strategy for {annotation!r}")


def _string(metadata: list[Any], named: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pattern = next((getattr(m, "pattern", None) for m in metadata if getattr(m, "pattern", None)), None)
    if pattern is None or pattern == r"\S":
        return TEXT
    if "https?" in pattern:
        return URL
    if "[a-z0-9][a-z0-9_-]*(/" in pattern or pattern.startswith("^[A-Za-z0-9][A-Za-z0-9._/-]"):
        return named  # a record id, or a file kept in the register: one of the register's
    return st.from_regex(pattern, fullmatch=True).filter(lambda value: "\n" not in value)
