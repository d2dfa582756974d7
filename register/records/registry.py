"""The record kinds, and everything that is true of each kind, said once.

Importing this module is cheap: a kind's pydantic model is imported only when it is asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UsageError
from .paths import FieldPath

if TYPE_CHECKING:
    from .kinds.common import RecordBase


@dataclass(frozen=True)
class Reference:
    """A field that names another record, and the kinds that record may be."""

    pattern: FieldPath
    kinds: tuple[str, ...]


def _refs(*rules: tuple[str, tuple[str, ...]]) -> tuple[Reference, ...]:
    return tuple(Reference(FieldPath.parse(pattern), kinds) for pattern, kinds in rules)


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    """How a paper names the kind: 'Written Statement of Action'."""
    folder: str
    """Where `register new` puts a record of this kind."""
    model_name: str
    """The pydantic model, in `register.records.kinds.<module>`."""
    id_lists: tuple[str, ...] = ()
    """Lists whose items carry ids, unique across the whole record: matched by id in every diff."""
    movable: tuple[str, ...] = ()
    """Of those, the items that keep their name when they move to another parent (an action)."""
    references: tuple[Reference, ...] = ()
    approvable: bool = False
    """Can a decision approve it (and pin its version)?"""
    renderable: bool = False
    """Does `register render` write it as a paper of its own?"""
    module: str = ""
    """The module of `register.records.kinds` that holds the model (default: the kind's name)."""
    plan: bool = False
    """An improvement plan: areas with measures, revisits and stocktakes (`register progress`)."""

    @property
    def model(self) -> type[RecordBase]:
        module = importlib.import_module(f"register.records.kinds.{self.module or self.name}")
        model: type[RecordBase] = getattr(module, self.model_name)
        return model

    @property
    def template(self) -> str:
        """The record template, inside a register's (or the bundled) templates/ folder."""
        return f"records/{self.name}.yaml"


PLANS = ("wsoa", "app", "priority-action-plan")
APPROVABLE = ("strategy", *PLANS, "ehria")
ALL = (*APPROVABLE, "decision")
FILE = ("file",)
"""Not a record: a file kept in the register (an appendix in PDF or Word, say), named by its path."""

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "strategy",
            "Strategy",
            "strategy",
            "Strategy",
            id_lists=("priorities", "actions"),
            movable=("actions",),
            references=_refs(("supersedes", ("strategy",)), ("responds_to[*]", PLANS)),
            approvable=True,
            renderable=True,
        ),
        *(
            Kind(
                name,
                label,
                "strategy",
                model_name,
                id_lists=("areas", "actions", "measures"),
                movable=("actions", "areas", "measures"),
                references=_refs(("follows.plan", PLANS)),
                approvable=True,
                renderable=True,
                module="plan",
                plan=True,
            )
            for name, label, model_name in (
                ("wsoa", "Written Statement of Action", "Wsoa"),
                ("app", "Accelerated Progress Plan", "AcceleratedProgressPlan"),
                ("priority-action-plan", "Priority Action Plan", "PriorityActionPlan"),
            )
        ),
        Kind(
            "ehria",
            "Equality and Human Rights Impact Assessment screening",
            "strategy",
            "Ehria",
            references=_refs(("screens", ALL)),
            approvable=True,
            renderable=True,
        ),
        Kind(
            "decision",
            "Decision",
            "decisions",
            "Decision",
            references=_refs(
                ("considers[*]", ALL),
                ("approves[*]", APPROVABLE),
                ("timetable[*]", ("decision",)),
                ("approved_versions[*].record", APPROVABLE),
                ("report.policy_framework.previous_decisions[*]", ("decision",)),
                ("report.sections[*].comments_of", ("decision",)),
                ("report.equality.screening", ("ehria",)),
                ("report.appendices[*].record", ALL),
                ("report.appendices[*].file", FILE),
                ("report.background_papers[*].decision", ("decision",)),
                ("report.**.priorities_of", ("strategy",)),
            ),
        ),
    )
}
NAMES = tuple(KINDS)
MOVABLE = tuple(sorted({name for kind in KINDS.values() for name in kind.movable}))
ID_LISTS = tuple(sorted({name for kind in KINDS.values() for name in kind.id_lists}))


def kind_named(name: str) -> Kind:
    """The kind called `name`, or a UsageError listing the kinds there are."""
    found = KINDS.get(name)
    if found is None:
        raise UsageError(f"unknown kind '{name}': use one of {', '.join(NAMES)}")
    return found
