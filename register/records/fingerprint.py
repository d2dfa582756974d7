"""A record's canonical content and its fingerprint, the same however the YAML is laid out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

# The lifecycle status moves from draft to approved because of the decision itself, so it is
# not part of what a decision approves; every other key, at any depth, is. Items with ids are
# compared by id, as in every diff, so reordering them leaves the fingerprint as it was.
LIFECYCLE_KEYS = frozenset({"status"})


def approved_content(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in LIFECYCLE_KEYS}


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)


def fingerprint(data: dict[str, Any]) -> str:
    digest = hashlib.sha256(canonical_json(_ordered(approved_content(data))).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def _ordered(data: Any) -> Any:
    """Lists of items with ids in id order: like every diff, the fingerprint matches items by id."""
    if isinstance(data, dict):
        return {key: _ordered(value) for key, value in data.items()}
    if isinstance(data, list):
        items = [_ordered(item) for item in data]
        if items and all(isinstance(item, dict) and "id" in item for item in items):
            items.sort(key=lambda item: str(item["id"]))
        return items
    return data


def _plain(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")
