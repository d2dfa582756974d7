"""A record written out as blocks: a paper of its own, a report's appendix, or a review with changes marked.

Every piece of text is asked of a marker by its field path, so the same builders serve the plain
paper and the annual review's tracked changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from ..records.characteristics import PROTECTED_CHARACTERISTICS
from ..records.kinds import Decision, Ehria, RecordModel, Strategy
from ..records.kinds.common import Action, Link
from ..records.kinds.ehria import Conclusion
from ..records.kinds.plan import Area, Figure, Inspection, Measure, Plan
from ..records.kinds.strategy import Period, Priority
from ..records.paths import FieldPath, Item
from ..records.wording import capitalised, figure_text, long_date, month_year
from .marks import PlainMarker
from .model import Block, Heading, Paragraph, Span, Table, para

ILLUSTRATIVE_MARK = "†"
ILLUSTRATIVE_NOTE = (
    f"Items marked {ILLUSTRATIVE_MARK} are illustrative: made up for the example, not taken from a source; "
    "the record says which parts."
)

AREA_LABELS = {
    "wsoa": "Area of weakness",
    "app": "Area of weakness",
    "priority-action-plan": "Area for priority action",
}
OUTCOME_WORDS = {
    "sufficient": "sufficient progress",
    "insufficient": "insufficient progress",
    "positive": "typically positive experiences and outcomes",
    "inconsistent": "inconsistent experiences and outcomes",
    "widespread-failings": "widespread or systemic failings",
}

TitleOf = Callable[[str], str]
Row = tuple[tuple[Span, ...], ...]
ROOT = FieldPath()


class RecordWriter:
    """Writes one record's blocks; `marker` decides how each piece of text is shown."""

    def __init__(
        self,
        record: RecordModel,
        title_of: TitleOf,
        marker: PlainMarker | None = None,
        standing: str | None = None,
    ) -> None:
        self.record = record
        self.title_of = title_of
        self.m = marker or PlainMarker()
        self.standing = standing
        """What the paper says of the record's status when its own word would not be true of this version."""

    def blocks(self, level: int) -> list[Block]:
        record = self.record
        if isinstance(record, Strategy):
            blocks = self._strategy(record, level)
        elif isinstance(record, Plan):
            blocks = self._plan(record, level)
        elif isinstance(record, Ehria):
            blocks = self._ehria(level)
        else:
            blocks = self._decision(record, level)
        if _marked(record):
            blocks.append(para(ILLUSTRATIVE_NOTE, "note"))
        if record.illustrative:
            blocks.append(
                Paragraph(self.t(ROOT / "illustrative", lambda said: f"Illustrative: {said}"), "note")
            )
        return blocks

    # --- pieces ---------------------------------------------------------------------------

    def t(self, path: FieldPath, render: Callable[[Any], str] = str, **style: bool) -> tuple[Span, ...]:
        return self.m.text(path, self.record, render, **style)

    def fact(self, label: str, path: FieldPath, render: Callable[[Any], str] = str) -> list[Block]:
        spans = self.t(path, render)
        return [Paragraph((Span(f"{label}: ", bold=True), *spans))] if spans else []

    def heading(self, path: FieldPath, render: Callable[[Any], str], level: int) -> Heading:
        return Heading("", level, self.t(path, render))

    def _status(self) -> list[Block]:
        if self.standing:
            return [Paragraph((Span("Status: ", bold=True), Span(self.standing)))]
        return self.fact("Status", ROOT / "status", capitalised)

    def _titles(self, ids: Sequence[str]) -> str:
        return "; ".join(map(self.title_of, ids))

    # --- strategy -------------------------------------------------------------------------

    def _strategy(self, strategy: Strategy, level: int) -> list[Block]:
        blocks: list[Block] = [
            *self.fact("Period", ROOT / "period", _period),
            *self.fact("Owner", ROOT / "owner"),
            *self._status(),
            *self.fact("Review", ROOT / "review_cycle", capitalised),
            *self.fact("Age range", ROOT / "age_range"),
            *self.fact("Partners", ROOT / "partners", _listed),
            *self.fact("Replaces", ROOT / "supersedes", self.title_of),
            *(self.fact("Responds to", ROOT / "responds_to", self._titles) if strategy.responds_to else []),
        ]
        if strategy.summary:
            blocks.append(Paragraph(self.t(ROOT / "summary")))
        if strategy.document:
            blocks += self._link("The strategy document", ROOT / "document")
        priorities = ROOT / "priorities"
        if strategy.priorities or self.m.removed(priorities):
            blocks.append(Heading("Priorities and action plan", level))
            for priority in strategy.priorities:
                blocks += self._priority(priorities / Item(priority.id), priority, level + 1)
            for path, _ in self.m.removed(priorities):
                blocks.append(Heading("", level + 1, self.m.text(path, self.m.old, _priority_title)))
        if strategy.monitoring:
            blocks += self._monitoring(strategy, level)
        return blocks

    def _priority(self, path: FieldPath, priority: Priority, level: int) -> list[Block]:
        blocks: list[Block] = [self.heading(path, _priority_title, level)]
        if priority.summary:
            blocks.append(Paragraph(self.t(path / "summary")))
        if priority.actions or self.m.removed(path / "actions"):
            caption = f"Actions under priority {priority.id}"
            blocks.append(self._actions(caption, path / "actions", priority.actions, measures=True))
        return blocks

    def _actions(self, caption: str, path: FieldPath, actions: Sequence[Action], *, measures: bool) -> Table:
        header = ("No.", "Action", "Lead", "Due", "Status") + (("Outcomes and measures",) if measures else ())
        rows, changes = [], []
        for action in actions:
            item = path / Item(action.id)
            rows.append(self._action_row(item, self.record, measures))
            changes.append(self.m.change_of(item))
        for item, _ in self.m.removed(path):
            rows.append(self._action_row(item, self.m.old, measures))
            changes.append(self.m.deleted(item))
        return Table(caption, header, tuple(rows), tuple(changes))

    def _action_row(self, item: FieldPath, source: Any, measures: bool) -> Row:
        def t(field: str, render: Callable[[Any], str] = str, **style: bool) -> tuple[Span, ...]:
            return self.m.text(item / field, source, render, **style) or (Span("–"),)

        title = t("title", lambda value: value + _mark_of(item.resolve(source)))
        progress = self.m.text(item / "progress", source, str, italic=True)
        cells = [
            t("id"),
            (*title, *((Span("\nProgress: ", italic=True), *progress) if progress else ())),
            t("lead"),
            t("due", _unbroken(long_date)),
            t("status", _unbroken(capitalised)),
        ]
        if measures:
            outcomes = self.m.text(item / "outcomes", source, _lines("Outcome"))
            found = self.m.text(item / "measures", source, _lines("Measure"))
            cells.append((*outcomes, *((Span("\n"),) if outcomes and found else ()), *found) or (Span("–"),))
        return tuple(cells)

    def _monitoring(self, strategy: Strategy, level: int) -> list[Block]:
        monitoring = strategy.monitoring
        assert monitoring is not None
        path = ROOT / "monitoring"
        blocks: list[Block] = [Heading("Monitoring and review", level)]
        blocks += self.fact("Monitored by", path / "board")
        if monitoring.reports_to:
            blocks += self.fact("Reports to", path / "reports_to", _listed)
        for index, _ in enumerate(monitoring.progress_updates):
            blocks.append(Paragraph(self.t(path / "progress_updates" / index), "bullet"))
        for index, _ in enumerate(monitoring.published_on):
            blocks += self._link("Published on", path / "published_on" / index)
        return blocks

    def _link(self, label: str, path: FieldPath) -> list[Block]:
        link = path.resolve(self.record)
        url = link.url if isinstance(link, Link) else None
        words = self.t(path / "title")
        linked = tuple(Span(s.text, url, s.bold, s.italic, s.change) for s in words)
        return [Paragraph((Span(f"{label}: ", bold=True), *linked))]

    # --- improvement plans ------------------------------------------------------------------

    def _plan(self, plan: Plan, level: int) -> list[Block]:
        blocks: list[Block] = [
            *self.fact("Inspection", ROOT / "inspection", _inspection),
            *self.fact("Inspected by", ROOT / "inspection" / "inspectorates", " and ".join),
            *self.fact("Outcome", ROOT / "inspection" / "outcome"),
            *self.fact("Follows", ROOT / "follows", self._follows),
            *self.fact("Responsible", ROOT / "responsible", _listed),
            *self.fact("Agreed with", ROOT / "agreed_with", _listed),
            *self.fact("Monitored by", ROOT / "monitored_by"),
            *self.fact("Status", ROOT / "status", capitalised),
        ]
        if plan.inspection.report:
            blocks += self._link("Inspection report", ROOT / "inspection" / "report")
        for index, _ in enumerate(plan.published_on):
            blocks += self._link("Published on", ROOT / "published_on" / index)
        label = AREA_LABELS.get(plan.kind, AREA_LABELS["wsoa"])
        for number, area in enumerate(plan.areas, start=1):
            blocks += self._area(label, number, ROOT / "areas" / Item(area.id), area, level)
        for path, _ in self.m.removed(ROOT / "areas"):
            blocks.append(
                Heading("", level, self.m.text(path / "title", self.m.old, f"{label} removed: {{}}".format))
            )
        if plan.revisits:
            blocks += [Heading("Revisits and monitoring inspections", level), revisits_table(plan)]
        if plan.stocktakes:
            blocks += [Heading("Stocktakes", level), stocktakes_table(plan)]
        return blocks

    def _follows(self, follows: Any) -> str:
        areas = f" (areas: {', '.join(follows.areas)})" if follows.areas else ""
        return f"{self.title_of(follows.plan)}{areas}"

    def _area(self, label: str, number: int, path: FieldPath, area: Area, level: int) -> list[Block]:
        title = self.t(path / "title", lambda value: f"{label} {number}: {value}{_mark_of(area)}")
        blocks: list[Block] = [Heading("", level, title)]
        if area.finding:
            blocks.append(Paragraph((Span("The inspectors found: ", bold=True), *self.t(path / "finding"))))
        if area.description:
            blocks.append(Paragraph(self.t(path / "description")))
        blocks += self.fact("Status", path / "status", capitalised)
        if area.actions or self.m.removed(path / "actions"):
            blocks.append(
                self._actions(f"Actions on area {number}", path / "actions", area.actions, measures=False)
            )
        if area.measures:
            blocks.append(self._measures(number, path / "measures", area.measures))
        if area.evidence or self.m.removed(path / "evidence"):
            blocks.append(self._evidence(number, path / "evidence", len(area.evidence)))
        return blocks

    def _measures(self, number: int, path: FieldPath, measures: Sequence[Measure]) -> Table:
        rows: list[Row] = []
        for measure in measures:
            item = path / Item(measure.id)
            latest = measure.actuals[-1] if measure.actuals else None
            mark = _mark_of(measure)
            shown = partial(_figure, unit=measure.unit)
            rows.append(
                (
                    self.t(item / "title", partial(_with_mark, mark=mark)),
                    self.t(item / "baseline", shown),
                    self.t(item / "target", shown),
                    (Span(shown(latest) if latest else "None recorded"),),
                )
            )
        return Table(
            f"Measures of area {number}: baseline, target and latest value",
            ("Measure", "Baseline", "Target", "Latest"),
            tuple(rows),
        )

    def _evidence(self, number: int, path: FieldPath, count: int) -> Table:
        rows, changes = [], []
        for index in range(count):
            rows.append(self._evidence_row(path / index, self.record))
            changes.append(self.m.change_of(path / index))
        for item, _ in self.m.removed(path):
            rows.append(self._evidence_row(item, self.m.old))
            changes.append(self.m.deleted(item))
        return Table(
            f"Evidence of progress and impact on area {number}",
            ("Date", "Kind", "Evidence"),
            tuple(rows),
            tuple(changes),
        )

    def _evidence_row(self, item: FieldPath, source: Any) -> Row:
        def t(field: str, render: Callable[[Any], str] = str) -> tuple[Span, ...]:
            return self.m.text(item / field, source, render) or (Span("–"),)

        return (t("date", _unbroken(long_date)), t("kind", capitalised), t("text"))

    # --- EHRIA ----------------------------------------------------------------------------

    def _ehria(self, level: int) -> list[Block]:
        record = self.record
        assert isinstance(record, Ehria)
        blocks: list[Block] = [
            *self.fact("Screens", ROOT / "screens", self.title_of),
            *self.fact("Screened on", ROOT / "screened_on", long_date),
            *self.fact("Screened by", ROOT / "screened_by", _listed),
            *self.fact("Status", ROOT / "status", capitalised),
            Heading("Impact on each protected characteristic", level),
        ]
        characteristics = ROOT / "characteristics"
        rows = tuple(
            (
                (Span(label),),
                self.t(characteristics / name / "impact", capitalised),
                self.t(characteristics / name / "evidence"),
            )
            for name, label in PROTECTED_CHARACTERISTICS.items()
        )
        blocks.append(
            Table(
                "Impact on the protected characteristics of the Equality Act 2010",
                ("Protected characteristic", "Impact", "Evidence"),
                rows,
            )
        )
        if record.human_rights:
            blocks += [Heading("Human rights", level), Paragraph(self.t(ROOT / "human_rights"))]
        blocks += [Heading("Conclusion", level), Paragraph(self.t(ROOT / "conclusion", _conclusion))]
        return blocks

    # --- decision -------------------------------------------------------------------------

    def _decision(self, decision: Decision, level: int) -> list[Block]:
        blocks: list[Block] = [
            *self.fact("Meeting", ROOT / "body"),
            *self.fact("Date", ROOT / "meeting_date", long_date),
            *self.fact("Key decision", ROOT / "key_decision", _yes_no),
            *self.fact("Subject to call-in", ROOT / "call_in", _yes_no),
            *(self.fact("Approves", ROOT / "approves", self._titles) if decision.approves else []),
        ]
        if decision.outcome:
            outcome = ROOT / "outcome"
            blocks += [
                Heading("Outcome", level),
                *self.fact("Decision", outcome / "decision", capitalised),
                *self.fact("Date of decision", outcome / "date", long_date),
            ]
            for name, label in (
                ("resolution", "Resolved"),
                ("reasons", "Reasons"),
                ("alternatives_rejected", "Alternatives considered and rejected"),
            ):
                items = getattr(decision.outcome, name)
                if items:
                    blocks.append(Paragraph((Span(label, bold=True),)))
                    blocks += [Paragraph(self.t(outcome / name / i), "bullet") for i in range(len(items))]
        for index, comment in enumerate(decision.comments):
            blocks += self.fact(f"Comment of {comment.by}", ROOT / "comments" / index / "text")
        for index, _ in enumerate(decision.follow_ups):
            blocks += self.fact("Asked for", ROOT / "follow_ups" / index / "request")
        return blocks


