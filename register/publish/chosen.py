"""Which version of the register a decision's report is made from, when none is asked for.

A report is a record of what a meeting had before it. Once the decision is made, the paper is
built from the register as it stood when the decision was recorded (so from the versions the
decision approved); before that, as it stood at the end of the day the agenda was published;
failing both, from the files as they are now, with a warning. Whichever is chosen, the records
the paper uses that have changed since are named, so no one mistakes one version for another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidRecord
from ..records.ids import path_of_id
from ..records.loader import load_data
from ..records.wording import long_date
from ..store.log import NOTHING, log_of
from ..store.version import Register, Version


@dataclass
class Chosen:
    version: Version
    now: Version
    """The working tree, to say what has changed since."""
    why: str
    """How the version was chosen, after "made from the register": 'as it stood when the decision was recorded (commit 1a2b3c4d5e)'."""
    warnings: list[str] = field(default_factory=list)


def report_version(register: Register, decision_id: str, at: str | None) -> Chosen:
    working = register.working()
    if at is not None:
        return Chosen(register.version(at), working, f"at {at}")
    path = working.path(decision_id)
    data = _data(working, decision_id)
    decided = _decided_in(register, path) if data.get("outcome") else None
    if decided is not None:
        why = f"as it stood when the decision was recorded (commit {decided[:10]})"
        return Chosen(register.at(decided), working, why)
    published = _published(data)
    if published is not None:
        commit = _last_commit_by(register, published)
        if commit is not None and path in (then := register.at(commit)).files:
            return Chosen(
                then,
                working,
                f"as it stood when the agenda was published on {long_date(published)} (commit {commit[:10]})",
            )
    return Chosen(
        working,
        working,
        "as the files stand now",
        [
            f"{decision_id} {_why_now(published)}: the paper shows the records as they are now; give --at to choose a version"
        ],
    )


def _why_now(published: dt.date | None) -> str:
    if published is None:
        return "is not decided and gives no date its agenda was published (notices.agenda)"
    return f"is not decided, and nothing was committed by the day its agenda was published ({long_date(published)})"


def changed_since(chosen: Version, now: Version, record_ids: list[str]) -> list[str]:
    """The records a paper uses whose files differ now from the chosen version."""
    changed = []
    for record_id in record_ids:
        path = path_of_id(record_id)
        then, current = chosen.files.get(path), now.files.get(path)
        if then is None or current is None or then.blob != current.blob:
            changed.append(record_id)
    return changed


def _decided_in(register: Register, path: str) -> str | None:
    """The commit that first recorded the decision's outcome, if it has one now: found by git's
    own search for the line that starts it, else (a file written otherwise) by reading each version."""
    store = register.store
    found = store.git.run("log", "--format=%H", "-G^outcome:", "HEAD", "--", path, ok=(0, 128)).split()
    if found:
        return found[-1]
    for touch in log_of(store, path):
        if touch.new_blob != NOTHING and _has_outcome(store.read_blob(touch.new_blob), path):
            return touch.commit
    return None


def _has_outcome(content: bytes, path: str) -> bool:
    try:
        return bool(load_data(content, path).get("outcome"))
    except InvalidRecord:
        return False


def _data(version: Version, decision_id: str) -> dict[str, Any]:
    try:
        return version.data(decision_id)
    except InvalidRecord:
        return {}


def _published(data: dict[str, Any]) -> dt.date | None:
    notices = data.get("notices")
    published = notices.get("agenda") if isinstance(notices, dict) else None
    return published if isinstance(published, dt.date) else None


def _last_commit_by(register: Register, day: dt.date) -> str | None:
    """The last commit made by the end of `day`."""
    out = register.store.git.run(
        "rev-list", "-1", f"--before={day.isoformat()} 23:59:59", "HEAD", ok=(0, 128)
    )
    return out.strip() or None
