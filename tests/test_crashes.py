"""A register that survives crashes and races: commands killed with SIGKILL at many moments, two
commands at once, git busy with something else, and files written as the officer's umask says."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import register
from register.audit.decide import decide
from register.errors import Busy, UsageError
from register.store.files import staging_name
from register.store.version import Register

from .conftest import MINIMAL_STRATEGY, git, state, when

CLI = [sys.executable, "-c", "from register.cli import main; main()"]


def staged(root: Path) -> str:
    """What the index holds that HEAD does not: nothing, after any command, killed or not."""
    return git(root, "diff", "--cached", "--name-status")


def hidden(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob(".*register-*") if ".git" not in p.parts)


def kill_after(command: list[str], delay: float) -> int:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    return process.wait()


DELAYS = [0.05, 0.15, 0.25, 0.35, 0.45, 0.6, 0.8]


@pytest.mark.parametrize("delay", DELAYS)
def test_decide_killed_at_any_moment(drafted: Register, delay: float) -> None:
    root = drafted.root
    before = git(root, "rev-parse", "HEAD").strip()
    code = kill_after(
        [
            *CLI,
            "-C",
            str(root),
            "decide",
            "decisions/cabinet",
            "--outcome",
            "approved",
            "--approves",
            "strategy/test",
        ],
        delay,
    )
    head = git(root, "rev-parse", "HEAD").strip()
    if staged(root):
        # Killed in the instant after git made the commit and before the index was brought up to
        # date (git's own commit has this instant too): the journal says so, and the next command,
        # of any kind, finishes the bookkeeping.
        assert head != before and (root / ".git" / "register-journal.json").is_file()
    assert subprocess.run([*CLI, "-C", str(root), "validate"], capture_output=True).returncode == 0
    assert staged(root) == "" and hidden(root) == []
    assert not (root / ".git" / "register-journal.json").exists()
    text = (root / "decisions/cabinet.yaml").read_text()
    if head == before:  # killed before the commit: the file is as it was
        assert "approved_versions" not in text and git(root, "status", "--porcelain") == "", code
    else:  # killed after: the decision is recorded, whole
        assert "approved_versions" in text and git(root, "status", "--porcelain") == ""
    decide(
        drafted,
        "decisions/cabinet",
        outcome="approved",
        approves=["strategy/test"],
        author=when("2020-09-18"),
    )
    assert register.verify(drafted).ok


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.4, 0.6])
def test_new_killed_at_any_moment(reg: Register, delay: float) -> None:
    root = reg.root
    kill_after([*CLI, "-C", str(root), "new", "strategy", "housing", "--title", "Housing"], delay)
    assert subprocess.run([*CLI, "-C", str(root), "list"], capture_output=True).returncode == 0
    assert staged(root) == "" and hidden(root) == []
    made = root / "strategy/housing.yaml"
    assert (
        not made.exists()
        or git(root, "log", "--format=%s", "-1").strip() == "Add strategy strategy/housing: Housing"
    )
    assert git(root, "status", "--porcelain") == ""


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9])
def test_report_killed_at_any_moment(drafted: Register, tmp_path: Path, delay: float) -> None:
    out = tmp_path / "papers"
    out.mkdir()
    (out / "cabinet.docx").write_bytes(b"last week's paper")
    kill_after(
        [*CLI, "-C", str(drafted.root), "report", "decisions/cabinet", "-o", str(out / "cabinet.docx")], delay
    )
    assert (out / "cabinet.docx").read_bytes() == b"last week's paper" or (out / "cabinet.docx").read_bytes()[
        :2
    ] == b"PK"
    done = subprocess.run(
        [*CLI, "-C", str(drafted.root), "report", "decisions/cabinet", "-o", str(out / "cabinet.docx")],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["cabinet.docx"]  # what a killed run left is gone


def test_a_lock_outlives_no_command(drafted: Register) -> None:
    """The lock is the system's: a command killed while holding it leaves nothing that blocks."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import time, register; r = register.open({str(drafted.root)!r}); l = r.store.locked(); l.__enter__(); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(Busy, match="another register command is changing this register"):
        decide(drafted, "decisions/cabinet", outcome="approved", approves=["strategy/test"])
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    decide(
        drafted,
        "decisions/cabinet",
        outcome="approved",
        approves=["strategy/test"],
        author=when("2020-09-18"),
    )


