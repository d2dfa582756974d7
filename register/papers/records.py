"""A strategy, a WSoA or an EHRIA screening written out as blocks: a paper of its own, or an appendix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..ehria_labels import PROTECTED_CHARACTERISTICS
from ..wording import long_date, month_year
from .model import Block, Heading, Paragraph, Span, Table, para, text

ILLUSTRATIVE_MARK = "†"
ILLUSTRATIVE_NOTE = (
    f"Items marked {ILLUSTRATIVE_MARK} are illustrative: made up for the example, not taken from a source; "
    "the record says which parts."
)

TitleOf = Callable[[str], str]


def record_blocks(data: dict[str, Any], title_of: TitleOf, level: int) -> list[Block]:
    """The body of a record's paper, its headings starting at `level` (the title is the caller's)."""
    builder = {"strategy": _strategy, "wsoa": _wsoa, "ehria": _ehria}[data["kind"]]
    blocks = builder(data, title_of, level)
    if _has_illustrative(data):
        blocks.append(para(ILLUSTRATIVE_NOTE, "note"))
    return blocks


def _strategy(data: dict[str, Any], title_of: TitleOf, level: int) -> list[Block]:
    period = data["period"]
    facts = [
        ("Period", f"{period['start']} to {period['end']}"),
        ("Owner", data["owner"]),
        ("Status", _status(data["status"])),
        ("Review", data.get("review_cycle", "annual").capitalize()),
        ("Age range", data.get("age_range")),
        ("Partners", "; ".join(data.get("partners", []))),
        ("Replaces", title_of(data["supersedes"]) if data.get("supersedes") else None),
        ("Responds to", "; ".join(title_of(i) for i in data.get("responds_to", []))),
    ]
    blocks: list[Block] = [*_facts(facts)]
    if data.get("summary"):
        blocks.append(para(data["summary"]))
    if data.get("document"):
        blocks.append(_link_line("The strategy document", data["document"]))
    if data.get("priorities"):
        blocks.append(Heading("Priorities and action plan", level))
        for priority in data["priorities"]:
            blocks += _priority(priority, level + 1)
    if data.get("monitoring"):
        blocks += _monitoring(data["monitoring"], level)
    return blocks


def _priority(priority: dict[str, Any], level: int) -> list[Block]:
    blocks: list[Block] = [Heading(f"Priority {priority['id']}: {priority['title']}{_mark(priority)}", level)]
    if priority.get("summary"):
        blocks.append(para(priority["summary"]))
    if priority.get("actions"):
        blocks.append(
            _actions_table(f"Actions under priority {priority['id']}", priority["actions"], measures=True)
        )
    return blocks


def _actions_table(caption: str, actions: list[dict[str, Any]], measures: bool) -> Table:
    header = ("No.", "Action", "Lead", "Due", "Status") + (("Outcomes and measures",) if measures else ())
    rows = []
    for action in actions:
        row = [
            text(action["id"]),
            _action_cell(action),
            text(action.get("lead") or "–"),
            text(long_date(action["due"]) if action.get("due") else "–"),
            text(_status(action.get("status", "not started"))),
        ]
        if measures:
            row.append(_outcomes_cell(action))
        rows.append(tuple(row))
    widths = (0.6, 2.9, 1.4, 1.3, 1.3) + ((2.5,) if measures else ())
    return Table(caption, header, tuple(rows), widths)


def _action_cell(action: dict[str, Any]) -> tuple[Span, ...]:
    spans = list(text(action["title"] + _mark(action)))
    if action.get("progress"):
        spans += [Span("\nProgress: ", italic=True), *text(action["progress"], italic=True)]
    return tuple(spans)


def _outcomes_cell(action: dict[str, Any]) -> tuple[Span, ...]:
    lines = [f"Outcome: {o}" for o in action.get("outcomes", [])]
    lines += [f"Measure: {m}" for m in action.get("measures", [])]
    return text("\n".join(lines) or "–")


def _monitoring(monitoring: dict[str, Any], level: int) -> list[Block]:
    blocks: list[Block] = [Heading("Monitoring and review", level)]
    blocks += _facts(
        [("Monitored by", monitoring["board"]), ("Reports to", "; ".join(monitoring.get("reports_to", [])))]
    )
    blocks += [para(update, "bullet") for update in monitoring.get("progress_updates", [])]
    blocks += [_link_line("Published on", link) for link in monitoring.get("published_on", [])]
    return blocks


def _wsoa(data: dict[str, Any], title_of: TitleOf, level: int) -> list[Block]:
    inspection = data["inspection"]
    year, month = (int(part) for part in inspection["month"].split("-"))
    import datetime as dt

    facts = [
        ("Inspection", f"{inspection['framework']}, {month_year(dt.date(year, month, 1))}"),
        ("Inspected by", " and ".join(inspection["inspectorates"])),
        ("Outcome", inspection.get("outcome")),
        ("Responsible", "; ".join(data["responsible"])),
        ("Monitored by", data["monitored_by"]),
        ("Status", _status(data["status"])),
    ]
    blocks: list[Block] = [*_facts(facts)]
    blocks += [_link_line("Published on", link) for link in data.get("published_on", [])]
    for number, area in enumerate(data["areas"], start=1):
        blocks += _area(number, area, level)
    return blocks


def _area(number: int, area: dict[str, Any], level: int) -> list[Block]:
    blocks: list[Block] = [Heading(f"Area of weakness {number}: {area['title']}{_mark(area)}", level)]
    if area.get("description"):
        blocks.append(para(area["description"]))
    blocks += _facts([("Status", _status(area.get("status", "not started")))])
    if area.get("actions"):
        blocks.append(_actions_table(f"Actions on area {number}", area["actions"], measures=False))
    if area.get("evidence"):
        rows = tuple(
            (
                text(long_date(e["date"]) if e.get("date") else "–"),
                text(e["kind"].capitalize()),
                text(e["text"]),
            )
            for e in area["evidence"]
        )
        blocks.append(
            Table(
                f"Evidence of progress and impact on area {number}",
                ("Date", "Kind", "Evidence"),
                rows,
                (1.4, 1.0, 6.0),
            )
        )
    return blocks


def _ehria(data: dict[str, Any], title_of: TitleOf, level: int) -> list[Block]:
    facts = [
        ("Screens", title_of(data["screens"])),
        ("Screened on", long_date(data["screened_on"])),
        ("Screened by", "; ".join(data["screened_by"])),
        ("Status", _status(data["status"])),
    ]
    rows = tuple(
        (
            text(label),
            text(_status(data["characteristics"][key]["impact"])),
            text(data["characteristics"][key]["evidence"]),
        )
        for key, label in PROTECTED_CHARACTERISTICS.items()
    )
    blocks: list[Block] = [*_facts(facts), Heading("Impact on each protected characteristic", level)]
    blocks.append(
        Table(
            "Impact on the protected characteristics of the Equality Act 2010",
            ("Protected characteristic", "Impact", "Evidence"),
            rows,
            (2.2, 1.1, 5.2),
        )
    )
    if data.get("human_rights"):
        blocks += [Heading("Human rights", level), para(data["human_rights"])]
    conclusion = data["conclusion"]
    needed = (
        "A full EHRIA is required." if conclusion["full_ehria_required"] else "A full EHRIA is not required."
    )
    blocks += [
        Heading("Conclusion", level),
        para(f"The screening concluded that {conclusion['summary']}. {needed}"),
    ]
    return blocks


def _facts(pairs: list[tuple[str, str | None]]) -> list[Block]:
    return [Paragraph((Span(f"{label}: ", bold=True), *text(value))) for label, value in pairs if value]


def _link_line(label: str, link: dict[str, Any]) -> Paragraph:
    words = Span(link["title"], link=link.get("url"))
    return Paragraph((Span(f"{label}: ", bold=True), words))


def _status(value: str) -> str:
    return value[:1].upper() + value[1:]


def _mark(item: dict[str, Any]) -> str:
    return f" {ILLUSTRATIVE_MARK}" if item.get("illustrative") else ""


def _has_illustrative(data: Any) -> bool:
    if isinstance(data, dict):
        return "illustrative" in data or any(_has_illustrative(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_illustrative(v) for v in data)
    return False
