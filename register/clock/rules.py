"""The statutory rules a decision's dates must meet (England), each applied on the council's own
calendar: met, breached, due (with the last day to act) or overdue.

A rule that needs a date the decision does not record is judged only where the register keeps that
decision's notices, or where the last day to act is recent or still ahead; a decision of long ago
with no `notices:` is one whose dates the register never held, and is said to be untracked rather
than found wanting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

from ..records.kinds import Decision
from ..records.kinds.common import Exempt
from ..records.values import Result
from ..records.wording import long_date
from .days import CouncilCalendar

Status = Literal["met", "breached", "due", "overdue"]
Rule = Literal[
    "forward-plan",
    "general-exception",
    "special-urgency",
    "agenda",
    "decision-notice",
    "call-in",
    "follow-up",
    "exemption-review",
    "retention",
    "key-decision",
]
REGULATIONS = "Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England) Regulations 2012"
CITATIONS: dict[str, str] = {
    "forward-plan": f"{REGULATIONS}, reg 9",
    "general-exception": f"{REGULATIONS}, reg 10",
    "special-urgency": f"{REGULATIONS}, reg 11",
    "agenda": f"Local Government Act 1972, s100B; {REGULATIONS}, reg 7",
    "decision-notice": f"{REGULATIONS}, regs 12 and 13",
    "call-in": "Local Government Act 2000, s9F, and the council's constitution",
    "follow-up": "the request recorded with the decision",
    "exemption-review": "Local Government Act 1972, Schedule 12A, and the council's review of exemptions",
    "retention": "Local Government Act 1972, s100C (reports and minutes, 6 years) and s100D (background papers, 4 years)",
    "key-decision": f"{REGULATIONS}, reg 8",
}
FORWARD_PLAN_DAYS, GENERAL_EXCEPTION_DAYS, AGENDA_DAYS = 28, 5, 5
RECENT = dt.timedelta(days=28)
"""How long after its last day a missing notice is still asked for, where the register does not
keep the decision's notices: a decision of long ago is untracked, not overdue."""


class Finding(Result):
    record: str
    rule: Rule
    citation: str
    status: Status
    due: dt.date | None = None
    """The last day to act (or the day a period ends)."""
    actual: dt.date | None = None
    """What happened, and when: the day a notice was published, a request done."""
    days: int | None = None
    """Clear or working days counted, where the rule counts them."""
    margin: int | None = None
    """Days to spare (negative: short by), where the rule counts them."""
    message: str


class Untracked(Exception):
    """The rule needs a date this decision does not record, and the register keeps no notices for it."""