def revisits_table(plan: Plan) -> Table:
    titles = {area.id: area.title for area in plan.areas}
    rows = tuple(
        (
            (Span(_unbroken(long_date)(revisit.date)),),
            (Span(capitalised(revisit.kind) + (f" ({revisit.held})" if revisit.held else "")),),
            (
                Span(
                    "\n".join(
                        f"{titles.get(area, area)}: {OUTCOME_WORDS[outcome]}"
                        for area, outcome in revisit.outcomes.items()
                    )
                ),
            ),
        )
        for revisit in plan.revisits
    )
    return Table("The inspectors' judgement of each area", ("Date", "Visit", "Judgement"), rows)


def stocktakes_table(plan: Plan) -> Table:
    rows = tuple(
        (
            (Span(_unbroken(long_date)(stocktake.date)),),
            (Span(_listed(stocktake.attended_by) or "–"),),
            (Span(stocktake.summary + _mark_of(stocktake)),),
        )
        for stocktake in plan.stocktakes
    )
    return Table("Stocktakes of progress", ("Date", "With", "What it found"), rows)


def record_blocks(
    record: RecordModel,
    title_of: TitleOf,
    level: int,
    marker: PlainMarker | None = None,
    standing: str | None = None,
) -> list[Block]:
    """The body of a record's paper, its headings starting at `level` (the title is the caller's)."""
    return RecordWriter(record, title_of, marker, standing).blocks(level)


