"""A record written out as blocks: a paper of its own, a report's appendix, or a review with changes marked.

Every piece of text is asked of a marker by its field path, so the same builders serve the plain
paper and the annual review's tracked changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..diff import IdStep, value_at
from ..ehria_labels import PROTECTED_CHARACTERISTICS
from ..loader import PathKey
from ..wording import capitalised, long_date, month_year
from .marks import PlainMarker, ReviewMarker
from .model import Block, Heading, Paragraph, Span, Table, para

ILLUSTRATIVE_MARK = "†"
ILLUSTRATIVE_NOTE = (
    f"Items marked {ILLUSTRATIVE_MARK} are illustrative: made up for the example, not taken from a source; "
    "the record says which parts."
)

TitleOf = Callable[[str], str]
Row = tuple[tuple[Span, ...], ...]


class RecordWriter:
    """Writes one record's blocks; `marker` decides how each piece of text is shown."""

    def __init__(self, data: dict[str, Any], title_of: TitleOf, marker: PlainMarker | None = None) -> None:
        self.data = data
        self.title_of = title_of
        self.m = marker or PlainMarker()

    def blocks(self, level: int) -> list[Block]:
        builder = {
            "strategy": self._strategy,
            "wsoa": self._wsoa,
            "ehria": self._ehria,
            "decision": self._decision,
        }
        blocks = builder[self.data["kind"]](level)
        if _has_illustrative(self.data):
            blocks.append(para(ILLUSTRATIVE_NOTE, "note"))
        return blocks

    # --- pieces ---------------------------------------------------------------------------

    def t(self, key: PathKey, render: Callable[[Any], str] = str, **style: bool) -> tuple[Span, ...]:
        return self.m.text(key, self.data, render, **style)

    def fact(self, label: str, key: PathKey, render: Callable[[Any], str] = str) -> list[Block]:
        spans = self.t(key, render)
        return [Paragraph((Span(f"{label}: ", bold=True), *spans))] if spans else []

    def heading(self, key: PathKey, render: Callable[[Any], str], level: int) -> Heading:
        return Heading("", level, self.t(key, render))

    # --- strategy -------------------------------------------------------------------------

    def _strategy(self, level: int) -> list[Block]:
        blocks: list[Block] = [
            *self.fact("Period", ("period",), lambda p: f"{p['start']} to {p['end']}"),
            *self.fact("Owner", ("owner",)),
            *self.fact("Status", ("status",), capitalised),
            *self.fact("Review", ("review_cycle",), capitalised),
            *self.fact("Age range", ("age_range",)),
            *self.fact("Partners", ("partners",), "; ".join),
            *self.fact("Replaces", ("supersedes",), self.title_of),
            *self.fact("Responds to", ("responds_to",), lambda ids: "; ".join(map(self.title_of, ids))),
        ]
        if self.data.get("summary"):
            blocks.append(Paragraph(self.t(("summary",))))
        if self.data.get("document"):
            blocks += self._link("The strategy document", ("document",))
        if self.data.get("priorities") or self.m.removed(("priorities",)):
            blocks.append(Heading("Priorities and action plan", level))
            for priority in self.data.get("priorities") or []:
                blocks += self._priority(("priorities", IdStep(str(priority["id"]))), priority, level + 1)
            for key, _ in self.m.removed(("priorities",)):
                blocks.append(Heading("", level + 1, self.m.text(key, self.m.old, _priority_title)))
        if self.data.get("monitoring"):
            blocks += self._monitoring(level)
        return blocks

    def _priority(self, key: PathKey, priority: dict[str, Any], level: int) -> list[Block]:
        blocks: list[Block] = [self.heading(key, _priority_title, level)]
        if priority.get("summary"):
            blocks.append(Paragraph(self.t((*key, "summary"))))
        actions = priority.get("actions") or []
        if actions or self.m.removed((*key, "actions")):
            blocks.append(
                self._actions(f"Actions under priority {priority['id']}", (*key, "actions"), actions, True)
            )
        return blocks

    def _actions(self, caption: str, key: PathKey, actions: list[dict[str, Any]], measures: bool) -> Table:
        header = ("No.", "Action", "Lead", "Due", "Status") + (("Outcomes and measures",) if measures else ())
        rows, changes = [], []
        for action in actions:
            item = (*key, IdStep(str(action["id"])))
            rows.append(self._action_row(item, self.data, measures))
            changes.append(self.m.change_of(item))
        for item, _ in self.m.removed(key):
            rows.append(self._action_row(item, self.m.old, measures))
            changes.append(self.m.deleted(item))
        widths = (0.6, 2.9, 1.4, 1.3, 1.3) + ((2.5,) if measures else ())
        return Table(caption, header, tuple(rows), widths, tuple(changes))

    def _action_row(self, item: PathKey, source: dict[str, Any], measures: bool) -> Row:
        def t(field: str, render: Callable[[Any], str] = str, **style: bool) -> tuple[Span, ...]:
            return self.m.text((*item, field), source, render, **style) or (Span("–"),)

        title = t("title", lambda value: value + _mark_of(source, item))
        progress = self.m.text((*item, "progress"), source, str, italic=True)
        cells = [
            t("id"),
            (*title, *((Span("\nProgress: ", italic=True), *progress) if progress else ())),
            t("lead"),
            t("due", long_date),
            t("status", capitalised),
        ]
        if measures:
            outcomes = self.m.text((*item, "outcomes"), source, _lines("Outcome"))
            found = self.m.text((*item, "measures"), source, _lines("Measure"))
            cells.append((*outcomes, *((Span("\n"),) if outcomes and found else ()), *found) or (Span("–"),))
        return tuple(cells)

    def _monitoring(self, level: int) -> list[Block]:
        key: PathKey = ("monitoring",)
        blocks: list[Block] = [Heading("Monitoring and review", level)]
        blocks += self.fact("Monitored by", (*key, "board"))
        blocks += self.fact("Reports to", (*key, "reports_to"), "; ".join)
        for index, _ in enumerate(self.data["monitoring"].get("progress_updates") or []):
            blocks.append(Paragraph(self.t((*key, "progress_updates", index)), "bullet"))
        for index, _ in enumerate(self.data["monitoring"].get("published_on") or []):
            blocks += self._link("Published on", (*key, "published_on", index))
        return blocks

    def _link(self, label: str, key: PathKey) -> list[Block]:
        link = self._at(key)
        words = self.t((*key, "title"))
        linked = tuple(Span(s.text, link.get("url"), s.bold, s.italic, s.change) for s in words)
        return [Paragraph((Span(f"{label}: ", bold=True), *linked))]

    def _at(self, key: PathKey) -> Any:
        return value_at(self.data, list(key))

    # --- WSoA -----------------------------------------------------------------------------

    def _wsoa(self, level: int) -> list[Block]:
        blocks: list[Block] = [
            *self.fact("Inspection", ("inspection",), _inspection),
            *self.fact("Inspected by", ("inspection", "inspectorates"), " and ".join),
            *self.fact("Outcome", ("inspection", "outcome")),
            *self.fact("Responsible", ("responsible",), "; ".join),
            *self.fact("Monitored by", ("monitored_by",)),
            *self.fact("Status", ("status",), capitalised),
        ]
        for index, _ in enumerate(self.data.get("published_on") or []):
            blocks += self._link("Published on", ("published_on", index))
        for number, area in enumerate(self.data["areas"], start=1):
            blocks += self._area(number, ("areas", IdStep(str(area["id"]))), area, level)
        return blocks

    def _area(self, number: int, key: PathKey, area: dict[str, Any], level: int) -> list[Block]:
        title = self.t(
            (*key, "title"), lambda value: f"Area of weakness {number}: {value}{_mark_of(self.data, key)}"
        )
        blocks: list[Block] = [Heading("", level, title)]
        if area.get("description"):
            blocks.append(Paragraph(self.t((*key, "description"))))
        blocks += self.fact("Status", (*key, "status"), capitalised)
        if area.get("actions") or self.m.removed((*key, "actions")):
            blocks.append(
                self._actions(
                    f"Actions on area {number}", (*key, "actions"), area.get("actions") or [], False
                )
            )
        evidence = area.get("evidence") or []
        if evidence or self.m.removed((*key, "evidence")):
            rows, changes = [], []
            for index, _ in enumerate(evidence):
                rows.append(self._evidence_row((*key, "evidence", index), self.data))
                changes.append(self.m.change_of((*key, "evidence", index)))
            for item, _ in self.m.removed((*key, "evidence")):
                rows.append(self._evidence_row(item, self.m.old))
                changes.append(self.m.deleted(item))
            blocks.append(
                Table(
                    f"Evidence of progress and impact on area {number}",
                    ("Date", "Kind", "Evidence"),
                    tuple(rows),
                    (1.4, 1.0, 6.0),
                    tuple(changes),
                )
            )
        return blocks

    def _evidence_row(self, item: PathKey, source: dict[str, Any]) -> Row:
        def t(field: str, render: Callable[[Any], str] = str) -> tuple[Span, ...]:
            return self.m.text((*item, field), source, render) or (Span("–"),)

        return (t("date", long_date), t("kind", capitalised), t("text"))

    # --- EHRIA ----------------------------------------------------------------------------

    def _ehria(self, level: int) -> list[Block]:
        blocks: list[Block] = [
            *self.fact("Screens", ("screens",), self.title_of),
            *self.fact("Screened on", ("screened_on",), long_date),
            *self.fact("Screened by", ("screened_by",), "; ".join),
            *self.fact("Status", ("status",), capitalised),
            Heading("Impact on each protected characteristic", level),
        ]
        rows = tuple(
            (
                (Span(label),),
                self.t(("characteristics", name, "impact"), capitalised),
                self.t(("characteristics", name, "evidence")),
            )
            for name, label in PROTECTED_CHARACTERISTICS.items()
        )
        blocks.append(
            Table(
                "Impact on the protected characteristics of the Equality Act 2010",
                ("Protected characteristic", "Impact", "Evidence"),
                rows,
                (2.2, 1.1, 5.2),
            )
        )
        if self.data.get("human_rights"):
            blocks += [Heading("Human rights", level), Paragraph(self.t(("human_rights",)))]
        blocks += [Heading("Conclusion", level), Paragraph(self.t(("conclusion",), _conclusion))]
        return blocks

    # --- decision -------------------------------------------------------------------------

    def _decision(self, level: int) -> list[Block]:
        blocks: list[Block] = [
            *self.fact("Meeting", ("body",)),
            *self.fact("Date", ("meeting_date",), long_date),
            *self.fact("Key decision", ("key_decision",), _yes_no),
            *self.fact("Subject to call-in", ("call_in",), _yes_no),
            *self.fact("Approves", ("approves",), lambda ids: "; ".join(map(self.title_of, ids))),
        ]
        if self.data.get("outcome"):
            blocks += [
                Heading("Outcome", level),
                *self.fact("Decision", ("outcome", "decision"), capitalised),
                *self.fact("Date of decision", ("outcome", "date"), long_date),
            ]
            for name, label in (
                ("resolution", "Resolved"),
                ("reasons", "Reasons"),
                ("alternatives_rejected", "Alternatives considered and rejected"),
            ):
                items = self.data["outcome"].get(name) or []
                if items:
                    blocks.append(Paragraph((Span(label, bold=True),)))
                    blocks += [Paragraph(self.t(("outcome", name, i)), "bullet") for i in range(len(items))]
        for index, _ in enumerate(self.data.get("comments") or []):
            blocks += self.fact(
                f"Comment of {self.data['comments'][index]['by']}", ("comments", index, "text")
            )
        for index, _ in enumerate(self.data.get("follow_ups") or []):
            blocks += self.fact("Asked for", ("follow_ups", index, "request"))
        return blocks


