"""The register's calendar as an iCalendar file: one all-day event for each day to act, which
Outlook and any other calendar open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..audit.due import Calendar
from ..store.files import write_atomically


def write_ics(calendar: Calendar, target: Path, council: str) -> Path:
    import icalendar  # only the command that writes a calendar

    made = icalendar.Calendar()
    made.add("prodid", f"-//register//{council}//EN")
    made.add("version", "2.0")
    made.add("x-wr-calname", f"{council}: statutory dates")
    for item in calendar.events:
        event = icalendar.Event()
        event.add("uid", f"{item.record}/{item.rule}/{item.date.isoformat()}@register")
        event.add("summary", f"{item.title}: {item.record}")
        event.add("dtstart", item.date)
        event.add("dtend", item.date + dt.timedelta(days=1))
        event.add("dtstamp", dt.datetime.now(dt.UTC))
        event.add("description", f"{item.message}\n\n{item.citation}")
        event.add("categories", [item.rule])
        event.add("transp", "TRANSPARENT")
        made.add_component(event)
    write_atomically(target, made.to_ical())
    return target
