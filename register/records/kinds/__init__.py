"""The record kinds as strict pydantic models, and their JSON Schema for editors.

What else is true of each kind (its folder, its lists with ids, its references) is in
`register.records.registry`.
"""

import ast
import inspect
import itertools
import textwrap
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from ..registry import KINDS
from ..strict import Strict
from .common import RecordBase
from .decision import Decision
from .ehria import Ehria
from .plan import AcceleratedProgressPlan, PriorityActionPlan, Wsoa
from .strategy import Strategy

RecordModel = Strategy | Wsoa | AcceleratedProgressPlan | PriorityActionPlan | Ehria | Decision
"""A record of any kind, typed."""

__all__ = [
    "AcceleratedProgressPlan",
    "Decision",
    "Ehria",
    "PriorityActionPlan",
    "RecordBase",
    "RecordModel",
    "Strategy",
    "Wsoa",
    "combined_json_schema",
    "json_schema",
]


def json_schema(kind: str) -> dict[str, Any]:
    schema = _described(KINDS[kind].model.model_json_schema())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"register: {kind} record"
    return schema


def combined_json_schema() -> dict[str, Any]:
    """One schema for a folder holding several kinds: the `kind:` key picks the branch."""
    any_record = Annotated[RecordModel, Field(discriminator="kind")]
    schema = _described(TypeAdapter(any_record).json_schema())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "register: any record"
    return schema


def _described(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with each field's docstring (the string under it in the model) as its
    description, for editors to show as you type."""
    docs = {model.__name__: _inherited_docs(model) for model in _models(Strict)}
    for name, node in [(schema.get("title"), schema), *schema.get("$defs", {}).items()]:
        for field, text in docs.get(str(name), {}).items():
            prop = node.get("properties", {}).get(field)
            if prop is not None and "description" not in prop:
                prop["description"] = text
    return schema


def _models(base: type[Strict]) -> Iterator[type[Strict]]:
    for model in base.__subclasses__():
        yield model
        yield from _models(model)


def _inherited_docs(model: type[Strict]) -> dict[str, str]:
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if isinstance(cls, type) and issubclass(cls, Strict) and cls is not Strict:
            docs.update(_field_docs(cls))
    return docs


def _field_docs(model: type[Strict]) -> dict[str, str]:
    """`name: type` followed by a string, in the class's own source."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(model)))
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs = {}
    for field, doc in itertools.pairwise(body):
        if (
            isinstance(field, ast.AnnAssign)
            and isinstance(field.target, ast.Name)
            and isinstance(doc, ast.Expr)
            and isinstance(doc.value, ast.Constant)
            and isinstance(doc.value.value, str)
        ):
            docs[field.target.id] = inspect.cleandoc(doc.value.value)
    return docs