def record_blocks(
    data: dict[str, Any], title_of: TitleOf, level: int, marker: ReviewMarker | None = None
) -> list[Block]:
    """The body of a record's paper, its headings starting at `level` (the title is the caller's)."""
    return RecordWriter(data, title_of, marker).blocks(level)


def _priority_title(priority: dict[str, Any]) -> str:
    mark = f" {ILLUSTRATIVE_MARK}" if priority.get("illustrative") else ""
    return f"Priority {priority['id']}: {priority['title']}{mark}"


def _mark_of(source: dict[str, Any], key: PathKey) -> str:
    item = value_at(source, list(key))
    return f" {ILLUSTRATIVE_MARK}" if isinstance(item, dict) and item.get("illustrative") else ""


def _lines(label: str) -> Callable[[list[str]], str]:
    return lambda values: "\n".join(f"{label}: {value}" for value in values)


def _inspection(inspection: dict[str, Any]) -> str:
    year, month = (int(part) for part in inspection["month"].split("-"))
    return f"{inspection['framework']}, {month_year(dt.date(year, month, 1))}"


def _conclusion(conclusion: dict[str, Any]) -> str:
    needed = (
        "A full EHRIA is required." if conclusion["full_ehria_required"] else "A full EHRIA is not required."
    )
    return f"The screening concluded that {conclusion['summary']}. {needed}"


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _has_illustrative(data: Any) -> bool:
    if isinstance(data, dict):
        return "illustrative" in data or any(_has_illustrative(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_illustrative(v) for v in data)
    return False
