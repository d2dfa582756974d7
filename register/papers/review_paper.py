"""The annual review as a Word paper: the two versions, a summary, then the record with changes tracked."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..audit.diff import OPS
from ..audit.review import Review, Side, StatusChange
from ..records.kinds import Decision, RecordModel
from ..records.paths import FieldPath
from ..records.provenance import Provenance
from ..records.registry import KINDS
from ..records.wording import capitalised, long_date
from .house import HouseFormat
from .marks import Author, ReviewMarker
from .model import Heading, PageBreak, Paper, Span, Table, para, text
from .paper import new_paper
from .record_blocks import record_blocks

HOW_TO_READ = (
    "Every change since the older version is shown as a Word tracked change, by the officer who made it "
    "and on the day it was committed: new words underlined, removed words struck through. In Word, use "
    "Review > Accept or Reject; in LibreOffice, Edit > Track Changes > Manage."
)


ACROSS = (
    "{new} is compared with {old}: areas, priorities, actions and measures are matched by id, or by "
    "title where the id changed; what the older record had and this one does not is shown removed."
)


def review_paper(
    review: Review,
    old: RecordModel,
    new: RecordModel,
    records: Mapping[str, RecordModel],
    *,
    provenance: Provenance,
    house: HouseFormat,
    include_exempt: bool,
) -> Paper:
    """The review as a paper: `old` and `new` are the two versions' records, `records` the register's."""

    def title_of(record_id: str) -> str:
        record = records.get(record_id)
        if record is None:
            return record_id
        return record.label if isinstance(record, Decision) else record.title

    label = KINDS[new.kind].label
    across = review.start.record != review.end.record
    title = f"{new.title} compared with {old.title}" if across else f"Annual review: {new.title}"
    between = f"{_label(review.start, title_of)} to {_label(review.end, title_of)}"
    paper = new_paper(
        title,
        f"{label} {review.record}: changes from {between}",
        provenance=provenance,
        include_exempt=include_exempt,
        house=house,
        category="Review of a successor" if across else "Annual review",
    )
    paper.properties.update(
        {
            "RegisterRecord": review.record,
            "RegisterFromCommit": review.start.commit,
            "RegisterToCommit": review.end.commit,
        }
    )
    paper.add(
        para(provenance.council, "subtitle"),
        para(title, "title"),
        para(f"Changes from {between}", "subtitle"),
    )
    if across:
        paper.add(para(ACROSS.format(old=old.title, new=new.title), "note"))
    paper.add(Heading("The two versions", 1), _versions_table(review, title_of))
    paper.add(Heading("Summary", 1), para(_summary_sentence(review)), _groups_table(review))
    if review.status_changes:
        paper.add(Heading("Action status changes", 2), _status_table(review.status_changes))
    paper.add(
        PageBreak(),
        Heading(f"The {label.lower()} as at {long_date(review.end.date)}, changes marked", 1),
        para(HOW_TO_READ, "note"),
    )
    marker = ReviewMarker(old, new, lambda path: _author(review, path))
    paper.add(*record_blocks(new, title_of, 2, marker))
    return paper


def _author(review: Review, path: FieldPath) -> Author:
    made = review.made_by(path)
    return Author(made.author, made.date)


def _label(side: Side, title_of: Callable[[str], str]) -> str:
    if side.approved_by:
        return f"the version approved by {title_of(side.approved_by[-1])}"
    if side.ref == "HEAD":
        return f"the latest version, of {long_date(side.date)}"
    return f"the version of {long_date(side.date)}"


def _versions_table(review: Review, title_of: Callable[[str], str]) -> Table:
    def row(label: str, value: Callable[[Side], str]) -> tuple[tuple[Span, ...], ...]:
        return (text(label, bold=True), text(value(review.start)), text(value(review.end)))

    records = (
        (row("Record", lambda s: title_of(s.record)),) if review.start.record != review.end.record else ()
    )
    rows = (
        *records,
        row("Version", lambda s: _label(s, title_of).removeprefix("the version ")),
        row("Commit", lambda s: s.commit[:10]),
        row("Dated", lambda s: long_date(s.date)),
        row("Last changed by", lambda s: s.author),
        row(
            "Approved by",
            lambda s: "; ".join(title_of(d) for d in s.approved_by) or "Not approved by any decision",
        ),
    )
    return Table("The two versions compared", ("", "From", "To"), rows)


def _summary_sentence(review: Review) -> str:
    counts = {op: getattr(review.summary, op) for op in OPS}
    total = sum(counts.values())
    if not total:
        return "Nothing changed between the two versions."
    parts = [f"{counts[op]} {op}" for op in OPS if counts[op]]
    return f"{total} change{'s' if total != 1 else ''}: " + ", ".join(parts) + "."


def _groups_table(review: Review) -> Table:
    groups = review.summary.by_group
    rows = tuple(
        (text(name), *(text(str(counts.get(op, 0))) for op in OPS)) for name, counts in groups.items()
    )
    return Table(
        "Changes by part of the record",
        ("Part", "Added", "Removed", "Changed", "Moved"),
        rows,
    )


def _status_table(statuses: list[StatusChange]) -> Table:
    rows = tuple(
        (
            text(s.id),
            text(s.title),
            text(capitalised(s.was) if s.was else "New"),
            text(capitalised(s.now)),
            text(f"{s.by}, {long_date(s.date)}"),
        )
        for s in statuses
    )
    return Table(
        "Action status changes",
        ("No.", "Action", "Was", "Now", "Changed by, on"),
        rows,
    )
