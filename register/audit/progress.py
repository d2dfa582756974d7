"""`register progress`: where an improvement plan stands, area by area: the inspectors' latest
judgement, the actions by status, each measure's latest value against its baseline and target,
and the evidence since the last stocktake."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Protocol

from ..errors import UsageError
from ..records.kinds import RecordModel
from ..records.kinds.common import ActionStatus
from ..records.kinds.plan import Area, Evidence, Measure, Plan
from ..records.paths import FieldPath, Item
from ..records.values import Result

STATUSES: tuple[ActionStatus, ...] = ("not started", "on track", "at risk", "off track", "complete")


class Records(Protocol):
    """A version of the register, as far as progress needs one (kept abstract so that papers,
    which never run git, can use these results)."""

    def record(self, record_id: str) -> RecordModel: ...


class Value(Result):
    date: dt.date | None
    value: float


class MeasureProgress(Result):
    id: str
    path: str
    title: str
    unit: str
    baseline: Value
    target: Value
    latest: Value | None
    higher_is_better: bool
    actuals: list[Value]
    met: bool | None
    """The latest value reaches the target (None before any is reported)."""


class AreaProgress(Result):
    id: str
    title: str
    outcome: str | None
    """The latest revisit's judgement of this area; None before any revisit."""
    judged_on: dt.date | None
    actions: dict[str, int]
    """Status -> how many actions have it."""
    measures: list[MeasureProgress]
    evidence: list[Evidence]
    """Evidence dated after the last stocktake (all of it, before the first)."""
    stocktake: str | None = None
    """What the last stocktake that spoke of this area found on it."""


class Progress(Result):
    record: str
    kind: str
    title: str
    follows: str | None
    last_stocktake: dt.date | None
    areas: list[AreaProgress]


def progress(version: Records, plan_id: str) -> Progress:
    """Where the plan `plan_id` stands in `version`, area by area."""
    plan = version.record(plan_id)
    if not isinstance(plan, Plan):
        raise UsageError(
            f"{plan_id} is a {plan.kind}: progress is of an improvement plan (wsoa, app, priority-action-plan)"
        )
    last = max((stocktake.date for stocktake in plan.stocktakes), default=None)
    return Progress(
        record=plan_id,
        kind=plan.kind,
        title=plan.title,
        follows=plan.follows.plan if plan.follows else None,
        last_stocktake=last,
        areas=[_area(plan, area, last) for area in plan.areas],
    )


def _area(plan: Plan, area: Area, since: dt.date | None) -> AreaProgress:
    judged = [
        (r.date, r.outcomes[area.id])
        for r in sorted(plan.revisits, key=lambda r: r.date)
        if area.id in r.outcomes
    ]
    counts = Counter(action.status for action in area.actions)
    return AreaProgress(
        id=area.id,
        title=area.title,
        outcome=judged[-1][1] if judged else None,
        judged_on=judged[-1][0] if judged else None,
        actions={status: counts[status] for status in STATUSES if counts[status]},
        measures=[_measure(area, measure) for measure in area.measures],
        evidence=[e for e in area.evidence if since is None or (e.date is not None and e.date > since)],
        stocktake=next(
            (
                s.areas[area.id]
                for s in sorted(plan.stocktakes, key=lambda s: s.date, reverse=True)
                if area.id in s.areas
            ),
            None,
        ),
    )


def _measure(area: Area, measure: Measure) -> MeasureProgress:
    actuals = [Value(date=a.date, value=a.value) for a in sorted(measure.actuals, key=lambda a: a.date)]
    latest = actuals[-1] if actuals else None
    target = measure.target.value
    met = None
    if latest is not None:
        met = latest.value >= target if measure.higher_is_better else latest.value <= target
    return MeasureProgress(
        id=measure.id,
        path=str(FieldPath.of("areas", Item(area.id), "measures", Item(measure.id))),
        title=measure.title,
        unit=measure.unit,
        baseline=Value(date=measure.baseline.date, value=measure.baseline.value),
        target=Value(date=measure.target.date, value=target),
        latest=latest,
        higher_is_better=measure.higher_is_better,
        actuals=actuals,
        met=met,
    )
