"""Every approval checked against today's records and against history.

Each pin of each decision is judged (see `approvals.py`): `tampered` (it counts for nothing: it was
rewritten or removed after it was added, its decision does not approve, it pins a commit made
after it, or the pinned content does not match its fingerprint), `missing` (the pinned version is
not in this clone's history), `unsigned` or `untrusted-signer` (when signatures are required). Of
the approvals that count, the latest of each record must be `current` (the record is as approved)
or is `changed` (with the fields); earlier ones are `superseded`. Each approval takes the gravest
status that is true of it, in the order of RANKS.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import computed_field

from ..errors import Problem
from ..records.fingerprint import outside_approval
from ..records.ids import id_of_path, path_of_id
from ..records.values import Result
from ..store.index import Facts
from ..store.log import is_shallow, renames_since
from ..store.parsed import parsed_versions
from ..store.version import Register, Version
from .approvals import Judged, Pinned, Pins, judge, pins_of, spec_of
from .diff import diff
from .policy import untrusted_rule_changes
from .steps import Step, steps

Status = Literal["tampered", "missing", "unsigned", "untrusted-signer", "changed", "superseded", "current"]
FINDINGS = ("tampered", "missing", "unsigned", "untrusted-signer", "changed")


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
    added_in: str | None = None
    """The commit that made the approval (added the pin)."""


class Verification(Result):
    approvals: list[Approval]
    uncommitted: list[Approval] = []
    """Pins added, changed or dropped in the working tree and not committed: they count for nothing."""
    unapproved: list[str] = []
    """Strategies whose status says approved, though no decision in the register approved them."""
    problems: list[Problem] = []
    """Record files that cannot be read: if one is a decision, what it approves cannot be checked."""
    require_signed: bool = False
    uncommitted_files: list[str] = []
    """Record files that differ from HEAD: the records are judged as they are in the folder."""
    untrusted_rules: list[str] = []
    """Where signatures are required: commits that changed who may sign without a trusted signature."""

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented way to put a property in the JSON
    @property
    def ok(self) -> bool:
        return (
            not any(a.status in FINDINGS for a in self.approvals)
            and not self.unapproved
            and not self.problems
            and not self.untrusted_rules
        )


def verify(register: Register, *, require_signed: bool | None = None) -> Verification:
    """Every approval in the register's decisions, checked against the records and their history."""
    version = register.working()
    pins = pins_of(register, working=version)
    required = register.config.approvals.require_signed if require_signed is None else require_signed
    _compare_latest(register, version, pins)
    judged = judge(register, pins, require_signed=required)
    renamed = _renames(register, version, [j.pin for j in judged])
    now_ids = {j.pin.record: renamed.get(j.pin.record, j.pin.record) for j in judged}
    latest = {
        now_ids[j.pin.record]: j.pin for j in judged if j.standing == "valid"
    }  # oldest first: the last wins
    current = version.facts(sorted({path_of_id(i) for i in latest} & set(version.files)))
    approvals = [_approval(j, current, now_ids[j.pin.record], latest) for j in judged]
    approvals = _with_changed_paths(register, version, approvals, {j.pin: j.blob for j in judged}, now_ids)
    if approvals and is_shallow(register.store):
        approvals = [_shallow(a) for a in approvals]
    return Verification(
        approvals=approvals,
        uncommitted=[_as_approval(pin, "tampered", pin.flaw or "") for pin in pins.uncommitted],
        unapproved=_unapproved(version, set(now_ids.values())),
        problems=_unreadable(version),
        require_signed=required,
        untrusted_rules=untrusted_rule_changes(register) if required else [],
        uncommitted_files=[
            path for path in version.uncommitted if path in version.files or _gone(path, version)
        ],
    )


def _compare_latest(register: Register, version: Version, pins: Pins) -> None:
    """Each record's latest pinned version and the record as it stands, parsed once and together
    (on every core): the facts of both and the step between them (none, where the record is as
    pinned) are kept, so judging the pin, reading the record now and naming the fields that
    changed parse nothing again. (Where the latest pin turns out not to count, the one before it
    is compared later.)"""
    present = pins.present()  # what `judge` will look at
    in_order = sorted(present, key=lambda pin: pins.in_history[pin.commit])  # git finds them sooner so
    pinned = register.store.blob_ids([spec_of(pin) for pin in in_order])
    latest = {pin.record: pin for pin in present}
    pairs = []
    for record, pin in latest.items():
        path, blob = path_of_id(record), pinned[spec_of(pin)]
        if blob and path in version.files and version.in_git(path):  # as `_with_changed_paths` compares
            pairs.append((blob, version.files[path].blob))
    compared = {blob for pair in pairs for blob in pair}
    # An earlier approval's version is only judged: its step to itself (no change) has it parsed
    # with the rest, and nothing is parsed here, where it would hold up the end of the run.
    pairs += [(blob, blob) for blob in dict.fromkeys(pinned.values()) if blob and blob not in compared]
    steps(register.store, pairs, with_facts=True)


