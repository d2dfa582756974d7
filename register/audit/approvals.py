"""Which decisions approved which versions of which records, as facts of the register's history.

A pin counts only if it is a fact of history, as the decision's commit left it:
- the decision's outcome approves (a rejected or deferred decision approves nothing);
- the pin is well formed, and was added by a commit in which the pinned commit is already an
  ancestor (a decision cannot approve what was written after it);
- the pin has not been rewritten or removed since the commit that added it;
- the pinned version exists in HEAD's history and its content matches the fingerprint.
A pin is known by its decision and its record. Pins are read from the decisions' parsed YAML,
never found by searching their text. A pin in the working tree that is not committed is
reported, and counts for nothing until it is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Literal

from ..records.ids import id_of_path, path_of_id
from ..records.registry import KINDS
from ..records.settings import ApprovalPolicy
from ..records.wording import long_date
from ..store.cache import pins_stamp
from ..store.index import Facts, Pin
from ..store.log import NOTHING, Ancestry, FileChange, history_shape, started_ancestry, started_changes_under
from ..store.signatures import Signature, signatures
from ..store.version import Register, Version


@dataclass(frozen=True)
class Pinned:
    """One decision's approval of one exact version of a record, and what history says of it."""

    decision: str
    record: str
    commit: str
    fingerprint: str
    date: dt.date | None  # the decision's date: its outcome's, else its meeting's
    label: str  # "Cabinet, 18 September 2020"
    body: str | None = None
    body_type: str | None = None
    added_in: str | None = None
    """The commit that added the pin to the decision's file (None: not committed)."""
    flaw: str | None = None
    """Why the pin counts for nothing, in one line: it has been tampered with."""
    added_on: dt.date | None = None
    """The day of that commit: what `require_signed_since` is measured by (a decision's own date
    is a field anyone can edit later; the commit that recorded the approval is history)."""


_PINNED_FIELDS = tuple(field.name for field in fields(Pinned))


@dataclass(frozen=True)
class Pins:
    committed: list[Pinned]
    """Every pin HEAD's decisions hold, and every pin removed since it was added; oldest first."""
    uncommitted: list[Pinned]
    """Pins the working tree holds that HEAD does not (or drops that HEAD holds): they count for nothing."""
    in_history: Mapping[str, int]
    """The pinned commits that are in HEAD's history, each with its place there (oldest first)."""

    def present(self) -> list[Pinned]:
        """The committed pins whose content is to be judged: history holds their commit, and
        nothing has been done to them since they were made."""
        return [pin for pin in self.committed if pin.commit in self.in_history and not pin.flaw]


def pins_of(
    register: Register, record_ids: set[str] | None = None, *, working: Version | None = None
) -> Pins:
    """Every pin (of these records, or of any), read from HEAD's decisions and their history."""
    working = working or register.working()
    head = working.base  # the commit the working tree is on: the history judged is the one it read
    if head is None:
        return Pins([], _uncommitted(register, working, {}, record_ids), {})
    # While every other file is looked at to learn which are decisions (glance, on this core),
    # the files of the folder where `register new` puts decisions are parsed elsewhere (by the
    # reading the command line began as it started, see `store/ahead.py`, or else by the
    # workers; glance takes their facts when it is done), and git walks that folder's history:
    # that is where decisions most often are, and HEAD most often holds the same content, whose
    # facts are then known by blob id. Believed only if the guess is right.
    guess = [KINDS["decision"].folder]
    in_guess = [path for path in working.files if path.startswith(f"{guess[0]}/")]
    decisions_read = working.facts_ahead(in_guess)  # first: the workers hold no pipe to git
    try:
        history_read = _HistoryRead(register, head, guess) if in_guess else None
        folders = _decision_folders(register, working, head)  # every file looked at meanwhile
    except BaseException:
        with contextlib.suppress(Exception):  # the workers end; what went wrong here is what is said
            decisions_read()
        raise
    decisions_read()  # (glance has, unless it knew every file already)
    if folders and (history_read is None or history_read.folders != folders):
        history_read = _HistoryRead(register, head, folders)
    committed = (
        _committed(register, head, history_read) if folders and history_read else _Committed([], {}, {})
    )
    wanted = [pin for pin in committed.pins if record_ids is None or pin.record in record_ids]
    return Pins(
        wanted, _uncommitted(register, working, committed.decisions, record_ids), committed.in_history
    )


@dataclass(frozen=True)
class _Committed:
    """What HEAD's history says of the approvals: a fact of that history, kept for it."""

    pins: list[Pinned]
    in_history: dict[str, int]
    decisions: dict[str, str]
    """HEAD's decision files and their blobs."""


