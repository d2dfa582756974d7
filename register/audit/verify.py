"""Every approval checked against today's records and against history.

For each decision's pinned version: is the record still as approved (`current`), changed since
(`changed`, with the fields), or is the pinned version gone or altered (`missing`: history was
rewritten or the pin tampered with)? An approval followed by a later approval of the same record
is `superseded`. Strategies whose status says approved but that no decision approved are listed,
and so are decision files that cannot be read (whatever they approved cannot be checked).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import computed_field

from ..errors import InvalidRecord, Problem
from ..records.fingerprint import LIFECYCLE_KEYS, fingerprint
from ..records.ids import id_of_path, path_of_id
from ..records.values import Result
from ..store.log import is_shallow, reachable, renames_since
from ..store.parsed import parsed_versions
from ..store.version import Register, Version
from .approvals import Pinned, pins_of
from .diff import diff

Status = Literal["current", "changed", "missing", "superseded"]


class Approval(Result):
    decision: str
    record: str
    commit: str
    fingerprint: str
    date: dt.date | None
    status: Status
    changed_paths: list[str] = []
    note: str = ""
    decision_label: str


class Verification(Result):
    approvals: list[Approval]
    unapproved: list[str] = []
    """Strategies whose status says approved, though no decision in the register approved them."""
    problems: list[Problem] = []
    """Decision files that cannot be read: what they approve cannot be checked."""

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented way to put a property in the JSON
    @property
    def ok(self) -> bool:
        settled = all(a.status in ("current", "superseded") for a in self.approvals)
        return settled and not self.unapproved and not self.problems


def verify(register: Register) -> Verification:
    """Every approval in the register's decisions, checked against the records and their history."""
    version = register.working()
    pins = pins_of(version)
    renamed = _renames(register, version, pins)
    now_ids = {pin.record: renamed.get(pin.record, pin.record) for pin in pins}
    latest = {now_ids[pin.record]: pin for pin in pins}  # in date order: the last one wins
    pinned = _pinned_versions(register, pins)
    in_history = reachable(register.store) if pins else set()
    approvals = []
    for pin in pins:
        now_id = now_ids[pin.record]
        found = pinned.get(pin) if pin.commit in in_history else None
        approval = _check(pin, found, _current(version, now_id), latest[now_id] is pin)
        if now_id != pin.record:
            approval = approval.model_copy(
                update={"note": f"{approval.note}; renamed to {now_id}".lstrip("; ")}
            )
        approvals.append(approval)
    if approvals and is_shallow(register.store):
        approvals = [_shallow(a) for a in approvals]
    return Verification(
        approvals=approvals,
        unapproved=_unapproved(version, set(now_ids.values())),
        problems=_unreadable_decisions(version),
    )


def _current(version: Version, record_id: str) -> dict[str, Any] | InvalidRecord | None:
    """The record's data as it stands (its own, no defaults), its problem, or None if deleted."""
    if path_of_id(record_id) not in version.files:
        return None
    try:
        return version.data(record_id)
    except InvalidRecord as error:
        return error


def _renames(register: Register, version: Version, pins: list[Pinned]) -> dict[str, str]:
    """Record ids renamed since their approval: old id -> id now (following chains of renames)."""
    gone = [pin for pin in pins if path_of_id(pin.record) not in version.files]
    if not gone:
        return {}
    moves = {
        id_of_path(old): id_of_path(new) for old, new in renames_since(register.store, gone[0].commit).items()
    }
    result = {}
    for pin in gone:
        now, seen = pin.record, set()
        while now in moves and now not in seen:
            seen.add(now)
            now = moves[now]
        if now != pin.record:
            result[pin.record] = now
    return result


def _pinned_versions(register: Register, pins: list[Pinned]) -> dict[Pinned, Any]:
    """Each pinned version's data (or InvalidRecord), through the cache; a missing one is absent."""
    store = register.store
    specs = {pin: f"{pin.commit}:{path_of_id(pin.record)}" for pin in pins}
    blobs = store.blob_ids(list(specs.values()))
    names = {blob: spec for spec, blob in blobs.items() if blob}
    contents = parsed_versions(store, list(names), names)
    return {pin: contents[blob] for pin, spec in specs.items() if (blob := blobs.get(spec)) in contents}


def _check(pin: Pinned, pinned: Any, now: Any, latest: bool) -> Approval:
    def approval(status: Status, note: str = "", changed: list[str] | None = None) -> Approval:
        return Approval(
            decision=pin.decision,
            record=pin.record,
            commit=pin.commit,
            fingerprint=pin.fingerprint,
            date=pin.date,
            status=status,
            changed_paths=changed or [],
            note=note,
            decision_label=pin.label,
        )

    if pinned is None:
        return approval(
            "missing",
            f"the approved version ({pin.commit[:10]}) is not in this repository's history: "
            "history was rewritten, or the pin is wrong",
        )
    if isinstance(pinned, InvalidRecord) or fingerprint(pinned) != pin.fingerprint:
        return approval(
            "missing", "the version at the pinned commit does not match the fingerprint the decision recorded"
        )
    if not latest:
        return approval("superseded", "a later decision approved this record again")
    if now is None:
        return approval("changed", "the record has been deleted since it was approved", ["(whole record)"])
    if isinstance(now, InvalidRecord):
        return approval("changed", f"the record cannot be read now: {now.problems[0]}", ["(whole record)"])
    if fingerprint(now) != pin.fingerprint:
        changed = [str(c.path) for c in diff(pinned, now) if not _lifecycle(c)]
        return approval("changed", f"changed since {pin.label} approved it", changed)
    return approval("current")


def _shallow(approval: Approval) -> Approval:
    if approval.status != "missing":
        return approval
    note = approval.note + " (this is a shallow clone: fetch the whole history with git fetch --unshallow)"
    return approval.model_copy(update={"note": note})


def _unapproved(version: Version, approved: set[str]) -> list[str]:
    """Strategies whose status says approved, though no decision approved them."""
    return sorted(
        id_of_path(path)
        for path, facts in version.index.items()
        if facts.kind == "strategy" and facts.status == "approved" and id_of_path(path) not in approved
    )


def _unreadable_decisions(version: Version) -> list[Problem]:
    """Record files that cannot be read at all: if one is a decision, its pins cannot be seen."""
    return [
        problem
        for path, facts in version.index.items()
        if facts.kind is None and facts.problems
        for problem in facts.problems_in(version.source(path))
    ]


def _lifecycle(change: Any) -> bool:
    return len(change.path) == 1 and change.path.last in LIFECYCLE_KEYS
