"""Which decisions pinned which versions of which records: read from every decision's parsed file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..records.ids import id_of_path
from ..records.wording import long_date
from ..store.index import Facts
from ..store.version import Version


@dataclass(frozen=True)
class Pinned:
    """One decision's approval of one exact version of a record."""

    decision: str
    record: str
    commit: str
    fingerprint: str
    date: dt.date | None  # the decision's date: its outcome's, else its meeting's
    label: str  # "Cabinet, 18 September 2020"


def pins_of(version: Version, record_ids: set[str] | None = None) -> list[Pinned]:
    """Every approval (of these records, or of any) in the decisions of `version`, oldest first."""
    pins = [
        pin
        for path, facts in version.index.items()
        if facts.kind == "decision"
        for pin in _pins_in(id_of_path(path), facts)
        if record_ids is None or pin.record in record_ids
    ]
    return sorted(pins, key=lambda pin: (pin.date or dt.date.min, pin.decision))


def _pins_in(decision: str, facts: Facts) -> list[Pinned]:
    day = dt.date.fromisoformat(facts.decided) if facts.decided else None
    meeting = dt.date.fromisoformat(facts.meeting) if facts.meeting else None
    label = f"{facts.body}, {long_date(meeting)}" if facts.body and meeting else decision
    return [Pinned(decision, pin.record, pin.commit, pin.fingerprint, day, label) for pin in facts.pins]
