"""Every approval checked against today's records and against history.

For each decision's pinned version: is the record still as approved (`current`), changed since
(`changed`, with the fields), or is the pinned version gone or altered (`missing`: history was
rewritten or the pin tampered with)? An approval followed by a later approval of the same record
is `superseded`. Records whose status says approved but that no decision approved are listed too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .diff import diff
from .fingerprint import LIFECYCLE_KEYS, fingerprint
from .ids import id_of_path, path_of_id
from .parsed import parsed_files, parsed_versions
from .store import Store
from .wording import decision_label

Status = Literal["current", "changed", "missing", "superseded"]


@dataclass
class Approval:
    decision: str
    record: str
    commit: str
    fingerprint: str
    date: str
    status: Status = "current"
    changed_paths: list[str] = field(default_factory=list)
    note: str = ""
    label: str = ""  # "Cabinet, 18 September 2020"

    def as_json(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "record": self.record,
            "commit": self.commit,
            "fingerprint": self.fingerprint,
            "date": self.date,
            "status": self.status,
            "changed_paths": self.changed_paths,
            "decision_label": self.label,
            "note": self.note,
        }


@dataclass
class Verification:
    approvals: list[Approval]
    unapproved: list[str]  # records whose status says approved, approved by no decision

    @property
    def ok(self) -> bool:
        return not self.unapproved and all(a.status in ("current", "superseded") for a in self.approvals)

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "approvals": [a.as_json() for a in self.approvals],
            "unapproved": self.unapproved,
        }


def verify(store: Store) -> Verification:
    """Reads the decisions that pin versions, the records they approve, and strategies that say approved."""
    decisions = _readable(parsed_files(store, store.grep(["approved_versions:"])))
    approvals = _approvals(decisions)
    approved_paths = sorted({path_of_id(a.record) for a in approvals})
    records = _readable(parsed_files(store, approved_paths))
    pinned = _pinned_contents(store, approvals)
    renamed = _renames(store, [a for a in approvals if a.record not in records])
    records.update(_readable(parsed_files(store, [path_of_id(i) for i in renamed.values()])))
    latest = {renamed.get(a.record, a.record): a for a in approvals}  # in meeting order: the last one wins
    shallow = store.git.run("rev-parse", "--is-shallow-repository").strip() == "true"
    in_history = set(store.git.run("rev-list", "HEAD").split()) if approvals else set()
    for approval in approvals:
        now_id = renamed.get(approval.record, approval.record)
        version = pinned.get(id(approval)) if approval.commit in in_history else None
        _check(approval, version, records.get(now_id), latest[now_id] is approval)
        if now_id != approval.record:
            approval.note = f"{approval.note}; renamed to {now_id}".lstrip("; ")
        if shallow and approval.status == "missing":
            approval.note += " (this is a shallow clone: fetch the whole history with git fetch --unshallow)"
    approved = {renamed.get(a.record, a.record) for a in approvals}
    return Verification(approvals, _unapproved(store, approved))


def _unapproved(store: Store, approved: set[str]) -> list[str]:
    """Strategies whose status says approved, though no decision approved them."""
    candidates = [p for p in store.grep(["status: approved"]) if id_of_path(p) not in approved]
    said = _readable(parsed_files(store, candidates))
    return sorted(
        i for i, data in said.items() if data.get("kind") == "strategy" and data.get("status") == "approved"
    )


def _readable(parsed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Parsed files by record id, leaving out those that cannot be read (validate reports them)."""
    return {id_of_path(path): data for path, data in parsed.items() if isinstance(data, dict)}


def _approvals(decisions: dict[str, dict[str, Any]]) -> list[Approval]:
    found = []
    for decision, data in decisions.items():
        outcome = data.get("outcome") if isinstance(data.get("outcome"), dict) else {}
        when = str(outcome.get("date") or data.get("meeting_date") or "")
        for pin in data.get("approved_versions") or []:
            if isinstance(pin, dict):
                found.append(
                    Approval(
                        decision,
                        str(pin.get("record")),
                        str(pin.get("commit")),
                        str(pin.get("fingerprint")),
                        when,
                        label=decision_label(data, decision),
                    )
                )
    return sorted(found, key=lambda a: (a.date, a.decision))


def _pinned_contents(store: Store, approvals: list[Approval]) -> dict[int, Any]:
    """Each pinned version's parsed data, read through the cache; a missing version is absent."""
    specs = {id(a): f"{a.commit}:{path_of_id(a.record)}" for a in approvals}
    blobs = store.blob_ids(list(specs.values()))
    contents = parsed_versions(store, [b for b in blobs.values() if b])
    found = {key: contents.get(blobs[spec] or "") for key, spec in specs.items()}
    return {key: data for key, data in found.items() if isinstance(data, dict)}


def _renames(store: Store, gone: list[Approval]) -> dict[str, str]:
    """Record ids renamed since their approval: old id -> id now (following chains of renames)."""
    if not gone:
        return {}
    oldest = min(gone, key=lambda a: a.date).commit
    out = store.git.run(
        "log",
        "--reverse",
        "-M",
        "--diff-filter=R",
        "--name-status",
        "--format=",
        f"{oldest}..HEAD",
        ok=(0, 128),
    )
    moves: dict[str, str] = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[0].startswith("R"):
            moves[id_of_path(parts[1])] = id_of_path(parts[2])
    result = {}
    for approval in gone:
        now, seen = approval.record, set()
        while now in moves and now not in seen:
            seen.add(now)
            now = moves[now]
        if now != approval.record:
            result[approval.record] = now
    return result


def _check(approval: Approval, pinned: Any, now: dict[str, Any] | None, latest: bool) -> None:
    if pinned is None:
        approval.status = "missing"
        approval.note = (
            f"the approved version ({approval.commit[:10]}) is not in this repository's history: "
            "history was rewritten, or the pin is wrong"
        )
        return
    if fingerprint(pinned) != approval.fingerprint:
        approval.status = "missing"
        approval.note = (
            "the version at the pinned commit does not match the fingerprint the decision recorded"
        )
        return
    if not latest:
        approval.status = "superseded"
        approval.note = "a later decision approved this record again"
        return
    if now is None:
        approval.status, approval.note = (
            "changed",
            "the record has been deleted or renamed since it was approved",
        )
        approval.changed_paths = ["(whole record)"]
        return
    if fingerprint(now) != approval.fingerprint:
        approval.status = "changed"
        approval.changed_paths = [c.path for c in diff(pinned, now) if not _lifecycle(c.key)]
        approval.note = f"changed since {approval.decision} approved it"


def _lifecycle(key: tuple[Any, ...]) -> bool:
    return len(key) == 1 and key[0] in LIFECYCLE_KEYS