def _gone(path: str, version: Version) -> bool:
    """A record file deleted from the folder and not yet committed."""
    folders = tuple(f"{folder}/" for folder in version.config.record_folders)
    return path.endswith(".yaml") and path.startswith(folders) and path not in version.files


def _approval(judged: Judged, current: dict[str, Facts], now_id: str, latest: dict[str, Pinned]) -> Approval:
    pin = judged.pin
    note = f"renamed to {now_id}" if now_id != pin.record else ""
    if judged.standing != "valid":
        return _as_approval(pin, judged.standing, _joined(judged.note, note))
    if latest.get(now_id) is not pin:
        return _as_approval(pin, "superseded", _joined("a later decision approved this record again", note))
    path = path_of_id(now_id)
    status, said = _now(pin, current.get(path), path)
    return _as_approval(pin, status, _joined(said, note))


def _now(pin: Pinned, now: Facts | None, path: str) -> tuple[Status, str]:
    """The latest approval of a record against the record as it stands."""
    if now is None:
        return "changed", "the record has been deleted since it was approved"
    if now.fingerprint is None:
        line, column, message = now.problems[0] if now.problems else (1, 1, "it cannot be read")
        return "changed", f"the record cannot be read now: {path}:{line}:{column}: {message}"
    if now.fingerprint != pin.fingerprint:
        return "changed", f"changed since {pin.label} approved it"
    return "current", ""


def _as_approval(pin: Pinned, status: Status, note: str) -> Approval:
    return Approval(
        decision=pin.decision,
        record=pin.record,
        commit=pin.commit,
        fingerprint=pin.fingerprint,
        date=pin.date,
        status=status,
        note=note,
        decision_label=pin.label,
        added_in=pin.added_in,
    )


def _joined(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def _with_changed_paths(
    register: Register,
    version: Version,
    approvals: list[Approval],
    blobs: dict[Pinned, str],
    now_ids: dict[str, str],
) -> list[Approval]:
    """The fields that differ from the approved version, for each changed approval: only those
    records are read again. A record whose content git holds is compared by the step between its
    two blobs (worked out on every core, and kept by the pair); an uncommitted one, here."""
    blob_of = {(p.decision, p.record): blob for p, blob in blobs.items()}
    wanted = {
        (a.decision, a.record): path_of_id(now_ids[a.record])
        for a in approvals
        if a.status == "changed"
        and path_of_id(now_ids[a.record]) in version.files
        and blob_of.get((a.decision, a.record))
    }
    pairs = {
        key: (blob_of[key], version.files[path].blob) for key, path in wanted.items() if version.in_git(path)
    }
    found = steps(register.store, list(pairs.values()))
    changed = {
        key: fields for key, pair in pairs.items() if (fields := _approved_fields(found[pair])) is not None
    }
    pinned = parsed_versions(register.store, [blob_of[key] for key in wanted if key not in pairs])
    for key in wanted.keys() - pairs.keys():
        before = pinned.get(blob_of[key])
        try:
            after = version.data(now_ids[key[1]])
        except Exception:
            after = None
        if isinstance(before, dict) and isinstance(after, dict):
            changed[key] = [str(c.path) for c in diff(before, after) if not outside_approval(c.path)]
    return [
        a.model_copy(update={"changed_paths": changed.get((a.decision, a.record), ["(whole record)"])})
        if a.status == "changed"
        else a
        for a in approvals
    ]


def _approved_fields(step: Step) -> list[str] | None:
    """The fields a step changed that an approval covers (None where a side cannot be read)."""
    if step.problem is not None:
        return None
    return [str(c.path) for c in step.changes if not outside_approval(c.path)]


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


def _shallow(approval: Approval) -> Approval:
    if approval.status != "missing":
        return approval
    note = approval.note + " (this is a shallow clone: fetch the whole history with git fetch --unshallow)"
    return approval.model_copy(update={"note": note})


def _unapproved(version: Version, approved: set[str]) -> list[str]:
    """Strategies whose status says approved, though no decision approved them."""
    return sorted(
        id_of_path(path)
        for path, (kind, status) in version.glance.items()
        if kind == "strategy" and status == "approved" and id_of_path(path) not in approved
    )


def _unreadable(version: Version) -> list[Problem]:
    """Record files that cannot be read at all: if one is a decision, its pins cannot be seen. (A
    file that says plainly it is another kind cannot be a decision: validate reports its problems.)"""
    unknown = [path for path, (kind, _status) in version.glance.items() if kind is None]
    return [
        problem
        for path, facts in version.facts(unknown).items()
        if facts.problems
        for problem in facts.problems_in(version.source(path))
    ]
