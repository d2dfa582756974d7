"""A record's canonical content and its fingerprint, the same however the YAML is laid out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from .paths import FieldPath, Item
from .registry import PLANS

# The lifecycle status moves from draft to approved because of the decision itself, so it is
# not part of what a decision approves. Nor are an improvement plan's events: a revisit's
# judgement, a stocktake, a measure's reported values happen to the plan after it is approved.
# Every other key, at any depth, is. Items with ids are compared by id, as in every diff, so
# reordering them leaves the fingerprint as it was.
LIFECYCLE_KEYS = frozenset({"status"})
EVENT_KEYS = frozenset({"revisits", "stocktakes"})
EVENT_LISTS = frozenset({"actuals"})
"""Keys, at any depth, of events recorded on an item (a measure's actuals)."""


def approved_content(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in without_events(data).items() if key not in LIFECYCLE_KEYS}


def without_events(data: dict[str, Any]) -> dict[str, Any]:
    """The record's own text: an improvement plan without its revisits, stocktakes and actuals."""
    kept = {key: value for key, value in data.items() if key not in EVENT_KEYS}
    if data.get("kind") not in PLANS:  # only a plan's measures hold actuals: no walk for the rest
        return kept
    return {key: _without_events(value) for key, value in kept.items()}


def outside_approval(path: FieldPath) -> bool:
    """Is the field at `path` one a decision's approval does not cover (see `approved_content`)?"""
    if len(path) == 1 and path.last in LIFECYCLE_KEYS | EVENT_KEYS:
        return True
    return any(step in EVENT_LISTS for step in path.steps if not isinstance(step, Item))


def _without_events(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_events(item) for key, item in value.items() if key not in EVENT_LISTS}
    if isinstance(value, list):
        return [_without_events(item) for item in value]
    return value


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)


def fingerprint(data: dict[str, Any]) -> str:
    digest = hashlib.sha256(canonical_json(_ordered(approved_content(data))).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def _ordered(data: Any) -> Any:
    """Lists of items with ids in id order: like every diff, the fingerprint matches items by id.
    (Only lists and mappings are walked into: a record's many plain values are taken as they are.)"""
    if isinstance(data, dict):
        return {key: _ordered(value) if isinstance(value, _NESTED) else value for key, value in data.items()}
    if isinstance(data, list):
        items = [_ordered(item) if isinstance(item, _NESTED) else item for item in data]
        if items and all(isinstance(item, dict) and "id" in item for item in items):
            items.sort(key=lambda item: str(item["id"]))
        return items
    return data


_NESTED = (dict, list)


def _plain(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")
