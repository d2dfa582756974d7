"""A record's canonical content and its fingerprint, the same however the YAML is laid out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

# The lifecycle status moves from draft to approved because of the decision itself, so it is
# not part of what a decision approves; every other key, at any depth, is.
LIFECYCLE_KEYS = frozenset({"status"})


def approved_content(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in LIFECYCLE_KEYS}


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)


def fingerprint(data: dict[str, Any]) -> str:
    digest = hashlib.sha256(canonical_json(approved_content(data)).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def _plain(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")
