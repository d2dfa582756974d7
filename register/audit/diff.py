"""What changed between two versions of a record, field by field.

List items that carry an `id` are matched by it, so reordering them is no change and an action
that moves to another priority is one move, not a removal and an addition. Other lists are
matched by content, in order. The diff works on a record's own data as its file holds it (what
`Version.data` gives, or `plain_data` of a model): old versions need not fit today's schema.
"""

from __future__ import annotations

import difflib
import json
from typing import Any, Literal

from pydantic import Field, model_serializer
from pydantic_core.core_schema import SerializerFunctionWrapHandler

from ..records.paths import FieldPath, Item, has_ids, item_id
from ..records.registry import MOVABLE
from ..records.values import PathText, Result

Op = Literal["added", "removed", "changed", "moved"]
OPS: tuple[Op, ...] = ("added", "removed", "changed", "moved")


class Change(Result):
    op: Op
    path: PathText
    """Where, in the newer version (in the older one for a removal)."""
    old: Any = None
    new: Any = None
    moved_from: PathText | None = Field(default=None, alias="from")

    @model_serializer(mode="wrap")
    def _without_empty_from(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        document: dict[str, Any] = handler(self)
        if document.get("from") is None:
            document.pop("from", None)
        return document


def diff(old: Any, new: Any, movable: tuple[str, ...] = MOVABLE) -> list[Change]:
    """Every difference between two versions' data, parents before children."""
    return _pair_moves(_diff(old, new, FieldPath()), movable)


def _change(
    op: Op, path: FieldPath, old: Any = None, new: Any = None, moved_from: FieldPath | None = None
) -> Change:
    # Built without validation: the diff makes many, and makes them right.
    return Change.model_construct(op=op, path=path, old=old, new=new, moved_from=moved_from)


def _diff(old: Any, new: Any, path: FieldPath) -> list[Change]:
    if old == new and type(old) is type(new):
        return []  # compared in C: most of a record is unchanged between two versions
    if isinstance(old, dict) and isinstance(new, dict):
        return _diff_mappings(old, new, path)
    if isinstance(old, list) and isinstance(new, list):
        if has_ids(old + new):
            return _diff_by_id(old, new, path)
        return _diff_in_order(old, new, path)
    return [_change("changed", path, old, new)]


def _diff_mappings(old: dict[str, Any], new: dict[str, Any], path: FieldPath) -> list[Change]:
    changes: list[Change] = []
    for name in list(old) + [n for n in new if n not in old]:
        if name not in new:
            changes.append(_change("removed", path / name, old[name], None))
        elif name not in old:
            changes.append(_change("added", path / name, None, new[name]))
        else:
            changes += _diff(old[name], new[name], path / name)
    return changes


def _diff_by_id(old: list[Any], new: list[Any], path: FieldPath) -> list[Change]:
    before = {item_id(item): item for item in old}
    after = {item_id(item): item for item in new}
    changes = [_change("removed", path / Item(i), before[i], None) for i in before if i and i not in after]
    for found, item in after.items():
        if found in before:
            changes += _diff(before[found], item, path / Item(found or ""))
        else:
            changes.append(_change("added", path / Item(found or ""), None, item))
    return changes


def _diff_in_order(old: list[Any], new: list[Any], path: FieldPath) -> list[Change]:
    matcher = difflib.SequenceMatcher(
        None, [_canonical(v) for v in old], [_canonical(v) for v in new], autojunk=False
    )
    changes: list[Change] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(old_end - old_start, new_end - new_start) if tag == "replace" else 0
        for offset in range(paired):
            changes += _diff(old[old_start + offset], new[new_start + offset], path / (new_start + offset))
        changes += [_change("removed", path / i, old[i], None) for i in range(old_start + paired, old_end)]
        changes += [_change("added", path / i, None, new[i]) for i in range(new_start + paired, new_end)]
    return changes


def _pair_moves(changes: list[Change], movable: tuple[str, ...]) -> list[Change]:
    """A removed and an added item with the same id in lists of the same name are one move."""
    removed = {key: c for c in changes if c.op == "removed" and (key := _movable(c.path, movable))}
    result: list[Change] = []
    paired: set[FieldPath] = set()
    for change in changes:
        key = _movable(change.path, movable) if change.op == "added" else None
        origin = removed.get(key) if key else None
        if origin is None:
            result.append(change)
            continue
        paired.add(origin.path)
        result.append(_change("moved", change.path, moved_from=origin.path))
        result += _diff(origin.old, change.new, change.path)
    return [c for c in result if not (c.op == "removed" and c.path in paired)]


def _movable(path: FieldPath, movable: tuple[str, ...]) -> tuple[str, str] | None:
    if len(path) >= 2 and isinstance(path.last, Item) and path.steps[-2] in movable:
        return str(path.steps[-2]), str(path.last)
    return None


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
