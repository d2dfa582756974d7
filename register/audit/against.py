"""`register review NEW --against OLD`: a record compared with the one it supersedes or follows
from (a strategy and its successor; an Accelerated Progress Plan and its WSoA).

Areas, priorities, actions and measures are matched by id where the new record keeps the old id,
then by title where it does not (a renumbered priority keeps its words); the rest are added or
removed. Each side is the record as committed at a REF (default HEAD).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ..errors import InvalidRecord, RefusedInput, UsageError
from ..records.fingerprint import without_events
from ..records.ids import id_of_path
from ..records.kinds import RecordModel
from ..records.paths import item_id
from ..records.registry import ID_LISTS
from ..store.log import last_change
from ..store.version import Register
from .compare import resolve_ref
from .diff import diff
from .review import Review, Side, TitleMatch, make_review


def review_against(
    register: Register,
    new_id: str,
    old_id: str,
    *,
    from_ref: str | None = None,
    to_ref: str | None = None,
) -> Review:
    """NEW (at `to_ref`, default HEAD) against OLD (at `from_ref`, default HEAD)."""
    start = _side(register, old_id, from_ref or "HEAD", "--from")
    end = _side(register, new_id, to_ref or "HEAD", "--to")
    # Events (revisits, stocktakes, reported values) happened to the older plan; they are not text
    # the newer one keeps or drops.
    old = without_events(_data(register, start))
    new = without_events(_data(register, end))
    _refuse_unrelated(new_id, old_id, new)
    renamed, matches = matched_by_title(old, new)
    found = make_review(end.record, renamed, new, start, end, diff(renamed, new), {})
    return found.model_copy(update={"matched_by_title": matches})


def matched_by_title(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], list[TitleMatch]]:
    """`old` with the ids of its items made those of the new items they match. An item keeps its
    match where both id and title are the same; then items are matched by title (a renumbered
    priority keeps its words); then what is left by id (a reworded one keeps its number). An old
    item left unmatched whose id a new item now has is renamed `ID (old)`, so the two never meet."""
    old_items, new_items = _items(old), _items(new)
    matches: list[TitleMatch] = []
    renames: dict[tuple[str, str], str] = {}
    for name in ID_LISTS:
        before = {i: title for (n, i), title in old_items.items() if n == name}
        after = {i: title for (n, i), title in new_items.items() if n == name}
        kept = {i for i in before.keys() & after.keys() if _words(before[i]) == _words(after[i])}
        waiting = {_words(after[i]): i for i in sorted(after.keys() - kept) if _words(after[i])}
        matched_new = set(kept)
        for old_id in sorted(before.keys() - kept):
            found = waiting.get(_words(before[old_id])) if _words(before[old_id]) else None
            if found is not None and found not in matched_new:
                matched_new.add(found)
                renames[(name, old_id)] = found
                matches.append(TitleMatch(list=name, old_id=old_id, new_id=found, title=before[old_id]))
        for old_id in sorted(before.keys() - kept - {o for (n, o) in renames if n == name}):
            if old_id in after and old_id in matched_new:
                renames[(name, old_id)] = f"{old_id} (old)"
            matched_new.add(old_id)
    return (_renamed(copy.deepcopy(old), renames) if renames else old), matches


def as_matched(record: RecordModel, matches: list[TitleMatch]) -> RecordModel:
    """The older record with the ids of items matched by title made the newer record's, so that a
    paper marks the changes where the review found them."""
    if not matches:
        return record
    renames = {(m.list, m.old_id): m.new_id for m in matches}
    return type(record).model_validate(_renamed(record.plain_data(), renames))


def _items(data: Any, found: dict[tuple[str, str], str] | None = None) -> dict[tuple[str, str], str]:
    """(list name, id) -> title of every item with an id, however deep."""
    found = {} if found is None else found
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ID_LISTS and isinstance(value, list):
                for item in value:
                    label = item_id(item)
                    if label is not None and isinstance(item, dict):
                        found[(key, label)] = str(item.get("title", ""))
            _items(value, found)
    elif isinstance(data, list):
        for item in data:
            _items(item, found)
    return found


def _renamed(data: Any, renames: dict[tuple[str, str], str]) -> Any:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ID_LISTS and isinstance(value, list):
                for item in value:
                    label = item_id(item)
                    if isinstance(item, dict) and label is not None and (key, label) in renames:
                        item["id"] = renames[(key, label)]
            _renamed(value, renames)
    elif isinstance(data, list):
        for item in data:
            _renamed(item, renames)
    return data


def _words(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.casefold()).split())


def _side(register: Register, record_id: str, ref: str, option: str) -> Side:
    store = register.store
    commit = resolve_ref(store, ref, option)
    path = register.path_of(record_id)
    if path not in store.files_at(commit, [path]):
        raise UsageError(f"{option} {ref}: {id_of_path(path)} is not in the register at that version")
    last = last_change(store, commit, [path])
    return Side(
        record=id_of_path(path), ref=ref, commit=commit, date=last.date, author=last.author, path=path
    )


def _data(register: Register, side: Side) -> dict[str, Any]:
    version = register.at(side.commit)
    try:
        version.record(side.record)
    except InvalidRecord as error:
        raise RefusedInput(error.problems) from None
    return version.data(side.record)


def _refuse_unrelated(new_id: str, old_id: str, new: dict[str, Any]) -> None:
    follows = new.get("follows")
    followed = follows.get("plan") if isinstance(follows, dict) else None
    if old_id not in (new.get("supersedes"), followed):
        raise UsageError(
            f"{new_id} neither supersedes nor follows from {old_id}: --against compares a record with "
            "the one it replaces (its `supersedes:`) or follows from (its `follows: plan:`)"
        )
