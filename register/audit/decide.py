"""Recording a decision's outcome and pinning the exact versions of the records it approves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..errors import InvalidRecord, RefusedInput, UsageError
from ..records.fingerprint import fingerprint
from ..records.ids import id_of_path
from ..records.kinds.decision import OUTCOMES, Decision
from ..records.values import Result
from ..records.wording import long_date
from ..records.yamltext import set_top_level
from ..store.log import last_change
from ..store.repository import Author
from ..store.version import Register, Version

_OUTCOME_ORDER = [
    "decision",
    "date",
    "resolution",
    "reasons",
    "alternatives_rejected",
    "conflicts_of_interest",
]


class Pin(Result):
    record: str
    commit: str
    fingerprint: str


class StatusMove(Result):
    """A record's status moved by the decision that made it policy, in the same commit."""

    record: str
    was: str
    now: str


class Decided(Result):
    decision: str
    outcome: str
    pins: list[Pin]
    statuses: list[StatusMove] = []
    commit: str
    """The commit that recorded it (HEAD, when there was nothing new to record)."""
    recorded: bool = True
    """False when the register already said all of it: nothing was committed."""


def decide(
    register: Register,
    decision_id: str,
    *,
    outcome: str | None = None,
    date: dt.date | None = None,
    resolution: Sequence[str] = (),
    reasons: Sequence[str] = (),
    alternatives: Sequence[str] = (),
    conflicts: Sequence[Conflict] = (),
    approves: Sequence[str] = (),
    comments: Sequence[str] = (),
    sign: bool = False,
    detached_ok: bool = False,
    author: Author | None = None,
) -> Decided:
    """Write the outcome into the decision and pin what it approves, in one commit; where the
    body's approval makes a record policy (register.yaml's final_bodies), the same commit moves
    each approved strategy's status to approved and the strategy it supersedes to superseded.

    What is not given is taken from the decision's file: an officer may type the minute there.
    """
    store = register.store
    with store.locked():
        _refuse_unsettled(register, detached_ok=detached_ok)
        version = register.working()
        path = version.path(decision_id)
        decision = _decision(version, decision_id)
        minute: dict[str, list[Any]] = {
            "resolution": list(resolution),
            "reasons": list(reasons),
            "alternatives_rejected": list(alternatives),
            "conflicts_of_interest": [conflict.as_data() for conflict in conflicts],
        }
        told_outcome = _merged_outcome(decision, decision_id, outcome, date, minute)
        if decision.approved_versions and told_outcome["decision"] != "approved":
            raise UsageError(
                f"{decision_id} approved {', '.join(p.record for p in decision.approved_versions)}, and an "
                "approval is a fact of the register's history: record the new outcome as a decision of its own"
            )
        targets = _merged_approves(register, decision, approves)
        pins = _pins(version, decision, targets) if told_outcome["decision"] == "approved" else []
        text = _updated_text(version, path, decision, told_outcome, targets, pins, comments)
        final = (
            told_outcome["decision"] == "approved"
            and decision.body_type in register.config.approvals.final_bodies
        )
        moves, moved = _status_moves(version, [pin.record for pin in pins]) if final else ({}, [])
        writes = {path: text.encode("utf-8"), **moves}
        changed = version.replaced(writes)
        changed.refuse_problems([id_of_path(p) for p in writes])
        updated = changed.record(id_of_path(path))
        assert isinstance(updated, Decision)
        if _already_recorded(version, writes):
            head = store.head() or ""
            return Decided(
                decision=id_of_path(path),
                outcome=told_outcome["decision"],
                pins=pins,
                commit=head,
                recorded=False,
            )
        commit = store.commit(writes, _message(id_of_path(path), updated, pins, moved), author, sign=sign)
    return Decided(
        decision=id_of_path(path), outcome=told_outcome["decision"], pins=pins, statuses=moved, commit=commit
    )


class Conflict(Result):
    """A conflict of interest declared by a member consulted, and any dispensation (reg 12)."""

    member: str
    interest: str
    dispensation: str | None = None

    def as_data(self) -> dict[str, str]:
        return self.model_dump(exclude_none=True)


def _status_moves(version: Version, approved: list[str]) -> tuple[dict[str, bytes], list[StatusMove]]:
    """Each approved strategy made approved, and the strategy it supersedes superseded: the
    edits, and what they say."""
    writes: dict[str, bytes] = {}
    moved: list[StatusMove] = []

    def move(record_id: str, now: str) -> None:
        path = version.path(record_id)
        data = version.data(record_id)
        if data.get("kind") != "strategy" or data.get("status") == now:
            return
        text = (writes.get(path) or version.content(path)).decode("utf-8")
        writes[path] = set_top_level(text, "status", now).encode("utf-8")
        moved.append(StatusMove(record=record_id, was=str(data.get("status")), now=now))

    for record_id in approved:
        move(record_id, "approved")
        older = version.data(record_id).get("supersedes")
        if isinstance(older, str) and older in version.ids():
            move(older, "superseded")
    return writes, moved


