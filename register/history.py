"""Every version of one record, oldest first: who changed which field, when, why, and who approved it.

Git is asked once for the commits that touched the record's file (following renames); each
version is parsed once, and parsed versions are cached by blob id, so the cost grows with the
record's own history, not with the register.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .diff import Change, diff, field_path, parse_path, value_at
from .errors import InvalidRecord, NotFound
from .fingerprint import fingerprint
from .ids import id_of_path
from .parsed import parsed_files, parsed_versions
from .store import Store
from .wording import decision_label


@dataclass(frozen=True)
class Touch:
    """One commit's change to the record's file, as `git log --raw` reports it."""

    commit: str
    author: str
    email: str
    date: dt.datetime
    message: str
    old_blob: str
    new_blob: str
    status: str  # A, M, D or R…
    path: str
    old_path: str


@dataclass
class Version:
    touch: Touch
    changes: list[Change]
    approved_by: list[str] = field(default_factory=list)
    as_approved_by: list[str] = field(default_factory=list)  # unchanged since these approvals
    problem: str | None = None

    @property
    def deleted(self) -> bool:
        return self.touch.status == "D"

    def as_json(self) -> dict[str, Any]:
        touch = self.touch
        return {
            "commit": touch.commit,
            "author": touch.author,
            "email": touch.email,
            "date": touch.date.isoformat(),
            "message": touch.message,
            "path": touch.path,
            "event": _event(touch),
            "approved_by": self.approved_by,
            "unchanged_since_approval_by": self.as_approved_by,
            "problem": self.problem,
            "changes": [change.as_json() for change in self.changes],
        }


@dataclass
class History:
    record: str
    versions: list[Version]
    only_field: str | None = None
    shallow: bool = False
    decisions: dict[str, str] = field(default_factory=dict)  # decision id -> "Cabinet, 18 September 2020"

    def as_json(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "field": self.only_field,
            "complete": not self.shallow,
            "versions": [version.as_json() for version in self.versions],
        }


def record_history(store: Store, record_id: str, field_path_filter: str | None = None) -> History:
    path = store.path_of(record_id)
    touches = log_of(store, path)
    if not touches:
        raise NotFound(f"'{id_of_path(path)}' has no history: it has never been committed")
    contents = parsed_versions(store, [t.new_blob for t in touches] + [t.old_blob for t in touches])
    versions = [_version(touch, contents) for touch in touches]
    decisions = _mark_approvals(store, versions, contents)
    if field_path_filter:
        versions = _only_field(versions, field_path_filter)
    shallow = store.git.run("rev-parse", "--is-shallow-repository").strip() == "true"
    return History(id_of_path(path), versions, field_path_filter, shallow, decisions)


def log_of(store: Store, path: str) -> list[Touch]:
    """The commits that changed the file, oldest first, following renames."""
    fields = "%H%x00%an%x00%ae%x00%aI%x00%B"
    out = store.git.run(
        "log",
        "--follow",
        "-M",
        "--raw",
        "--no-abbrev",
        "-z",
        f"--format=%x1e{fields}%x00",
        "HEAD",
        "--",
        path,
        ok=(0, 128),
    )
    touches = [_touch(chunk) for chunk in out.split("\x1e") if chunk.strip("\0\n")]
    return [t for t in reversed(touches) if t is not None]


def _touch(chunk: str) -> Touch | None:
    commit, author, email, date, message, *rest = chunk.split("\0")
    tokens = [token.strip("\n") for token in rest if token.strip("\n")]
    raw = next((i for i, token in enumerate(tokens) if token.startswith(":")), None)
    if raw is None:
        return None  # a merge: its sides' own commits carry the changes
    _modes_old, _mode_new, old_blob, new_blob, status = tokens[raw][1:].split()
    paths = tokens[raw + 1 : raw + (3 if status[0] in "RC" else 2)]
    return Touch(
        commit,
        author,
        email,
        dt.datetime.fromisoformat(date),
        message.strip(),
        old_blob,
        new_blob,
        status[0],
        paths[-1],
        paths[0],
    )


def _version(touch: Touch, contents: dict[str, Any]) -> Version:
    old = contents.get(touch.old_blob, {}) if touch.status not in "A" else {}
    new = contents.get(touch.new_blob, {}) if touch.status != "D" else {}
    for side in (old, new):
        if isinstance(side, InvalidRecord):
            return Version(touch, [], problem=str(side.problems[0]).split(": ", 1)[-1])
    if touch.status == "D":
        return Version(touch, [Change("removed", (), old, None)])
    return Version(touch, diff(old, new))


def _mark_approvals(store: Store, versions: list[Version], contents: dict[str, Any]) -> dict[str, str]:
    """Which decisions approved each version, and which versions are still as they approved."""
    pins, labels = _pins(
        store, {id_of_path(v.touch.path) for v in versions} | {id_of_path(v.touch.old_path) for v in versions}
    )
    by_commit = {v.touch.commit: v for v in versions}
    approved: list[tuple[str, str]] = []  # (fingerprint, decision) in force so far
    for decision, commit, _ in pins:
        target = by_commit.get(commit) or by_commit.get(_version_commit(store, commit, versions))
        if target is not None:
            target.approved_by.append(decision)
    for version in versions:
        data = contents.get(version.touch.new_blob)
        if version.approved_by:
            approved += [(p, d) for d, c, p in pins if d in version.approved_by]
        elif isinstance(data, dict) and not version.deleted:
            mine = fingerprint(data)
            version.as_approved_by = [d for p, d in approved if p == mine]
    return labels


def _pins(store: Store, record_ids: set[str]) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """(decision, commit, fingerprint) of every approval of the record, in meeting order; and their names.

    Only the files that name the record are read: git grep finds them.
    """
    paths = store.grep([f"record: {record_id}" for record_id in sorted(record_ids)])
    decisions = {path: data for path, data in parsed_files(store, paths).items() if isinstance(data, dict)}
    pins, labels = [], {}
    for path, data in sorted(
        decisions.items(), key=lambda item: (str(item[1].get("meeting_date", "")), item[0])
    ):
        decision = id_of_path(path)
        for pin in data.get("approved_versions") or []:
            if isinstance(pin, dict) and pin.get("record") in record_ids:
                pins.append((decision, str(pin.get("commit")), str(pin.get("fingerprint"))))
                labels[decision] = decision_label(data, decision)
    return pins, labels


def _version_commit(store: Store, commit: str, versions: list[Version]) -> str | None:
    """The version in force at `commit`, for a pin that names a later commit than the change."""
    known = {v.touch.commit for v in versions}
    out = store.git.run("rev-list", "--first-parent", "-n", "200", commit, ok=(0, 128))
    return next((c for c in out.split() if c in known), None)


def _only_field(versions: list[Version], wanted: str) -> list[Version]:
    """The versions that changed one field (or anything within it), their changes narrowed to it."""
    kept = []
    for version in versions:
        changes = [narrowed for c in version.changes if (narrowed := narrow(c, wanted)) is not None]
        if changes or version.approved_by:
            kept.append(
                Version(version.touch, changes, version.approved_by, version.as_approved_by, version.problem)
            )
    return kept


def narrow(change: Change, wanted: str) -> Change | None:
    """`change` if it is within the field `wanted`; the field's own change if `change` holds it."""
    path = change.path
    if path == wanted or path.startswith((wanted + ".", wanted + "[")):
        return change
    if change.moved_from is not None and field_path(change.moved_from).startswith(wanted):
        return change
    if path and not wanted.startswith((path + ".", path + "[")):
        return None
    steps = parse_path(wanted)[len(parse_path(path)) if path else 0 :]
    old, new = value_at(change.old, steps), value_at(change.new, steps)
    if old == new:
        return None
    op = "added" if old is None else "removed" if new is None else "changed"
    return Change(op, tuple(change.key) + tuple(steps), old, new)


def _event(touch: Touch) -> str:
    return {"A": "created", "D": "deleted", "R": f"renamed from {touch.old_path}"}.get(
        touch.status, "changed"
    )
