"""What changed between two versions of a record, field by field.

List items that carry an `id` are matched by it, so reordering them is no change and an action
that moves to another priority is one move, not a removal and an addition. Other lists are
matched by content, in order.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from .loader import PathKey

Op = Literal["added", "removed", "changed", "moved"]
MOVABLE = ("actions", "areas")  # ids unique across the record: they keep their name when moved


@dataclass(frozen=True)
class Change:
    op: Op
    key: PathKey  # where, in the newer version (in the older one for a removal)
    old: Any = None
    new: Any = None
    moved_from: PathKey | None = None

    @property
    def path(self) -> str:
        return field_path(self.key)

    def as_json(self) -> dict[str, Any]:
        document = {"op": self.op, "path": self.path, "old": _plain(self.old), "new": _plain(self.new)}
        if self.moved_from is not None:
            document["from"] = field_path(self.moved_from)
        return document


def diff(old: Any, new: Any) -> list[Change]:
    """Every difference between two versions (parsed YAML data), parents before children."""
    changes = _diff(old, new, ())
    return _pair_moves(changes)


def _diff(old: Any, new: Any, key: PathKey) -> list[Change]:
    if old == new and type(old) is type(new):
        return []  # compared in C: most of a record is unchanged between two versions
    if isinstance(old, dict) and isinstance(new, dict):
        return _diff_mappings(old, new, key)
    if isinstance(old, list) and isinstance(new, list):
        if _has_ids(old + new):
            return _diff_by_id(old, new, key)
        return _diff_in_order(old, new, key)
    return [Change("changed", key, old, new)]


def _diff_mappings(old: dict[str, Any], new: dict[str, Any], key: PathKey) -> list[Change]:
    changes: list[Change] = []
    for name in list(old) + [n for n in new if n not in old]:
        if name not in new:
            changes.append(Change("removed", (*key, name), old[name], None))
        elif name not in old:
            changes.append(Change("added", (*key, name), None, new[name]))
        else:
            changes += _diff(old[name], new[name], (*key, name))
    return changes


def _has_ids(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(item, dict) and "id" in item for item in items)


def _diff_by_id(old: list[dict[str, Any]], new: list[dict[str, Any]], key: PathKey) -> list[Change]:
    before = {str(item["id"]): item for item in old}
    after = {str(item["id"]): item for item in new}
    changes = [Change("removed", (*key, IdStep(i)), before[i], None) for i in before if i not in after]
    for item_id, item in after.items():
        if item_id in before:
            changes += _diff(before[item_id], item, (*key, IdStep(item_id)))
        else:
            changes.append(Change("added", (*key, IdStep(item_id)), None, item))
    return changes


def _diff_in_order(old: list[Any], new: list[Any], key: PathKey) -> list[Change]:
    matcher = difflib.SequenceMatcher(
        None, [_canonical(v) for v in old], [_canonical(v) for v in new], autojunk=False
    )
    changes: list[Change] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(old_end - old_start, new_end - new_start) if tag == "replace" else 0
        for offset in range(paired):
            changes += _diff(old[old_start + offset], new[new_start + offset], (*key, new_start + offset))
        changes += [Change("removed", (*key, i), old[i], None) for i in range(old_start + paired, old_end)]
        changes += [Change("added", (*key, i), None, new[i]) for i in range(new_start + paired, new_end)]
    return changes


def _pair_moves(changes: list[Change]) -> list[Change]:
    """A removed and an added item with the same id in lists of the same name are one move."""
    removed = {_movable(c): c for c in changes if c.op == "removed" and _movable(c)}
    result: list[Change] = []
    paired: set[PathKey] = set()
    for change in changes:
        origin = removed.get(_movable(change)) if change.op == "added" else None
        if origin is None:
            result.append(change)
            continue
        paired.add(origin.key)
        result.append(Change("moved", change.key, None, None, origin.key))
        result += _diff(origin.old, change.new, change.key)
    return [c for c in result if not (c.op == "removed" and c.key in paired)]


def _movable(change: Change) -> tuple[str, str] | None:
    if len(change.key) >= 2 and isinstance(change.key[-1], IdStep) and change.key[-2] in MOVABLE:
        return str(change.key[-2]), str(change.key[-1])
    return None


class IdStep(str):
    """A step through a list to the item with this id: `[2.3]` rather than `[1]`."""

    __slots__ = ()


def field_path(key: PathKey) -> str:
    text = ""
    for step in key:
        if isinstance(step, IdStep | int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else str(step)
    return text


def parse_path(text: str) -> list[str | IdStep]:
    """`priorities[2].actions[2.3].status` -> ['priorities', [2], 'actions', [2.3], 'status']."""
    steps: list[str | IdStep] = []
    for part in re.findall(r"[^.\[\]]+|\[[^\]]*\]", text):
        steps.append(IdStep(part[1:-1]) if part.startswith("[") else part)
    return steps


def value_at(data: Any, steps: list[Any]) -> Any:
    """The value at a path: `[id]` steps find list items by id, or by position in lists without ids."""
    for step in steps:
        if isinstance(data, list) and isinstance(step, int) and not isinstance(step, bool):
            data = data[step] if 0 <= step < len(data) else None
        elif isinstance(data, list) and isinstance(step, IdStep):
            if _has_ids(data):
                data = next((item for item in data if str(item["id"]) == step), None)
            else:  # a list without ids, named by position as people write it: background_papers[0]
                data = data[int(step)] if step.isdigit() and int(step) < len(data) else None
        elif isinstance(data, dict) and not isinstance(step, IdStep):
            data = data.get(step)
        else:
            return None
    return data


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str)) if value is not None else None