def _already_recorded(version: Version, writes: dict[str, bytes]) -> bool:
    """The files already say all this, and are committed as they stand."""
    store = version.register.store
    same = all(version.content(path) == content for path, content in writes.items())
    return same and not store.changed_paths(list(writes))


def _refuse_unsettled(register: Register, *, detached_ok: bool) -> None:
    """A decision is recorded on a branch at rest: never in the middle of a merge, a rebase or a
    cherry-pick, and not on a detached HEAD unless the officer says that is meant."""
    busy = register.store.operation_in_progress()
    if busy:
        raise UsageError(f"git is in the middle of {busy} in this register: finish it (or abort it) first")
    if not detached_ok and register.store.head() is not None and register.store.detached():
        raise UsageError(
            "HEAD is detached (not on a branch), so this decision would be on no branch: "
            "switch to the branch it belongs on, or add --detached-ok"
        )


def _decision(version: Version, decision_id: str) -> Decision:
    try:
        record = version.record(decision_id)
    except InvalidRecord as error:  # what the officer typed must be right before anything is added
        raise RefusedInput(error.problems) from None
    if not isinstance(record, Decision):
        raise UsageError(f"{decision_id} is a {record.kind}, not a decision")
    return record


def _pins(version: Version, decision: Decision, targets: list[str]) -> list[Pin]:
    """Versions pinned before stay pinned: recording a decision again never moves its approval
    on to later text. Records newly approved are pinned as they stand now."""
    kept = {
        pin.record: Pin(record=pin.record, commit=pin.commit, fingerprint=pin.fingerprint)
        for pin in decision.approved_versions
    }
    return [kept.get(target) or pin_version(version, target) for target in targets]


def pin_version(version: Version, record_id: str) -> Pin:
    """The committed version of a record, refusing one with uncommitted changes or problems."""
    store = version.register.store
    path = version.register.path_of(record_id)
    if path not in version.files:
        raise UsageError(f"cannot approve {record_id}: there is no such record")
    if store.changed_paths([path]):
        raise UsageError(
            f"cannot approve {record_id}: it has been edited since it was last saved to the register "
            "(committed); commit the edits, or undo them, so that the decision approves a version "
            "everyone can see"
        )
    commit = last_change(store, "HEAD", [path]).commit
    at = version.register.at(commit)
    at.refuse_problems([id_of_path(path)])
    return Pin(record=id_of_path(path), commit=commit, fingerprint=fingerprint(at.data(id_of_path(path))))


def _merged_outcome(
    decision: Decision,
    decision_id: str,
    outcome: str | None,
    date: dt.date | None,
    minute: dict[str, list[Any]],
) -> dict[str, Any]:
    merged = decision.outcome.plain_data() if decision.outcome else {}
    if outcome is not None:
        if outcome not in OUTCOMES:
            raise UsageError(f"unknown outcome '{outcome}': use one of {', '.join(OUTCOMES)}")
        merged["decision"] = outcome
    if "decision" not in merged:
        raise UsageError(f"say what {decision_id} decided: add --outcome ({'|'.join(OUTCOMES)})")
    merged["date"] = date or merged.get("date") or decision.meeting_date
    merged.update(
        {key: items for key, items in minute.items() if items}
    )  # what was given replaces the file's
    return {key: merged[key] for key in sorted(merged, key=_OUTCOME_ORDER.index)}


def _merged_approves(register: Register, decision: Decision, approves: Sequence[str]) -> list[str]:
    targets = list(decision.approves)
    for given in approves:
        target = id_of_path(register.path_of(given))
        if target not in targets:
            targets.append(target)
    return targets


def _updated_text(
    version: Version,
    path: str,
    decision: Decision,
    outcome: dict[str, Any],
    targets: list[str],
    pins: list[Pin],
    comments: Sequence[str],
) -> str:
    text = version.content(path).decode("utf-8")
    if targets != list(decision.approves):
        text = set_top_level(text, "approves", targets)
    if decision.outcome is None or outcome != decision.outcome.plain_data():
        text = set_top_level(text, "outcome", outcome)
    if comments:
        existing = [comment.plain_data() for comment in decision.comments]
        added = [{"by": decision.body, "text": comment} for comment in comments]
        text = set_top_level(text, "comments", existing + added)
    return set_top_level(text, "approved_versions", [pin.model_dump() for pin in pins] or None)


def _message(decision_id: str, decision: Decision, pins: list[Pin], moved: list[StatusMove]) -> str:
    assert decision.outcome is not None
    lines = [
        f"Record the decision of {decision.body}, {long_date(decision.meeting_date)}: {decision.outcome.decision}",
        "",
        f"Decision: {decision_id}",
    ]
    lines += [f"Approves {pin.record} as at {pin.commit[:10]} ({pin.fingerprint[:19]}…)." for pin in pins]
    if not pins:
        lines.append(f"{decision.title}.")
    lines += [f"{move.record}: status {move.was} -> {move.now}." for move in moved]
    return "\n".join(lines)
