"""`register check`: every decision's dates held against the statutory rules, on the council's
own calendar, as at a day (today unless told)."""

from __future__ import annotations

import datetime as dt

from pydantic import computed_field

from ..clock.days import CouncilCalendar
from ..clock.rules import DecisionClock, Finding
from ..records.kinds import Decision
from ..records.values import Result
from ..store.version import Version

ORDER = {"breached": 0, "overdue": 1, "due": 2, "met": 3}


class Check(Result):
    today: dt.date
    findings: list[Finding]
    untracked: list[str] = []
    """Decisions of long ago whose notices the register does not keep: their dates cannot be checked."""

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented way to put a property in the JSON
    @property
    def ok(self) -> bool:
        return not any(f.status in ("breached", "overdue") for f in self.findings)


def check(version: Version, *, today: dt.date | None = None) -> Check:
    """Every rule applied to every decision of `version` that has the dates it needs."""
    day = today or dt.date.today()
    calendar = CouncilCalendar(version.config.calendar)
    findings: list[Finding] = []
    untracked: list[str] = []
    for record_id, record in version.records.items():
        if isinstance(record, Decision):
            clock = DecisionClock(record_id, record, calendar, day)
            findings += clock.findings()
            untracked += clock.untracked
    findings.sort(key=lambda f: (ORDER[f.status], f.due or dt.date.max, f.record, f.rule))
    return Check(today=day, findings=findings, untracked=sorted(set(untracked)))
