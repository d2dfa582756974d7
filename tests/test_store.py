"""The store against real git repositories: finding, reading at versions, committing safely."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from register.errors import BadRef, Busy, GitFailed, NotFound, UsageError
from register.make.scaffold import new_record
from register.store.repository import Store
from register.store.version import Register

from .conftest import MINIMAL_STRATEGY, git, state, when


def test_found_from_a_subfolder_like_git(store: Store) -> None:
    inner = store.root / "strategy"
    assert Store.find(inner).root == store.root


def test_no_register_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no register here"):
        Store.find(tmp_path)


def test_a_register_must_be_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "register.yaml").write_text("council: X\n")
    with pytest.raises(NotFound, match="not a git repository"):
        Store.find(tmp_path)


@pytest.fixture
def versions(store: Store, hand_commit: Callable[..., str]) -> dict[str, str]:
    first = hand_commit({"strategy/test.yaml": MINIMAL_STRATEGY}, "Draft", "2020-06-05")
    git(store.root, "tag", "draft")
    second = hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY.replace("status: draft", "status: consultation")},
        "Consult",
        "2020-07-01",
    )
    return {"first": first, "second": second}


def test_versions_by_commit_tag_branch_and_date(
    reg: Register, store: Store, versions: dict[str, str]
) -> None:
    assert store.resolve(versions["first"][:8]) == versions["first"]
    assert store.resolve("draft") == versions["first"]
    assert store.resolve("main") == versions["second"]
    assert store.resolve("HEAD~1") == versions["first"]
    assert store.resolve("2020-06-30") == versions["first"]  # the last commit on or before
    assert store.resolve("2020-07-01") == versions["second"]
    assert reg.at("2020-06-05").record("strategy/test").status == "draft"
    assert reg.at("2020-06-05").commit == versions["first"]
    assert reg.working().records["strategy/test"].status == "consultation"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("2019-12-31", "no version on or before 2019-12-31: the register's history starts on 2020-01-06"),
        ("2020-02-30", "'2020-02-30' is not a real date"),
        ("no-such-branch", "'no-such-branch' is not a commit, tag, branch or date"),
        ("--output=/tmp/x", "is not a version"),
        ("", "is not a version"),
    ],
)
def test_bad_versions(store: Store, versions: dict[str, str], ref: str, message: str) -> None:
    with pytest.raises(BadRef, match=message.replace("(", r"\(").replace(")", r"\)")):
        store.resolve(ref)


def test_a_record_absent_at_a_version(reg: Register, versions: dict[str, str]) -> None:
    with pytest.raises(NotFound, match="no record 'strategy/test' at 2020-01-06"):
        reg.at("2020-01-06").record("strategy/test")


@pytest.mark.parametrize(
    "bad", ["../outside", "/etc/passwd", "strategy/../../x", "C:/Windows/x", "strategy", "Strategy/X"]
)
def test_ids_that_escape_or_are_malformed(store: Store, bad: str) -> None:
    with pytest.raises(UsageError):
        store.path_of(bad)


def test_a_linked_file_cannot_reach_outside(reg: Register, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("kind: strategy\ntitle: secret\n")
    (reg.root / "strategy" / "link.yaml").symlink_to(outside)
    version = reg.working()
    assert "strategy/link.yaml" not in version.files
    assert version.skipped == (
        "strategy/link.yaml: a link to a file outside the register (or a loop of links): skipped",
    )
    with pytest.raises(NotFound):
        version.record("strategy/link")


def test_commit_takes_only_its_own_file(reg: Register, store: Store, hand_commit: Callable[..., str]) -> None:
    hand_commit({"strategy/other.yaml": MINIMAL_STRATEGY}, "Other", "2020-02-01")
    (store.root / "strategy/other.yaml").write_text(MINIMAL_STRATEGY + "# staged edit\n")
    git(store.root, "add", "strategy/other.yaml")
    (store.root / "notes.txt").write_text("unstaged, untracked work\n")
    before = git(store.root, "status", "--porcelain=v1")

    made = new_record(reg, "strategy", "fresh", title="Fresh", author=when("2020-02-02"))

    assert git(store.root, "show", "--name-only", "--format=", made.commit).split() == ["strategy/fresh.yaml"]
    assert git(store.root, "status", "--porcelain=v1") == before  # the officer's work, untouched
    assert made.record == "strategy/fresh"


def test_locked_index_refuses_and_changes_nothing(reg: Register, store: Store) -> None:
    lock = store.git_dir / "index.lock"
    lock.write_text("")
    before = state(store.root)
    with pytest.raises(Busy, match="git is busy"):
        new_record(reg, "strategy", "fresh")
    lock.unlink()
    assert state(store.root) == before
    assert not (store.root / "strategy/fresh.yaml").exists()


def test_a_second_command_at_once_is_refused(reg: Register, store: Store) -> None:
    before = state(store.root)
    entered, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        with store.locked():
            entered.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    entered.wait(10)
    try:
        new_record(reg, "strategy", "fresh")
    except Busy as error:
        errors.append(error)
    finally:
        release.set()
        holder.join()
    assert errors and "another register command is changing this register" in str(errors[0])
    assert state(store.root) == before


def test_a_refused_commit_puts_everything_back(reg: Register, store: Store) -> None:
    hook = store.git_dir / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text("#!/bin/sh\necho 'council policy: no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = state(store.root)
    with pytest.raises(GitFailed, match="no commits today"):
        new_record(reg, "strategy", "fresh")
    assert state(store.root) == before
    assert not (store.root / "strategy/fresh.yaml").exists()


def test_no_git_identity_is_explained(reg: Register, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("EMAIL", "")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    git(store.root, "config", "user.useConfigOnly", "true")
    before = state(store.root)
    with pytest.raises(GitFailed, match=re.escape("git config --global user.name")):
        new_record(reg, "strategy", "fresh")
    assert state(store.root) == before


def test_files_at_lists_only_records(store: Store, hand_commit: Callable[..., str]) -> None:
    commit = hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY, "strategy/notes.txt": "not a record", "README.md": "x"},
        "Add",
        "2020-03-01",
    )
    assert list(store.files_at(commit)) == ["strategy/test.yaml"]


def test_a_blob_too_large_to_be_a_record_is_let_pass_unkept(
    store: Store, hand_commit: Callable[..., str]
) -> None:
    """Reading many versions through one `git cat-file`, a blob over the limit is skipped (its size
    is given) and the next one is read whole: what a history or a verify reads of a huge version."""
    hand_commit(
        {"strategy/huge.yaml": "x" * 3_000_000, "strategy/small.yaml": "kind: strategy\n"},
        "Two",
        "2021-01-04",
    )
    huge, small = (
        git(store.root, "rev-parse", f"HEAD:strategy/{name}.yaml").strip() for name in ("huge", "small")
    )
    with store.blobs() as reader:
        assert reader.read_within(huge, 1_000_000) == 3_000_000
        assert reader.read_within(small, 1_000_000) == b"kind: strategy\n"
        assert reader.read_within("0" * 40, 1_000_000) is None


def test_a_blob_is_read_from_the_working_file_that_holds_it_and_from_git_once_it_does_not(
    reg: Register, store: Store, versions: dict[str, str]
) -> None:
    """A blob a working file holds (as git's index says) is read from that file, never trusted
    blindly: a file changed since, or grown past any record's size, is passed over for git's copy."""
    path = "strategy/test.yaml"
    blob = reg.working().files[path].blob  # git's index vouches for the file
    held = (store.root / path).read_bytes()
    with store.blobs() as reader:
        assert reader.read(blob) == held
        assert reader._process is None  # git was not asked
    for changed in (b"kind: strategy\ntitle: edited\n", held + b"#" * 2_000_000):
        (store.root / path).write_bytes(changed)
        with store.blobs() as reader:
            assert reader.read(blob) == held
            assert reader._process is not None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_in_a_records_place_is_never_waited_on(
    reg: Register, store: Store, versions: dict[str, str]
) -> None:
    """A named pipe where git's index says a record is (marked unchanged, so git does not look)
    is not opened to wait for a writer: the blob is read from git, and the file is unreadable."""
    path = "strategy/test.yaml"
    held = (store.root / path).read_bytes()
    blob = reg.working().files[path].blob
    git(store.root, "update-index", "--assume-unchanged", path)
    (store.root / path).unlink()
    os.mkfifo(store.root / path)
    read: list[bytes | None] = []

    def from_the_store() -> None:
        reg.working()
        with store.blobs() as reader:
            read.append(reader.read(blob))
        with pytest.raises(OSError, match="not a plain file"):
            store.read_inside(path)
        read.append(b"refused")

    worker = threading.Thread(target=from_the_store, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "reading waited on the pipe"
    assert read == [held, b"refused"]


def test_a_file_that_no_longer_holds_its_blob_leaves_nothing_kept(
    store: Store, hand_commit: Callable[..., str]
) -> None:
    """A record edited where git is told to assume it unchanged: git's index names the old
    content. The folder's version says what the file holds, but nothing of it is kept under the
    old content's blob id: once the edit is undone, the record reads as committed."""
    hand_commit({"strategy/test.yaml": MINIMAL_STRATEGY}, "A strategy", "2021-01-04")
    git(store.root, "update-index", "--assume-unchanged", "strategy/test.yaml")
    (store.root / "strategy/test.yaml").write_text(MINIMAL_STRATEGY.replace("Test Strategy", "Edited"))
    [edited] = Register(store.root).working().facts(["strategy/test.yaml"]).values()
    assert edited.title == "Edited 2020 to 2023"
    git(store.root, "update-index", "--no-assume-unchanged", "strategy/test.yaml")
    (store.root / "strategy/test.yaml").write_text(MINIMAL_STRATEGY)
    [committed] = Register(store.root).working().facts(["strategy/test.yaml"]).values()
    assert committed.title == "Test Strategy 2020 to 2023"


def test_a_file_gone_before_the_workers_read_it_is_said_to_be_unreadable(reg: Register, store: Store) -> None:
    """Files handed to the workers to read and parse ahead (a register's decisions): one removed
    after the listing is a record that cannot be read, and the rest are read."""
    for n in range(240):
        (store.root / f"strategy/s{n:03}.yaml").write_text(MINIMAL_STRATEGY.replace("Test", f"Number {n}"))
    version = reg.working()
    (store.root / "strategy/s007.yaml").unlink()
    version.facts_ahead(path for path in version.files if path.startswith("strategy/s"))()
    facts = version.facts(sorted(version.files))
    [(_line, _column, message)] = facts["strategy/s007.yaml"].problems
    assert message.startswith("the file cannot be read")
    assert [path for path, found in facts.items() if not found.valid] == ["strategy/s007.yaml"]
    assert facts["strategy/s008.yaml"].title == "Number 8 Strategy 2020 to 2023"


def test_a_file_gone_before_it_is_looked_at_is_said_to_be_unreadable(
    reg: Register, store: Store, versions: dict[str, str]
) -> None:
    """A record file removed between the listing of the folder and the first look at its kind
    (another program, a sync client) is a record that cannot be read, not a crash."""
    (store.root / "strategy/second.yaml").write_text(MINIMAL_STRATEGY.replace("Test Strategy", "Second"))
    version = reg.working()  # lists both files; nothing is known yet of the new one
    (store.root / "strategy/second.yaml").unlink()
    assert version.glance["strategy/second.yaml"] == (None, None)
    [(_line, _column, message)] = version.facts(["strategy/second.yaml"])["strategy/second.yaml"].problems
    assert message.startswith("the file cannot be read")
