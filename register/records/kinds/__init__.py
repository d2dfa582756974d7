"""The record kinds as strict pydantic models, and their JSON Schema for editors.

What else is true of each kind (its folder, its lists with ids, its references) is in
`register.records.registry`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from ..registry import KINDS
from .common import RecordBase
from .decision import Decision
from .ehria import Ehria
from .strategy import Strategy
from .wsoa import Wsoa

RecordModel = Strategy | Wsoa | Ehria | Decision
"""A record of any kind, typed."""

__all__ = [
    "Decision",
    "Ehria",
    "RecordBase",
    "RecordModel",
    "Strategy",
    "Wsoa",
    "combined_json_schema",
    "json_schema",
]


def json_schema(kind: str) -> dict[str, Any]:
    schema = KINDS[kind].model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"register: {kind} record"
    return schema


def combined_json_schema() -> dict[str, Any]:
    """One schema for a folder holding several kinds: the `kind:` key picks the branch."""
    any_record = Annotated[RecordModel, Field(discriminator="kind")]
    schema = TypeAdapter(any_record).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "register: any record"
    return schema
