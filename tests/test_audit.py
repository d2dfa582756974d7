"""decide, verify and history on real repositories: every status, every refusal, real conditions."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from register.audit.decide import decide
from register.audit.history import history as record_history
from register.audit.verify import verify
from register.errors import NotFound, RefusedInput, UsageError
from register.records.fingerprint import fingerprint
from register.store.version import Register

from .conftest import MINIMAL_DECISION, MINIMAL_STRATEGY, git, state, when

STRATEGY = "strategy/test.yaml"
CABINET = "decisions/cabinet.yaml"


@pytest.fixture
def approved(reg: Register, hand_commit: Callable[..., str]) -> Register:
    """A strategy drafted, then approved by Cabinet through `decide`."""
    hand_commit(
        {STRATEGY: MINIMAL_STRATEGY, CABINET: MINIMAL_DECISION},
        "Draft strategy and Cabinet item",
        "2020-06-01",
    )
    decide(
        reg, "decisions/cabinet", outcome="approved", approves=["strategy/test"], author=when("2020-09-18")
    )
    return reg


def edit(
    reg: Register, hand_commit: Callable[..., str], old: str, new: str, day: str, path: str = STRATEGY
) -> str:
    text = (reg.root / path).read_text()
    assert old in text
    return hand_commit({path: text.replace(old, new)}, f"Edit {path}", day)


# --- decide ----------------------------------------------------------------------------------


def test_decide_pins_the_version_in_one_commit(approved: Register) -> None:
    log = git(approved.root, "log", "--format=%H %s").splitlines()
    assert log[0].endswith("Record the decision of Cabinet, 18 September 2020: approved")
    # Cabinet's approval makes the strategy policy: its status moves in the same commit.
    assert git(approved.root, "show", "--name-only", "--format=", "HEAD").split() == [CABINET, STRATEGY]
    assert yaml.safe_load((approved.root / STRATEGY).read_text())["status"] == "approved"
    decision = yaml.safe_load((approved.root / CABINET).read_text())
    [pin] = decision["approved_versions"]
    assert pin["commit"] == log[1].split()[0]  # the commit that made the approved version
    assert pin["fingerprint"] == fingerprint(yaml.safe_load(MINIMAL_STRATEGY))
    assert decision["outcome"] == {"decision": "approved", "date": __import__("datetime").date(2020, 9, 18)}
    assert "Approves strategy/test as at" in git(approved.root, "log", "-1", "--format=%B")
    assert "strategy/test: status draft -> approved." in git(approved.root, "log", "-1", "--format=%B")
    assert verify(approved).approvals[0].status == "current"  # a status moved by the approval is no change


def test_decide_keeps_the_officers_lines(reg: Register, hand_commit: Callable[..., str]) -> None:
    commented = MINIMAL_DECISION.replace("body: Cabinet", "body: Cabinet  # the executive")
    hand_commit(
        {STRATEGY: MINIMAL_STRATEGY, CABINET: "# Cabinet, September\n" + commented}, "Add", "2020-06-01"
    )
    decide(
        reg,
        "decisions/cabinet",
        outcome="noted",
        comments=["Members welcomed it."],
        author=when("2020-09-18"),
    )
    text = (reg.root / CABINET).read_text()
    assert text.startswith("# Cabinet, September\n") and "body: Cabinet  # the executive" in text
    assert "comments:\n  - by: Cabinet\n    text: Members welcomed it.\n" in text
    assert "approved_versions" not in text


def test_deciding_again_keeps_the_approved_version(
    approved: Register, hand_commit: Callable[..., str]
) -> None:
    before = yaml.safe_load((approved.root / CABINET).read_text())["approved_versions"]
    edit(approved, hand_commit, "First action", "First action, revised", "2021-09-14")
    decide(approved, "decisions/cabinet", comments=["Noted again in 2021."], author=when("2021-09-20"))
    assert yaml.safe_load((approved.root / CABINET).read_text())["approved_versions"] == before
    assert verify(approved).approvals[0].status == "changed"


REFUSALS = [
    (
        "no such decision",
        lambda s: decide(s, "decisions/nothing", outcome="approved"),
        NotFound,
        "no record",
    ),
    (
        "not a decision",
        lambda s: decide(s, "strategy/test", outcome="approved"),
        UsageError,
        "is a strategy, not a decision",
    ),
    (
        "unknown outcome",
        lambda s: decide(s, "decisions/cabinet", outcome="agreed"),
        UsageError,
        "unknown outcome 'agreed'",
    ),
    ("no outcome", lambda s: decide(s, "decisions/cabinet"), UsageError, "add --outcome"),
    ("uncommitted record", "dirty", UsageError, "has been edited since it was last saved to the register"),
    ("invalid record", "invalid", RefusedInput, "unknown key 'ownr'"),
    (
        "approves a decision",
        lambda s: decide(s, "decisions/cabinet", outcome="approved", approves=["decisions/cabinet"]),
        RefusedInput,
        "'decisions/cabinet' is a decision, but a strategy or wsoa or app or priority-action-plan or ehria is needed here",
    ),
    (
        "escaping id",
        lambda s: decide(s, "../etc/passwd", outcome="approved"),
        UsageError,
        "outside the register",
    ),
    ("outcome typed as a word", "outcome: approved", RefusedInput, "outcome: expected 'key: value' lines"),
    (
        "outcome with a misspelt key",
        "outcome: {decision: approved, date: 2020-09-18, reasns: [x]}",
        RefusedInput,
        "unknown key 'reasns' (did you mean 'reasons'?)",
    ),
    ("approves as one word", "approves: strategy/test", RefusedInput, "approves: expected a list"),
]


@pytest.mark.parametrize(("case", "action", "error", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_decide_refuses_and_changes_nothing(
    reg: Register,
    hand_commit: Callable[..., str],
    case: str,
    action: Callable[[Register], object] | str,
    error: type,
    message: str,
) -> None:
    hand_commit({STRATEGY: MINIMAL_STRATEGY, CABINET: MINIMAL_DECISION}, "Add", "2020-06-01")
    if action == "dirty":
        (reg.root / STRATEGY).write_text(MINIMAL_STRATEGY + "# an edit in progress\n")
    elif isinstance(action, str) and action.startswith(("outcome", "approves")):
        (reg.root / CABINET).write_text(MINIMAL_DECISION + action + "\n")
    elif action == "invalid":
        hand_commit({STRATEGY: MINIMAL_STRATEGY.replace("owner:", "ownr:")}, "Break it", "2020-06-02")
    if isinstance(action, str):
        action = lambda s: decide(s, "decisions/cabinet", outcome="approved", approves=["strategy/test"])  # noqa: E731
    before = state(reg.root)
    with pytest.raises(error, match=re.escape(message)):
        action(reg)
    assert state(reg.root) == before


def test_two_decides_at_once_never_corrupt_anything(reg: Register, hand_commit: Callable[..., str]) -> None:
    second = MINIMAL_DECISION.replace("meeting_date: 2020-09-18", "meeting_date: 2020-09-19")
    hand_commit(
        {STRATEGY: MINIMAL_STRATEGY, CABINET: MINIMAL_DECISION, "decisions/council.yaml": second},
        "Add",
        "2020-06-01",
    )
    head = git(reg.root, "rev-parse", "HEAD").strip()
    command = [sys.executable, "-c", "from register.cli import main; main()", "-C", str(reg.root), "decide"]
    runs = [
        subprocess.Popen(
            [*command, f"decisions/{name}", "--outcome", "approved", "--approves", "strategy/test"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("cabinet", "council")
    ]
    outputs = [run.communicate() for run in runs]
    results = [(run.returncode, err) for run, (_, err) in zip(runs, outputs, strict=True)]
    for code, err in results:
        assert code == 0 or (code == 2 and "another register command is changing this register" in err), err
    succeeded = sum(code == 0 for code, _ in results)
    assert succeeded >= 1
    assert git(reg.root, "rev-list", "--count", f"{head}..HEAD").strip() == str(succeeded)
    assert git(reg.root, "fsck", "--no-dangling") == ""
    assert git(reg.root, "status", "--porcelain", "--untracked-files=no") == "" or succeeded == 1


# --- verify ----------------------------------------------------------------------------------


def test_verify_current(approved: Register) -> None:
    result = verify(approved)
    assert result.ok
    [approval] = result.approvals
    assert (approval.decision, approval.record, approval.status) == (
        "decisions/cabinet",
        "strategy/test",
        "current",
    )


def test_verify_changed_names_the_fields(approved: Register, hand_commit: Callable[..., str]) -> None:
    edit(
        approved,
        hand_commit,
        "        title: Third action\n        status: on track",
        "        title: Third action\n        status: complete",
        "2021-09-14",
    )
    result = verify(approved)
    assert not result.ok
    assert result.approvals[0].status == "changed"
    assert result.approvals[0].changed_paths == ["priorities[2].actions[2.1].status"]
    path = approved.root / "strategy/test.yaml"  # an edit not yet committed is judged as it stands
    path.write_text(path.read_text().replace("title: Second priority", "title: The second priority"))
    [approval] = verify(approved).approvals
    assert approval.changed_paths == ["priorities[2].title", "priorities[2].actions[2.1].status"]


def test_verify_lifecycle_status_and_reordering_are_not_changes(
    approved: Register, hand_commit: Callable[..., str]
) -> None:
    edit(approved, hand_commit, "status: approved", "status: superseded", "2020-09-21")
    text = (approved.root / STRATEGY).read_text()
    first, second = text.split('  - id: "2"')
    hand_commit(
        {
            STRATEGY: "priorities:".join(
                [first.split("priorities:")[0], '\n  - id: "2"' + second + first.split("priorities:")[1]]
            )
        },
        "Reorder the priorities",
        "2020-09-22",
    )
    assert yaml.safe_load((approved.root / STRATEGY).read_text())["priorities"][0]["id"] == "2"
    assert verify(approved).approvals[0].status == "current"


def test_verify_superseded(approved: Register, hand_commit: Callable[..., str]) -> None:
    edit(approved, hand_commit, "First action", "First action, revised", "2021-01-10")
    second = MINIMAL_DECISION.replace("meeting_date: 2020-09-18", "meeting_date: 2021-02-01")
    hand_commit({"decisions/cabinet-2021.yaml": second}, "Add", "2021-01-20")
    decide(
        approved,
        "decisions/cabinet-2021",
        outcome="approved",
        approves=["strategy/test"],
        author=when("2021-02-01"),
    )
    result = verify(approved)
    assert [a.status for a in result.approvals] == ["superseded", "current"] and result.ok


def _forget_unreachable(root: Path) -> None:
    """What git does in time to commits no branch holds: they are gone."""
    git(root, "reflog", "expire", "--expire=now", "--all")
    git(root, "gc", "-q", "--prune=now")


def test_verify_after_history_is_rewritten(approved: Register) -> None:
    git(approved.root, "reset", "--soft", "HEAD~2")  # squash the draft and the decision into one commit
    git(approved.root, "commit", "-qm", "Squashed", date="2020-09-18T12:00:00+00:00")
    result = verify(approved)  # the approved commit is still in the repository, outside HEAD's history
    assert result.approvals[0].status == "tampered" and not result.ok
    assert "not in the history of the commit that added the pin" in result.approvals[0].note
    _forget_unreachable(approved.root)
    result = verify(approved)
    assert result.approvals[0].status == "missing" and not result.ok
    assert "not in this repository's history" in result.approvals[0].note


def test_verify_after_amend(approved: Register, hand_commit: Callable[..., str]) -> None:
    pinned = yaml.safe_load((approved.root / CABINET).read_text())["approved_versions"][0]["commit"]
    git(approved.root, "checkout", "-q", "-b", "rewritten", pinned)
    git(
        approved.root,
        "commit",
        "-q",
        "--amend",
        "-m",
        "Draft strategy (amended)",
        date="2020-06-01T11:00:00+00:00",
    )
    git(approved.root, "cherry-pick", "main")
    assert git(approved.root, "rev-parse", "HEAD") != pinned
    assert verify(approved).approvals[0].status == "tampered"  # main still holds the approved commit
    git(approved.root, "branch", "-q", "-D", "main")
    _forget_unreachable(approved.root)
    assert verify(approved).approvals[0].status == "missing"


def test_verify_tampered_when_the_pin_is_rewritten(
    approved: Register, hand_commit: Callable[..., str]
) -> None:
    text = (approved.root / CABINET).read_text()
    tamper = hand_commit(
        {CABINET: re.sub(r"sha256:[0-9a-f]{4}", "sha256:0000", text)}, "Tamper", "2020-10-01"
    )
    result = verify(approved)
    [approval] = result.approvals
    assert approval.status == "tampered" and not result.ok
    assert f"the pin was rewritten in commit {tamper[:10]}" in approval.note


def test_verify_follows_a_rename(approved: Register) -> None:
    git(approved.root, "mv", STRATEGY, "strategy/renamed.yaml")
    git(approved.root, "commit", "-qm", "Rename", date="2020-10-01T10:00:00+00:00")
    approval = verify(approved).approvals[0]
    assert approval.status == "current" and "renamed to strategy/renamed" in approval.note


def test_verify_lists_records_that_say_approved_without_a_decision(
    reg: Register, hand_commit: Callable[..., str]
) -> None:
    hand_commit(
        {STRATEGY: MINIMAL_STRATEGY.replace("status: draft", "status: approved")}, "Add", "2020-06-01"
    )
    result = verify(reg)
    assert result.unapproved == ["strategy/test"] and not result.ok


# --- history ---------------------------------------------------------------------------------


def test_history_of_each_version_with_approvals(approved: Register, hand_commit: Callable[..., str]) -> None:
    edit(approved, hand_commit, "First action", "First action, revised", "2021-09-14")
    found = record_history(approved, "strategy/test")
    assert [v.date.date().isoformat() for v in found.versions] == [
        "2020-06-01",
        "2020-09-18",  # decide moved the status as it recorded the approval
        "2021-09-14",
    ]
    first, status_only, review = found.versions
    assert first.event == "created" and first.approved_by == ["decisions/cabinet"]
    assert [c.model_dump(mode="json") for c in status_only.changes] == [
        {"op": "changed", "path": "status", "old": "draft", "new": "approved"}
    ]
    assert status_only.unchanged_since_approval_by == ["decisions/cabinet"]
    assert review.approved_by == [] and review.unchanged_since_approval_by == []
    assert [str(c.path) for c in review.changes] == ["priorities[1].actions[1.1].title"]


def test_history_of_one_field(approved: Register, hand_commit: Callable[..., str]) -> None:
    edit(
        approved,
        hand_commit,
        "        title: Third action\n        status: on track",
        "        title: Third action\n        status: at risk",
        "2021-01-10",
    )
    edit(approved, hand_commit, "First action", "First action, revised", "2021-02-10")
    edit(
        approved,
        hand_commit,
        "        title: Third action\n        status: at risk",
        "        title: Third action\n        status: complete",
        "2021-03-10",
    )
    found = record_history(approved, "strategy/test", field="priorities[2].actions[2.1].status")
    assert [[c.model_dump(mode="json") for c in v.changes] for v in found.versions] == [
        [{"op": "added", "path": "priorities[2].actions[2.1].status", "old": None, "new": "on track"}],
        [{"op": "changed", "path": "priorities[2].actions[2.1].status", "old": "on track", "new": "at risk"}],
        [{"op": "changed", "path": "priorities[2].actions[2.1].status", "old": "at risk", "new": "complete"}],
    ]


def test_history_reorders_are_not_changes_and_moves_are_one(
    reg: Register, hand_commit: Callable[..., str]
) -> None:
    hand_commit({STRATEGY: MINIMAL_STRATEGY}, "Add", "2020-06-01")
    data = yaml.safe_load(MINIMAL_STRATEGY)
    data["priorities"][0]["actions"].reverse()
    hand_commit({STRATEGY: yaml.safe_dump(data, sort_keys=False)}, "Reorder and reformat", "2020-06-02")
    moved = data["priorities"][0]["actions"].pop(0)
    data["priorities"][1]["actions"].append(moved)
    hand_commit(
        {STRATEGY: yaml.safe_dump(data, sort_keys=False)}, "Move action 1.2 to priority 2", "2020-06-03"
    )
    _, reorder, move = record_history(reg, "strategy/test").versions
    assert reorder.changes == []
    assert [c.model_dump(mode="json") for c in move.changes] == [
        {
            "op": "moved",
            "path": "priorities[2].actions[1.2]",
            "from": "priorities[1].actions[1.2]",
            "old": None,
            "new": None,
        }
    ]


def test_history_follows_renames_and_hand_edits(approved: Register, hand_commit: Callable[..., str]) -> None:
    git(approved.root, "mv", STRATEGY, "strategy/renamed.yaml")
    git(approved.root, "commit", "-qm", "Rename the file", date="2020-10-01T10:00:00+00:00")
    edit(
        approved,
        hand_commit,
        "First action",
        "First action, by hand",
        "2020-11-01",
        path="strategy/renamed.yaml",
    )
    found = record_history(approved, "strategy/renamed")
    assert [v.message.splitlines()[0] for v in found.versions] == [
        "Draft strategy and Cabinet item",
        "Record the decision of Cabinet, 18 September 2020: approved",  # and the status it moved
        "Rename the file",
        "Edit strategy/renamed.yaml",
    ]
    assert found.versions[2].event == "renamed from strategy/test.yaml"
    assert found.versions[0].approved_by == ["decisions/cabinet"]  # the pin names the old id


def test_history_of_a_record_deleted_and_made_again(reg: Register, hand_commit: Callable[..., str]) -> None:
    hand_commit({STRATEGY: MINIMAL_STRATEGY}, "Add", "2020-06-01")
    git(reg.root, "rm", "-q", STRATEGY)
    git(reg.root, "commit", "-qm", "Withdraw it", date="2020-07-01T10:00:00+00:00")
    hand_commit(
        {STRATEGY: MINIMAL_STRATEGY.replace("First priority", "First priority, again")},
        "Re-create",
        "2020-08-01",
    )
    events = [v.event for v in record_history(reg, "strategy/test").versions]
    assert events == ["created", "deleted", "created"]


def test_history_across_a_merge(reg: Register, hand_commit: Callable[..., str]) -> None:
    hand_commit({STRATEGY: MINIMAL_STRATEGY}, "Add", "2020-06-01")
    git(reg.root, "checkout", "-q", "-b", "officer")
    edit(reg, hand_commit, "First action", "First action, on a branch", "2020-06-02")
    git(reg.root, "checkout", "-q", "main")
    hand_commit({"strategy/other.yaml": MINIMAL_STRATEGY}, "Unrelated", "2020-06-03")
    git(
        reg.root,
        "merge",
        "-q",
        "--no-ff",
        "officer",
        "-m",
        "Merge the officer's edits",
        date="2020-06-04T10:00:00+00:00",
    )
    versions = record_history(reg, "strategy/test").versions
    assert [v.message for v in versions] == ["Add", "Edit strategy/test.yaml"]
    assert [str(c.path) for c in versions[1].changes] == ["priorities[1].actions[1.1].title"]


def test_history_and_verify_in_a_detached_head(approved: Register) -> None:
    git(approved.root, "checkout", "-q", "--detach", "HEAD")
    assert verify(approved).ok
    assert len(record_history(approved, "strategy/test").versions) == 2  # the draft, and its approval


def test_history_of_a_shallow_clone_says_so(
    approved: Register, hand_commit: Callable[..., str], tmp_path: Path
) -> None:
    edit(approved, hand_commit, "First action", "First action, revised", "2021-09-14")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{approved.root}", str(clone)], check=True)
    found = record_history(Register(clone), "strategy/test")
    assert not found.complete and found.model_dump(mode="json")["complete"] is False
    assert len(found.versions) == 1
    assert verify(Register(clone)).approvals[0].status == "missing"


def test_history_survives_a_version_that_cannot_be_read(
    reg: Register, hand_commit: Callable[..., str]
) -> None:
    hand_commit({STRATEGY: MINIMAL_STRATEGY}, "Add", "2020-06-01")
    hand_commit({STRATEGY: "kind: strategy\ntitle: [broken\n"}, "A bad edit", "2020-06-02")
    hand_commit({STRATEGY: MINIMAL_STRATEGY}, "Mend it", "2020-06-03")
    hand_commit({"strategy/photo.png": "\x89PNG not yaml"}, "A picture in the register", "2020-06-04")
    versions = record_history(reg, "strategy/test").versions
    assert [bool(v.problem) for v in versions] == [False, True, True]
    assert "not valid YAML" in versions[1].problem


def test_history_json_shape_from_the_cli(approved: Register) -> None:
    from typer.testing import CliRunner

    from register.cli import app

    result = CliRunner().invoke(app, ["-C", str(approved.root), "history", "strategy/test", "--json"])
    document = json.loads(result.stdout)
    assert result.exit_code == 0 and document["record"] == "strategy/test"
    version = document["versions"][0]
    assert {"commit", "author", "date", "message", "approved_by", "changes"} <= set(version)
    assert version["approved_by"] == ["decisions/cabinet"]
    result = CliRunner().invoke(app, ["-C", str(approved.root), "verify", "--json"])
    document = json.loads(result.stdout)
    assert result.exit_code == 0 and document["ok"] is True
    assert set(document["approvals"][0]) >= {
        "decision",
        "record",
        "commit",
        "fingerprint",
        "status",
        "changed_paths",
    }
    result = CliRunner().invoke(app, ["-C", str(approved.root), "history", "strategy/nothing"])
    assert (result.exit_code == 2 and "no record" in result.stderr) or "never been committed" in result.stderr


def test_a_version_git_does_not_hold_is_said_so_and_nothing_is_kept_of_it(reg: Register) -> None:
    """A step to a blob git does not hold (pruned, or never fetched) names the fault, and
    neither the step nor facts of an "empty" file are kept under that blob's id: once git holds
    it, it is read as it is."""
    from register.audit.steps import NOT_IN_HISTORY, steps
    from register.store.cache import steps_stamp
    from register.store.index import kept_facts
    from register.store.log import NOTHING

    missing = "1" * 40
    found = steps(reg.store, [(NOTHING, missing)], with_facts=True)[(NOTHING, missing)]
    assert found.problem is not None and found.problem[3] == NOT_IN_HISTORY
    assert reg.store.cache.get_many("step", [f"{NOTHING}:{missing}"], steps_stamp()) == {}
    assert kept_facts(reg.store.cache, [missing]) == {}
