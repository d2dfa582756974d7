"""Every version of one record, oldest first: who changed which field, when, why, and who approved it.

Git is asked once for the commits that touched the record's file (following renames); each
version is parsed once, and parsed versions are cached by blob id, so the cost grows with the
record's own history, not with the register.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import InvalidRecord, NotFound, UsageError
from ..records.ids import id_of_path
from ..records.paths import FieldPath
from ..records.values import PathText, Result
from ..store.log import Touch, first_parent_line, is_shallow, log_of
from ..store.parsed import fingerprints, parsed_versions
from ..store.version import Register
from .approvals import Pinned, pins_of
from .diff import Change, Op, diff

EVENTS = {"A": "created", "D": "deleted", "M": "changed", "C": "created"}


class RecordVersion(Result):
    """One commit's change to the record."""

    commit: str
    author: str
    email: str
    date: dt.datetime
    message: str
    path: str
    event: str
    """created, changed, deleted, or 'renamed from OLD'."""
    approved_by: list[str] = []
    """Decisions that approved this version."""
    unchanged_since_approval_by: list[str] = []
    """Decisions whose approved content this version still has (only its status moved, say)."""
    problem: str | None = None
    """Why this version cannot be compared (its file cannot be read)."""
    changes: list[Change] = []


class History(Result):
    record: str
    field: PathText | None = None
    complete: bool = True
    """False in a shallow clone: older versions are not here."""
    versions: list[RecordVersion]
    decisions: dict[str, str] = {}
    """The label of each decision named above: 'Cabinet, 18 September 2020'."""


def history(register: Register, record_id: str, *, field: str | None = None) -> History:
    """Every version of a record, or only those that changed one field (`field`)."""
    store = register.store
    path = register.path_of(record_id)
    wanted = _field(field)
    touches = log_of(store, path)
    if not touches:
        if (store.root / path).is_file():
            raise NotFound(f"'{id_of_path(path)}' has no history yet: it has never been committed")
        raise NotFound(f"no record '{id_of_path(path)}' (there is no file {path}, now or in the history)")
    names = {t.new_blob: f"{t.path}@{t.commit[:7]}" for t in touches}
    contents = parsed_versions(store, [t.new_blob for t in touches] + [t.old_blob for t in touches], names)
    ids = {id_of_path(t.path) for t in touches} | {id_of_path(t.old_path) for t in touches}
    pins = pins_of(register.working(), ids)
    versions = _approved([_version(t, contents) for t in touches], touches, pins, contents, register)
    if wanted is not None:
        if not any(wanted.resolve(data) is not None for data in contents.values() if isinstance(data, dict)):
            raise NotFound(f"no field '{wanted}' in any version of {id_of_path(path)}")
        versions = _only_field(versions, wanted)
    return History(
        record=id_of_path(path),
        field=wanted,
        complete=not is_shallow(store),
        versions=versions,
        decisions={pin.decision: pin.label for pin in pins},
    )


def _field(field: str | None) -> FieldPath | None:
    if field is None:
        return None
    try:
        return FieldPath.parse(field)
    except ValueError as error:
        raise UsageError(f"--field {error}") from None


def _version(touch: Touch, contents: dict[str, Any]) -> RecordVersion:
    old = contents.get(touch.old_blob, {}) if touch.status != "A" else {}
    new = contents.get(touch.new_blob, {}) if touch.status != "D" else {}
    made = RecordVersion.model_construct(
        commit=touch.commit,
        author=touch.author,
        email=touch.email,
        date=touch.date,
        message=touch.message,
        path=touch.path,
        event=f"renamed from {touch.old_path}"
        if touch.status == "R"
        else EVENTS.get(touch.status, "changed"),
        approved_by=[],
        unchanged_since_approval_by=[],
        problem=None,
        changes=[],
    )
    for side in (old, new):
        if isinstance(side, InvalidRecord):
            return made.model_copy(update={"problem": str(side.problems[0])})
    if touch.status == "D":
        return made.model_copy(update={"changes": [Change(op="removed", path=FieldPath(), old=old)]})
    return made.model_copy(update={"changes": diff(old, new)})


def _approved(
    versions: list[RecordVersion],
    touches: list[Touch],
    pins: list[Pinned],
    contents: dict[str, Any],
    register: Register,
) -> list[RecordVersion]:
    """Which decisions approved each version, and which versions are still as they approved."""
    by_commit = {v.commit: i for i, v in enumerate(versions)}
    approved_by: dict[int, list[str]] = {}
    for pin in pins:
        index = by_commit.get(pin.commit)
        if index is None:
            index = next(
                (by_commit[c] for c in first_parent_line(register.store, pin.commit) if c in by_commit), None
            )
        if index is not None:
            approved_by.setdefault(index, []).append(pin.decision)
    first = min(approved_by, default=len(versions))
    prints = fingerprints(
        register.store,
        {
            t.new_blob: contents[t.new_blob]
            for t in touches[first:]
            if isinstance(contents.get(t.new_blob), dict)
        },
    )
    in_force: list[Pinned] = []
    result = []
    for index, (version, touch) in enumerate(zip(versions, touches, strict=True)):
        mine = approved_by.get(index, [])
        unchanged: list[str] = []
        if mine:
            in_force += [pin for pin in pins if pin.decision in mine]
        elif touch.status != "D" and version.problem is None and in_force and touch.new_blob in prints:
            unchanged = [pin.decision for pin in in_force if pin.fingerprint == prints[touch.new_blob]]
        result.append(
            version.model_copy(update={"approved_by": mine, "unchanged_since_approval_by": unchanged})
        )
    return result


def _only_field(versions: list[RecordVersion], wanted: FieldPath) -> list[RecordVersion]:
    """The versions that changed one field (or anything within it), their changes narrowed to it."""
    kept = []
    for version in versions:
        changes = [narrowed for c in version.changes if (narrowed := narrow(c, wanted)) is not None]
        if changes or version.approved_by:
            kept.append(version.model_copy(update={"changes": changes}))
    return kept


def narrow(change: Change, wanted: FieldPath) -> Change | None:
    """`change` if it is within the field `wanted`; the field's own change if `change` holds it."""
    if change.path.within(wanted):
        return change
    if change.moved_from is not None and change.moved_from.within(wanted):
        return change
    if not wanted.within(change.path):
        return None
    inside = FieldPath(wanted.steps[len(change.path) :])
    old, new = inside.resolve(change.old), inside.resolve(change.new)
    if old == new:
        return None
    op: Op = "added" if old is None else "removed" if new is None else "changed"
    return Change(op=op, path=change.path + inside, old=old, new=new)
