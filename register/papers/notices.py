"""The statutory notices, written from a decision's record: the notice of a key decision (reg 9),
the record of decision (regs 12 and 13), the general exception and special urgency notices (regs
10 and 11), and the forward plan of key decisions for a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..clock.rules import CITATIONS
from ..errors import UsageError
from ..records.kinds import Decision, RecordModel
from ..records.provenance import Provenance
from ..records.settings import Settings
from ..records.wording import joined, long_date
from .house import HouseFormat
from .model import Block, Heading, Paper, Paragraph, Span, Table, para, text
from .paper import new_paper


@dataclass(frozen=True)
class NoticeContext:
    """What every notice needs beside the decision: the council, its records, the paper's house."""

    settings: Settings
    records: Mapping[str, RecordModel]
    provenance: Provenance
    house: HouseFormat


def _paper(title: str, subject: str, context: NoticeContext, record_id: str | None) -> Paper:
    paper = new_paper(
        title,
        subject,
        provenance=context.provenance,
        include_exempt=False,
        house=context.house,
        category="Notice",
    )
    if record_id:
        paper.properties["RegisterRecord"] = record_id
    paper.add(para(context.settings.council, "subtitle"), para(title, "title"))
    return paper


def _labelled(label: str, value: str) -> Paragraph:
    return Paragraph((Span(f"{label} ", bold=True), *text(value)))


def _needs_address(settings: Settings, what: str) -> tuple[str, str]:
    if not settings.address:
        raise UsageError(
            f"register.yaml: say the council's address (address: …), where {what} can be had; "
            "a statutory notice must give it"
        )
    return settings.address, settings.email or ""


def _documents(decision: Decision, records: Mapping[str, RecordModel]) -> list[str]:
    """The documents submitted to the decision maker: the report, its appendices, its background papers."""
    report = decision.report
    if report is None:
        return [f"A report on “{decision.title}”"]
    found = [f"The report of {report.of}" if report.of else "The report"]
    for appendix in report.appendices:
        named = records.get(appendix.record) if appendix.record else None
        title = appendix.title or (named.title if named else "")
        label = f"Appendix {appendix.letter}" if appendix.letter else "Appendix"
        found.append(f"{label}: {title}" + (" (exempt information)" if appendix.exempt else ""))
    for paper in report.background_papers:
        if paper.decision and paper.decision in records:
            found.append(f"Background paper: {records[paper.decision].title}")
        elif paper.title or paper.url:
            found.append(f"Background paper: {paper.title or paper.url}")
    return found


# --- regulation 9 -----------------------------------------------------------------------------------


def key_decision_notice(record_id: str, decision: Decision, context: NoticeContext) -> Paper:
    if not decision.key_decision:
        raise UsageError(
            f"{record_id} is not marked as a key decision (key_decision: true): it needs no reg 9 notice"
        )
    address, email = _needs_address(context.settings, "the documents")
    paper = _paper(
        "Notice of a key decision", f"{decision.label}: notice of a key decision", context, record_id
    )
    notices = decision.notices
    published = notices.forward_plan if notices else None
    paper.add(_cited("forward-plan", published))
    plan = decision.forward_plan
    if plan and plan.reference:
        paper.add(_labelled("Forward plan reference:", plan.reference))
    paper.add(Heading(decision.title, 1))
    request = f"by email to {email} or by writing to {address}" if email else f"by writing to {address}"
    items = [
        ("(a)", "A key decision is to be made."),
        ("(b) The matter:", _matter(decision)),
        ("(c) The decision maker:", decision.body),
        (
            "(d) The date on which, or the period within which, the decision is to be made:",
            long_date(decision.meeting_date),
        ),
        (
            "(e) The documents submitted to the decision maker:",
            "; ".join(_documents(decision, context.records)) + ".",
        ),
        ("(f) The address from which copies of, or extracts from, those documents can be had:", address),
        ("(g)", "Other documents relevant to the matter may be submitted to the decision maker."),
        ("(h) How to request details of those documents as they become available:", request + "."),
    ]
    paper.add(*(_labelled(label, value) for label, value in items))
    if decision.wards:
        paper.add(_labelled("Wards affected:", joined(list(decision.wards))))
    if decision.exempt:
        paper.add(
            para(
                "The decision may be taken in private: the matter involves exempt information under paragraph "
                f"{decision.exempt.paragraph} of Part 1 of Schedule 12A to the Local Government Act 1972."
            )
        )
    return paper


