"""What happens to an improvement plan after it is approved, each recorded in one commit: a
measure's reported value, the inspectors' judgement of each area at a revisit, a stocktake.

Events are added to the plan's file without touching any line already there, and they are outside
what a decision approves (`records.fingerprint`): recording one never makes an approval `changed`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any, get_args

from ..errors import InvalidRecord, RefusedInput, UsageError
from ..records.ids import id_of_path
from ..records.kinds.plan import Measure, Outcome, Plan
from ..records.paths import FieldPath, Item, RawPath
from ..records.values import Result
from ..records.wording import long_date
from ..records.yamltext import append_item
from ..store.repository import Author
from ..store.version import Register, Version

OUTCOMES: tuple[str, ...] = get_args(Outcome)
VISITS = ("revisit", "monitoring inspection", "inspection")
TWO_THOUSAND_SIXTEEN = ("sufficient", "insufficient")


class Recorded(Result):
    record: str
    event: str
    """measure, revisit or stocktake."""
    path: str
    """Where in the plan it was recorded."""
    commit: str
    recorded: bool = True
    """False when the plan already held exactly this: nothing was committed."""


def measure(
    register: Register,
    plan_id: str,
    measure_path: str,
    *,
    date: dt.date,
    value: float,
    note: str | None = None,
    illustrative: str | None = None,
    author: Author | None = None,
) -> Recorded:
    """Record one reported value of a measure (named by its path, or by its id alone)."""
    if not math.isfinite(value):
        raise UsageError(f"--value {value}: a measure's value is a number")
    _refuse_future(date, "a reported value")
    with register.store.locked():
        version, plan = _plan(register, plan_id)
        raw, path, found = _measure_at(plan, plan_id, measure_path)
        same_day = [actual for actual in found.actuals if actual.date == date]
        if same_day and same_day[0].value == value:
            return _nothing_new(register, plan_id, "measure", path)
        if same_day:
            raise UsageError(
                f"{plan_id} {path} already has {same_day[0].value:g} for {date}: a reported figure is part "
                "of the history; correct it in the file and commit it with the reason"
            )
        item: dict[str, Any] = {"date": date, "value": _number(value)}
        if note:
            item["note"] = note
        if illustrative:
            item["illustrative"] = illustrative
        unit = found.unit if found.unit == "%" else f" {found.unit}"
        message = f"Measure {path} of {plan_id}: {value:g}{unit} on {long_date(date)}"
        return _commit(version, plan_id, "measure", path, raw, "actuals", item, message, author)


def revisit(
    register: Register,
    plan_id: str,
    *,
    date: dt.date,
    outcomes: Mapping[str, str],
    kind: str = "revisit",
    held: str | None = None,
    report: str | None = None,
    author: Author | None = None,
) -> Recorded:
    """Record the inspectors' judgement of each area named, at a revisit or monitoring inspection."""
    if kind not in VISITS:
        raise UsageError(f"--kind {kind}: use one of {', '.join(VISITS)}")
    wrong = [f"{area}={said}" for area, said in outcomes.items() if said not in OUTCOMES]
    if wrong:
        raise UsageError(f"--outcome {wrong[0]}: an outcome is one of {', '.join(OUTCOMES)}")
    if not outcomes:
        raise UsageError("give each area's judgement: --outcome AREA=sufficient (or insufficient, …)")
    _refuse_future(date, f"a {kind}")
    with register.store.locked():
        version, plan = _plan(register, plan_id)
        _refuse_unknown_areas(plan, plan_id, outcomes)
        _refuse_other_frameworks(plan, plan_id, outcomes)
        item: dict[str, Any] = {"date": date, "kind": kind}
        if held:
            item["held"] = held
        item["outcomes"] = dict(outcomes)
        if report:
            item["report"] = {"title": f"The {kind} report of {long_date(date)}", "url": report}
        if any(event.date == date and event.kind == kind for event in plan.revisits):
            raise UsageError(f"{plan_id} already records a {kind} on {date}")
        judged = ", ".join(f"{area} {said}" for area, said in outcomes.items())
        message = f"{kind.capitalize()} of {plan_id} on {long_date(date)}: {judged}"
        return _commit(version, plan_id, "revisit", "revisits", (), "revisits", item, message, author)


