"""Approvals no one can forge: each attack an adversarial tester made on the demo, on a real
repository, and signed approvals checked offline with real SSH keys."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import register
from register.audit.decide import decide
from register.audit.history import history
from register.audit.validate import validate
from register.audit.verify import Verification, verify
from register.records.fingerprint import fingerprint
from register.store.version import Register

from .conftest import MINIMAL_DECISION, MINIMAL_STRATEGY, approved_then_changed, git, when

WSOA = "strategy/send-wsoa-2020"
CABINET = "decisions/2020-09-18-cabinet-send-inclusion-strategy"


@pytest.fixture
def demo(demo_register: Path, tmp_path: Path) -> Register:
    """A copy of the demo register of its own, to attack."""
    target = tmp_path / "demo"
    shutil.copytree(demo_register, target, symlinks=True)
    for cache in (target / ".git").glob("register-cache*"):
        cache.unlink()
    return Register(target)


def commit_all(reg: Register, message: str, day: str) -> str:
    git(reg.root, "add", "-A", "strategy", "decisions")
    git(reg.root, "commit", "-q", "-m", message, date=f"{day}T10:00:00+00:00")
    return git(reg.root, "rev-parse", "HEAD").strip()


@pytest.fixture
def wsoa_approved(demo: Register) -> Register:
    """The WSoA approved by a new decision of the SEND and Inclusion Board."""
    (demo.root / "decisions/2021-06-09-board-wsoa.yaml").write_text(
        "kind: decision\ntitle: Written Statement of Action\nbody: SEND and Inclusion Board\n"
        "body_type: partner board\nmeeting_date: 2021-06-09\n"
    )
    commit_all(demo, "Add the Board's item on the WSoA", "2021-06-01")
    decide(
        demo,
        "decisions/2021-06-09-board-wsoa",
        outcome="approved",
        approves=[WSOA],
        author=when("2021-06-09"),
    )
    return demo


def edit_monitored_by(reg: Register, day: str) -> str:
    path = reg.root / f"{WSOA}.yaml"
    text = path.read_text()
    path.write_text(re.sub(r"monitored_by: .*", "monitored_by: Nobody in particular", text, count=1))
    return commit_all(reg, "Change who monitors the WSoA", day)


def status_of(result: register.verify, decision: str) -> str:  # type: ignore[valid-type]
    return next(a.status for a in result.approvals if a.decision == decision)


# --- the attacks -------------------------------------------------------------------------------


def test_an_approval_moved_onto_unapproved_text_is_tampered(wsoa_approved: Register) -> None:
    reg = wsoa_approved
    edited = edit_monitored_by(reg, "2021-07-01")
    board = "decisions/2021-06-09-board-wsoa"
    assert status_of(verify(reg), board) == "changed"
    path = reg.root / f"{board}.yaml"
    data = yaml.safe_load(path.read_text())
    new_print = fingerprint(yaml.safe_load((reg.root / f"{WSOA}.yaml").read_text()))
    text = path.read_text().replace(data["approved_versions"][0]["commit"], edited)
    path.write_text(text.replace(data["approved_versions"][0]["fingerprint"], new_print))
    forged = commit_all(reg, "Move the approval on", "2021-07-02")
    result = verify(reg)
    approval = next(a for a in result.approvals if a.decision == board)
    assert approval.status == "tampered" and not result.ok
    assert approval.note.startswith(f"the pin was rewritten in commit {forged[:10]}")
    versions = history(reg, WSOA).versions
    assert board not in [
        d for v in versions for d in v.approved_by
    ]  # history believes it no more than verify


def test_a_decision_that_approved_nothing_counts_for_nothing(wsoa_approved: Register) -> None:
    reg = wsoa_approved
    edited = edit_monitored_by(reg, "2021-07-01")
    fake = reg.root / "decisions/2030-01-01-fake.yaml"
    new_print = fingerprint(yaml.safe_load((reg.root / f"{WSOA}.yaml").read_text()))
    fake.write_text(
        "kind: decision\ntitle: Fake\nbody: Cabinet\nbody_type: executive\nmeeting_date: 2030-01-01\n"
        "outcome: {decision: rejected, date: 2030-01-01}\n"
        f"approved_versions:\n  - record: {WSOA}\n    commit: {edited}\n    fingerprint: {new_print}\n"
    )
    assert not register.validate(reg.working()).valid  # validate says so before anything is committed
    [problem] = register.validate(reg.working(), ["decisions/2030-01-01-fake.yaml"], base=reg.root).problems
    assert "only a decision whose outcome is 'approved' can pin versions" in problem.message
    commit_all(reg, "A fake decision", "2021-07-02")
    result = verify(reg)
    assert status_of(result, "decisions/2030-01-01-fake") == "tampered"
    assert "outcome is 'rejected'" in next(a.note for a in result.approvals if a.decision.endswith("fake"))
    assert status_of(result, "decisions/2021-06-09-board-wsoa") == "changed"  # not superseded by the fake


@pytest.mark.parametrize("spelling", ["approved_versions :", '"approved_versions":', "'approved_versions':"])
def test_a_pin_cannot_hide_behind_spelling(wsoa_approved: Register, spelling: str) -> None:
    reg = wsoa_approved
    board = reg.root / "decisions/2021-06-09-board-wsoa.yaml"
    board.write_text(board.read_text().replace("approved_versions:", spelling))
    commit_all(reg, "Respell the key", "2021-06-10")
    edit_monitored_by(reg, "2021-07-01")
    assert status_of(verify(reg), "decisions/2021-06-09-board-wsoa") == "changed"


def test_a_planted_cache_changes_no_verdict(wsoa_approved: Register, tmp_path: Path) -> None:
    reg = wsoa_approved
    edit_monitored_by(reg, "2021-07-01")
    board = "decisions/2021-06-09-board-wsoa"
    assert status_of(verify(reg), board) == "changed"
    pinned = yaml.safe_load((reg.root / f"{board}.yaml").read_text())["approved_versions"][0]["fingerprint"]
    database = reg.root / ".git" / "register-cache.sqlite"
    with sqlite3.connect(database) as db:  # make every blob's facts say it is the approved content
        rows = db.execute("SELECT blob, stamp, value FROM facts").fetchall()
        for blob, stamp, value in rows:
            forged = re.sub(r'"fingerprint":"sha256:[0-9a-f]{64}"', f'"fingerprint":"{pinned}"', value)
            db.execute("UPDATE facts SET value = ? WHERE blob = ? AND stamp = ?", (forged, blob, stamp))
    assert status_of(verify(reg), board) == "changed"
    # A whole cache, key and all, copied from another clone is not believed either.
    other = tmp_path / "other"
    shutil.copytree(reg.root, other, symlinks=True)
    (other / ".git" / "register-key").write_bytes(b"k" * 32)
    assert status_of(verify(Register(other)), board) == "changed"
    # A cache carried between CI runs by its name, signed entries and all, reaches a clone without
    # the key that signed them: not believed.
    key = (reg.root / ".git" / "register-key").read_bytes()
    with sqlite3.connect(database) as db:  # forged again, and signed with this clone's own key
        for blob, stamp, value in db.execute("SELECT blob, stamp, value FROM facts").fetchall():
            mac = hmac.new(key, "\0".join(("facts", blob, stamp, value)).encode(), hashlib.sha256).hexdigest()
            db.execute("UPDATE facts SET mac = ? WHERE blob = ? AND stamp = ?", (mac, blob, stamp))
    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "-q", str(reg.root), str(fresh))
    for cache in (reg.root / ".git").glob("register-cache*"):
        shutil.copy(cache, fresh / ".git" / cache.name)
    assert not (fresh / ".git" / "register-key").exists()
    assert status_of(verify(Register(fresh)), board) == "changed"


def test_history_starts_where_the_record_starts(tmp_path: Path) -> None:
    created = register.init(tmp_path / "r", council="Anyshire District Council", author=when("2025-01-01"))
    reg = Register(created.root)
    for day in ("2025-01-02", "2025-01-03", "2025-01-04"):
        register.new(reg, "decision", f"{day}-item", title="An item", author=when(day))
    found = history(reg, "decisions/2025-01-03-item")
    assert [(v.event, v.message) for v in found.versions] == [
        ("created", "Add decision decisions/2025-01-03-item: An item")
    ]
    assert all(c.old is None for c in found.versions[0].changes)  # no template placeholders as old values


def test_history_still_follows_a_real_rename(demo: Register) -> None:
    git(demo.root, "mv", f"{WSOA}.yaml", "strategy/wsoa-2020.yaml")
    commit_all(demo, "Rename the WSoA", "2021-10-01")
    events = [v.event for v in history(demo, "strategy/wsoa-2020").versions]
    assert events[0] == "created" and events[-1] == f"renamed from {WSOA}.yaml" and len(events) > 3


# --- the rules, one by one -------------------------------------------------------------------


def test_a_hand_made_approval_counts_as_one_made_by_decide(wsoa_approved: Register) -> None:
    reg = wsoa_approved
    board = reg.root / "decisions/2021-06-09-board-wsoa.yaml"
    later = edit_monitored_by(reg, "2021-07-01")
    (reg.root / "decisions/2021-08-01-cabinet-wsoa.yaml").write_text(
        "kind: decision\ntitle: WSoA\nbody: Cabinet\nbody_type: executive\nmeeting_date: 2021-08-01\n"
        "outcome: {decision: approved, date: 2021-08-01}\n"
        f"approved_versions:\n  - record: {WSOA}\n    commit: {later}\n"
        f"    fingerprint: {fingerprint(yaml.safe_load((reg.root / f'{WSOA}.yaml').read_text()))}\n"
    )
    commit_all(reg, "An honest hand-made approval", "2021-08-01")
    result = verify(reg)
    assert status_of(result, "decisions/2021-08-01-cabinet-wsoa") == "current"
    assert status_of(result, "decisions/2021-06-09-board-wsoa") == "superseded"
    assert board.exists()


def test_a_pin_cannot_approve_what_was_written_apart_from_it(wsoa_approved: Register) -> None:
    """A pin naming a commit that was not yet in the history of the commit adding the pin (made on
    another branch, merged later): the decision could not have seen that text."""
    reg = wsoa_approved
    git(reg.root, "checkout", "-q", "-b", "elsewhere")
    elsewhere = edit_monitored_by(reg, "2021-07-01")
    text = (reg.root / f"{WSOA}.yaml").read_text()
    git(reg.root, "checkout", "-q", "main")
    (reg.root / "decisions/2021-08-01-cabinet-wsoa.yaml").write_text(
        "kind: decision\ntitle: WSoA\nbody: Cabinet\nbody_type: executive\nmeeting_date: 2021-08-01\n"
        "outcome: {decision: approved, date: 2021-08-01}\n"
        f"approved_versions:\n  - record: {WSOA}\n    commit: {elsewhere}\n"
        f"    fingerprint: {fingerprint(yaml.safe_load(text))}\n"
    )
    commit_all(reg, "Approve text that is on another branch", "2021-08-01")
    git(reg.root, "merge", "-q", "--no-edit", "elsewhere", date="2021-08-02T10:00:00+00:00")
    result = verify(reg)
    approval = next(a for a in result.approvals if a.decision == "decisions/2021-08-01-cabinet-wsoa")
    assert (
        approval.status == "tampered" and "a decision cannot approve what was written later" in approval.note
    )
    assert status_of(result, "decisions/2021-06-09-board-wsoa") == "changed"  # not superseded


def test_a_removed_pin_is_tampered(wsoa_approved: Register) -> None:
    reg = wsoa_approved
    board = reg.root / "decisions/2021-06-09-board-wsoa.yaml"
    board.write_text(board.read_text().split("approved_versions:")[0])
    removed = commit_all(reg, "Drop the pin", "2021-06-20")
    [approval] = [a for a in verify(reg).approvals if a.decision.endswith("board-wsoa")]
    assert approval.status == "tampered" and f"removed in commit {removed[:10]}" in approval.note


def test_an_uncommitted_pin_counts_for_nothing(wsoa_approved: Register) -> None:
    reg = wsoa_approved
    board = reg.root / "decisions/2021-06-09-board-wsoa.yaml"
    board.write_text(board.read_text().replace("sha256:", "sha256:0", 1)[:-2] + "\n")
    result = verify(reg)
    assert [(a.decision, a.record) for a in result.uncommitted] == [("decisions/2021-06-09-board-wsoa", WSOA)]
    assert "not committed" in result.uncommitted[0].note
    assert status_of(result, "decisions/2021-06-09-board-wsoa") == "current"  # the committed pin still holds


def test_the_pins_of_a_commit_are_read_from_history_once(
    wsoa_approved: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What HEAD's history says of the approvals is worked out once for that commit: a second
    verify reads no history of the decisions, and a new commit is read again."""
    from register.audit import approvals

    reg, reads = wsoa_approved, []
    real = approvals.started_changes_under
    monkeypatch.setattr(approvals, "started_changes_under", lambda *a: reads.append(1) or real(*a))
    first = verify(Register(reg.root))
    assert verify(Register(reg.root)) == first and len(reads) == 1
    git(
        reg.root, "mv", "decisions/2021-06-09-board-wsoa.yaml", "decisions/2021-06-09-board-wsoa-renamed.yaml"
    )
    moved = verify(Register(reg.root))  # not committed: HEAD's pins hold, the moved ones do not
    assert len(reads) == 1 and moved.approvals == first.approvals
    assert sorted((a.decision, a.note) for a in moved.uncommitted) == [
        ("decisions/2021-06-09-board-wsoa", "the pin is removed in the working tree and not committed"),
        ("decisions/2021-06-09-board-wsoa-renamed", "the pin is added in the working tree and not committed"),
    ]
    commit_all(reg, "Rename the Board's decision", "2021-06-21")
    renamed = verify(Register(reg.root))
    assert len(reads) == 2 and renamed.uncommitted == []
    assert status_of(renamed, "decisions/2021-06-09-board-wsoa-renamed") == "current"


