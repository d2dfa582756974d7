"""Computing reviews from the register: what changed in a record between two versions, and who
changed each field.

Only the record's own versions are read (the two being compared, and those between them, to say
which commit made each change) and the decisions that name it. A review of the whole register
reads only the records git says changed between the two commits.
"""

from __future__ import annotations

from typing import Any

from ..errors import BadRef, InvalidRecord, NotFound, RefusedInput, UsageError
from ..records.ids import id_of_path
from ..store.log import Touch, between, changed_between, commit_info, is_ancestor, last_change, log_of
from ..store.parsed import parsed_versions
from ..store.repository import Store
from ..store.version import Register
from .approvals import Pinned, approvals_of
from .diff import diff
from .review import Made, Review, ReviewOfAll, Side, make_review, unreadable
from .steps import pairs_of, steps


def review(
    register: Register, record_id: str, *, from_ref: str | None = None, to_ref: str | None = None
) -> Review:
    """One record between two versions (default: the version last approved, and HEAD)."""
    store = register.store
    path = register.path_of(record_id)
    touches = log_of(store, path)
    if not touches:
        raise NotFound(f"no record '{id_of_path(path)}' in the register's history")
    ids = {id_of_path(t.path) for t in touches} | {id_of_path(t.old_path) for t in touches}
    pins = approvals_of(register, ids)
    if from_ref is None and not pins:
        raise UsageError(
            f"no decision has approved {id_of_path(path)} yet: say where to start with --from REF"
        )
    start = _side(register, from_ref or pins[-1].decision, touches, pins, "--from")
    end = _side(register, to_ref or "HEAD", touches, pins, "--to")
    if start.commit != end.commit and is_ancestor(store, end.commit, start.commit):
        raise UsageError(
            f"--from {start.ref} ({start.date:%Y-%m-%d}) is later than --to {end.ref} ({end.date:%Y-%m-%d}): swap them"
        )
    blobs = store.blob_ids([f"{start.commit}:{start.path}", f"{end.commit}:{end.path}"])
    names = {blob: spec for spec, blob in blobs.items() if blob}
    contents = parsed_versions(store, list(names), names)
    old, new = (contents[blobs[f"{s.commit}:{s.path}"] or ""] for s in (start, end))
    for data in (old, new):
        if isinstance(data, InvalidRecord):
            raise RefusedInput(data.problems)
    made = _who_made(store, touches, start, end)
    return make_review(id_of_path(path), old, new, start, end, diff(old, new), made)


def _is_ref(store: Store, ref: str) -> bool:
    return store.git.succeeds("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")


def _side(register: Register, ref: str, touches: list[Touch], pins: list[Pinned], option: str) -> Side:
    """A version named by a REF or a decision: its commit, the record's path there, its last change."""
    store = register.store
    approved = [pin for pin in pins if pin.decision == ref]
    if not approved and ref.count("/") and (store.root / f"{ref}.yaml").is_file() and not _is_ref(store, ref):
        raise BadRef(
            f"{option} {ref}: that decision approved no version of {id_of_path(touches[-1].path)}; "
            "name a decision that did, or a commit, tag, branch or date"
        )
    paths = list(dict.fromkeys(t.path for t in reversed(touches)))
    commit = _as_approved(register, approved[-1], paths) if approved else resolve_ref(store, ref, option)
    present = store.files_at(commit, paths)
    path = next((p for p in paths if p in present), None)
    if path is None:
        first = touches[0].date.date().isoformat()
        raise BadRef(
            f"{option} {ref}: {id_of_path(touches[-1].path)} did not exist at that version "
            f"(it was first committed on {first})"
        )
    last = last_change(store, commit, paths)
    by = [pin.decision for pin in pins if pin.commit in (commit, last.commit) or pin.added_in == commit]
    return Side(
        record=id_of_path(path),
        ref=ref,
        commit=commit,
        date=last.date,
        author=last.author,
        path=path,
        approved_by=by,
    )


def _as_approved(register: Register, pin: Pinned, paths: list[str]) -> str:
    """The version a decision approved, as its approval left it: the commit that recorded the
    decision, where it holds the approved content (its status moved by the approval), else the
    pinned commit itself."""
    if pin.added_in is None:
        return pin.commit
    found = register.facts_at([f"{pin.added_in}:{path}" for path in paths])
    if any(facts.fingerprint == pin.fingerprint for _, facts in found.values()):
        return pin.added_in
    return pin.commit


def resolve_ref(store: Store, ref: str, option: str) -> str:
    """The commit of `ref`; a bad one is named with the option that gave it."""
    try:
        return store.resolve(ref)
    except BadRef as error:
        raise BadRef(f"{option} {error.message}") from None


def _who_made(store: Store, touches: list[Touch], start: Side, end: Side) -> dict[str, Made]:
    """For each field changed between the two versions, the last commit in between that changed it."""
    inside = between(store, start.commit, end.commit)
    between_touches = [t for t in touches if t.commit in inside and t.status != "D"]
    pairs = pairs_of(between_touches)
    found = steps(store, pairs)
    made: dict[str, Made] = {}
    for touch, pair in zip(between_touches, pairs, strict=True):
        for change in found[pair].changes:
            made[str(change.path)] = Made(author=touch.author, date=touch.date, commit=touch.commit)
    return made


def review_all(register: Register, *, from_ref: str, to_ref: str = "HEAD") -> ReviewOfAll:
    """Every record that changed between two versions; only those records are read (`git diff --raw`)."""
    store = register.store
    start = _commit_side(store, from_ref, "--from")
    end = _commit_side(store, to_ref, "--to")
    if start.commit != end.commit and is_ancestor(store, end.commit, start.commit):
        raise UsageError(f"--from {from_ref} is later than --to {to_ref}: swap them")
    changed = changed_between(store, start.commit, end.commit)
    names = {
        blob: f"{path}@{side.commit[:7]}"
        for old, new, _, old_path, new_path in changed
        for blob, path, side in ((old, old_path, start), (new, new_path, end))
    }
    contents = parsed_versions(store, list(names), names)
    reviews = [_changed_file(contents, start, end, *entry) for entry in changed]
    return ReviewOfAll(start=from_ref, end=to_ref, records=reviews)


def _commit_side(store: Store, ref: str, option: str) -> Side:
    info = commit_info(store, resolve_ref(store, ref, option))
    return Side(record="", ref=ref, commit=info.commit, date=info.date, author=info.author, path="")


def _changed_file(
    contents: dict[str, Any],
    start: Side,
    end: Side,
    old_blob: str,
    new_blob: str,
    status: str,
    old_path: str,
    new_path: str,
) -> Review:
    old, new = contents.get(old_blob, {}), contents.get(new_blob, {})
    record = id_of_path(new_path)
    sides = (
        start.model_copy(update={"path": old_path, "record": id_of_path(old_path)}),
        end.model_copy(update={"path": new_path, "record": record}),
    )
    for data in (old, new):
        if isinstance(data, InvalidRecord):
            return unreadable(record, *sides, str(data.problems[0]))
    return make_review(record, old, new, *sides, diff(old, new), {})
