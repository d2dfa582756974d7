"""Rich tables for the terminal, made from the package's results."""

from __future__ import annotations

import json
from typing import Any

from rich.table import Table
from rich.text import Text

from ..diff import Change
from ..history import History
from ..review import Review, group_of
from ..verify import Verification


def history_table(found: History) -> Table:
    title = found.record + (f" — {found.only_field}" if found.only_field else "")
    table = Table(title=title, title_justify="left", show_lines=True, expand=False)
    table.add_column("when", no_wrap=True)
    table.add_column("who and why")
    table.add_column("what changed", overflow="fold")
    table.add_column("approval", overflow="fold")
    for version in found.versions:
        touch = version.touch
        who = Text(f"{touch.author}\n", style="bold")
        who.append(touch.message.splitlines()[0] if touch.message else "")
        table.add_row(
            f"{touch.date:%Y-%m-%d %H:%M}\n{touch.commit[:10]}",
            who,
            _changes(version.changes, version.problem, version.touch.status, found.only_field),
            _approval(
                [found.decisions.get(d, d) for d in version.approved_by],
                [found.decisions.get(d, d) for d in version.as_approved_by],
            ),
        )
    return table


def _changes(changes: list[Change], problem: str | None, status: str, field: str | None) -> str:
    if problem:
        return f"cannot be read at this version: {problem}"
    if status == "A" and not field:
        return "created"
    if status == "D":
        return "deleted"
    if field and not changes:
        return "this field did not change"
    if status == "R" and not changes:
        return "the file was renamed; no field changed"
    lines = [_change(change, field) for change in changes[:12]]
    if len(changes) > 12:
        lines.append(f"… and {len(changes) - 12} more")
    return "\n".join(lines) or "no change to any field (formatting only)"


def _change(change: Change, field: str | None = None) -> str:
    if field and change.path == field:
        return {
            "added": f"set to {_short(change.new)}",
            "removed": f"removed (was {_short(change.old)})",
        }.get(change.op, f"{_short(change.old)} → {_short(change.new)}")
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
    table.add_column("status", overflow="fold")
    for approval in result.approvals:
        detail = STATUS_WORDS[approval.status]
        if approval.changed_paths:
            shown = approval.changed_paths[:8] + (
                [f"… and {len(approval.changed_paths) - 8} more"] if len(approval.changed_paths) > 8 else []
            )
            detail += ":\n" + "\n".join(shown)
        elif approval.status == "missing":
            detail += f"\n{approval.note}"
        pin = approval.pin
        table.add_row(f"{pin.label}\n{pin.decision}", pin.record, pin.commit[:10], detail)
    return table


def review_view(review: Review) -> list[Any]:
    """A summary, then the changes grouped by priority (or area), text changes word by word."""
    summary = review.summary()
    head = Text(f"{review.record}: ", style="bold")
    head.append(
        f"{review.start.ref} ({review.start.commit[:10]}, {review.start.date:%Y-%m-%d}) → "
        f"{review.end.ref} ({review.end.commit[:10]}, {review.end.date:%Y-%m-%d})\n"
    )
    head.append(", ".join(f"{summary[op]} {op}" for op in ("added", "removed", "changed", "moved")))
    parts: list[Any] = [head]
    groups: dict[str, list[Change]] = {}
    for change in review.changes:
        groups.setdefault(group_of(change.key), []).append(change)
    for name, changes in groups.items():
        table = Table(title=name, title_justify="left", show_header=False, box=None, pad_edge=False)
        table.add_column(no_wrap=True)
        table.add_column()
        for change in changes:
            table.add_row(change.path, _review_change(change))
        parts.append(table)
    if review.status_changes():
        statuses = Table(title="Action status changes", title_justify="left")
        for column in ("action", "was", "now", "by"):
            statuses.add_column(column)
        for row in review.status_changes():
            statuses.add_row(
                f"{row['id']} {_short(row['title'], 50)}",
                row["was"] or "new",
                row["now"],
                f"{row['by']}, {row['date'][:10]}",
            )
        parts.append(statuses)
    return parts


def _review_change(change: Change) -> Text:
    if change.op == "changed" and isinstance(change.old, str) and isinstance(change.new, str):
        if max(len(change.old), len(change.new)) < 25:
            return Text(f"{change.old} → {change.new}")
        return _word_diff(change.old, change.new)
    if change.op == "moved":
        return Text(f"moved here from {_path(change)}")
    if change.op == "added":
        return Text(f"added: {_short(change.new, 100)}", style="green")
    if change.op == "removed":
        return Text(f"removed: {_short(change.old, 100)}", style="red strike")
    return Text(f"{_short(change.old)} → {_short(change.new)}")


def _word_diff(old: str, new: str) -> Text:
    import difflib
    import re

    before, after = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    shown = Text()
    for tag, a, b, c, d in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            shown.append("".join(after[c:d]))
            continue
        # Marked in words as well as colour, as git's --word-diff does: a pipe or a log keeps them.
        if b > a:
            shown.append(f"[-{''.join(before[a:b])}-]", style="red strike")
        if d > c:
            shown.append(f"{{+{''.join(after[c:d])}+}}", style="green underline")
    return shown


def review_all_table(reviews: list[Review]) -> Table:
    table = Table(title="Records changed", title_justify="left")
    for column in ("record", "added", "removed", "changed", "moved"):
        table.add_column(column)
    for review in reviews:
        if review.problem:
            table.add_row(review.record, f"cannot be read: {review.problem}", "", "", "")
            continue
        summary = review.summary()
        table.add_row(review.record, *(str(summary[op]) for op in ("added", "removed", "changed", "moved")))
    return table
