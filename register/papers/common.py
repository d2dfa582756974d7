"""What every paper shares: where it came from, its properties, and a record's own paper."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass

from .. import __version__
from ..records import Record
from ..wording import long_date
from .house import HouseFormat
from .model import Paper, para
from .records import record_blocks

KIND_LABELS = {
    "strategy": "Strategy",
    "wsoa": "Written Statement of Action",
    "ehria": "Equality and Human Rights Impact Assessment screening",
    "decision": "Decision",
}


@dataclass(frozen=True)
class Provenance:
    """The register commit a paper is built from, and whether the records had uncommitted changes."""

    council: str
    commit: str | None
    dirty: bool
    produced: dt.datetime

    def footer(self) -> str:
        commit = self.commit[:10] if self.commit else "none (nothing committed yet)"
        state = "with uncommitted changes to the records" if self.dirty else "no uncommitted changes"
        return f"Produced from register commit {commit} ({state}) on {long_date(self.produced)}"

    def properties(self) -> dict[str, str]:
        return {
            "RegisterCommit": self.commit or "",
            "RegisterWorkingTree": "uncommitted changes" if self.dirty else "clean",
            "RegisterVersion": __version__,
        }


def new_paper(
    title: str, subject: str, provenance: Provenance, include_exempt: bool, house: HouseFormat, category: str
) -> Paper:
    paper = Paper(
        title=title,
        subject=subject,
        author=provenance.council,
        category=category,
        keywords=f"{provenance.council}; {category}",
        footer_note=provenance.footer(),
        properties=provenance.properties(),
        created=provenance.produced,
    )
    if include_exempt:
        paper.header_notice = house.say("members_copy")
        paper.properties["RegisterExemptIncluded"] = "yes"
    return paper


def record_paper(
    record: Record,
    records: Mapping[str, Record],
    provenance: Provenance,
    include_exempt: bool,
    house: HouseFormat,
) -> Paper:
    """A strategy, WSoA or EHRIA screening as a paper of its own."""
    label = KIND_LABELS[record.kind]
    paper = new_paper(record.title, f"{label}: {record.title}", provenance, include_exempt, house, label)
    paper.properties["RegisterRecord"] = record.id
    paper.add(para(provenance.council, "subtitle"), para(record.title, "title"), para(label, "subtitle"))
    paper.add(*record_blocks(record.data, lambda i: records[i].title, 1))
    return paper


def appendix_label(index: int, count: int) -> str:
    return "Appendix" if count == 1 else f"Appendix {string.ascii_uppercase[index]}"
