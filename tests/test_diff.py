"""The semantic diff on hand-built pairs of versions: one table, version pair -> expected changes."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from register.audit.diff import diff
from register.records.fingerprint import fingerprint

from .conftest import MINIMAL_STRATEGY

BASE = yaml.safe_load(MINIMAL_STRATEGY)


def edited(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    change(data)
    return data


def _reorder_actions(d: dict[str, Any]) -> None:
    d["priorities"][0]["actions"].reverse()


def _reorder_priorities(d: dict[str, Any]) -> None:
    d["priorities"].reverse()


def _move_action(d: dict[str, Any]) -> None:
    moved = d["priorities"][0]["actions"].pop(1)
    moved["status"] = "on track"
    d["priorities"][1]["actions"].append(moved)


def _rename_action(d: dict[str, Any]) -> None:
    d["priorities"][0]["actions"][0]["title"] = "First action, renamed"


def _renumber_action(d: dict[str, Any]) -> None:
    d["priorities"][1]["actions"][0]["id"] = "2.9"


def _nested(d: dict[str, Any]) -> None:
    d["priorities"][1]["actions"][0]["measures"] = ["Places opened"]
    d["priorities"][1]["actions"][0]["status"] = "complete"


def _add_action(d: dict[str, Any]) -> None:
    d["priorities"][1]["actions"].insert(0, {"id": "2.2", "title": "New action", "status": "not started"})


def _text_list(d: dict[str, Any]) -> None:
    d["partners"] = ["Board", "Schools", "Health"]


def _text_list_after(d: dict[str, Any]) -> None:
    d["partners"] = ["Board", "Health", "Police"]


CASES: list[
    tuple[
        str, Callable[[dict[str, Any]], None] | None, Callable[[dict[str, Any]], None], list[dict[str, Any]]
    ]
] = [
    ("reordered actions are no change", None, _reorder_actions, []),
    ("reordered priorities are no change", None, _reorder_priorities, []),
    (
        "an action moved to another priority is one move",
        None,
        _move_action,
        [
            {
                "op": "moved",
                "path": "priorities[2].actions[1.2]",
                "from": "priorities[1].actions[1.2]",
                "old": None,
                "new": None,
            },
            {
                "op": "changed",
                "path": "priorities[2].actions[1.2].status",
                "old": "not started",
                "new": "on track",
            },
        ],
    ),
    (
        "a renamed action keeps its id",
        None,
        _rename_action,
        [
            {
                "op": "changed",
                "path": "priorities[1].actions[1.1].title",
                "old": "First action",
                "new": "First action, renamed",
            },
        ],
    ),
    (
        "a new id is a removal and an addition",
        None,
        _renumber_action,
        [
            {
                "op": "removed",
                "path": "priorities[2].actions[2.1]",
                "old": {"id": "2.1", "title": "Third action", "status": "on track"},
                "new": None,
            },
            {
                "op": "added",
                "path": "priorities[2].actions[2.9]",
                "old": None,
                "new": {"id": "2.9", "title": "Third action", "status": "on track"},
            },
        ],
    ),
    (
        "nested changes",
        None,
        _nested,
        [
            {
                "op": "changed",
                "path": "priorities[2].actions[2.1].status",
                "old": "on track",
                "new": "complete",
            },
            {
                "op": "added",
                "path": "priorities[2].actions[2.1].measures",
                "old": None,
                "new": ["Places opened"],
            },
        ],
    ),
    (
        "an added action",
        None,
        _add_action,
        [
            {
                "op": "added",
                "path": "priorities[2].actions[2.2]",
                "old": None,
                "new": {"id": "2.2", "title": "New action", "status": "not started"},
            },
        ],
    ),
    (
        "a list of text, matched by content",
        _text_list,
        _text_list_after,
        [
            {"op": "removed", "path": "partners[1]", "old": "Schools", "new": None},
            {"op": "added", "path": "partners[2]", "old": None, "new": "Police"},
        ],
    ),
]


@pytest.mark.parametrize(("case", "before", "after", "expected"), CASES, ids=[c[0] for c in CASES])
def test_diff(
    case: str,
    before: Callable[[dict[str, Any]], None] | None,
    after: Callable[[dict[str, Any]], None],
    expected: list[dict[str, Any]],
) -> None:
    old = edited(before) if before else copy.deepcopy(BASE)
    new = edited(after)
    assert [c.model_dump(mode="json") for c in diff(old, new)] == expected


def test_a_text_edit() -> None:
    new = edited(lambda d: d.update(title="Test Strategy 2020 to 2024"))
    [change] = diff(BASE, new)
    assert (change.op, str(change.path), change.old, change.new) == (
        "changed",
        "title",
        "Test Strategy 2020 to 2023",
        "Test Strategy 2020 to 2024",
    )


def test_fingerprint_ignores_layout_key_order_comments_item_order_and_lifecycle_status() -> None:
    relaid = "# a comment\n" + "\n".join(
        reversed(MINIMAL_STRATEGY.strip().split("\npriorities:")[0].splitlines())
    )
    relaid += "\npriorities:" + MINIMAL_STRATEGY.split("\npriorities:")[1]
    assert fingerprint(yaml.safe_load(relaid)) == fingerprint(BASE)
    assert fingerprint(edited(lambda d: d.update(status="approved"))) == fingerprint(BASE)
    assert fingerprint(edited(_rename_action)) != fingerprint(BASE)
    assert fingerprint(edited(_reorder_actions)) == fingerprint(BASE)  # items are matched by id, as in diff
    assert fingerprint(edited(_text_list_after)) != fingerprint(BASE)
