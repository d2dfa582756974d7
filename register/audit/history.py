"""Every version of one record, oldest first: who changed which field, when, why, and who approved it.

Git is asked once for the commits that touched the record's file (following renames); each
version is parsed once, and parsed versions are cached by blob id, so the cost grows with the
record's own history, not with the register.
"""

from __future__ import annotations

import datetime as dt

from ..errors import NotFound, UsageError
from ..records.ids import id_of_path
from ..records.paths import FieldPath
from ..records.registry import KINDS
from ..records.values import PathText, Result
from ..store.log import NOTHING, Touch, first_parent_line, is_shallow, started_log
from ..store.version import Register
from .approvals import Pinned, approvals_of, pins_of
from .diff import Change, Op
from .steps import Step, pairs_of, steps

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
    approvable: bool = True
    """Whether the record is of a kind a decision approves (a decision itself is not)."""


def history(register: Register, record_id: str, *, field: str | None = None) -> History:
    """Every version of a record, or only those that changed one field (`field`)."""
    store = register.store
    path = register.path_of(record_id)
    wanted = _field(field)
    pending = started_log(store, path)  # git walks the history on the other core meanwhile
    every_pin = pins_of(register)
    touches = pending()
    if not touches:
        if (store.root / path).is_file():
            raise NotFound(f"'{id_of_path(path)}' has no history yet: it has never been committed")
        raise NotFound(f"no record '{id_of_path(path)}' (there is no file {path}, now or in the history)")
    pairs = pairs_of(touches)
    found = steps(store, pairs)
    versions = [
        _version(touch, found[pair], _sources(touches, index))
        for index, (touch, pair) in enumerate(zip(touches, pairs, strict=True))
    ]
    ids = {id_of_path(t.path) for t in touches} | {id_of_path(t.old_path) for t in touches}
    pins = approvals_of(register, ids, among=every_pin)
    versions = _approved(versions, [found[pair] for pair in pairs], pins, register)
    if wanted is not None:
        if not any(_holds(change, wanted) for version in versions for change in version.changes):
            raise NotFound(f"no field '{wanted}' in any version of {id_of_path(path)}")
        versions = _only_field(versions, wanted)
    last = touches[-1].new_blob
    kind = register.blob_facts([last])[last].kind if last != NOTHING else None
    return History(
        record=id_of_path(path),
        field=wanted,
        complete=not is_shallow(store),
        versions=versions,
        decisions={pin.decision: pin.label for pin in pins},
        approvable=KINDS[kind].approvable if kind in KINDS else True,
    )


def _field(field: str | None) -> FieldPath | None:
    if field is None:
        return None
    try:
        return FieldPath.parse(field)
    except ValueError as error:
        raise UsageError(f"--field {error}") from None


def _sources(touches: list[Touch], index: int) -> tuple[str, str]:
    """How a problem names the older and the newer file of a step: `path@1a2b3c4`."""
    touch = touches[index]
    before = touches[index - 1] if index else touch
    return f"{touch.old_path}@{before.commit[:7]}", f"{touch.path}@{touch.commit[:7]}"


def _version(touch: Touch, step: Step, sources: tuple[str, str]) -> RecordVersion:
    return RecordVersion.model_construct(
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
        problem=step.problem_in(sources),
        changes=step.changes,
    )


def _holds(change: Change, wanted: FieldPath) -> bool:
    """Whether the field `wanted` is within what `change` touched, in either version."""
    if change.path.within(wanted):
        return True
    if not wanted.within(change.path):
        return False
    inside = FieldPath(wanted.steps[len(change.path) :])
    return inside.resolve(change.old) is not None or inside.resolve(change.new) is not None


def _approved(
    versions: list[RecordVersion], prints: list[Step], pins: list[Pinned], register: Register
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
    in_force: list[Pinned] = []
    result = []
    for index, (version, step) in enumerate(zip(versions, prints, strict=True)):
        mine = approved_by.get(index, [])
        unchanged: list[str] = []
        if mine:
            in_force += [pin for pin in pins if pin.decision in mine]
        elif step.fingerprint is not None:
            unchanged = [pin.decision for pin in in_force if pin.fingerprint == step.fingerprint]
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