def stocktake(
    register: Register,
    plan_id: str,
    *,
    date: dt.date,
    summary: str,
    attended_by: Sequence[str] = (),
    areas: Mapping[str, str] | None = None,
    report: str | None = None,
    illustrative: str | None = None,
    author: Author | None = None,
) -> Recorded:
    """Record a stocktake of progress (with the DfE and NHS England, for an APP)."""
    if not summary.strip():
        raise UsageError("--summary: say in a few words what the stocktake found")
    _refuse_future(date, "a stocktake")
    with register.store.locked():
        version, plan = _plan(register, plan_id)
        _refuse_unknown_areas(plan, plan_id, areas or {})
        if any(event.date == date for event in plan.stocktakes):
            raise UsageError(f"{plan_id} already records a stocktake on {date}")
        item: dict[str, Any] = {"date": date}
        if attended_by:
            item["attended_by"] = list(attended_by)
        item["summary"] = summary
        if areas:
            item["areas"] = dict(areas)
        if report:
            item["report"] = {"title": f"The stocktake of {long_date(date)}", "url": report}
        if illustrative:
            item["illustrative"] = illustrative
        message = f"Stocktake of {plan_id} on {long_date(date)}: {summary}"
        return _commit(version, plan_id, "stocktake", "stocktakes", (), "stocktakes", item, message, author)


def _plan(register: Register, plan_id: str) -> tuple[Version, Plan]:
    version = register.working()
    try:
        record = version.record(plan_id)
    except InvalidRecord as error:
        raise RefusedInput(error.problems) from None
    if not isinstance(record, Plan):
        raise UsageError(
            f"{plan_id} is a {record.kind}, not an improvement plan (wsoa, app, priority-action-plan)"
        )
    path = version.path(plan_id)
    if register.store.changed_paths([path]):
        raise UsageError(
            f"{path} has changes not yet committed: save them first (register save {plan_id}), so that "
            "this commit holds the event alone"
        )
    return version, record


def _measure_at(plan: Plan, plan_id: str, named: str) -> tuple[RawPath, FieldPath, Measure]:
    """The measure named by its path (`areas[a].measures[m]`) or by its id alone (`m`)."""
    try:
        wanted = FieldPath.parse(named)
    except ValueError as error:
        raise UsageError(str(error)) from None
    known = []
    for a, area in enumerate(plan.areas):
        for m, found in enumerate(area.measures):
            path = FieldPath.of("areas", Item(area.id), "measures", Item(found.id))
            known.append(str(path))
            if path.same(wanted) or (len(wanted) == 1 and wanted.last == found.id):
                return ("areas", a, "measures", m), path, found
    listed = ", ".join(known) or "none: add measures to its areas first"
    raise UsageError(f"{plan_id} has no measure {named} (its measures: {listed})")


def _refuse_future(day: dt.date, what: str) -> None:
    if day > dt.date.today():
        raise UsageError(f"--date {day} is in the future: {what} is recorded once it has happened")


def _refuse_other_frameworks(plan: Plan, plan_id: str, outcomes: Mapping[str, str]) -> None:
    """A 2016-framework plan (WSoA, APP) is judged at a revisit: sufficient or insufficient progress."""
    if plan.kind in ("wsoa", "app"):
        wrong = [f"{area}={said}" for area, said in outcomes.items() if said not in TWO_THOUSAND_SIXTEEN]
        if wrong:
            raise UsageError(
                f"--outcome {wrong[0]}: a {plan.kind} (2016 framework) is judged sufficient or insufficient; "
                "the 2023 framework's outcomes are for a priority-action-plan"
            )


def _refuse_unknown_areas(plan: Plan, plan_id: str, named: Mapping[str, str]) -> None:
    areas = [area.id for area in plan.areas]
    for area in named:
        if area not in areas:
            raise UsageError(f"{plan_id} has no area '{area}' (its areas: {', '.join(areas)})")


def _commit(
    version: Version,
    plan_id: str,
    event: str,
    path: FieldPath | str,
    raw: RawPath,
    key: str,
    item: dict[str, Any],
    message: str,
    author: Author | None,
) -> Recorded:
    file = version.path(plan_id)
    text = append_item(version.content(file).decode("utf-8"), raw, key, item)
    writes = {file: text.encode("utf-8")}
    version.replaced(writes).refuse_problems([plan_id])
    commit = version.register.store.commit(writes, message, author)
    return Recorded(record=id_of_path(file), event=event, path=str(path), commit=commit)


def _nothing_new(register: Register, plan_id: str, event: str, path: FieldPath) -> Recorded:
    head = register.store.head() or ""
    return Recorded(record=plan_id, event=event, path=str(path), commit=head, recorded=False)


def _number(value: float) -> float | int:
    """62, not 62.0, in the file, where the figure is whole."""
    return int(value) if float(value).is_integer() else value