class _HistoryRead:
    """The approvals HEAD's history holds in some folders: kept in the cache for that history, or
    else being read by git, on another core, from the moment this is made."""

    def __init__(self, register: Register, head: str, folders: list[str]) -> None:
        self.folders = folders
        parts = [pins_stamp(), head, history_shape(register.store), *folders]
        self.key = hashlib.sha256("\0".join(parts).encode()).hexdigest()
        self.kept = register.store.cache.get_snapshot("pins", self.key)
        if self.kept is None:
            self.changes = started_changes_under(register.store, head, folders)
            self.ancestry = started_ancestry(register.store, head)


def _committed(register: Register, head: str, history: _HistoryRead) -> _Committed:
    """The pins of HEAD's history, oldest first, which pinned commits that history holds, and
    HEAD's decision files: worked out once for that history (HEAD, and what else decides which
    commits it holds: a shallow clone's edge, replacements, grafts) and kept in the cache."""
    if history.kept is not None:
        pins, in_history, decisions = history.kept
        return _Committed([_unpacked(pin) for pin in pins], in_history, decisions)
    found = _read_committed(register, head, history)
    value = ([_packed(pin) for pin in found.pins], found.in_history, found.decisions)
    register.store.cache.put_snapshot("pins", history.key, value)
    return found


def _read_committed(register: Register, head: str, read: _HistoryRead) -> _Committed:
    folders, walked, ancestry_of = read.folders, read.changes, read.ancestry
    at_head = register.at(head, folders=folders)
    decisions = {p: f for p, f in at_head.index.items() if f.kind == "decision"}
    changes = walked()
    blobs = {c.new_blob for c in changes} | {c.old_blob for c in changes}
    facts = register.blob_facts(sorted(blobs - {NOTHING}))
    lineages = _lineages(changes)
    pinned_commits = {pin.commit for f in facts.values() for pin in f.pins}
    ancestry = ancestry_of(pinned_commits | {c.commit for c in changes})
    days = {change.commit: change.date.date() for change in changes}
    committed: list[Pinned] = []
    for path, history in lineages.items():
        for pin in _judged(id_of_path(path), history, facts, decisions.get(path), ancestry):
            committed.append(replace(pin, added_on=days.get(pin.added_in or "")))
    in_history = {
        commit: ancestry.position(commit) for commit in sorted(pinned_commits) if commit in ancestry
    }
    blobs_at_head = {path: at_head.files[path].blob for path in decisions}
    return _Committed(_in_order(committed, ancestry), in_history, blobs_at_head)


def _packed(pin: Pinned) -> tuple[str | None, ...]:
    """A pin as plain text, for the cache (dates as ISO text). (Not `astuple`: it deep-copies
    every value, a third of the time of reading 500 pins from history.)"""
    values = (getattr(pin, name) for name in _PINNED_FIELDS)
    return tuple(value.isoformat() if isinstance(value, dt.date) else value for value in values)


def _unpacked(values: tuple[str | None, ...]) -> Pinned:
    pin = Pinned(*values)  # type: ignore[arg-type]  # the dates are text until replaced below
    day, added_on = (dt.date.fromisoformat(d) if d else None for d in (values[4], values[10]))
    return replace(pin, date=day, added_on=added_on)


def _decision_folders(register: Register, working: Version, head: str) -> list[str]:
    """Where decisions are looked for: the folders where the working tree or HEAD keeps them; where
    neither keeps any (every decision deleted, say), every record folder, so that pins once made
    are still found, and their deletion judged."""
    found = {path.rsplit("/", 1)[0] for path in _decision_paths(working)}
    if found:
        return sorted(found)
    committed = register.at(head)
    found = {path.rsplit("/", 1)[0] for path, f in committed.index.items() if f.kind == "decision"}
    return sorted(found or committed.config.record_folders)


def _decision_paths(version: Version) -> list[str]:
    """The decisions' files (see `Version.glance`: a file that says plainly it is another kind is
    not parsed to learn so)."""
    return sorted(path for path, (kind, _status) in version.glance.items() if kind == "decision")


def _lineages(changes: list[FileChange]) -> dict[str, list[tuple[str, str]]]:
    """Each file's versions (commit, blob), oldest first, by the path it has last; a file
    deleted and added under another name with the same content in one commit was renamed."""
    lineage: dict[str, list[tuple[str, str]]] = {}
    by_commit: dict[str, list[FileChange]] = {}
    for change in changes:
        by_commit.setdefault(change.commit, []).append(change)
    for commit, made in by_commit.items():
        gone = {c.old_blob: c.path for c in made if c.new_blob == NOTHING}
        for change in made:
            if change.new_blob == NOTHING:
                continue
            renamed_from = gone.pop(change.new_blob, None) if change.old_blob == NOTHING else None
            versions = lineage.pop(renamed_from, []) if renamed_from else lineage.get(change.path, [])
            lineage[change.path] = [*versions, (commit, change.new_blob)]
        for path in gone.values():  # deleted for good
            lineage[path] = [*lineage.get(path, []), (commit, NOTHING)]
    return lineage


