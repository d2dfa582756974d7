"""Finding and reading records: what `register list` and `register show` return."""

from __future__ import annotations

from typing import Any, NamedTuple

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


class Row(NamedTuple):
    """One record as the listing shows it: plain values, for a terminal's ten thousand lines."""

    id: str
    kind: str | None
    title: str | None
    status: str | None
    problem: str | None
    """The first problem of a record that has any."""


def listed(version: Version, *, kind: str | None = None) -> list[Row]:
    """Every record of a version (of one kind, if given), in order: from the index, and for the
    whole working tree remembered for the files it holds, so nothing is worked out twice."""
    rows = version.remembered("listing", lambda: _rows(version))
    return [Row(*row) for row in rows if kind is None or row[1] == kind]


def list_records(version: Version, *, kind: str | None = None) -> Listing:
    """Every record of a version, from the index: nothing is parsed that was parsed before.
    A record with problems is listed with its first one."""
    return Listing.model_construct(
        records=[
            Listed.model_construct(**row._asdict(), readable=row.problem is None)
            for row in listed(version, kind=kind)
        ]
    )


def _rows(version: Version) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    """(id, kind, title, status, first problem) of every record file, in order."""
    rows = []
    for path, facts in sorted(version.index.items()):
        problems = facts.problems_in(version.source(path))
        rows.append(
            (id_of_path(path), facts.kind, facts.title, facts.status, str(problems[0]) if problems else None)
        )
    return rows


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
