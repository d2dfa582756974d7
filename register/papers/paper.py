"""What every paper shares: where it came from, its properties, and a record's own paper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..records.kinds import RecordModel
from ..records.provenance import Provenance
from ..records.registry import KINDS
from .house import HouseFormat
from .model import Paper, para
from .record_blocks import record_blocks


def footer(provenance: Provenance, house: HouseFormat) -> str:
    """The house format's footer: which register commit, and whether the files had changed since.
    No date: a paper of 2020 made again today must not look as if it were written today."""
    commit = provenance.commit[:10] if provenance.commit else "none (nothing committed yet)"
    state = "" if provenance.clean else " (with uncommitted changes to the records)"
    return house.say("footer", commit=commit, state=state)


def properties(provenance: Provenance) -> dict[str, str]:
    found = {
        "RegisterCommit": provenance.commit or "",
        "RegisterWorkingTree": "clean" if provenance.clean else "uncommitted changes",
        "RegisterVersion": provenance.made_by,
    }
    if provenance.ref:
        found["RegisterAt"] = provenance.ref
    if provenance.templates:
        found["RegisterTemplates"] = "; ".join(provenance.templates)
    return found


def new_paper(
    title: str,
    subject: str,
    *,
    provenance: Provenance,
    include_exempt: bool,
    house: HouseFormat,
    category: str,
) -> Paper:
    paper = Paper(
        title=title,
        subject=subject,
        author=provenance.council,
        category=category,
        keywords=f"{provenance.council}; {category}",
        footer_note=footer(provenance, house),
        captions=house.captions,
        properties=properties(provenance),
        created=provenance.produced or dt.datetime.now(dt.UTC),
    )
    if include_exempt:
        paper.header_notice = house.say("members_copy")
        paper.properties["RegisterExemptIncluded"] = "yes"
    return paper


def record_paper(
    record_id: str,
    record: RecordModel,
    records: Mapping[str, RecordModel],
    *,
    provenance: Provenance,
    include_exempt: bool,
    house: HouseFormat,
    standing: str | None = None,
) -> Paper:
    """A strategy, WSoA or EHRIA screening as a paper of its own (`standing`: its status, where
    the record's own word is not true of this version)."""
    label = KINDS[record.kind].label
    paper = new_paper(
        record.title,
        f"{label}: {record.title}",
        provenance=provenance,
        include_exempt=include_exempt,
        house=house,
        category=label,
    )
    paper.properties["RegisterRecord"] = record_id
    paper.add(para(provenance.council, "subtitle"), para(record.title, "title"), para(label, "subtitle"))
    paper.add(*record_blocks(record, lambda i: records[i].title, 1, standing=standing))
    return paper
