"""Decisions read ahead while a command starts (`register/store/ahead.py`): what the command line
judges with them is what the library judges without, whatever the working tree holds, and a
reading nobody asked for does not outlive its command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from register.audit.history import history
from register.audit.verify import verify
from register.store import ahead, index
from register.store.version import Register

from .conftest import MINIMAL_STRATEGY, approved_then_changed, git

CLI = [sys.executable, "-c", "from register.cli import main; main()"]

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="nothing is read ahead here"
)


@pytest.fixture(autouse=True)
def no_reading_left() -> Iterator[None]:
    """A reading a test began and did not take ends with the test, not with the test run."""
    yield
    ahead._end_all()


def forget(root: Path) -> None:
    for cache in (root / ".git").glob("register-cache*"):
        cache.unlink()


@pytest.fixture
def approving(reg: Register, hand_commit: Callable[..., str]) -> Register:
    """A strategy changed since its approval, and thirty decisions of a Testshire Cabinet, some in
    a folder of their own year, each pinning the approved version."""
    approved_then_changed(
        hand_commit,
        {
            f"decisions/{'2021/' if n % 3 else ''}2021-02-01-cabinet-{n:02}.yaml": f"Item {n}"
            for n in range(30)
        },
    )
    return reg


def by_command_line(root: Path) -> tuple[int, object]:
    """`register verify --json`, cold, as an officer runs it: the decisions are read ahead."""
    forget(root)
    done = subprocess.run(
        [*CLI, "verify", "--json"], cwd=root, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def by_library(root: Path) -> tuple[int, object]:
    """The same verification through the library, cold: nothing is read ahead."""
    forget(root)
    result = verify(Register(root))
    return (0 if result.ok else 1), json.loads(result.model_dump_json())


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    file.write_text(file.read_text().replace(old, new))


CHANGES: dict[str, Callable[[Path], None]] = {
    "as committed": lambda root: None,
    "a pin edited, not committed": lambda root: edit(
        root, "decisions/2021-02-01-cabinet-00.yaml", "sha256:", "sha256:0"
    ),
    "a decision git is told to assume unchanged, edited": lambda root: (
        git(root, "update-index", "--assume-unchanged", "decisions/2021/2021-02-01-cabinet-01.yaml"),
        edit(root, "decisions/2021/2021-02-01-cabinet-01.yaml", "sha256:", "sha256:0"),
    ),
    "a decision that is not valid YAML": lambda root: edit(
        root, "decisions/2021-02-01-cabinet-03.yaml", "title: Item", "title: [Item"
    ),
    "a decision deleted": lambda root: (root / "decisions/2021/2021-02-01-cabinet-04.yaml").unlink(),
    "a new decision, by a link to another": lambda root: (root / "decisions/linked.yaml").symlink_to(
        root / "decisions/2021-02-01-cabinet-06.yaml"
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_the_command_line_judges_with_decisions_read_ahead_as_the_library_does(
    approving: Register, change: str
) -> None:
    CHANGES[change](approving.root)
    from_command_line = by_command_line(approving.root)
    assert from_command_line == by_library(approving.root)
    assert from_command_line[0] == 1  # the strategy changed since it was approved: a finding


def test_a_history_with_decisions_read_ahead_is_the_librarys(approving: Register) -> None:
    """`register history` reads the decisions ahead too (which decision approved each version)."""
    CHANGES["a decision that is not valid YAML"](approving.root)
    forget(approving.root)
    done = subprocess.run(
        [*CLI, "history", "strategy/test", "--json"],
        cwd=approving.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    forget(approving.root)
    expected = json.loads(history(Register(approving.root), "strategy/test").model_dump_json())
    assert json.loads(done.stdout) == expected
    assert len(expected["versions"][0]["approved_by"]) == 30  # (HEAD's: the broken file is not committed)


def test_what_was_read_ahead_is_not_parsed_again(
    approving: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reading process parses the decisions; this one takes their facts and parses none, save
    a file that does not hold the content git's index names for it (one git is told to assume
    unchanged, edited), which is read here as it is."""
    forget(approving.root)
    ahead.read_ahead(approving.root, "decisions")
    parsed: list[str] = []
    parse = index.check_content
    monkeypatch.setattr(
        index, "check_content", lambda raw, source: parsed.append(source) or parse(raw, source)
    )
    working = Register(approving.root).working()
    decisions = [path for path in working.files if path.startswith("decisions/")]
    working.facts_ahead(decisions)
    assert all(working.facts(decisions)[path].kind == "decision" for path in decisions)
    assert parsed == []

    path = decisions[0]  # its content is not the blob git's index names: it is read here
    git(approving.root, "update-index", "--assume-unchanged", path)
    edit(approving.root, path, "title: Item", "title: Edited item")
    forget(approving.root)
    ahead.read_ahead(approving.root, "decisions")
    working = Register(approving.root).working()
    working.facts_ahead(decisions)
    assert (working.facts(decisions)[path].title or "").startswith("Edited item")
    assert parsed == [path]


def test_a_reading_nobody_asked_for_ends_with_its_command(approving: Register) -> None:
    """A command that never asks for what it read ahead (it failed first, say) leaves no process
    behind: the reading is ended as the command ends."""
    code = (
        "import sys; from register.store import ahead; "
        "ahead.read_ahead(None, 'decisions'); print(*[r.pid for r in ahead._readings.values()])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=approving.root, capture_output=True, text=True, check=True
    )
    (pid,) = map(int, done.stdout.split())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_files_whose_facts_are_coming_are_glanced_as_any_other(approving: Register) -> None:
    """Glance leaves the files being read ahead to their facts, and reads the plain lines of one
    whose facts say it cannot be read, as it does for every other file: it sees what it sees of
    a register where nothing is read ahead."""
    root = approving.root
    CHANGES["a decision that is not valid YAML"](root)
    (root / "decisions/approved-strategy.yaml").write_text(MINIMAL_STRATEGY.replace("draft", "approved"))
    forget(root)
    plainly = dict(Register(root).working().glance)
    forget(root)
    working = Register(root).working()
    working.facts_ahead([path for path in working.files if path.startswith("decisions/")])
    assert dict(working.glance) == plainly
    assert plainly["decisions/2021-02-01-cabinet-03.yaml"] == ("decision", None)
    assert plainly["decisions/approved-strategy.yaml"] == ("strategy", "approved")


def test_a_command_interrupted_while_it_waits_for_the_reading_ends_it(
    approving: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the command waits for what is read ahead: the reading process is ended then,
    not left to run on after the command."""
    forget(approving.root)
    ahead.read_ahead(approving.root, "decisions")
    (pid,) = [reading.pid for reading in ahead._readings.values()]

    def interrupted(_pipe: int) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(ahead, "_read_to_end", interrupted)
    waiting = ahead.reading_for(["decisions/2021-02-01-cabinet-00.yaml"])
    assert waiting is not None
    with pytest.raises(KeyboardInterrupt):
        waiting()  # (asked for through a version, it is not waited for once the cache holds all)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
