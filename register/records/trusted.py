"""A record's typed model built from data already found valid, without validating it again.

The index keeps, by blob id, whether a record's exact content is valid against today's schemas
(the stamp changes whenever a schema does). Building the model of such a record needs no
validator: pydantic's validators take longer to build than a short command takes to run. What is
built here is the same model, with the same fields set, as validation would give.
"""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel

Model = TypeVar("Model", bound=BaseModel)


def construct(model: type[Model], data: dict[str, Any]) -> Model:
    """`model` made from `data` as validation would make it, trusting that it is valid."""
    values = {}
    for name, field in model.model_fields.items():
        if name in data:
            values[name] = _value(field.annotation, data[name])
    return model.model_construct(_fields_set=set(values), **values)


def _value(annotation: Any, value: Any) -> Any:
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _value(get_args(annotation)[0], value)
    if origin is Union or origin is types.UnionType:
        return _one_of(get_args(annotation), value)
    if origin is list and isinstance(value, list):
        [item] = get_args(annotation)
        return [_value(item, entry) for entry in value]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
        return construct(annotation, value)
    return value


def _one_of(options: tuple[Any, ...], value: Any) -> Any:
    """The branch of a union that `value` fits: a model whose required keys it has and whose keys
    hold all of its own; otherwise the value as it is (text, a date, nothing)."""
    if not isinstance(value, dict):
        return value
    for option in options:
        model = _model_of(option)
        if model is None:
            continue
        required = {name for name, field in model.model_fields.items() if field.is_required()}
        if required <= value.keys() <= model.model_fields.keys():
            return construct(model, value)
    return value


def _model_of(option: Any) -> type[BaseModel] | None:
    if get_origin(option) is typing.Annotated:
        option = get_args(option)[0]
    return option if isinstance(option, type) and issubclass(option, BaseModel) else None
