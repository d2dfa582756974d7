"""How results look in a terminal: lines laid out to the terminal's width, wrapped only between
words, so an id or a field path is never broken inside itself (it can be copied as it stands)."""

from __future__ import annotations

import difflib
import json
import re
import textwrap
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .output import width

if TYPE_CHECKING:
    from rich.text import Text

    from ..audit.diff import Change
    from ..audit.history import History
    from ..audit.review import Review, ReviewedChange, ReviewOfAll
    from ..audit.verify import Verification
    from ..store.listing import Row


def wrapped(text: str, indent: int = 0, hang: int = 0) -> list[str]:
    """`text` wrapped to the terminal between words; a word longer than a line stays whole."""
    return textwrap.wrap(
        text,
        width=width(),
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + hang),
        break_long_words=False,
        break_on_hyphens=False,
    ) or [" " * indent]


# --- list ------------------------------------------------------------------------------------


def listing_lines(listed: list[Row]) -> Iterator[str]:
    """Columns when they fit the terminal (the title wraps in its own column); otherwise each
    record's id on a line of its own, the rest under it."""
    rows = [
        (
            r.id,
            r.kind or "?",
            r.status or "",
            f"cannot be read: {r.problem}" if r.problem else (r.title or ""),
        )
        for r in listed
    ]
    if not rows:
        return
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    left = sum(widths) + 6
    room = width() - left  # asked once: ten thousand rows need not ask the terminal again
    if room >= 24:
        for row in rows:
            lead = "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)) + "  "
            if len(row[3]) <= room and "\n" not in row[3]:  # most titles fit: no wrapping to do
                yield (lead + row[3]).rstrip()
                continue
            lines = textwrap.wrap(row[3], width=room, break_long_words=False) or [""]
            yield (lead + lines[0]).rstrip()
            yield from (" " * left + line for line in lines[1:])
        return
    full = width()
    for record_id, kind, status, title in rows:
        yield record_id
        said = " · ".join(part for part in (kind, status, title) if part)
        yield from [f"    {said}"] if len(said) + 4 <= full and "\n" not in said else wrapped(said, indent=4)


# --- history ---------------------------------------------------------------------------------


def history_lines(found: History) -> Iterator[str]:
    yield from wrapped(found.record + (f" — {found.field}" if found.field else ""), hang=4)
    for version in found.versions:
        yield ""
        yield from wrapped(f"{version.date:%Y-%m-%d %H:%M}  {version.commit[:10]}  {version.author}", hang=4)
        if version.message:
            yield from wrapped(version.message.splitlines()[0], indent=4)
        for line in _version_changes(
            version.changes, version.problem, version.event, found.field is not None
        ):
            yield from wrapped(line, indent=4, hang=4)
        approvals = [found.decisions.get(d, d) for d in version.approved_by]
        unchanged = [found.decisions.get(d, d) for d in version.unchanged_since_approval_by]
        if approvals:
            yield from wrapped("approved by " + "; ".join(approvals), indent=4, hang=4)
        elif unchanged:
            yield from wrapped("as approved by " + "; ".join(unchanged), indent=4, hang=4)
        elif found.approvable:
            yield "    not approved"


def _version_changes(changes: list[Change], problem: str | None, event: str, one_field: bool) -> list[str]:
    if problem:
        return [f"cannot be read at this version: {problem}"]
    if event == "created" and not one_field:
        return ["created"]
    if event == "deleted":
        return ["deleted"]
    if one_field and not changes:
        return ["this field did not change"]
    if event.startswith("renamed") and not changes:
        return [f"{event}; no field changed"]
    lines = [_change(change, one_field) for change in changes[:12]]
    if len(changes) > 12:
        lines.append(f"… and {len(changes) - 12} more")
    return lines or ["no change to any field (formatting only)"]


def _change(change: Change, one_field: bool) -> str:
    if one_field:
        return {
            "added": f"{change.path}: set to {_short(change.new)}",
            "removed": f"{change.path}: removed (was {_short(change.old)})",
            "moved": f"{change.path}: moved here from {change.moved_from}",
        }.get(change.op, f"{change.path}: {_short(change.old)} → {_short(change.new)}")
    if change.op == "moved":
        return f"moved {change.path} (from {change.moved_from})"
    if change.op == "added":
        return f"+ {change.path}: {_short(change.new)}"
    if change.op == "removed":
        return f"- {change.path}: {_short(change.old)}"
    return f"~ {change.path}: {_short(change.old)} → {_short(change.new)}"


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, dict) and "title" in value:
        value = value["title"]
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- verify ----------------------------------------------------------------------------------

