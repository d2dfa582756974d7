"""Finding and reading records: what `register list` and `register show` return."""

from __future__ import annotations

from typing import Any

from ..records.ids import id_of_path
from ..records.values import Result
from .version import Version


class Listed(Result):
    id: str
    kind: str | None
    title: str | None
    status: str | None
    readable: bool
    problem: str | None = None


class Listing(Result):
    records: list[Listed]


def list_records(version: Version, *, kind: str | None = None) -> Listing:
    """Every record of a version, from the index: nothing is parsed that was parsed before.
    A record with problems is listed with its first one."""
    listed = []
    for path, facts in sorted(version.index.items()):
        if kind is not None and facts.kind != kind:
            continue
        problems = facts.problems_in(version.source(path))
        listed.append(
            Listed(
                id=id_of_path(path),
                kind=facts.kind,
                title=facts.title,
                status=facts.status,
                readable=not problems,
                problem=str(problems[0]) if problems else None,
            )
        )
    return Listing(records=listed)


class At(Result):
    ref: str | None
    commit: str | None


class Shown(Result):
    id: str
    kind: str | None
    title: str | None
    at: At | None
    data: dict[str, Any]
    text: str


def show_record(version: Version, record_id: str) -> Shown:
    """A record as its file holds it, at a version: its text and its data."""
    path = version.path(record_id)
    content = version.content(path)
    data = version.data(record_id)
    facts = version.facts([path])[path]
    at = At(ref=version.ref, commit=version.commit) if version.commit else None
    return Shown(
        id=id_of_path(path),
        kind=facts.kind,
        title=facts.title,
        at=at,
        data=data,
        text=content.decode("utf-8", "replace"),
    )
