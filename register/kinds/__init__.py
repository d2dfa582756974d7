"""The four record kinds as strict schemas, and their JSON Schema for editors."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, TypeAdapter

from .decision import Decision
from .ehria import Ehria
from .strategy import Strategy
from .wsoa import Wsoa

MODELS: dict[str, type[BaseModel]] = {
    "strategy": Strategy,
    "wsoa": Wsoa,
    "ehria": Ehria,
    "decision": Decision,
}


def json_schema(kind: str) -> dict[str, Any]:
    schema = MODELS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"register: {kind} record"
    return schema


def combined_json_schema() -> dict[str, Any]:
    """One schema for a folder holding several kinds: the `kind:` key picks the branch."""
    any_record = Annotated[Strategy | Wsoa | Ehria | Decision, Field(discriminator="kind")]
    schema = TypeAdapter(any_record).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "register: any record"
    return schema