def _matter(decision: Decision) -> str:
    purpose = decision.report.purpose if decision.report else []
    first = next((item for item in purpose if isinstance(item, str)), None)
    return f"{decision.title}. {first}" if first and "{" not in first else decision.title


# --- regulations 12 and 13 -----------------------------------------------------------------------------


def decision_record(
    record_id: str, decision: Decision, context: NoticeContext, call_in_ends: dt.date | None
) -> Paper:
    """The record of the decision; `call_in_ends`: the last day of the call-in period, where known."""
    outcome = decision.outcome
    if outcome is None:
        raise UsageError(f"{record_id} has no outcome yet: record it with `register decide` first")
    paper = _paper("Record of decision", f"{decision.label}: record of decision", context, record_id)
    notices = decision.notices
    published = notices.decision if notices else None
    paper.add(_cited("decision-notice", published))
    paper.add(Heading(decision.title, 1))
    paper.add(
        _labelled("Decision maker:", decision.body),
        _labelled("Date of decision:", long_date(outcome.date)),
        _labelled(
            "Key decision:",
            "Yes"
            + (
                f" (forward plan reference {decision.forward_plan.reference})"
                if decision.forward_plan and decision.forward_plan.reference
                else ""
            )
            if decision.key_decision
            else "No",
        ),
    )
    blocks: list[Block] = [Heading("The decision", 2)]
    if outcome.resolution:
        blocks.append(para("Resolved:"))
        blocks += [para(item, "recommendation") for item in outcome.resolution]
    else:
        blocks.append(para(f"The {decision.body} {outcome.decision} the report “{decision.title}”."))
    blocks += _list("Reasons for the decision", outcome.reasons, "No reasons are recorded.")
    blocks += _list(
        "Alternative options considered and rejected", outcome.alternatives_rejected, "None were recorded."
    )
    blocks.append(Heading("Conflicts of interest and dispensations", 2))
    if outcome.conflicts_of_interest:
        for conflict in outcome.conflicts_of_interest:
            granted = (
                f" Dispensation: {conflict.dispensation}."
                if conflict.dispensation
                else " No dispensation was granted."
            )
            blocks.append(para(f"{conflict.member} declared {conflict.interest}.{granted}", "bullet"))
    else:
        blocks.append(para("No conflict of interest was declared by any member consulted."))
    blocks.append(Heading("Call-in", 2))
    blocks.append(para(_call_in_words(decision, call_in_ends)))
    paper.add(*blocks)
    return paper


def _list(heading: str, items: Sequence[str], none: str) -> list[Block]:
    blocks: list[Block] = [Heading(heading, 2)]
    return blocks + ([para(item, "bullet") for item in items] if items else [para(none)])


def _call_in_words(decision: Decision, ends: dt.date | None) -> str:
    if not decision.call_in:
        return "This decision is not subject to call-in, and may be implemented at once."
    if ends is None:
        return "This decision is subject to call-in: the period runs from the publication of this record."
    return (
        f"This decision is subject to call-in. Unless it is called in by the end of {long_date(ends)}, it "
        f"may be implemented from {long_date(ends + dt.timedelta(days=1))}."
    )


# --- regulations 10 and 11 -------------------------------------------------------------------------------


