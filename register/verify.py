"""Every approval checked against today's records and against history.

For each decision's pinned version: is the record still as approved (`current`), changed since
(`changed`, with the fields), or is the pinned version gone or altered (`missing`: history was
rewritten or the pin tampered with)? An approval followed by a later approval of the same record
is `superseded`. Strategies whose status says approved but that no decision approved are listed,
and so are decision files that cannot be read (whatever they approved cannot be checked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .approvals import Pin, pins_of
from .diff import diff
from .errors import InvalidRecord, Problem
from .fingerprint import LIFECYCLE_KEYS, fingerprint
from .gitlog import is_shallow, reachable, renames_since
from .ids import id_of_path, path_of_id
from .parsed import parsed_files, parsed_versions
from .store import Store

Status = Literal["current", "changed", "missing", "superseded"]
APPROVED = ("status: approved", 'status: "approved"', "status: 'approved'")


@dataclass
class Approval:
    pin: Pin
    status: Status = "current"
    changed_paths: list[str] = field(default_factory=list)
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        pin = self.pin
        return {
            "decision": pin.decision,
            "record": pin.record,
            "commit": pin.commit,
            "fingerprint": pin.fingerprint,
            "date": pin.date,
            "status": self.status,
            "changed_paths": self.changed_paths,
            "note": self.note,
            "decision_label": pin.label,
        }


@dataclass
class Verification:
    approvals: list[Approval]
    unapproved: list[str]  # strategies whose status says approved, approved by no decision
    problems: list[Problem] = field(default_factory=list)  # files that could not be read

    @property
    def ok(self) -> bool:
        settled = all(a.status in ("current", "superseded") for a in self.approvals)
        return settled and not self.unapproved and not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "approvals": [a.as_json() for a in self.approvals],
            "unapproved": self.unapproved,
            "problems": [p.as_json() for p in self.problems],
        }


def verify(store: Store) -> Verification:
    """Reads the decisions that pin versions, the records they approve, and strategies that say approved."""
    pins, problems = pins_of(store)
    approvals = [Approval(pin) for pin in pins]
    renamed = _renames(store, pins)
    now_ids = {pin.record: renamed.get(pin.record, pin.record) for pin in pins}
    current = parsed_files(store, sorted({path_of_id(i) for i in now_ids.values()}))
    pinned = _pinned_versions(store, pins)
    latest = {now_ids[a.pin.record]: a for a in approvals}  # in date order: the last one wins
    in_history = reachable(store) if pins else set()
    for approval in approvals:
        now_id = now_ids[approval.pin.record]
        version = pinned.get(approval.pin) if approval.pin.commit in in_history else None
        _check(approval, version, current.get(path_of_id(now_id)), latest[now_id] is approval)
        if now_id != approval.pin.record:
            approval.note = f"{approval.note}; renamed to {now_id}".lstrip("; ")
    if is_shallow(store):
        for approval in approvals:
            if approval.status == "missing":
                approval.note += (
                    " (this is a shallow clone: fetch the whole history with git fetch --unshallow)"
                )
    return Verification(approvals, _unapproved(store, set(now_ids.values())), problems)


def _renames(store: Store, pins: list[Pin]) -> dict[str, str]:
    """Record ids renamed since their approval: old id -> id now (following chains of renames)."""
    gone = [pin for pin in pins if not (store.root / path_of_id(pin.record)).is_file()]
    if not gone:
        return {}
    moves = {id_of_path(old): id_of_path(new) for old, new in renames_since(store, gone[0].commit).items()}
    result = {}
    for pin in gone:
        now, seen = pin.record, set()
        while now in moves and now not in seen:
            seen.add(now)
            now = moves[now]
        if now != pin.record:
            result[pin.record] = now
    return result


def _pinned_versions(store: Store, pins: list[Pin]) -> dict[Pin, Any]:
    """Each pinned version's parsed data (or InvalidRecord), through the cache; a missing one is absent."""
    specs = {pin: f"{pin.commit}:{path_of_id(pin.record)}" for pin in pins}
    blobs = store.blob_ids(list(specs.values()))
    names = {blob: spec for spec, blob in blobs.items() if blob}
    contents = parsed_versions(store, list(names), names)
    return {pin: contents[blobs[spec]] for pin, spec in specs.items() if blobs.get(spec) in contents}


def _check(approval: Approval, pinned: Any, now: Any, latest: bool) -> None:
    pin = approval.pin
    if pinned is None:
        approval.status = "missing"
        approval.note = (
            f"the approved version ({pin.commit[:10]}) is not in this repository's history: "
            "history was rewritten, or the pin is wrong"
        )
    elif isinstance(pinned, InvalidRecord) or fingerprint(pinned) != pin.fingerprint:
        approval.status = "missing"
        approval.note = (
            "the version at the pinned commit does not match the fingerprint the decision recorded"
        )
    elif not latest:
        approval.status = "superseded"
        approval.note = "a later decision approved this record again"
    elif now is None:
        approval.status, approval.changed_paths = "changed", ["(whole record)"]
        approval.note = "the record has been deleted since it was approved"
    elif isinstance(now, InvalidRecord):
        approval.status, approval.changed_paths = "changed", ["(whole record)"]
        approval.note = f"the record cannot be read now: {now.problems[0]}"
    elif fingerprint(now) != pin.fingerprint:
        approval.status = "changed"
        approval.changed_paths = [c.path for c in diff(pinned, now) if not _lifecycle(c.key)]
        approval.note = f"changed since {pin.label} approved it"


def _unapproved(store: Store, approved: set[str]) -> list[str]:
    """Strategies whose status says approved, though no decision approved them."""
    candidates = [p for p in store.grep(list(APPROVED)) if id_of_path(p) not in approved]
    said = parsed_files(store, candidates)
    return sorted(
        id_of_path(path)
        for path, data in said.items()
        if isinstance(data, dict) and data.get("kind") == "strategy" and data.get("status") == "approved"
    )


def _lifecycle(key: tuple[Any, ...]) -> bool:
    return len(key) == 1 and key[0] in LIFECYCLE_KEYS