def test_two_news_of_the_same_name_at_once(reg: Register) -> None:
    runs = [
        subprocess.Popen(
            [*CLI, "-C", str(reg.root), "new", "strategy", "same", "--title", title],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for title in ("First", "Second")
    ]
    results = [(run.wait(), run.communicate()) for run in runs]
    made = [out for code, (out, _) in results if code == 0]
    refused = [err for code, (_, err) in results if code == 2]
    assert len(made) == 1 and len(refused) == 1, results
    assert "already exists" in refused[0] or "another register command" in refused[0]
    title = "First" if "First" in (reg.root / "strategy/same.yaml").read_text() else "Second"
    assert git(reg.root, "log", "-1", "--format=%s").strip() == f"Add strategy strategy/same: {title}"


def test_decide_refuses_in_the_middle_of_a_merge(drafted: Register) -> None:
    root = drafted.root
    git(root, "checkout", "-q", "-b", "other")
    (root / "strategy/test.yaml").write_text(MINIMAL_STRATEGY.replace("Test Board", "Other Board"))
    git(root, "commit", "-qam", "Other")
    git(root, "checkout", "-q", "main")
    (root / "strategy/test.yaml").write_text(MINIMAL_STRATEGY.replace("Test Board", "Main Board"))
    git(root, "commit", "-qam", "Main")
    subprocess.run(["git", "merge", "-q", "other"], cwd=root, capture_output=True, check=False)
    before = state(root)
    with pytest.raises(UsageError, match="in the middle of a merge"):
        decide(drafted, "decisions/cabinet", outcome="approved", approves=["strategy/test"])
    assert state(root) == before


def test_decide_on_a_detached_head_only_when_told(drafted: Register) -> None:
    git(drafted.root, "checkout", "-q", "--detach")
    before = state(drafted.root)
    with pytest.raises(UsageError, match="HEAD is detached"):
        decide(drafted, "decisions/cabinet", outcome="approved", approves=["strategy/test"])
    assert state(drafted.root) == before
    decide(drafted, "decisions/cabinet", outcome="approved", approves=["strategy/test"], detached_ok=True)


def test_files_are_written_as_the_umask_says(reg: Register) -> None:
    old = os.umask(0o022)
    try:
        made = register.new(reg, "strategy", "open-to-all")
    finally:
        os.umask(old)
    assert stat.S_IMODE((reg.root / made.path).stat().st_mode) == 0o644


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/dev/null", "not a regular file"),
        ("{root}/strategy", "it is a folder"),
        ("{root}/strategy/test.yaml", "a file of the register itself"),
        ("{root}/register.yaml", "a file of the register itself"),
        ("{root}/link.docx", "it is a link"),
    ],
)
def test_a_paper_replaces_only_a_regular_file(drafted: Register, target: str, message: str) -> None:
    (drafted.root / "link.docx").symlink_to(drafted.root / "strategy/test.yaml")
    before = (drafted.root / "strategy/test.yaml").read_bytes()
    with pytest.raises(UsageError, match=message):
        register.report(drafted, "decisions/cabinet", output=Path(target.format(root=drafted.root)))
    assert (drafted.root / "strategy/test.yaml").read_bytes() == before


def test_what_a_killed_writer_left_is_removed_and_nothing_else(drafted: Register, tmp_path: Path) -> None:
    out = tmp_path / "papers"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = staging_name(out / "cabinet.docx", "staged").name.rsplit("-", 1)[0] + f"-{dead.pid}.staged"
    (out / left).write_bytes(b"half a paper")
    (out / ".my-own-notes.tmp").write_text("not ours")
    register.report(drafted, "decisions/cabinet", output=out / "cabinet.docx")
    assert sorted(p.name for p in out.iterdir()) == [".my-own-notes.tmp", "cabinet.docx"]
