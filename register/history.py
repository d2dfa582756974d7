"""Every version of one record, oldest first: who changed which field, when, why, and who approved it.

Git is asked once for the commits that touched the record's file (following renames); each
version is parsed once, and parsed versions are cached by blob id, so the cost grows with the
record's own history, not with the register.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .approvals import Pin, pins_of
from .diff import Change, diff, field_path, parse_path, value_at
from .errors import InvalidRecord, NotFound
from .fingerprint import fingerprint
from .gitlog import Touch, first_parent_line, is_shallow, log_of
from .ids import id_of_path
from .parsed import parsed_versions
from .store import Store


@dataclass
class Version:
    touch: Touch
    changes: list[Change]
    approved_by: list[str] = field(default_factory=list)
    as_approved_by: list[str] = field(default_factory=list)  # unchanged since these approvals
    problem: str | None = None

    @property
    def deleted(self) -> bool:
        return self.touch.status == "D"

    def as_json(self) -> dict[str, Any]:
        touch = self.touch
        return {
            "commit": touch.commit,
            "author": touch.author,
            "email": touch.email,
            "date": touch.date.isoformat(),
            "message": touch.message,
            "path": touch.path,
            "event": _event(touch),
            "approved_by": self.approved_by,
            "unchanged_since_approval_by": self.as_approved_by,
            "problem": self.problem,
            "changes": [change.as_json() for change in self.changes],
        }


@dataclass
class History:
    record: str
    versions: list[Version]
    only_field: str | None = None
    shallow: bool = False
    decisions: dict[str, str] = field(default_factory=dict)  # decision id -> "Cabinet, 18 September 2020"

    def as_json(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "field": self.only_field,
            "complete": not self.shallow,
            "versions": [version.as_json() for version in self.versions],
        }


def record_history(store: Store, record_id: str, field_path_filter: str | None = None) -> History:
    path = store.path_of(record_id)
    touches = log_of(store, path)
    if not touches:
        if (store.root / path).is_file():
            raise NotFound(f"'{id_of_path(path)}' has no history yet: it has never been committed")
        raise NotFound(f"no record '{id_of_path(path)}' (there is no file {path}, now or in the history)")
    names = {t.new_blob: f"{t.path}@{t.commit[:7]}" for t in touches}
    contents = parsed_versions(store, [t.new_blob for t in touches] + [t.old_blob for t in touches], names)
    versions = [_version(touch, contents) for touch in touches]
    decisions = _mark_approvals(store, versions, contents)
    if field_path_filter:
        if not any(
            value_at(data, parse_path(field_path_filter)) is not None
            for data in contents.values()
            if isinstance(data, dict)
        ):
            raise NotFound(f"no field '{field_path_filter}' in any version of {id_of_path(path)}")
        versions = _only_field(versions, field_path_filter)
    return History(id_of_path(path), versions, field_path_filter, is_shallow(store), decisions)


def _version(touch: Touch, contents: dict[str, Any]) -> Version:
    old = contents.get(touch.old_blob, {}) if touch.status != "A" else {}
    new = contents.get(touch.new_blob, {}) if touch.status != "D" else {}
    for side in (old, new):
        if isinstance(side, InvalidRecord):
            return Version(touch, [], problem=str(side.problems[0]))
    if touch.status == "D":
        return Version(touch, [Change("removed", (), old, None)])
    return Version(touch, diff(old, new))


def _mark_approvals(store: Store, versions: list[Version], contents: dict[str, Any]) -> dict[str, str]:
    """Which decisions approved each version, and which versions are still as they approved."""
    ids = {id_of_path(v.touch.path) for v in versions} | {id_of_path(v.touch.old_path) for v in versions}
    pins, _ = pins_of(store, ids)
    by_commit = {v.touch.commit: v for v in versions}
    for pin in pins:
        target = by_commit.get(pin.commit) or by_commit.get(_version_commit(store, pin.commit, by_commit))
        if target is not None:
            target.approved_by.append(pin.decision)
    approved: list[Pin] = []  # approvals in force so far
    for version in versions:
        data = contents.get(version.touch.new_blob)
        if version.approved_by:
            approved += [pin for pin in pins if pin.decision in version.approved_by]
        elif isinstance(data, dict) and not version.deleted:
            mine = fingerprint(data)
            version.as_approved_by = [pin.decision for pin in approved if pin.fingerprint == mine]
    return {pin.decision: pin.label for pin in pins}


def _version_commit(store: Store, commit: str, by_commit: dict[str, Version]) -> str | None:
    """The version in force at `commit`, for a pin that names a later commit than the change."""
    return next((c for c in first_parent_line(store, commit) if c in by_commit), None)


def _only_field(versions: list[Version], wanted: str) -> list[Version]:
    """The versions that changed one field (or anything within it), their changes narrowed to it."""
    kept = []
    for version in versions:
        changes = [narrowed for c in version.changes if (narrowed := narrow(c, wanted)) is not None]
        if changes or version.approved_by:
            kept.append(
                Version(version.touch, changes, version.approved_by, version.as_approved_by, version.problem)
            )
    return kept


def narrow(change: Change, wanted: str) -> Change | None:
    """`change` if it is within the field `wanted`; the field's own change if `change` holds it."""
    path = change.path
    if path == wanted or path.startswith((wanted + ".", wanted + "[")):
        return change
    if change.moved_from is not None and field_path(change.moved_from).startswith(wanted):
        return change
    if path and not wanted.startswith((path + ".", path + "[")):
        return None
    steps = parse_path(wanted)[len(parse_path(path)) if path else 0 :]
    old, new = value_at(change.old, steps), value_at(change.new, steps)
    if old == new:
        return None
    op = "added" if old is None else "removed" if new is None else "changed"
    return Change(op, tuple(change.key) + tuple(steps), old, new)


def _event(touch: Touch) -> str:
    return {"A": "created", "D": "deleted", "R": f"renamed from {touch.old_path}"}.get(
        touch.status, "changed"
    )
