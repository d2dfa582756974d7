"""Validating a whole register: each record, the links between them, and which files to report on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from register.audit.validate import validate
from register.store.version import Register

from .conftest import MINIMAL_DECISION, MINIMAL_STRATEGY

REPO = Path(__file__).resolve().parent.parent


def test_the_example_register_is_valid() -> None:
    report = validate(Register(REPO).working())
    assert report.valid, [str(p) for p in report.problems]
    assert report.records == 13


def test_a_reference_to_a_missing_record(reg: Register, hand_commit: Callable[..., str]) -> None:
    hand_commit({"strategy/test.yaml": MINIMAL_STRATEGY}, "Add", "2020-02-01")
    (reg.root / "decisions/x.yaml").write_text(MINIMAL_DECISION.replace("strategy/test", "strategy/tset"))
    report = validate(reg.working())
    assert [str(p) for p in report.problems] == [
        "decisions/x.yaml:6:13: considers[0]: no record 'strategy/tset' in the register (did you mean 'strategy/test'?)"
    ]


def test_a_reference_to_the_wrong_kind(reg: Register, hand_commit: Callable[..., str]) -> None:
    hand_commit(
        {"strategy/test.yaml": MINIMAL_STRATEGY, "decisions/x.yaml": MINIMAL_DECISION}, "Add", "2020-02-01"
    )
    (reg.root / "strategy/test.yaml").write_text(MINIMAL_STRATEGY + "supersedes: decisions/x\n")
    problems = [str(p) for p in validate(reg.working()).problems]
    assert problems == [
        "strategy/test.yaml:22:13: supersedes: 'decisions/x' is a decision, but a strategy is needed here"
    ]


def test_problems_in_several_files_are_all_reported(reg: Register) -> None:
    (reg.root / "strategy/a.yaml").write_text("kind: strategy\ntitle: [\n")
    (reg.root / "strategy/b.yaml").write_text(MINIMAL_STRATEGY.replace("owner:", "ownr:"))
    (reg.root / "strategy/c.yaml").write_text(MINIMAL_STRATEGY)
    report = validate(reg.working())
    assert report.records == 3
    assert [p.path for p in report.problems] == ["strategy/a.yaml", "strategy/b.yaml"]
    assert report.model_dump(mode="json")["valid"] is False


def test_only_the_named_paths_are_reported(reg: Register, monkeypatch: pytest.MonkeyPatch) -> None:
    (reg.root / "strategy/a.yaml").write_text("kind: strategy\ntitle: [\n")
    (reg.root / "strategy/c.yaml").write_text(MINIMAL_STRATEGY)
    monkeypatch.chdir(reg.root / "strategy")
    assert validate(reg.working(), ["c.yaml"]).valid
    assert not validate(reg.working(), ["."]).valid


def test_files_that_are_not_records_are_ignored(reg: Register) -> None:
    (reg.root / "strategy/notes.txt").write_text("\x00binary\x01")
    (reg.root / "strategy/.hidden.yaml").write_text("not: a record")
    assert validate(reg.working()).valid


def test_a_binary_file_named_yaml_is_a_problem(reg: Register) -> None:
    (reg.root / "strategy/photo.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    [problem] = validate(reg.working()).problems
    assert problem.path == "strategy/photo.yaml" and "not UTF-8" in problem.message
