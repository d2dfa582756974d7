"""Counting days as the council's calendar counts them: clear days and working days.

Clear days between a publication and a meeting are the days strictly between them (never the day
of publication nor the day of the meeting) that the council's policy counts: by default neither
weekends nor bank holidays. Working days are never weekends, bank holidays of the council's
jurisdiction (from the `holidays` package, one-off ones included) or its own closure days.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from ..records.settings import Calendar

SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}
ONE_DAY = dt.timedelta(days=1)
FURTHEST = 3660  # days searched for a deadline: ten years, far beyond any rule


class CouncilCalendar:
    def __init__(self, calendar: Calendar) -> None:
        self.policy = calendar
        self._closures = set(calendar.closures)

    @cached_property
    def _bank_holidays(self) -> Any:
        from holidays.countries.united_kingdom import UnitedKingdom  # only commands that count days

        return UnitedKingdom(subdiv=SUBDIVISIONS[self.policy.jurisdiction])  # type: ignore[no-untyped-call]

    def bank_holiday(self, day: dt.date) -> str | None:
        """The bank holiday (or closure) that falls on `day`, by name."""
        if day in self._closures:
            return "the council's closure"
        name = self._bank_holidays.get(day)
        return str(name) if name else None

    def working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and self.bank_holiday(day) is None

    def clear(self, day: dt.date) -> bool:
        """Whether `day` counts as a clear day under the council's policy."""
        weekend_ok = self.policy.clear_days.weekends or day.weekday() < 5
        holiday_ok = self.policy.clear_days.bank_holidays or self.bank_holiday(day) is None
        return weekend_ok and holiday_ok

    def clear_days(self, published: dt.date, meeting: dt.date) -> int:
        """The clear days strictly between a publication and a meeting."""
        count, day = 0, published + ONE_DAY
        while day < meeting:
            count += self.clear(day)
            day += ONE_DAY
        return count

    def last_day_to_publish(self, meeting: dt.date, clear_days: int) -> dt.date:
        """The last working day on which a notice can be published and still leave `clear_days`
        before the meeting (a day earlier than the last only adds clear days)."""
        day, counted = meeting - ONE_DAY, 0
        for _ in range(FURTHEST):
            if counted >= clear_days and self.working_day(day):
                return day
            counted += self.clear(day)
            day -= ONE_DAY
        raise ValueError(f"no day leaves {clear_days} clear days before {meeting}")

    def working_days_after(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (`start` itself when `count` is 0)."""
        day, counted = start, 0
        for _ in range(FURTHEST):
            if counted >= count:
                return day
            day += ONE_DAY
            counted += self.working_day(day)
        raise ValueError(f"no {count} working days after {start}")

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start`, up to and including `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start + ONE_DAY
        while day <= end:
            count += self.working_day(day)
            day += ONE_DAY
        return count