def _judged(
    decision: str,
    history: list[tuple[str, str]],
    facts: dict[str, Facts],
    now: Facts | None,
    ancestry: Ancestry,
) -> list[Pinned]:
    """The pins of one decision's file: those it holds at HEAD, and those it held once."""
    first: dict[str, tuple[str, Pin]] = {}  # record -> (the commit that added it, the pin as added)
    flaws: dict[str, str] = {}
    for commit, blob in history:
        held = {pin.record: pin for pin in (facts[blob].pins if blob != NOTHING and blob in facts else ())}
        for record, (added, pin) in first.items():
            if record in flaws or not ancestry.leads_to(added, commit):
                continue  # a version on another branch than the one that added the pin says nothing of it
            if blob == NOTHING:
                flaws[record] = (
                    f"the decision's file was deleted in commit {commit[:10]}, after commit {added[:10]} "
                    "added the pin"
                )
            elif record not in held:
                flaws[record] = (
                    f"the pin was removed in commit {commit[:10]}, after commit {added[:10]} added it"
                )
            elif held[record] != pin:
                flaws[record] = (
                    f"the pin was rewritten in commit {commit[:10]}, after commit {added[:10]} added it"
                )
        for record, pin in held.items():
            first.setdefault(record, (commit, pin))
    latest = facts.get(history[-1][1]) if history[-1][1] != NOTHING else None
    label_from = now or latest
    pins = []
    for record, (added, pin) in first.items():
        flaw = flaws.get(record) or _broken(pin, added, now, ancestry)
        pins.append(_pinned(decision, pin, label_from, added, flaw))
    return pins


def _broken(pin: Pin, added: str, now: Facts | None, ancestry: Ancestry) -> str | None:
    """Why a pin that is still in place counts for nothing, if it does not count."""
    if now is None:
        return "the decision's file was deleted after the pin was added"
    if pin.malformed:
        return pin.malformed
    if now.status != "approved":
        return f"the decision's outcome is '{now.status}', and only an approval pins a version"
    if pin.commit in ancestry and not ancestry.leads_to(pin.commit, added):
        return (
            f"the pin names commit {pin.commit[:10]}, which was made after (or apart from) commit "
            f"{added[:10]} that added the pin: a decision cannot approve what was written later"
        )
    return None


def _pinned(decision: str, pin: Pin, facts: Facts | None, added: str | None, flaw: str | None) -> Pinned:
    day = dt.date.fromisoformat(facts.decided) if facts and facts.decided else None
    meeting = dt.date.fromisoformat(facts.meeting) if facts and facts.meeting else None
    label = f"{facts.body}, {long_date(meeting)}" if facts and facts.body and meeting else decision
    return Pinned(
        decision,
        pin.record,
        pin.commit,
        pin.fingerprint,
        day,
        label,
        facts.body if facts else None,
        facts.body_type if facts else None,
        added,
        flaw=flaw,
    )


def _uncommitted(
    register: Register, working: Version, at_head: dict[str, str], record_ids: set[str] | None
) -> list[Pinned]:
    """Pins the working tree adds or drops against HEAD's decisions (`at_head`, path -> blob):
    reported, and counting for nothing. Only a file whose content differs from HEAD's can."""
    paths = sorted(set(_decision_paths(working)) | set(at_head))
    differ = [
        path for path in paths if path not in working.files or working.files[path].blob != at_head.get(path)
    ]
    here_facts = working.facts([path for path in differ if path in working.files])
    head_facts = register.blob_facts(sorted({at_head[path] for path in differ if path in at_head}))
    found = []
    for path in differ:
        now = here_facts.get(path)
        then = head_facts.get(at_head.get(path, ""))
        here = {pin.record: pin for pin in now.pins} if now else {}
        there = {pin.record: pin for pin in then.pins} if then else {}
        for record in sorted(set(here) | set(there)):
            if here.get(record) == there.get(record):
                continue
            pin = here.get(record) or there[record]
            what = "added" if record not in there else "removed" if record not in here else "changed"
            pinned = _pinned(id_of_path(path), pin, now or then, None, None)
            found.append(replace(pinned, flaw=f"the pin is {what} in the working tree and not committed"))
    return [pin for pin in found if record_ids is None or pin.record in record_ids]


def _in_order(pins: Iterable[Pinned], ancestry: Ancestry) -> list[Pinned]:
    """Oldest first, in the order history recorded them: the latest approval is the one added
    latest, whatever dates the decisions give themselves."""
    return sorted(pins, key=lambda pin: (ancestry.position(pin.added_in or ""), pin.decision, pin.record))


