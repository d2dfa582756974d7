"""The evidence pack for a revisit or monitoring inspection: each area's judgement, its actions by
status, its measures (a chart each, with its figures in a table as well) and the evidence since the
last stocktake."""

from __future__ import annotations

import datetime as dt

from ..audit.progress import AreaProgress, MeasureProgress, Progress
from ..records.kinds.plan import Plan
from ..records.provenance import Provenance
from ..records.registry import KINDS
from ..records.wording import capitalised, figure_text, long_date
from .charts import alt_text, chart_png
from .house import HouseFormat
from .model import Block, Heading, Paper, Paragraph, Picture, Span, Table, para
from .paper import new_paper
from .record_blocks import AREA_LABELS, OUTCOME_WORDS, Row, revisits_table, stocktakes_table


def evidence_pack(
    found: Progress, plan: Plan, *, provenance: Provenance, house: HouseFormat, include_exempt: bool
) -> Paper:
    label = KINDS[plan.kind].label
    title = f"{plan.title}: evidence of progress"
    paper = new_paper(
        title,
        f"Evidence of progress on the {label}",
        provenance=provenance,
        include_exempt=include_exempt,
        house=house,
        category="Evidence pack",
    )
    paper.properties["RegisterRecord"] = found.record
    paper.add(para(provenance.council, "subtitle"), para(title, "title"), para(label, "subtitle"))
    stocktake = f"the last stocktake, {long_date(found.last_stocktake)}" if found.last_stocktake else None
    paper.add(
        _fact("Inspection", f"{plan.inspection.framework}, {' and '.join(plan.inspection.inspectorates)}"),
        _fact("Evidence shown", f"since {stocktake}" if stocktake else "all recorded (no stocktake yet)"),
    )
    area_label = AREA_LABELS.get(plan.kind, AREA_LABELS["wsoa"])
    for number, area in enumerate(found.areas, start=1):
        paper.add(*_area(f"{area_label} {number}", number, area))
    if plan.revisits:
        paper.add(Heading("Revisits and monitoring inspections", 1), revisits_table(plan))
    if plan.stocktakes:
        paper.add(Heading("Stocktakes", 1), stocktakes_table(plan))
    return paper


def _area(label: str, number: int, area: AreaProgress) -> list[Block]:
    judged = (
        f"{capitalised(OUTCOME_WORDS[area.outcome])} ({long_date(area.judged_on)})"
        if area.outcome and area.judged_on
        else "Not yet judged"
    )
    blocks: list[Block] = [Heading(f"{label}: {area.title}", 1), _fact("Judgement", judged)]
    if area.stocktake:
        blocks.append(_fact("At the last stocktake", area.stocktake))
    if area.actions:
        rows = tuple(
            ((Span(capitalised(status)),), (Span(str(count)),)) for status, count in area.actions.items()
        )
        blocks.append(Table(f"Actions on area {number} by status", ("Status", "Actions"), rows))
    for measure in area.measures:
        blocks += _measure(measure)
    if area.evidence:
        evidence: tuple[Row, ...] = tuple(
            (
                (Span(long_date(e.date) if e.date else "–"),),
                (Span(capitalised(e.kind)),),
                (Span(e.text),),
                (Span("; ".join(e.co_produced_with) or "–"),),
            )
            for e in area.evidence
        )
        blocks.append(
            Table(f"Evidence on area {number}", ("Date", "Of", "Evidence", "Co-produced with"), evidence)
        )
    else:
        blocks.append(para("No evidence recorded since the last stocktake."))
    return blocks


def _measure(measure: MeasureProgress) -> list[Block]:
    latest = (
        f"{figure_text(measure.latest.value, measure.unit)} on {long_date(measure.latest.date)}"
        if measure.latest and measure.latest.date
        else "none reported yet"
    )
    verdict = {True: "target met", False: "target not yet met", None: "no value yet"}[measure.met]
    rows = [
        (
            (Span("Baseline"),),
            (Span(_day(measure.baseline.date)),),
            (Span(figure_text(measure.baseline.value, measure.unit)),),
        ),
        *(
            ((Span("Reported"),), (Span(_day(value.date)),), (Span(figure_text(value.value, measure.unit)),))
            for value in measure.actuals
        ),
        (
            (Span("Target"),),
            (Span(_day(measure.target.date)),),
            (Span(figure_text(measure.target.value, measure.unit)),),
        ),
    ]
    return [
        Heading(measure.title, 2),
        _fact("Latest", f"{latest}: {verdict}"),
        Picture(chart_png(measure), alt_text(measure), f"Chart: {measure.title}"),
        Table(f"The figures of the chart: {measure.title}", ("Figure", "Date", "Value"), tuple(rows)),
    ]


def _fact(label: str, value: str) -> Paragraph:
    return Paragraph((Span(f"{label}: ", bold=True), Span(value)))


def _day(day: dt.date | None) -> str:
    return long_date(day) if day else "–"