class DecisionClock:
    """The rules applied to one decision, on the council's calendar, as at `today`."""

    def __init__(self, record_id: str, decision: Decision, calendar: CouncilCalendar, today: dt.date) -> None:
        self.id = record_id
        self.decision = decision
        self.calendar = calendar
        self.today = today
        self.untracked: list[str] = []

    @property
    def decided_on(self) -> dt.date:
        outcome = self.decision.outcome
        return outcome.date if outcome else self.decision.meeting_date

    @property
    def decided(self) -> bool:
        """The outcome is recorded, and made by `today`."""
        outcome = self.decision.outcome
        return outcome is not None and outcome.date <= self.today

    def _notice(self, name: str) -> dt.date | None:
        """When a notice was published, if it was by `today`: the register judges a day as it
        stood then, and what the records say happened later had not happened yet."""
        notices = self.decision.notices
        return self._by_today(getattr(notices, name) if notices else None)

    def _by_today(self, day: dt.date | None) -> dt.date | None:
        return day if day is not None and day <= self.today else None

    def findings(self) -> Iterator[Finding]:
        decision = self.decision
        executive = decision.body_type == "executive"
        if executive:
            yield from self._key_decision()
            if decision.key_decision:
                yield from self._forward_plan()
            yield from self._urgency()
            if self.decided:
                yield from self._decision_notice()
                if decision.call_in:
                    yield from self._call_in()
        if decision.body_type != "partner board":
            yield from self._agenda()
            yield from self._retention()
        yield from self._follow_ups()
        yield from self._exemption_reviews()

    # --- notices published before the meeting ---------------------------------------------------

    def _before(self, rule: Rule, name: str, needed: int, what: str) -> Iterator[Finding]:
        """A notice that must leave `needed` clear days before the meeting (or the decision)."""
        meeting = self.decided_on if rule != "agenda" else self.decision.meeting_date
        last = self.calendar.last_day_to_publish(meeting, needed)
        published = self._notice(name)
        if published is None:
            if not self._tracked(last):
                return
            late = self.today > last
            yield self._finding(
                rule,
                "overdue" if late else "due",
                due=last,
                message=f"{what}: not yet published; the last day to publish, leaving {needed} clear days "
                f"before {long_date(meeting)}, {'was' if late else 'is'} {long_date(last)}",
            )
            return
        counted = self.calendar.clear_days(published, meeting)
        yield self._finding(
            rule,
            "met" if counted >= needed else "breached",
            due=last,
            actual=published,
            days=counted,
            margin=counted - needed,
            message=f"{what}: published {long_date(published)}, {counted} clear days before "
            f"{long_date(meeting)}, {needed} needed",
        )

    def _forward_plan(self) -> Iterator[Finding]:
        if self._notice("general_exception") or self._notice("special_urgency"):
            return  # the exception's own rule applies instead
        yield from self._before(
            "forward-plan", "forward_plan", FORWARD_PLAN_DAYS, "the notice of a key decision"
        )

    def _urgency(self) -> Iterator[Finding]:
        if self._notice("general_exception"):
            yield from self._before(
                "general-exception",
                "general_exception",
                GENERAL_EXCEPTION_DAYS,
                "the general exception notice",
            )
        published = self._notice("special_urgency")
        if published is not None:
            agreed = self._by_today(self.decision.urgency.agreed if self.decision.urgency else None)
            if agreed is not None and agreed <= self.decided_on:
                status: Status = "met"
                said = (
                    f"the chair agreed on {long_date(agreed)} that the decision could not reasonably be "
                    f"deferred; the notice of reasons was published {long_date(published)}"
                )
            else:
                status = "breached"
                said = (
                    "a special urgency decision needs the chair's agreement, recorded as urgency.agreed, "
                    "on or before the day of the decision"
                )
            yield self._finding("special-urgency", status, due=self.decided_on, actual=agreed, message=said)

    def _agenda(self) -> Iterator[Finding]:
        yield from self._before("agenda", "agenda", AGENDA_DAYS, "the agenda and report")

    def _key_decision(self) -> Iterator[Finding]:
        decision = self.decision
        threshold = self.calendar.policy.key_decision_threshold
        over = threshold is not None and decision.value is not None and decision.value >= threshold
        wards = len(decision.wards) >= 2
        if not (over or wards):
            return
        why = (
            f"£{decision.value:,.0f} is at or over the council's threshold of £{threshold:,.0f}"
            if over
            else f"it affects {len(decision.wards)} wards (a key decision where the effect on communities in two or more wards is significant)"
        )
        yield self._finding(
            "key-decision",
            "met" if decision.key_decision else "breached",
            message=f"{why}: {'marked' if decision.key_decision else 'so it is a key decision, but it is not marked'} "
            "as a key decision",
        )

    # --- after the decision ---------------------------------------------------------------------

    def _decision_notice(self) -> Iterator[Finding]:
        within = self.calendar.policy.call_in.publish_within
        due = self.calendar.working_days_after(self.decided_on, within)
        published = self._notice("decision")
        if published is None:
            if not self._tracked(due):
                return
            late = self.today > due
            yield self._finding(
                "decision-notice",
                "overdue" if late else "due",
                due=due,
                message=f"the record of the decision is not yet published: due within {within} working days, "
                f"by {long_date(due)}",
            )
            return
        counted = self.calendar.working_days_between(self.decided_on, published)
        yield self._finding(
            "decision-notice",
            "met" if published <= due else "breached",
            due=due,
            actual=published,
            days=counted,
            margin=within - counted,
            message=f"the record of the decision was published {long_date(published)}, {counted} working days "
            f"after the decision; {within} allowed",
        )

    def _call_in(self) -> Iterator[Finding]:
        published = self._notice("decision")
        if published is None:
            return  # the period runs from the notice: its own finding says it is missing
        period = self.calendar.policy.call_in.period
        ends = self.calendar.working_days_after(published, period)
        running = self.today <= ends
        yield self._finding(
            "call-in",
            "due" if running else "met",
            due=ends,
            actual=published,
            days=period,
            message=(
                f"subject to call-in until {long_date(ends)}, {period} working days after the decision notice "
                f"of {long_date(published)}: it may not be implemented before {long_date(ends + dt.timedelta(days=1))}"
                if running
                else f"the call-in period ended on {long_date(ends)}"
            ),
        )

    def _follow_ups(self) -> Iterator[Finding]:
        for request in self.decision.follow_ups:
            if request.due is None:
                continue
            who = f" for {request.by}" if request.by else ""
            done = self._by_today(request.done)
            if done is not None:
                on_time = done <= request.due
                yield self._finding(
                    "follow-up",
                    "met" if on_time else "breached",
                    due=request.due,
                    actual=done,
                    message=f"{request.request}{who}: done {long_date(done)}, "
                    f"{'by' if on_time else 'after'} {long_date(request.due)}",
                )
            else:
                late = self.today > request.due
                yield self._finding(
                    "follow-up",
                    "overdue" if late else "due",
                    due=request.due,
                    message=f"{request.request}{who}: due {long_date(request.due)}, not recorded as done",
                )

    def _exemption_reviews(self) -> Iterator[Finding]:
        for where, exempt in self._exemptions():
            if exempt.review_by is None:
                continue
            late = self.today > exempt.review_by
            yield self._finding(
                "exemption-review",
                "overdue" if late else "due",
                due=exempt.review_by,
                message=f"the exemption of {where} (paragraph {exempt.paragraph} of Schedule 12A) is to be "
                f"reviewed by {long_date(exempt.review_by)}",
            )

    def _exemptions(self) -> Iterator[tuple[str, Exempt]]:
        decision = self.decision
        if decision.exempt:
            yield "the decision", decision.exempt
        if decision.report:
            for section in decision.report.sections:
                if section.exempt:
                    yield f"the section “{section.heading}”", section.exempt
            for appendix in decision.report.appendices:
                if appendix.exempt:
                    yield f"Appendix {appendix.letter or ''}".strip(), appendix.exempt

    def _retention(self) -> Iterator[Finding]:
        meeting = self.decision.meeting_date
        ends = _years_after(meeting, 6)
        papers = _years_after(meeting, 4)
        yield self._finding(
            "retention",
            "due" if self.today <= ends else "met",  # a period running, then over: nothing to act on
            due=ends,
            message=(
                f"the report and minutes stay open to inspection until {long_date(ends)}, six years after the "
                f"meeting; background papers until {long_date(papers)}"
                if self.today <= ends
                else f"the six years the report and minutes were open to inspection ended on {long_date(ends)}"
            ),
        )

    # --- ------------------------------------------------------------------------------------------

    def _tracked(self, last: dt.date) -> bool:
        if self.decision.notices is not None or last >= self.today - RECENT:
            return True
        self.untracked.append(self.id)
        return False

    def _finding(
        self,
        rule: Rule,
        status: Status,
        *,
        message: str,
        due: dt.date | None = None,
        actual: dt.date | None = None,
        days: int | None = None,
        margin: int | None = None,
    ) -> Finding:
        return Finding(
            record=self.id,
            rule=rule,
            citation=CITATIONS[rule],
            status=status,
            due=due,
            actual=actual,
            days=days,
            margin=margin,
            message=message,
        )


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
