"""The annual review: what changed in a record between two versions, and who changed each field.

Only the record's own versions are read: the two being compared, and those between them (to
say which commit made each change). A review of the whole register reads only the records git
says changed between the two commits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from .diff import Change, IdStep, diff, field_path, value_at
from .errors import BadRef, NotFound, UsageError
from .history import Touch, log_of
from .ids import id_of_path
from .loader import PathKey
from .parsed import parsed_versions
from .store import Store

GROUP_LISTS = {"priorities": "Priority", "areas": "Area"}


@dataclass(frozen=True)
class Side:
    ref: str
    commit: str
    date: dt.datetime
    author: str
    path: str
    approved_by: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "commit": self.commit,
            "date": self.date.isoformat(),
            "author": self.author,
            "path": self.path,
            "approved_by": list(self.approved_by),
        }


@dataclass(frozen=True)
class Made:
    """Who made a change, and when: the commit that last changed that field."""

    author: str
    date: dt.datetime
    commit: str


@dataclass
class Review:
    record: str
    old: dict[str, Any]
    new: dict[str, Any]
    start: Side
    end: Side
    changes: list[Change]
    made: dict[str, Made] = field(default_factory=dict)  # field path -> the commit that last changed it

    def made_by(self, key: PathKey) -> Made:
        for end in range(len(key), -1, -1):
            found = self.made.get(field_path(key[:end]))
            if found:
                return found
        return Made(self.end.author, self.end.date, self.end.commit)

    def summary(self) -> dict[str, Any]:
        counts = Counter(change.op for change in self.changes)
        groups: dict[str, Counter[str]] = {}
        for change in self.changes:
            groups.setdefault(group_of(change.key, self.new or self.old), Counter())[change.op] += 1
        return {
            **{op: counts.get(op, 0) for op in ("added", "removed", "changed", "moved")},
            "by_group": {name: dict(counter) for name, counter in groups.items()},
        }

    def status_changes(self) -> list[dict[str, Any]]:
        """Actions (and areas) whose status moved on, and new ones with their first status."""
        rows = []
        for change in self.changes:
            key = change.key
            if (
                key
                and key[-1] == "status"
                and len(key) >= 3
                and isinstance(key[-2], IdStep)
                and change.op == "changed"
            ):
                item, was, now = key[:-1], change.old, change.new
            elif (
                change.op in ("added", "moved")
                and key
                and isinstance(key[-1], IdStep)
                and isinstance(change.new or value_at(self.new, list(key)), dict)
            ):
                item, was, now = key, None, (value_at(self.new, list(key)) or {}).get("status")
            else:
                continue
            data = value_at(self.new, list(item)) or {}
            made = self.made_by(key)
            rows.append(
                {
                    "path": field_path(item),
                    "id": str(item[-1]),
                    "title": data.get("title", ""),
                    "was": was,
                    "now": now,
                    "by": made.author,
                    "date": made.date.isoformat(),
                }
            )
        return [row for row in rows if row["now"] is not None]

    def as_json(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "from": self.start.as_json(),
            "to": self.end.as_json(),
            "changes": [
                {
                    **c.as_json(),
                    "by": self.made_by(c.key).author,
                    "date": self.made_by(c.key).date.isoformat(),
                }
                for c in self.changes
            ],
            "summary": self.summary(),
            "status_changes": self.status_changes(),
        }


def group_of(key: PathKey, data: dict[str, Any]) -> str:
    """'Priority 2' for anything under priorities[2]; otherwise the top-level field."""
    if len(key) >= 2 and key[0] in GROUP_LISTS:
        return f"{GROUP_LISTS[str(key[0])]} {key[1]}"
    return "The record itself" if not key else str(key[0]).replace("_", " ").capitalize()


def review_record(
    store: Store, record_id: str, from_ref: str | None = None, to_ref: str | None = None
) -> Review:
    path = store.path_of(record_id)
    touches = log_of(store, path)
    if not touches:
        raise NotFound(f"no record '{id_of_path(path)}' in the register's history")
    pins = _pins(store, {id_of_path(t.path) for t in touches} | {id_of_path(t.old_path) for t in touches})
    start_ref = from_ref or _last_approval(pins, id_of_path(path))
    start = _side(store, start_ref, touches, pins, "--from")
    end = _side(store, to_ref or "HEAD", touches, pins, "--to")
    _in_order(store, start, end)
    contents = parsed_versions(store, [_blob(store, start), _blob(store, end)])
    old, new = contents[_blob(store, start)], contents[_blob(store, end)]
    for side, data in ((start, old), (end, new)):
        if not isinstance(data, dict):
            raise UsageError(f"{side.path} cannot be read at {side.ref}: {data}")
    review = Review(id_of_path(path), old, new, start, end, diff(old, new))
    review.made = _who_made(store, touches, start, end)
    return review


def _last_approval(pins: list[tuple[str, str, str]], record: str) -> str:
    if not pins:
        raise UsageError(f"no decision has approved {record} yet: say where to start with --from REF")
    return pins[-1][0]


def _pins(store: Store, ids: set[str]) -> list[tuple[str, str, str]]:
    """(decision, commit, record) of every approval of the record, in date order."""
    from .validate import load_working

    records, _ = load_working(store)
    found = []
    for record in records.values():
        outcome = record.data.get("outcome") if isinstance(record.data.get("outcome"), dict) else {}
        for pin in record.data.get("approved_versions") or []:
            if isinstance(pin, dict) and pin.get("record") in ids:
                found.append(
                    (
                        str(outcome.get("date") or record.data.get("meeting_date")),
                        record.id,
                        str(pin["commit"]),
                        str(pin["record"]),
                    )
                )
    return [(decision, commit, rid) for _, decision, commit, rid in sorted(found)]


def _side(
    store: Store, ref: str, touches: list[Touch], pins: list[tuple[str, str, str]], option: str
) -> Side:
    approved = [p for p in pins if p[0] == ref]
    commit = approved[-1][1] if approved else _resolve(store, ref, option)
    paths = list(dict.fromkeys(t.path for t in reversed(touches)))
    present = store.files_at(commit, paths)
    path = next((p for p in paths if p in present), None)
    if path is None:
        first = touches[0].date.date().isoformat()
        raise BadRef(
            f"{option} {ref}: {id_of_path(touches[-1].path)} did not exist at that version "
            f"(it was first committed on {first})"
        )
    date, author = store.git.run("show", "-s", "--format=%aI%x00%an", commit).strip().split("\0")
    by = tuple(decision for decision, pinned, _ in pins if pinned == commit)
    return Side(ref, commit, dt.datetime.fromisoformat(date), author, path, by)


def _resolve(store: Store, ref: str, option: str) -> str:
    try:
        return store.resolve(ref)
    except BadRef as error:
        raise BadRef(f"{option} {error.message}") from None


def _blob(store: Store, side: Side) -> str:
    return store.files_at(side.commit, [side.path])[side.path]


def _in_order(store: Store, start: Side, end: Side) -> None:
    if start.commit != end.commit and store.git.succeeds(
        "merge-base", "--is-ancestor", end.commit, start.commit
    ):
        raise UsageError(
            f"--from {start.ref} ({start.date:%Y-%m-%d}) is later than --to {end.ref} "
            f"({end.date:%Y-%m-%d}): swap them"
        )


def _who_made(store: Store, touches: list[Touch], start: Side, end: Side) -> dict[str, Made]:
    """For each field changed between the two versions, the last commit in between that changed it."""
    between = set(store.git.run("rev-list", f"{start.commit}..{end.commit}").split())
    steps = [t for t in touches if t.commit in between and t.status != "D"]
    contents = parsed_versions(store, [t.old_blob for t in steps] + [t.new_blob for t in steps])
    made: dict[str, Made] = {}
    for touch in steps:
        old, new = contents.get(touch.old_blob, {}), contents.get(touch.new_blob, {})
        if isinstance(old, dict) and isinstance(new, dict):
            for change in diff(old, new):
                made[change.path] = Made(touch.author, touch.date, touch.commit)
    return made


def review_all(store: Store, from_ref: str, to_ref: str) -> list[Review]:
    """Every record that changed between two versions; only those records are read (`git diff --raw`)."""
    start = _commit_side(store, from_ref, "--from")
    end = _commit_side(store, to_ref, "--to")
    _in_order(store, start, end)
    out = store.git.run(
        "diff",
        "--raw",
        "-M",
        "-z",
        "--no-abbrev",
        start.commit,
        end.commit,
        "--",
        *store.config.record_folders,
    )
    tokens = out.split("\0")
    changed: list[tuple[str, str, str, str]] = []  # (old blob, new blob, old path, new path)
    position = 0
    while position < len(tokens) - 1:
        _mode_old, _mode_new, old_blob, new_blob, status = tokens[position].lstrip(":").split()
        paths = tokens[position + 1 : position + (3 if status[:1] in "RC" else 2)]
        position += 1 + len(paths)
        if paths[-1].endswith(".yaml"):
            changed.append((old_blob, new_blob, paths[0], paths[-1]))
    contents = parsed_versions(store, [blob for old, new, _, _ in changed for blob in (old, new)])
    return [_changed_file(contents, start, end, *entry) for entry in changed]


def _commit_side(store: Store, ref: str, option: str) -> Side:
    commit = _resolve(store, ref, option)
    date, author = store.git.run("show", "-s", "--format=%aI%x00%an", commit).strip().split("\0")
    return Side(ref, commit, dt.datetime.fromisoformat(date), author, "")


def _changed_file(
    contents: dict[str, Any],
    start: Side,
    end: Side,
    old_blob: str,
    new_blob: str,
    old_path: str,
    new_path: str,
) -> Review:
    old, new = contents.get(old_blob, {}), contents.get(new_blob, {})
    old, new = (side if isinstance(side, dict) else {} for side in (old, new))
    return Review(
        id_of_path(new_path),
        old,
        new,
        replace(start, path=old_path),
        replace(end, path=new_path),
        diff(old, new),
    )
