"""`register migrate`: records written for an earlier layout, rewritten for this one, in one commit.

Two changes of layout: a decision's report kept as Leicestershire's `part_a` and `part_b`
becomes a report kept by role (purpose, recommendations, reasons …), which any council's house
format can order and head as it likes; and the report's `published` date becomes `notices.agenda`,
beside the other dates the statutory clock runs from. Nothing is lost: every paragraph keeps its
place in its role, and the officer's own sections keep their order.
"""

from __future__ import annotations

from typing import Any

from ..errors import InvalidRecord, UsageError
from ..records.checks import LEGACY_REPORT_KEYS as LEGACY
from ..records.ids import id_of_path
from ..records.loader import load_data
from ..records.values import Result
from ..records.yamltext import set_top_level
from ..store.repository import Author
from ..store.version import Register

_PART_A = {
    "purpose": "purpose",
    "reasons": "reasons",
    "timetable": "timetable",
    "policy_framework": "policy_framework",
    "resource_implications": "resources",
    "circulation": "circulation",
    "officers": "contacts",
}
_PART_B = ("sections", "equality", "partnership_working", "background_papers")


class Migrated(Result):
    records: list[str]
    commit: str | None


def migrate(register: Register, *, author: Author | None = None) -> Migrated:
    """Rewrite every decision whose report has the old layout; one commit, or none if none has."""
    store = register.store
    with store.locked():
        version = register.working()
        writes: dict[str, bytes] = {}
        for path in sorted(version.files):
            try:
                data = load_data(version.content(path), path)
            except InvalidRecord:
                continue
            if data.get("kind") == "decision" and (rewritten := _rewritten(data, version.content(path))):
                writes[path] = rewritten
        if not writes:
            return Migrated(records=[], commit=None)
        changed = version.replaced(writes)
        changed.refuse_problems([id_of_path(path) for path in writes])
        if store.changed_paths(list(writes)):
            raise UsageError(
                "some of those decisions have uncommitted edits: commit or undo them first, so the "
                "migration is a commit of its own: " + ", ".join(store.changed_paths(list(writes)))
            )
        message = (
            "Keep each decision's report by role, and its dates in notices:\n\n"
            "Written by `register migrate`: every paragraph keeps its place, as Part A and Part B "
            "become roles the house format orders and heads; the report's publication date becomes "
            "the agenda notice's date, kept with the other notices."
        )
        commit = store.commit(writes, message, author)
    return Migrated(records=[id_of_path(path) for path in writes], commit=commit)


def _rewritten(data: dict[str, Any], content: bytes) -> bytes | None:
    """A decision of an earlier layout in this one, or None if it is in this one already."""
    report = data.get("report")
    if not isinstance(report, dict) or not any(key in report for key in (*LEGACY, "published")):
        return None
    text = content.decode("utf-8")
    published = report.get("published")
    text = set_top_level(text, "report", by_role({k: v for k, v in report.items() if k != "published"}))
    if published is not None:
        notices = dict(data.get("notices") or {})
        notices.setdefault("agenda", published)
        text = set_top_level(text, "notices", notices)
    return text.encode("utf-8")


def by_role(report: dict[str, Any]) -> dict[str, Any]:
    """A report of the old layout, kept by role."""
    part_a = report.get("part_a") or {}
    part_b = report.get("part_b") or {}
    made: dict[str, Any] = {key: value for key, value in report.items() if key not in LEGACY}
    for old, new in _PART_A.items():
        if old in part_a:
            made[new] = part_a[old]
    if "recommendations" in part_a or "recommendation_intro" in part_a:
        made["recommendations"] = {
            **({"intro": part_a["recommendation_intro"]} if "recommendation_intro" in part_a else {}),
            "items": part_a.get("recommendations", []),
        }
    for key in _PART_B:
        if key in part_b:
            made[key] = part_b[key]
    appendices = part_b.get("appendices") or []
    if appendices:
        made["appendices"] = [
            {"record": record}
            if len(appendices) == 1
            else {"letter": chr(ord("A") + index), "record": record}
            for index, record in enumerate(appendices)
        ]
    order = ["of", "purpose", "recommendations", "reasons", "alternatives", "timetable"]
    order += ["policy_framework", "resources", "circulation", "contacts", *_PART_B[:1], "equality"]
    order += ["partnership_working", "appendices", "background_papers"]
    return {
        key: made[key] for key in sorted(made, key=lambda k: order.index(k) if k in order else len(order))
    }
