"""Which decisions pinned which versions: read from the decision files that name them, and only those."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import InvalidRecord, Problem
from .ids import id_of_path
from .parsed import parsed_files
from .store import Store
from .wording import decision_label


@dataclass(frozen=True)
class Pin:
    """One decision's approval of one exact version of a record."""

    decision: str
    record: str
    commit: str
    fingerprint: str
    date: str  # the date of the decision (its outcome, else its meeting), YYYY-MM-DD
    label: str  # "Cabinet, 18 September 2020"


def pins_of(store: Store, record_ids: set[str] | None = None) -> tuple[list[Pin], list[Problem]]:
    """Every approval (of these records, or of any), oldest decision first; and decision files that
    could not be read, which hide whatever they approved."""
    needles = (
        [f"record: {record_id}" for record_id in sorted(record_ids)] if record_ids else ["approved_versions:"]
    )
    pins: list[Pin] = []
    problems: list[Problem] = []
    for path, data in parsed_files(store, store.grep(needles)).items():
        if isinstance(data, InvalidRecord):
            problems += data.problems
        else:
            pins += [
                pin
                for pin in _pins_in(id_of_path(path), data)
                if record_ids is None or pin.record in record_ids
            ]
    return sorted(pins, key=lambda pin: (pin.date, pin.decision)), problems


def _pins_in(decision: str, data: dict[str, Any]) -> list[Pin]:
    outcome = data.get("outcome") if isinstance(data.get("outcome"), dict) else {}
    when = str(outcome.get("date") or data.get("meeting_date") or "")
    label = decision_label(data, decision)
    return [
        Pin(
            decision, str(pin.get("record")), str(pin.get("commit")), str(pin.get("fingerprint")), when, label
        )
        for pin in data.get("approved_versions") or []
        if isinstance(pin, dict)
    ]
