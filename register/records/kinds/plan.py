"""The improvement-plan family: a Written Statement of Action and an Accelerated Progress Plan
(2016 framework), a priority action plan (2023 framework). Each holds the areas an inspection
found, the work and the measures on each, and, as events, the inspectors' later judgements and
the stocktakes: recording an event never moves what a decision approved (see `fingerprint.py`)."""

from typing import Annotated, Literal

from pydantic import Field

from ..strict import Strict, Text
from .common import Action, ActionStatus, Date, ItemId, Link, RecordBase, RecordId, YearMonth

Figure_ = int | Annotated[float, Field(allow_inf_nan=False)]
"""A measure's value: a whole number or a decimal, never 'nan' or 'inf'."""

Outcome = Literal["sufficient", "insufficient", "positive", "inconsistent", "widespread-failings"]
"""An area's judgement: sufficient or insufficient progress (a 2016-framework revisit, or a
monitoring inspection's judgement of an area for priority action); or, for the 2023 framework's
full inspection, its three outcomes: positive, inconsistent, widespread-failings (widespread or
systemic failings)."""


class Inspection(Strict):
    inspectorates: list[Text] = Field(min_length=1)
    """e.g. Ofsted and CQC."""
    framework: Text
    month: YearMonth
    """When the inspection took place, as YYYY-MM."""
    outcome: Text | None = None
    report: Link | None = None
    """The published inspection letter or report."""


class Evidence(Strict):
    """Evidence of progress, or of impact, against an area of weakness."""

    kind: Literal["progress", "impact"]
    text: Text
    date: Date | None = None
    co_produced_with: list[Text] = []
    """Who it was co-produced with: parents and carers, children and young people."""


class Figure(Strict):
    value: Figure_  # as written: 62 stays 62, so the model's data is the file's
    date: Date | None = None


class Actual(Strict):
    """One reported value of a measure: recorded by `register measure`, an event, not plan text."""

    date: Date
    value: Figure_  # as written: 62 stays 62, so the model's data is the file's
    note: Text | None = None
    illustrative: Text | None = None


class Measure(Strict):
    """How progress on an area is measured: from a baseline towards a target."""

    id: ItemId
    title: Text
    unit: Text
    """What a value counts: '%', 'weeks', 'plans'."""
    baseline: Figure
    target: Figure
    higher_is_better: bool = True
    actuals: list[Actual] = []
    illustrative: Text | None = None


class Area(Strict):
    """One area of significant weakness, or area for priority action."""

    id: ItemId
    title: Text
    finding: Text | None = None
    """The inspectors' words, verbatim."""
    description: Text | None = None
    status: ActionStatus = "not started"
    actions: list[Action] = []
    measures: list[Measure] = []
    evidence: list[Evidence] = []
    illustrative: Text | None = None


class Follows(Strict):
    """The plan this one carries on (an APP after its WSoA; a successor plan), and which areas."""

    plan: RecordId
    areas: list[ItemId] = []
    """The areas of that plan this one takes on; empty: all of them."""


class Revisit(Strict):
    """The inspectors' judgement of each area: a revisit (2016 framework) or a monitoring
    inspection (2023). Recorded by `register revisit`, an event, not plan text."""

    date: Date
    kind: Literal["revisit", "monitoring inspection", "inspection"] = "revisit"
    held: Text | None = None
    """How it was held, if not on site: 'remotely'."""
    outcomes: dict[ItemId, Outcome] = Field(min_length=1)
    """Area id -> its judgement."""
    report: Link | None = None
    illustrative: Text | None = None


class Stocktake(Strict):
    """A review of progress with the DfE and NHS England (about every six months for an APP).
    Recorded by `register stocktake`, an event, not plan text."""

    date: Date
    attended_by: list[Text] = []
    summary: Text
    areas: dict[ItemId, Text] = {}
    """Area id -> what the stocktake found on it."""
    report: Link | None = None
    illustrative: Text | None = None


class Plan(RecordBase):
    kind: str
    """wsoa, app or priority-action-plan: each subclass says which."""
    inspection: Inspection
    responsible: list[Text] = Field(min_length=1)
    """The bodies that must address the weaknesses, e.g. the local authority and the CCGs."""
    monitored_by: Text
    agreed_with: list[Text] = []
    """For an APP: whom it was agreed with (the DfE and NHS England)."""
    follows: Follows | None = None
    published_on: list[Link] = []
    status: Literal["draft", "published", "closed"] = "draft"
    """Where the plan stands: draft, published, or closed once the inspectorates are satisfied."""
    areas: list[Area] = Field(min_length=1)
    revisits: list[Revisit] = []
    stocktakes: list[Stocktake] = []


class Wsoa(Plan):
    """A Written Statement of Action (2016 framework)."""

    kind: Literal["wsoa"]


class AcceleratedProgressPlan(Plan):
    """An Accelerated Progress Plan, for the areas a revisit found without sufficient progress."""

    kind: Literal["app"]


class PriorityActionPlan(Plan):
    """A priority action plan for the areas for priority action (2023 framework)."""

    kind: Literal["priority-action-plan"]


PlanModel = Wsoa | AcceleratedProgressPlan | PriorityActionPlan
