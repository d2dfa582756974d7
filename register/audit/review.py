"""A review as a value: the two versions compared, what changed between them, and who changed it.

`compare.py` computes one from the register; the terminal, JSON and the Word paper show it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from pydantic import Field

from ..records.paths import FieldPath, Item
from ..records.values import PathText, Result
from .diff import OPS, Change

GROUP_LISTS = {"priorities": "Priority", "areas": "Area"}


class Side(Result):
    """One of the two versions: where it is, when it was last changed and by whom, who approved it."""

    record: str
    ref: str
    commit: str
    date: dt.datetime
    author: str
    path: str
    approved_by: list[str] = []


class Made(Result):
    """Who made a change, and when: the commit that last changed that field."""

    author: str
    date: dt.datetime
    commit: str


class ReviewedChange(Change):
    by: str
    date: dt.datetime


class StatusChange(Result):
    """An action (or area) whose status moved on, or a new one with its first status."""

    path: PathText
    id: str
    title: str
    was: str | None
    now: str
    by: str
    date: dt.datetime


class Summary(Result):
    added: int
    removed: int
    changed: int
    moved: int
    by_group: dict[str, dict[str, int]]


class TitleMatch(Result):
    """An item a record compared with another (`review --against`) matched by its title, its id changed."""

    list: str
    old_id: str
    new_id: str
    title: str


class Review(Result):
    record: str
    start: Side = Field(alias="from")
    end: Side = Field(alias="to")
    changes: list[ReviewedChange]
    summary: Summary
    status_changes: list[StatusChange] = []
    problem: str | None = None
    """A version that cannot be read: nothing is compared."""
    matched_by_title: list[TitleMatch] = []
    """Across two records (`--against`): items matched by title where the id changed."""
    made: dict[str, Made] = Field(default={}, exclude=True)
    """Field path -> the commit in between that last changed it."""

    def made_by(self, path: FieldPath) -> Made:
        """Who last changed the field at `path` (or the nearest field holding it)."""
        for end in range(len(path), -1, -1):
            found = self.made.get(str(path.prefix(end)))
            if found:
                return found
        return Made(author=self.end.author, date=self.end.date, commit=self.end.commit)


class ReviewOfAll(Result):
    start: str = Field(alias="from")
    end: str = Field(alias="to")
    records: list[Review]


def group_of(path: FieldPath) -> str:
    """'Priority 2' for anything under priorities[2]; otherwise the top-level field."""
    first = path.steps[0] if path else None
    if len(path) >= 2 and isinstance(first, str) and first in GROUP_LISTS:
        return f"{GROUP_LISTS[first]} {path.steps[1]}"
    return "The record itself" if first is None else str(first).replace("_", " ").capitalize()


def make_review(
    record: str, old: Any, new: Any, start: Side, end: Side, changes: list[Change], made: dict[str, Made]
) -> Review:
    """The review of two versions' data, with its summary and status changes worked out."""
    shell = Review(
        record=record,
        start=start,
        end=end,
        changes=[],
        summary=_summary(changes),
        made=made,
    )
    reviewed = [
        ReviewedChange.model_construct(
            **dict(change), by=shell.made_by(change.path).author, date=shell.made_by(change.path).date
        )
        for change in changes
    ]
    return shell.model_copy(
        update={"changes": reviewed, "status_changes": _status_changes(shell, new, changes)}
    )


def unreadable(record: str, start: Side, end: Side, problem: str) -> Review:
    return Review(record=record, start=start, end=end, changes=[], summary=_summary([]), problem=problem)


def _summary(changes: list[Change]) -> Summary:
    counts = Counter(change.op for change in changes)
    groups: dict[str, Counter[str]] = {}
    for change in changes:
        groups.setdefault(group_of(change.path), Counter())[change.op] += 1
    return Summary(
        added=counts["added"],
        removed=counts["removed"],
        changed=counts["changed"],
        moved=counts["moved"],
        by_group={name: {op: counter[op] for op in OPS if counter[op]} for name, counter in groups.items()},
    )


def _status_changes(review: Review, new: Any, changes: list[Change]) -> list[StatusChange]:
    rows = []
    for change in changes:
        path = change.path
        if (
            path.last == "status"
            and len(path) >= 3
            and isinstance(path.steps[-2], Item)
            and change.op == "changed"
        ):
            item, was, now = path.parent, change.old, change.new
        elif (
            change.op in ("added", "moved")
            and isinstance(path.last, Item)
            and isinstance(path.resolve(new), dict)
        ):
            item, was, now = path, None, path.resolve(new).get("status")
        else:
            continue
        data = item.resolve(new) or {}
        made = review.made_by(path)
        if now is not None:
            rows.append(
                StatusChange(
                    path=item,
                    id=str(item.last),
                    title=str(data.get("title", "")),
                    was=was,
                    now=now,
                    by=made.author,
                    date=made.date,
                )
            )
    return rows
