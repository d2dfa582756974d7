"""Building blocks of the typed results the commands return: each command's `--json` is its
result's `model_dump(mode="json")`."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator

from .paths import FieldPath


def _to_path(value: Any) -> FieldPath:
    if isinstance(value, FieldPath):
        return value
    if isinstance(value, str):
        return FieldPath.parse(value)
    raise ValueError(f"expected a field path, found {type(value).__name__}")


PathText = Annotated[FieldPath, PlainValidator(_to_path), PlainSerializer(str, return_type=str)]
"""A field path held as a FieldPath, written as text: `priorities[2].actions[2.3].status`."""


class Result(BaseModel):
    """A value a command returns: frozen, and printed as JSON by its fields' names."""

    model_config = ConfigDict(frozen=True, serialize_by_alias=True, populate_by_name=True)