Standing = Literal["valid", "tampered", "missing", "unsigned", "untrusted-signer"]
RANKS: tuple[str, ...] = (
    "tampered",
    "missing",
    "unsigned",
    "untrusted-signer",
    "changed",
    "superseded",
    "current",
)
"""verify's statuses, the gravest first: an approval takes the first that is true of it."""


@dataclass(frozen=True)
class Judged:
    pin: Pinned
    standing: Standing
    note: str = ""
    blob: str = ""  # the pinned version's blob, when it exists


def judge(register: Register, pins: Pins, *, require_signed: bool | None = None) -> list[Judged]:
    """Whether each committed pin counts: tampered, missing, unsigned or untrusted-signer if
    not, with one line saying why; `valid` if it does."""
    policy = register.config.approvals
    required = policy.require_signed if require_signed is None else require_signed
    in_history = pins.in_history
    pinned = register.facts_at([spec_of(pin) for pin in pins.present()])
    signed = _signatures(register, pins.committed) if required else {}
    outside = [pin.commit for pin in pins.committed if pin.commit not in in_history]
    elsewhere = register.store.commits_present(outside)
    judged = []
    for pin in pins.committed:
        if pin.flaw:
            judged.append(Judged(pin, "tampered", pin.flaw))
        elif pin.commit in elsewhere:
            judged.append(Judged(pin, "tampered", _not_an_ancestor(pin)))
        elif pin.commit not in in_history:
            judged.append(Judged(pin, "missing", _missing(pin)))
        else:
            judged.append(_content(pin, pinned.get(spec_of(pin)), signed, required, policy))
    return judged


def spec_of(pin: Pinned) -> str:
    """The pinned version, as git names it: `commit:path`."""
    return f"{pin.commit}:{path_of_id(pin.record)}"


def _not_an_ancestor(pin: Pinned) -> str:
    return (
        f"the pin names commit {pin.commit[:10]}, which this repository holds but which is not in the "
        "history of the commit that added the pin (history was rewritten, or the commit is on a branch "
        "never merged): a decision approves only what came before it"
    )


def _missing(pin: Pinned) -> str:
    return (
        f"the approved version ({pin.commit[:10]}) is not in this repository's history: "
        "history was rewritten, or this is a shallow clone"
    )


def _content(
    pin: Pinned,
    pinned: tuple[str, Facts] | None,
    signed: dict[str, Signature],
    required: bool,
    policy: ApprovalPolicy,
) -> Judged:
    if pinned is None:
        return Judged(pin, "tampered", f"{pin.record} did not exist at the pinned commit {pin.commit[:10]}")
    blob, facts = pinned
    if facts.fingerprint != pin.fingerprint:
        return Judged(
            pin,
            "tampered",
            "the version at the pinned commit does not match the fingerprint the decision recorded",
        )
    if required and (
        policy.require_signed_since is None
        or pin.added_on is None
        or pin.added_on >= policy.require_signed_since
    ):
        refused = _unsigned(pin, signed.get(pin.added_in or ""), policy)
        if refused is not None:
            return Judged(pin, refused[0], refused[1], blob)
    return Judged(pin, "valid", "", blob)


def _unsigned(
    pin: Pinned, signature: Signature | None, policy: ApprovalPolicy
) -> tuple[Standing, str] | None:
    """Why a signature that must be there does not count, if it does not."""
    commit = (pin.added_in or "")[:10]
    if signature is None or not signature.signed:
        return "unsigned", f"commit {commit}, which made this approval, is not signed"
    if signature.code == "B":
        return "tampered", f"commit {commit} carries a signature that does not match its content"
    if not signature.trusted:
        return (
            "untrusted-signer",
            f"commit {commit} is signed by key {signature.key}, which the register's allowed signers do not hold",
        )
    allowed = policy.signers.get(pin.body or "") or policy.signers.get(pin.body_type or "")
    if allowed is not None and signature.signer not in allowed:
        return (
            "untrusted-signer",
            f"{signature.signer} signed commit {commit}, but may not sign for {pin.body}",
        )
    return None


def _signatures(register: Register, pins: list[Pinned]) -> dict[str, Signature]:
    """The signatures of the commits that made the approvals, against the allowed signers at HEAD."""
    store = register.store
    allowed = None
    name = register.config.approvals.allowed_signers
    if name is not None:
        found = store.tree("HEAD", [name], suffix="")
        allowed = store.read_blob(found[name][0]) if name in found else None
    return signatures(store, sorted({pin.added_in for pin in pins if pin.added_in}), allowed)


def approvals_of(register: Register, record_ids: set[str], *, among: Pins | None = None) -> list[Pinned]:
    """The approvals of these records that count (by the same rules as verify), oldest first;
    `among` is every pin, when it was read already."""
    pins = pins_of(register, record_ids) if among is None else among
    chosen = replace(pins, committed=[pin for pin in pins.committed if pin.record in record_ids])
    return [j.pin for j in judge(register, chosen) if j.standing == "valid"]
