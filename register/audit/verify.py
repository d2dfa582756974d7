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

from ..errors import Problem
from ..records.fingerprint import LIFECYCLE_KEYS
from ..records.ids import id_of_path, path_of_id
from ..records.values import Result
from ..store.index import Facts
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
    in_history = reachable(register.store) if pins else set()
    pinned = register.facts_at([_spec(pin) for pin in pins if pin.commit in in_history])
    checked = [
        _check(
            pin,
            pinned.get(_spec(pin), ("", None))[1],
            _current(version, now_ids[pin.record]),
            latest[now_ids[pin.record]] is pin,
            path_of_id(now_ids[pin.record]),
        )
        for pin in pins
    ]
    changed = _changed_paths(
        register,
        version,
        {
            pin: (pinned[_spec(pin)][0], now_ids[pin.record])
            for pin, a in zip(pins, checked, strict=True)
            if a.status == "changed" and not a.changed_paths
        },
    )
    approvals = []
    for pin, approval in zip(pins, checked, strict=True):
        now_id = now_ids[pin.record]
        if pin in changed:
            approval = approval.model_copy(update={"changed_paths": changed[pin]})
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


def _spec(pin: Pinned) -> str:
    return f"{pin.commit}:{path_of_id(pin.record)}"


def _current(version: Version, record_id: str) -> Facts | None:
    """What the record says as it stands, or None if it is gone."""
    path = path_of_id(record_id)
    return version.facts([path])[path] if path in version.files else None


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


def _check(pin: Pinned, pinned: Facts | None, now: Facts | None, latest: bool, now_path: str) -> Approval:
    """The status of one approval, from the facts of the pinned version and of the record now."""

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
    if pinned.fingerprint != pin.fingerprint:
        return approval(
            "missing", "the version at the pinned commit does not match the fingerprint the decision recorded"
        )
    if not latest:
        return approval("superseded", "a later decision approved this record again")
    if now is None:
        return approval("changed", "the record has been deleted since it was approved", ["(whole record)"])
    if now.fingerprint is None:
        line, column, message = now.problems[0] if now.problems else (1, 1, "it cannot be read")
        where = f"{now_path}:{line}:{column}"
        return approval("changed", f"the record cannot be read now: {where}: {message}", ["(whole record)"])
    if now.fingerprint != pin.fingerprint:
        return approval("changed", f"changed since {pin.label} approved it")
    return approval("current")


def _changed_paths(
    register: Register, version: Version, changed: dict[Pinned, tuple[str, str]]
) -> dict[Pinned, list[str]]:
    """For each changed approval (its pinned blob, its record's id now), the fields that differ
    from the approved version: only changed records are read again."""
    pinned = parsed_versions(register.store, [blob for blob, _ in changed.values()])
    return {
        pin: [str(c.path) for c in diff(pinned[blob], version.data(now_id)) if not _lifecycle(c)]
        for pin, (blob, now_id) in changed.items()
    }


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