def urgency_notice(record_id: str, decision: Decision, context: NoticeContext) -> Paper:
    urgency = decision.urgency
    if urgency is None:
        raise UsageError(
            f"{record_id} records no urgency: add `urgency:` with its reasons (and the chair) first"
        )
    notices = decision.notices
    # The notices say which procedure was used; the chair's agreement alone means special urgency
    # only where no general exception notice was given (a chair is told of both).
    if notices and (notices.special_urgency or notices.general_exception):
        special = notices.special_urgency is not None
    else:
        special = urgency.agreed is not None
    rule = "special-urgency" if special else "general-exception"
    title = "Notice of special urgency" if special else "Notice of a general exception"
    paper = _paper(title, f"{decision.label}: {title.lower()}", context, record_id)
    published = (notices.special_urgency if special else notices.general_exception) if notices else None
    paper.add(_cited(rule, published))
    paper.add(Heading(decision.title, 1))
    paper.add(
        _labelled("The matter:", _matter(decision)),
        _labelled("The decision maker:", decision.body),
        _labelled("The date of the decision:", long_date(decision.meeting_date)),
    )
    if special:
        chair = urgency.chair or "The chair of the relevant overview and scrutiny committee"
        agreed = f" on {long_date(urgency.agreed)}" if urgency.agreed else ""
        paper.add(
            para(
                f"{chair} agreed{agreed} that the making of the decision is urgent and cannot reasonably be deferred."
            )
        )
        paper.add(
            _labelled(
                "The reasons why the decision is urgent and cannot reasonably be deferred:", urgency.reasons
            )
        )
    else:
        chair = urgency.chair or "the chair of the relevant overview and scrutiny committee"
        paper.add(
            para(
                f"It is impracticable to give 28 clear days' notice of this key decision. {chair[:1].upper() + chair[1:]} has been informed in writing."
            )
        )
        paper.add(_labelled("Why compliance with regulation 9 is impracticable:", urgency.reasons))
    return paper


# --- the forward plan --------------------------------------------------------------------------------------


def _cited(rule: str, published: dt.date | None) -> Paragraph:
    """The regulation a notice is given under, and when it was published."""
    return para(
        f"{CITATIONS[rule]}. " + (f"Published {long_date(published)}." if published else "Not yet published.")
    )


def forward_plan(
    decisions: Mapping[str, Decision],
    start: dt.date,
    end: dt.date,
    context: NoticeContext,
    published: dt.date,
) -> Paper:
    """The key decisions to be made between `start` and `end`, as the council publishes them."""
    address, email = _needs_address(context.settings, "the documents listed")
    title = f"Forward plan of key decisions, {long_date(start)} to {long_date(end)}"
    paper = _paper(title, title, context, None)
    paper.add(
        para(f"{CITATIONS['forward-plan']}. Published {long_date(published)}."),
        para(
            "Each entry is notice that a key decision is to be made. Copies of, or extracts from, the documents "
            f"submitted can be had from {address}. Other documents relevant to a matter may be submitted to the "
            "decision maker; details of them can be requested, as they become available, "
            + (f"by email to {email} or " if email else "")
            + f"by writing to {address}."
        ),
    )
    due = sorted(
        (
            (record_id, d)
            for record_id, d in decisions.items()
            if d.key_decision and start <= d.meeting_date <= end
        ),
        key=lambda pair: (pair[1].meeting_date, pair[0]),
    )
    if not due:
        paper.add(para("No key decision is to be made in this period."))
        return paper
    rows = tuple(
        (
            text(
                d.forward_plan.reference
                if d.forward_plan and d.forward_plan.reference
                else record_id.replace("/", "/\u200b").replace("-", "-\u200b")  # may break there
            ),
            text(d.title),
            text(d.body),
            text(long_date(d.meeting_date)),
            text("; ".join(_documents(d, context.records))),
            text(joined(list(d.wards)) if d.wards else "–"),
            text(f"Yes (paragraph {d.exempt.paragraph})" if d.exempt else "No"),
        )
        for record_id, d in due
    )
    paper.add(
        Table(
            "Key decisions to be made in the period",
            ("Reference", "Matter", "Decision maker", "Date", "Documents", "Wards", "Private"),
            rows,
        )
    )
    return paper
