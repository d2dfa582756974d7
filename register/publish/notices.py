"""Writing the statutory notices and the forward plan as files, in the register's house style."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from ..errors import UsageError
from ..records.kinds import Decision
from ..store.version import Register
from .documents import PLAIN, PaperOptions, Published, _house, _opened, _refuse_problems, _write

NoticeKind = Literal["forward-plan", "decision", "urgency"]
KINDS: tuple[str, ...] = ("forward-plan", "decision", "urgency")


def notice(
    register: Register,
    decision_id: str,
    kind: str,
    *,
    output: Path | None = None,
    at: str | None = None,
    options: PaperOptions = PLAIN,
) -> Published:
    """The notice of a key decision (forward-plan), the record of decision (decision), or the
    general exception or special urgency notice (urgency), from the decision's record."""
    from ..clock.days import CouncilCalendar
    from ..papers.notices import NoticeContext, decision_record, key_decision_notice, urgency_notice

    if kind not in KINDS:
        raise UsageError(f"--kind {kind}: use one of {', '.join(KINDS)}")
    version, decision = _opened(register, decision_id, at, options)
    if not isinstance(decision, Decision):
        raise UsageError(f"{decision_id} is a {decision.kind}: a notice is of a decision")
    _refuse_problems(version, decision_id)
    house, provenance, template = _house(version, options)
    context = NoticeContext(version.config, version.records, provenance, house)
    if kind == "forward-plan":
        paper = key_decision_notice(decision_id, decision, context)
    elif kind == "decision":
        published = decision.notices.decision if decision.notices else None
        calendar = CouncilCalendar(version.config.calendar)
        ends = (
            calendar.working_days_after(published, version.config.calendar.call_in.period)
            if published
            else None
        )
        paper = decision_record(decision_id, decision, context, ends)
    else:
        paper = urgency_notice(decision_id, decision, context)
    target = output or Path.cwd() / f"{decision_id.rsplit('/', 1)[-1]}-{kind}-notice.docx"
    return _write(register, [(target, paper)], template, pdf=options.pdf)


def forward_plan(
    register: Register,
    start: dt.date,
    end: dt.date,
    *,
    output: Path,
    published: dt.date | None = None,
    at: str | None = None,
    options: PaperOptions = PLAIN,
) -> Published:
    """The forward plan of key decisions to be made between `start` and `end`."""
    from ..papers.notices import NoticeContext
    from ..papers.notices import forward_plan as plan_paper

    if end < start:
        raise UsageError(f"--to {end} is before --from {start}")
    if options.pdf:
        from .pdf import find_soffice

        find_soffice()
    version = register.version(at)
    decisions = {i: r for i, r in version.records.items() if isinstance(r, Decision)}
    house, provenance, template = _house(version, options)
    context = NoticeContext(version.config, version.records, provenance, house)
    paper = plan_paper(decisions, start, end, context, published or dt.date.today())
    return _write(register, [(output, paper)], template, pdf=options.pdf)