def cold_verify(reg: Register) -> Verification:
    for cache in (reg.root / ".git").glob("register-cache*"):
        cache.unlink()
    return verify(Register(reg.root))


def test_a_cold_verify_parses_each_version_once(
    wsoa_approved: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cold, verify reads each decision's history, each pinned version and each record as it
    stands, and parses every one of those versions once: the facts a comparison parsed for serve
    the judging of the pin and the record as it stands."""
    from register.audit import steps
    from register.records import checks

    edit_monitored_by(wsoa_approved, "2021-07-01")  # the latest approval of the WSoA is now changed
    parsed: list[str] = []
    for module in (checks, steps):
        real = module.load_data

        def counted(raw: bytes | str, source: str, real: Any = real) -> Any:
            parsed.append(hashlib.sha1(raw if isinstance(raw, bytes) else raw.encode()).hexdigest())
            return real(raw, source)

        monkeypatch.setattr(module, "load_data", counted)
    result = cold_verify(wsoa_approved)
    changed = next(a for a in result.approvals if a.decision == "decisions/2021-06-09-board-wsoa")
    assert changed.status == "changed" and changed.changed_paths == ["monitored_by"]
    assert len(parsed) > len(result.approvals)
    assert sorted(parsed) == sorted(set(parsed))  # none twice


def test_hundreds_of_decisions_are_judged_on_every_core_as_on_one(
    reg: Register, hand_commit: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past a couple of hundred files, the workers read and parse the decisions while this
    process looks at every file, and parse the approved versions: verify finds on every core
    what it finds on one."""
    from register.store import workers

    approved_then_changed(
        hand_commit, {f"decisions/2021-02-01-cabinet-{n:03}.yaml": f"Number {n}" for n in range(240)}
    )
    forks: list[int] = []
    os.register_at_fork(after_in_parent=lambda: forks.append(1))
    on_every_core = cold_verify(reg)
    assert workers.cores() < 2 or forks  # the workers did the parsing
    monkeypatch.setattr(workers, "cores", lambda: 1)
    assert cold_verify(reg) == on_every_core
    *earlier, latest = on_every_core.approvals
    assert {a.status for a in earlier} == {"superseded"} and len(earlier) == 239
    assert latest.status == "changed" and latest.changed_paths == ["priorities[1].actions[1.1].title"]


def test_a_decision_file_that_no_longer_holds_its_blob_does_not_speak_for_head(demo: Register) -> None:
    """A decision edited where git is told to assume it unchanged: git's index names the old
    content, and HEAD holds it. The workers read the file ahead, but what they parse is not
    HEAD's decision: HEAD's approvals stand as committed, cold and warm, and after the edit is
    undone nothing of it is left in the cache."""
    board = "decisions/2020-06-10-send-inclusion-board-send-inclusion-strategy.yaml"
    before = cold_verify(demo)
    text = (demo.root / board).read_text()
    pinned = yaml.safe_load(text)["approved_versions"][0]["fingerprint"]
    git(demo.root, "update-index", "--assume-unchanged", board)
    (demo.root / board).write_text(text.replace(pinned, "sha256:" + "0" * 64))
    assert cold_verify(demo).approvals == before.approvals
    assert verify(Register(demo.root)).approvals == before.approvals
    git(demo.root, "update-index", "--no-assume-unchanged", board)
    (demo.root / board).write_text(text)
    assert verify(Register(demo.root)).approvals == before.approvals


def test_a_long_history_among_hundreds_of_decisions_ends(
    reg: Register, hand_commit: Callable[..., str]
) -> None:
    """A record's history of a couple of hundred versions, in a register of a couple of hundred
    decisions, as a command: the decisions and then the versions are parsed by workers, and the
    command ends (workers kept past their work once held git's input open, and it waited for ever)."""
    decisions = {
        f"decisions/2021-02-01-cabinet-{n:03}.yaml": MINIMAL_DECISION.replace(
            "title: Test", f"title: Number {n}"
        )
        for n in range(210)
    }
    hand_commit(
        {**decisions, "strategy/test.yaml": MINIMAL_STRATEGY}, "Decisions and a strategy", "2021-01-04"
    )
    for n in range(210):
        (reg.root / "strategy/test.yaml").write_text(MINIMAL_STRATEGY.replace("First action", f"Action {n}"))
        git(reg.root, "commit", "-q", "-a", "-m", f"Version {n}", date="2021-02-01T10:00:00+00:00")
    run = [sys.executable, "-c", "from register.cli import main; main()"]
    for command in (
        ["validate"],
        ["history", "strategy/test", "--json"],
        ["history", "strategy/test", "--json"],
    ):
        # the decisions known to the cache (validate), the versions not: workers start inside the history's reading
        done = subprocess.run(
            [*run, *command], cwd=reg.root, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["versions"]) == 211


def test_kept_pins_follow_a_history_replaced_under_the_same_head(demo: Register) -> None:
    """`git replace --graft` (like `git fetch --unshallow`) changes which commits HEAD's history
    holds while HEAD stays put: what was kept for that HEAD is not believed."""
    before = verify(Register(demo.root))
    git(demo.root, "replace", "--graft", "HEAD~2")
    grafted = verify(Register(demo.root))
    assert grafted == cold_verify(demo) and grafted != before
    assert status_of(grafted, "decisions/2018-04-10-cabinet-send-strategy-2017-2020") == "tampered"


def test_uncommitted_pins_in_files_git_does_not_list(demo: Register) -> None:
    """A decision git ignores is still a record (validate reads it), so its pins are reported; a
    decisions folder dropped from the settings drops its pins, which is reported too."""
    cabinet = "decisions/2018-04-10-cabinet-send-strategy-2017-2020"
    verify(Register(demo.root))
    copy = demo.root / "decisions/ignored-copy.yaml"
    copy.write_text((demo.root / f"{cabinet}.yaml").read_text())
    (demo.root / ".gitignore").write_text("decisions/ignored-copy.yaml\n")
    found = verify(Register(demo.root))
    assert [(a.decision, a.note) for a in found.uncommitted] == [
        ("decisions/ignored-copy", "the pin is added in the working tree and not committed")
    ]
    copy.unlink()
    settings = demo.root / "register.yaml"
    settings.write_text(re.sub(r"record_folders:.*", "record_folders: [strategy]", settings.read_text()))
    dropped = verify(Register(demo.root))
    assert dropped.uncommitted and {a.note for a in dropped.uncommitted} == {
        "the pin is removed in the working tree and not committed"
    }


MALFORMED = [
    ("a commit with a second line", '    commit: "{commit}\\nHEAD"', "not a full commit id"),
    ("a fingerprint cut short", "    fingerprint: sha256:0000", "not a sha256 fingerprint"),
]


@pytest.mark.parametrize(("case", "line", "reason"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_pins_are_tampered_and_never_crash(
    wsoa_approved: Register, case: str, line: str, reason: str
) -> None:
    reg = wsoa_approved
    board = reg.root / "decisions/2021-06-09-board-wsoa.yaml"
    text = board.read_text()
    commit = yaml.safe_load(text)["approved_versions"][0]["commit"]
    key = line.split(":")[0]
    text = re.sub(rf"{key}: .*", line.format(commit=commit), text, count=1)
    board.write_text(text)
    commit_all(reg, "Break the pin", "2021-06-20")
    [approval] = [a for a in verify(reg).approvals if a.decision.endswith("board-wsoa")]
    assert approval.status == "tampered"
    assert not register.validate(reg.working()).valid


@pytest.mark.parametrize("value", ["42", "a bare string", "[just, words]"])
def test_pins_that_are_not_pins(wsoa_approved: Register, value: str) -> None:
    reg = wsoa_approved
    board = reg.root / "decisions/2021-06-09-board-wsoa.yaml"
    text = board.read_text().split("approved_versions:")[0] + f"approved_versions: {value}\n"
    board.write_text(text)
    commit_all(reg, "Break the pins", "2021-06-20")
    result = verify(reg)
    board_approvals = [a for a in result.approvals if a.decision.endswith("board-wsoa")]
    assert board_approvals and all(a.status == "tampered" for a in board_approvals)
    assert not result.ok


def test_the_demo_verifies_as_before(demo: Register) -> None:
    result = verify(demo)
    statuses = [(a.decision.split("/")[1][:10], a.status) for a in result.approvals]
    assert statuses == [
        ("2018-04-10", "current"),
        ("2020-06-10", "superseded"),
        ("2020-06-16", "superseded"),
        ("2020-06-17", "superseded"),
        ("2020-06-24", "superseded"),
        ("2020-09-18", "changed"),
    ]
    assert all(a.added_in for a in result.approvals)


# --- signatures --------------------------------------------------------------------------------


def ssh_key(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


@pytest.fixture
def signing(demo: Register, tmp_path: Path) -> tuple[Register, Path, Path]:
    """The demo with an allowed-signers file naming the clerk's key, and signing required."""
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed")
    clerk, stranger = ssh_key(tmp_path, "clerk"), ssh_key(tmp_path, "stranger")
    public = (tmp_path / "clerk.pub").read_text().split()[:2]
    (demo.root / "signers").write_text(f"clerk@council.example {' '.join(public)}\n")
    settings = demo.root / "register.yaml"
    settings.write_text(
        settings.read_text()
        + "approvals:\n  allowed_signers: signers\n  require_signed_since: 2021-01-01\n"
        + "  signers:\n    executive: [clerk@council.example]\n"
    )
    git(demo.root, "add", "signers", "register.yaml")
    git(demo.root, "commit", "-q", "-m", "Approvals are signed from 2021", date="2021-01-01T09:00:00+00:00")
    return demo, clerk, stranger


def signed_decision(reg: Register, name: str, key: Path | None, monkeypatch: pytest.MonkeyPatch) -> str:
    (reg.root / f"decisions/{name}.yaml").write_text(
        "kind: decision\ntitle: WSoA\nbody: Cabinet\nbody_type: executive\nmeeting_date: 2021-06-09\n"
    )
    commit_all(reg, f"Add {name}", "2021-06-01")
    if key is not None:
        git(reg.root, "config", "gpg.format", "ssh")
        git(reg.root, "config", "user.signingkey", str(key))
    decide(
        reg,
        f"decisions/{name}",
        outcome="approved",
        approves=[WSOA],
        sign=key is not None,
        author=when("2021-06-09"),
    )
    return f"decisions/{name}"


def test_signatures_are_checked_against_the_registers_own_signers(
    signing: tuple[Register, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    reg, clerk, _ = signing
    decision = signed_decision(reg, "2021-06-09-cabinet-wsoa", clerk, monkeypatch)
    result = verify(reg, require_signed=True)
    assert status_of(result, decision) == "current"
    assert status_of(result, CABINET) == "changed"  # before 2021: no signature needed
    assert verify(reg).require_signed is False  # signatures are required only when asked or configured


def test_an_unsigned_approval_when_signatures_are_required(
    signing: tuple[Register, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    reg, _, _ = signing
    decision = signed_decision(reg, "2021-06-09-cabinet-wsoa", None, monkeypatch)
    assert status_of(verify(reg, require_signed=True), decision) == "unsigned"
    assert status_of(verify(reg), decision) == "current"
    settings = reg.root / "register.yaml"
    settings.write_text(settings.read_text().replace("approvals:\n", "approvals:\n  require_signed: true\n"))
    git(reg.root, "commit", "-q", "-am", "Require signatures", date="2021-06-10T09:00:00+00:00")
    assert status_of(verify(reg), decision) == "unsigned"


def test_a_stranger_signing_is_an_untrusted_signer(
    signing: tuple[Register, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    reg, _, stranger = signing
    decision = signed_decision(reg, "2021-06-09-cabinet-wsoa", stranger, monkeypatch)
    result = verify(reg, require_signed=True)
    approval = next(a for a in result.approvals if a.decision == decision)
    assert approval.status == "untrusted-signer" and "SHA256:" in approval.note


def test_a_clone_is_enough_to_prove_who_approved(
    signing: tuple[Register, Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    reg, clerk, _ = signing
    decision = signed_decision(reg, "2021-06-09-cabinet-wsoa", clerk, monkeypatch)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(reg.root), str(clone)], check=True)
    assert status_of(verify(Register(clone), require_signed=True), decision) == "current"


# --- found by an independent review ---------------------------------------------------------------


def _board_decision(reg: Register, name: str, day: str) -> str:
    (reg.root / f"decisions/{name}.yaml").write_text(
        f"kind: decision\ntitle: WSoA\nbody: SEND and Inclusion Board\nbody_type: partner board\nmeeting_date: {day}\n"
    )
    commit_all(reg, f"Add {name}", day)
    return f"decisions/{name}"


def test_same_day_approvals_are_ordered_by_history_not_by_name(demo: Register) -> None:
    # Two decisions dated the same day: the later one in history is the latest approval, though
    # its id sorts first.
    later, earlier = (
        _board_decision(demo, n, "2021-10-05") for n in ("2021-10-05-a-board", "2021-10-05-b-board")
    )
    decide(demo, earlier, outcome="approved", approves=[WSOA], author=when("2021-10-05"))
    edit_monitored_by(demo, "2021-10-05")
    decide(demo, later, outcome="approved", approves=[WSOA], author=when("2021-10-05"))
    result = verify(demo)
    assert status_of(result, later) == "current" and status_of(result, earlier) == "superseded"


def test_a_decisions_own_date_changes_no_order_and_no_exemption(
    signing: tuple[Register, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    reg, _, _ = signing
    decision = signed_decision(reg, "2021-06-09-cabinet-wsoa", None, monkeypatch)
    assert status_of(verify(reg, require_signed=True), decision) == "unsigned"
    path = reg.root / f"{decision}.yaml"
    path.write_text(re.sub(r"\n  date: 2021-06-09", "\n  date: 2020-12-31", path.read_text()))
    commit_all(reg, "Backdate the outcome", "2021-06-20")
    assert status_of(verify(reg, require_signed=True), decision) == "unsigned"  # made in 2021, all the same


def test_an_unsigned_change_to_who_may_sign_is_a_finding(
    signing: tuple[Register, Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    reg, clerk, _ = signing
    signed_decision(reg, "2021-06-09-cabinet-wsoa", clerk, monkeypatch)
    assert verify(reg, require_signed=True).untrusted_rules == []
    public = (tmp_path / "stranger.pub").read_text().split()[:2]
    with (reg.root / "signers").open("a") as signers:
        signers.write(f"clerk@council.example {' '.join(public)}\n")
    git(reg.root, "config", "commit.gpgsign", "false")
    git(reg.root, "commit", "-q", "-am", "Add a key", date="2021-07-01T09:00:00+00:00")
    found = verify(reg, require_signed=True)
    assert len(found.untrusted_rules) == 1 and "changed who may sign approvals" in found.untrusted_rules[0]
    assert not found.ok


def test_a_pin_rewritten_in_a_merge_is_tampered(wsoa_approved: Register) -> None:
    reg = wsoa_approved
    edited = edit_monitored_by(reg, "2021-07-01")
    git(reg.root, "checkout", "-q", "-b", "side")
    git(reg.root, "commit", "-q", "--allow-empty", "-m", "Side work", date="2021-07-02T09:00:00+00:00")
    git(reg.root, "checkout", "-q", "main")
    git(reg.root, "merge", "-q", "--no-ff", "--no-commit", "side")
    board = reg.root / "decisions/2021-06-09-board-wsoa.yaml"
    data = yaml.safe_load(board.read_text())
    pin = data["approved_versions"][0]
    at_edit = register.open(reg.root).at(edited)
    fingerprint = at_edit.facts([f"{WSOA}.yaml"])[f"{WSOA}.yaml"].fingerprint
    board.write_text(
        board.read_text().replace(pin["commit"], edited).replace(pin["fingerprint"], fingerprint)
    )
    git(reg.root, "add", "decisions")
    git(reg.root, "commit", "-q", "-m", "Merge side", date="2021-07-03T09:00:00+00:00")
    result = verify(reg)
    assert status_of(result, "decisions/2021-06-09-board-wsoa") == "tampered"


def test_deleting_every_decision_leaves_every_approval_tampered(demo: Register) -> None:
    git(demo.root, "rm", "-q", "-r", "decisions")
    git(demo.root, "commit", "-q", "-m", "Tidy up", date="2021-10-01T09:00:00+00:00")
    result = verify(demo)
    assert result.approvals and {a.status for a in result.approvals} == {"tampered"}
    assert all("the decision's file was deleted in commit" in a.note for a in result.approvals)
    assert not result.ok


def test_a_pin_of_a_branch_never_merged_is_tampered(wsoa_approved: Register) -> None:
    reg = wsoa_approved
    git(reg.root, "checkout", "-q", "-b", "side")
    side = edit_monitored_by(reg, "2021-07-01")
    git(reg.root, "checkout", "-q", "main")
    board = reg.root / "decisions/2021-06-09-board-wsoa.yaml"
    pin = yaml.safe_load(board.read_text())["approved_versions"][0]["commit"]
    board.write_text(board.read_text().replace(pin, side))
    commit_all(reg, "Point the approval at the side branch", "2021-07-02")
    approval = next(a for a in verify(reg).approvals if a.decision == "decisions/2021-06-09-board-wsoa")
    assert approval.status == "tampered"


def test_history_prints_on_a_console_that_cannot_hold_every_character(demo: Register) -> None:
    import os
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from register.cli import main; main()",
            "-C",
            str(demo.root),
            "history",
            WSOA,
        ],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr


def test_verify_says_the_same_of_an_unreadable_file_cold_and_warm(demo: Register) -> None:
    """A file that cannot be parsed but says plainly that it is a strategy is not a decision
    whose pins go unseen, whether or not an earlier command parsed it (and kept its facts)."""
    (demo.root / "strategy/broken.yaml").write_text("kind: strategy\ntitle: [never closed\n")
    cold = cold_verify(demo)
    validate(Register(demo.root).working())  # keeps the facts of every file, the broken one's too
    warm = verify(Register(demo.root))
    assert cold.problems == warm.problems == []
    (demo.root / "strategy/broken.yaml").write_text(
        "title: [never closed\n"
    )  # no plain kind: it may be a decision
    assert [p.path for p in cold_verify(demo).problems] == ["strategy/broken.yaml"]
    assert [p.path for p in verify(Register(demo.root)).problems] == ["strategy/broken.yaml"]
