"""Finding and reading records: what `list` and `show` return."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import InvalidRecord
from .ids import id_of_path
from .records import Record, parse_record
from .store import Store


@dataclass(frozen=True)
class Listed:
    id: str
    kind: str
    title: str
    status: str
    problem: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "status": self.status,
            "readable": self.problem is None,
            "problem": self.problem,
        }


def list_records(store: Store, kind: str | None = None) -> list[Listed]:
    """Every record in the working tree; one that cannot be read is listed with its problem."""
    listed = []
    for path in store.record_paths():
        try:
            record = store.read_working(path)
        except InvalidRecord as error:
            listed.append(Listed(id_of_path(path), "?", "", "", str(error.problems[0])))
            continue
        if kind is None or record.kind == kind:
            listed.append(Listed(record.id, record.kind, record.title, _status(record)))
    return listed


def _status(record: Record) -> str:
    if record.kind == "decision":
        outcome = record.data.get("outcome")
        return str(outcome.get("decision")) if isinstance(outcome, dict) else "pending"
    return str(record.data.get("status", ""))


@dataclass(frozen=True)
class Shown:
    record: Record
    text: str
    ref: str | None
    commit: str | None

    def as_json(self) -> dict[str, Any]:
        at = {"ref": self.ref, "commit": self.commit} if self.commit else None
        return {
            "id": self.record.id,
            "kind": self.record.kind,
            "title": self.record.title,
            "at": at,
            "data": self.record.data,
        }


def show_record(store: Store, record_id: str, at: str | None = None) -> Shown:
    """A record as it stands in the working tree, or at any version."""
    path = store.path_of(record_id)
    if at is None:
        record = store.read_working(path)
        return Shown(record, (store.root / path).read_text(encoding="utf-8"), None, None)
    commit = store.resolve(at)
    content = store.content_at(path, commit)
    record = parse_record(id_of_path(path), f"{path}@{commit[:7]}", content)
    return Shown(record, content.decode("utf-8", "replace"), at, commit)
