"""Rich tables for the terminal, made from the package's results."""

from __future__ import annotations

import json
from typing import Any

from rich.table import Table
from rich.text import Text

from ..diff import Change
from ..history import History
from ..verify import Verification


def history_table(found: History) -> Table:
    title = found.record + (f" — {found.field}" if found.field else "")
    table = Table(title=title, title_justify="left", show_lines=True, expand=False)
    table.add_column("when", no_wrap=True)
    table.add_column("who and why")
    table.add_column("what changed")
    table.add_column("approval", overflow="fold")
    for version in found.versions:
        touch = version.touch
        who = Text(f"{touch.author}\n", style="bold")
        who.append(touch.message.splitlines()[0] if touch.message else "")
        table.add_row(
            f"{touch.date:%Y-%m-%d %H:%M}\n{touch.commit[:10]}",
            who,
            _changes(version.changes, version.problem, version.touch.status),
            _approval(version.approved_by, version.as_approved_by),
        )
    return table


def _changes(changes: list[Change], problem: str | None, status: str) -> str:
    if problem:
        return f"cannot be read at this version: {problem}"
    if status == "A":
        return "created"
    if status == "D":
        return "deleted"
    lines = [_change(change) for change in changes[:12]]
    if len(changes) > 12:
        lines.append(f"… and {len(changes) - 12} more")
    return "\n".join(lines) or "no change to any field (formatting only)"


def _change(change: Change) -> str:
    if change.op == "moved":
        return f"moved {change.path} (from {change.moved_from and _path(change)})"
    if change.op == "added":
        return f"+ {change.path}: {_short(change.new)}"
    if change.op == "removed":
        return f"- {change.path}: {_short(change.old)}"
    return f"~ {change.path}: {_short(change.old)} → {_short(change.new)}"


def _path(change: Change) -> str:
    from ..diff import field_path

    return field_path(change.moved_from or ())


def _approval(approved_by: list[str], unchanged_since: list[str]) -> str:
    if approved_by:
        return "approved by\n" + "\n".join(approved_by)
    if unchanged_since:
        return "as approved by\n" + "\n".join(unchanged_since)
    return "not approved"


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, dict) and "title" in value:
        value = value["title"]
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


STATUS_WORDS = {
    "current": "current: unchanged since approved",
    "changed": "CHANGED since approved",
    "missing": "MISSING: approved version not in history or altered",
    "superseded": "superseded by a later approval",
}


def verify_table(result: Verification) -> Table:
    table = Table(title="Approvals", title_justify="left", show_lines=True)
    table.add_column("decision", overflow="fold")
    table.add_column("record", overflow="fold")
    table.add_column("approved version", no_wrap=True)
    table.add_column("status")
    for approval in result.approvals:
        detail = STATUS_WORDS[approval.status]
        if approval.changed_paths:
            shown = approval.changed_paths[:8] + (
                [f"… and {len(approval.changed_paths) - 8} more"] if len(approval.changed_paths) > 8 else []
            )
            detail += ":\n" + "\n".join(shown)
        elif approval.status == "missing":
            detail += f"\n{approval.note}"
        table.add_row(approval.decision, approval.record, f"{approval.commit[:10]}\n{approval.date}", detail)
    return table
