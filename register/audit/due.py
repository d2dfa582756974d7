"""`register calendar`: what is due across the register, in date order: notices to publish,
agendas, call-in periods ending, follow-ups, exemption reviews, the end of retention."""

from __future__ import annotations

import datetime as dt

from ..records.values import Result
from ..store.version import Version
from .check import check

WHAT = {
    "forward-plan": "Publish the notice of a key decision",
    "general-exception": "Publish the general exception notice",
    "special-urgency": "Special urgency: record the chair's agreement",
    "agenda": "Publish the agenda and report",
    "decision-notice": "Publish the record of the decision",
    "call-in": "Call-in period ends",
    "follow-up": "Follow-up due",
    "exemption-review": "Review the exemption",
    "retention": "Retention of the report and minutes ends",
    "key-decision": "Mark it as a key decision",
}


PERIODS = ("call-in", "retention")
"""Rules whose day is a period's end: on the calendar whether or not anything is to be done."""


class Event(Result):
    date: dt.date
    record: str
    rule: str
    title: str
    """What is to be done, or what ends, that day."""
    status: str
    citation: str
    message: str


class Calendar(Result):
    start: dt.date
    end: dt.date
    events: list[Event]


def calendar(
    version: Version,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
) -> Calendar:
    """Everything with a day to act between `start` (default today) and `end` (default a year on)
    that is not yet done as at `start`, or is a period's end."""
    first = start or today or dt.date.today()
    day = first
    last = end or first + dt.timedelta(days=365)
    events = [
        Event(
            date=finding.due,
            record=finding.record,
            rule=finding.rule,
            title=WHAT[finding.rule],
            status=finding.status,
            citation=finding.citation,
            message=finding.message,
        )
        for finding in check(version, today=day).findings
        if finding.due is not None
        and first <= finding.due <= last
        and (finding.status in ("due", "overdue") or finding.rule in PERIODS)
    ]
    events.sort(key=lambda event: (event.date, event.record, event.rule))
    return Calendar(start=first, end=last, events=events)
