"""Recording a decision's outcome and pinning the exact versions of the records it approves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .errors import RefusedInput, UsageError
from .fingerprint import fingerprint
from .gitlog import last_change
from .ids import id_of_path
from .records import Record, parse_record
from .store import Author, Store
from .validate import refuse_invalid
from .validation import schema_problems
from .wording import long_date
from .yamledit import set_top_level

OUTCOMES = ("approved", "rejected", "deferred", "noted")


@dataclass(frozen=True)
class Pinned:
    record: str
    commit: str
    fingerprint: str

    def as_data(self) -> dict[str, str]:
        return {"record": self.record, "commit": self.commit, "fingerprint": self.fingerprint}


@dataclass(frozen=True)
class Outcome:
    """What `register decide` was told; None leaves what the decision's file already says."""

    decision: str | None = None
    date: dt.date | None = None
    resolution: list[str] = field(default_factory=list)
    approves: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Decided:
    decision: str
    outcome: str
    pins: list[Pinned]
    commit: str


def decide(store: Store, decision_id: str, told: Outcome, author: Author | None = None) -> Decided:
    """Write the outcome into the decision and pin what it approves, in one commit."""
    path = store.path_of(decision_id)
    with store.locked():
        record = store.read_working(path)
        if record.kind != "decision":
            raise UsageError(f"{record.id} is a {record.kind or 'record of no kind'}, not a decision")
        problems = schema_problems(record)
        if problems:
            raise RefusedInput(problems)  # what the officer typed must be right before anything is added
        outcome = _merged_outcome(record, told)
        approves = _merged_approves(store, record, told)
        pins = _pins(store, record, approves) if outcome["decision"] == "approved" else []
        text = _updated_text(store, path, record, outcome, approves, pins, told.comments)
        updated = parse_record(record.id, path, text)
        refuse_invalid(store, [updated])
        commit = store.commit({path: text.encode("utf-8")}, _message(updated, pins), author)
    return Decided(record.id, outcome["decision"], pins, commit)


def _pins(store: Store, record: Record, approves: list[str]) -> list[Pinned]:
    """Versions pinned before stay pinned: recording a decision again never moves its approval
    on to later text. Records newly approved are pinned as they stand now."""
    kept = {
        pin["record"]: Pinned(pin["record"], pin["commit"], pin["fingerprint"])
        for pin in record.data.get("approved_versions") or []
    }
    return [kept.get(target) or pin_version(store, target) for target in approves]


def pin_version(store: Store, record_id: str) -> Pinned:
    """The committed version of a record, refusing one with uncommitted changes or problems."""
    path = store.path_of(record_id)
    if not (store.root / path).is_file():
        raise UsageError(f"cannot approve {record_id}: there is no such record")
    if store.changed_paths([path]):
        raise UsageError(
            f"cannot approve {record_id}: it has been edited since it was last saved to the register "
            "(committed); commit the edits, or undo them, so that the decision approves a version "
            "everyone can see"
        )
    commit = last_change(store, "HEAD", [path]).commit
    record = store.read_at(path, commit)
    problems = schema_problems(record)
    if problems:
        raise RefusedInput(problems)
    return Pinned(record.id, commit, fingerprint(record.data))


def _merged_outcome(record: Record, told: Outcome) -> dict[str, Any]:
    outcome = dict(record.data.get("outcome") or {})
    if told.decision is not None:
        if told.decision not in OUTCOMES:
            raise UsageError(f"unknown outcome '{told.decision}': use one of {', '.join(OUTCOMES)}")
        outcome["decision"] = told.decision
    if "decision" not in outcome:
        raise UsageError(f"say what {record.id} decided: add --outcome ({'|'.join(OUTCOMES)})")
    outcome["date"] = told.date or outcome.get("date") or record.data.get("meeting_date")
    if told.resolution:
        outcome["resolution"] = list(told.resolution)
    return {key: outcome[key] for key in sorted(outcome, key=_OUTCOME_ORDER.index)}


_OUTCOME_ORDER = [
    "decision",
    "date",
    "resolution",
    "reasons",
    "alternatives_rejected",
    "conflicts_of_interest",
]


def _merged_approves(store: Store, record: Record, told: Outcome) -> list[str]:
    approves = list(record.data.get("approves") or [])
    for given in told.approves:
        target = id_of_path(store.path_of(given))
        if target not in approves:
            approves.append(target)
    return approves


def _updated_text(
    store: Store,
    path: str,
    record: Record,
    outcome: dict[str, Any],
    approves: list[str],
    pins: list[Pinned],
    comments: list[str],
) -> str:
    text = (store.root / path).read_text(encoding="utf-8")
    if approves != list(record.data.get("approves") or []):
        text = set_top_level(text, "approves", approves)
    if outcome != record.data.get("outcome"):
        text = set_top_level(text, "outcome", outcome)
    if comments:
        existing = list(record.data.get("comments") or [])
        added = [{"by": record.data.get("body", "the meeting"), "text": c} for c in comments]
        text = set_top_level(text, "comments", existing + added)
    return set_top_level(text, "approved_versions", [pin.as_data() for pin in pins] or None)


def _message(decision: Record, pins: list[Pinned]) -> str:
    data = decision.data
    when = long_date(data["meeting_date"])
    outcome = data["outcome"]["decision"]
    lines = [f"Record the decision of {data['body']}, {when}: {outcome}", "", f"Decision: {decision.id}"]
    lines += [f"Approves {pin.record} as at {pin.commit[:10]} ({pin.fingerprint[:19]}…)." for pin in pins]
    if not pins:
        lines.append(f"{decision.title}.")
    return "\n".join(lines)