def _priority_title(priority: Priority) -> str:
    return f"Priority {priority.id}: {priority.title}{_mark_of(priority)}"


def _mark_of(item: Any) -> str:
    return f" {ILLUSTRATIVE_MARK}" if getattr(item, "illustrative", None) else ""


def _unbroken(render: Callable[[Any], str]) -> Callable[[Any], str]:
    """A short value a table cell keeps on one line: '31 August 2021', 'On track'."""
    return lambda value: render(value).replace(" ", "\u00a0")


def _with_mark(value: str, mark: str) -> str:
    return f"{value}{mark}"


def _figure(figure: Figure | Any, unit: str) -> str:
    """'62 %' or '14 weeks', with its date where it has one: '62 % (31 March 2021)'."""
    shown = figure_text(figure.value, unit)
    return f"{shown} ({long_date(figure.date)})" if figure.date else shown


def _period(period: Period) -> str:
    return f"{period.start} to {period.end}"


def _listed(values: Sequence[str]) -> str:
    return "; ".join(values)


def _lines(label: str) -> Callable[[Sequence[str]], str]:
    return lambda values: "\n".join(f"{label}: {value}" for value in values)


def _inspection(inspection: Inspection) -> str:
    year, month = (int(part) for part in inspection.month.split("-"))
    return f"{inspection.framework}, {month_year(dt.date(year, month, 1))}"


def _conclusion(conclusion: Conclusion) -> str:
    needed = (
        "A full EHRIA is required." if conclusion.full_ehria_required else "A full EHRIA is not required."
    )
    return f"The screening concluded that {conclusion.summary}. {needed}"


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _marked(value: Any) -> bool:
    """Does any item in the record (a priority, an action, an area) carry the illustrative mark?"""
    if isinstance(value, list | tuple):
        return any(getattr(item, "illustrative", None) or _marked(item) for item in value)
    if hasattr(type(value), "model_fields"):
        return any(_marked(getattr(value, name)) for name in type(value).model_fields)
    return False