STATUS_WORDS = {
    "current": "current: unchanged since approved",
    "changed": "CHANGED since approved",
    "missing": "MISSING: the approved version is not in this clone's history",
    "superseded": "superseded by a later approval",
    "tampered": "TAMPERED: this approval counts for nothing",
    "unsigned": "UNSIGNED: the commit that made it is not signed",
    "untrusted-signer": "UNTRUSTED SIGNER",
}


def verify_lines(result: Verification) -> Iterator[str]:
    for approval in result.approvals:
        yield from wrapped(f"{approval.decision_label}  ({approval.decision})", hang=4)
        yield from wrapped(
            f"approves {approval.record} as at {approval.commit[:10]}: {STATUS_WORDS[approval.status]}",
            indent=4,
            hang=4,
        )
        shown = approval.changed_paths[:8]
        yield from (line for path in shown for line in wrapped(path, indent=8))
        if len(approval.changed_paths) > 8:
            yield f"        … and {len(approval.changed_paths) - 8} more"
        if approval.status in ("missing", "tampered", "unsigned", "untrusted-signer"):
            yield from wrapped(approval.note, indent=8)


# --- review ----------------------------------------------------------------------------------


def review_view(review: Review) -> list[Text]:
    """A summary, then the changes grouped by priority (or area), text changes word by word."""
    from rich.text import Text

    from ..audit.review import group_of

    summary = review.summary
    start, end = review.start, review.end
    sides = (
        f"{review.record}: {start.ref} ({start.commit[:10]}, {start.date:%Y-%m-%d}) → "
        f"{end.ref} ({end.commit[:10]}, {end.date:%Y-%m-%d})"
        if start.record == end.record
        else f"{end.record} against {start.record}: {start.record} at {start.ref} ({start.commit[:10]}) → "
        f"{end.record} at {end.ref} ({end.commit[:10]})"
    )
    matched = [
        f"matched by title: {m.list}[{m.old_id}] → [{m.new_id}] ({m.title})" for m in review.matched_by_title
    ]
    head = [
        sides,
        f"{summary.added} added, {summary.removed} removed, {summary.changed} changed, {summary.moved} moved",
    ]
    parts: list[Text] = [Text(line, style="bold") for line in wrapped(head[0], hang=4)] + [Text(head[1])]
    parts += [Text(line) for line in matched]
    groups: dict[str, list[ReviewedChange]] = {}
    for change in review.changes:
        groups.setdefault(group_of(change.path), []).append(change)
    for name, changes in groups.items():
        parts.append(Text(name, style="bold underline"))
        for change in changes:
            parts.append(Text("  " + str(change.path)))
            parts += _indented(_review_change(change), 6)
    if review.status_changes:
        parts.append(Text("Action status changes", style="bold underline"))
        for row in review.status_changes:
            line = f"{row.id} {_short(row.title, 50)}: {row.was or 'new'} → {row.now} ({row.by}, {row.date:%Y-%m-%d})"
            parts += [Text(text) for text in wrapped(line, indent=2, hang=4)]
    return parts


def _indented(text: Text, indent: int) -> list[Text]:
    """A styled text wrapped between words to the terminal, each line indented; a word longer
    than a line is kept whole (rich would fold it, or crop it)."""
    from rich.text import Text

    room, starts, used = width() - indent, [], 0
    for word in re.finditer(r"\S+\s*", text.plain):
        length = len(word.group().rstrip())
        if used and used + length > room:
            starts.append(word.start())
            used = 0
        used += len(word.group())
    lines = []
    for line in text.divide(starts):
        line.rstrip()  # in place
        lines.append(Text(" " * indent) + line)
    return lines


def _review_change(change: Change) -> Text:
    from rich.text import Text

    if change.op == "changed" and isinstance(change.old, str) and isinstance(change.new, str):
        if max(len(change.old), len(change.new)) < 25:
            return Text(f"{change.old} → {change.new}")
        return _word_diff(change.old, change.new)
    if change.op == "moved":
        return Text(f"moved here from {change.moved_from}")
    if change.op == "added":
        return Text(f"added: {_short(change.new, 100)}", style="green")
    if change.op == "removed":
        return Text(f"removed: {_short(change.old, 100)}", style="red strike")
    return Text(f"{_short(change.old)} → {_short(change.new)}")


def _word_diff(old: str, new: str) -> Text:
    from rich.text import Text

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


def review_all_lines(reviews: ReviewOfAll) -> Iterator[str]:
    yield f"Records changed from {reviews.start} to {reviews.end}"
    for review in reviews.records:
        if review.problem:
            yield from wrapped(f"{review.record}: cannot be read: {review.problem}", hang=4)
            continue
        s = review.summary
        yield from wrapped(
            f"{review.record}: {s.added} added, {s.removed} removed, {s.changed} changed, {s.moved} moved",
            hang=4,
        )
