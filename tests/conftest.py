"""Real git registers in temporary folders, with dated commits, and an isolated environment."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from register.make.scaffold import init_register
from register.records.fingerprint import fingerprint
from register.store.repository import Author, Store
from register.store.version import Register

COUNCIL = "Testshire County Council"


@pytest.fixture(autouse=True)
def isolation(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No personal git configuration, a fixed identity, plain terminal output."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test Officer")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "test.officer@testshire.example")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Officer")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "test.officer@testshire.example")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)


def git(root: Path, *args: str, date: str | None = None, author: str | None = None) -> str:
    import os

    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
    if author:
        env["GIT_AUTHOR_NAME"] = author
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True, env={**os.environ, **env}
    )
    return done.stdout


def when(day: str) -> Author:
    return Author(
        "Test Officer", "test.officer@testshire.example", dt.datetime.fromisoformat(f"{day}T10:00:00+00:00")
    )


@pytest.fixture
def reg(tmp_path: Path) -> Register:
    """A new, empty register with one dated commit."""
    created = init_register(tmp_path / "register", council=COUNCIL, author=when("2020-01-06"))
    return Register(created.root)


@pytest.fixture
def store(reg: Register) -> Store:
    """The git repository of the `reg` register."""
    return reg.store


@pytest.fixture
def hand_commit(store: Store) -> Callable[..., str]:
    """Write files and commit them with plain git, as an officer with an editor would."""

    def commit(files: dict[str, str], message: str, day: str) -> str:
        for path, text in files.items():
            target = store.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        git(store.root, "add", "--", *files)
        git(store.root, "commit", "-q", "-m", message, date=f"{day}T10:00:00+00:00")
        return git(store.root, "rev-parse", "HEAD").strip()

    return commit


@pytest.fixture
def drafted(reg: Register, hand_commit: Callable[..., str]) -> Register:
    """A strategy and the Cabinet decision that considers it, committed by hand: nothing decided."""
    hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY, "decisions/cabinet.yaml": MINIMAL_REPORT},
        "Draft",
        "2020-06-01",
    )
    return reg


def state(root: Path) -> tuple[str, str, str]:
    """HEAD, the index and the working tree's status: what a failed command must leave alone."""
    head = git(root, "rev-parse", "HEAD").strip()
    index = git(root, "ls-files", "--stage")
    status = git(root, "status", "--porcelain=v1", "--untracked-files=all")
    return head, index, status


@pytest.fixture(scope="session")
def demo_register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The seed's example register, built once for the tests that only read it."""
    from register.make.demo import build_demo

    folder = tmp_path_factory.mktemp("demo") / "register"
    yield build_demo(folder).root


MINIMAL_STRATEGY = """\
kind: strategy
title: Test Strategy 2020 to 2023
period: {start: 2020, end: 2023}
owner: Test Board
status: draft
priorities:
  - id: "1"
    title: First priority
    actions:
      - id: "1.1"
        title: First action
        status: on track
      - id: "1.2"
        title: Second action
        status: not started
  - id: "2"
    title: Second priority
    actions:
      - id: "2.1"
        title: Third action
        status: on track
"""

MINIMAL_DECISION = """\
kind: decision
title: Test Strategy 2020 to 2023
body: Cabinet
body_type: executive
meeting_date: 2020-09-18
considers: [strategy/test]
"""
MINIMAL_REPORT = MINIMAL_DECISION + (
    "report:\n  of: the Director\n  purpose: [To approve it.]\n"
    "  recommendations: {items: [It be approved.]}\n  reasons: [It is needed.]\n"
    "  resources: [None.]\n  contacts: [{name: A Officer, role: Director}]\n"
)
"""A decision with the smallest report the seed's house format prints."""


def without_overriding_permissions() -> None:
    """For a child process, before it runs: give up root's power to read and write any file (the
    capabilities to override file permissions), so permissions bind even where tests run as root."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP: gone from what exec grants


def approved_then_changed(hand_commit: Callable[..., str], decisions: dict[str, str]) -> None:
    """`strategy/test` committed; then decisions (path -> title), each approving that version;
    then an action renamed: the latest approval is `changed`, any before it `superseded`."""
    approved = hand_commit({"strategy/test.yaml": MINIMAL_STRATEGY}, "A strategy", "2021-01-04")
    approval = (
        MINIMAL_DECISION + "outcome: {decision: approved, date: 2021-02-01}\napproved_versions:\n"
        f"  - record: strategy/test\n    commit: {approved}\n"
        f"    fingerprint: {fingerprint(yaml.safe_load(MINIMAL_STRATEGY))}\n"
    )
    texts = {
        path: approval.replace("title: Test", f"title: {title}, Test") for path, title in decisions.items()
    }
    hand_commit(texts, f"{len(decisions)} approvals", "2021-02-01")
    hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY.replace("First action", "The first action")},
        "An action renamed",
        "2021-03-01",
    )
