"""Whole-register work costs what changed: the warm path parses nothing it parsed before, `validate
--staged` checks what the next commit holds (and the records that name it), and the hooks run
through the pre-commit tool itself."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from register.audit.validate import validate, validate_staged
from register.errors import Problem
from register.records import checks
from register.store.listing import list_records, listed
from register.store.version import SNAPSHOT_FROM, Register, Version

from .conftest import MINIMAL_REPORT, MINIMAL_STRATEGY, git

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from register.cli import main; main()"]
COUNT = 40


def strategy(number: int, responds_to: str | None = None) -> str:
    text = MINIMAL_STRATEGY.replace("Test Strategy 2020 to 2023", f"Strategy {number}")
    return text + (f"responds_to: [{responds_to}]\n" if responds_to else "")


@pytest.fixture
def many(reg: Register, hand_commit: Callable[..., str]) -> Register:
    """Forty strategies and a WSoA that two of them answer, committed."""
    files = {f"strategy/s{n:02}.yaml": strategy(n) for n in range(COUNT)}
    wsoa = (
        "kind: wsoa\ntitle: A WSoA\ninspection: {inspectorates: [Ofsted], framework: F, month: '2020-02'}\n"
        "responsible: [Council]\nmonitored_by: Board\nareas: [{id: a, title: An area}]\n"
    )
    files["strategy/wsoa.yaml"] = wsoa
    files["strategy/s00.yaml"] = strategy(0, "strategy/wsoa")
    files["strategy/s01.yaml"] = strategy(1, "strategy/wsoa")
    hand_commit(files, "Forty strategies", "2021-01-04")
    return reg


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every record parsed, by source: counts the loader's calls through the checks."""
    seen: list[str] = []
    real = checks.load_data

    def counted(raw: bytes | str, source: str) -> object:
        seen.append(source)
        return real(raw, source)

    monkeypatch.setattr(checks, "load_data", counted)
    yield seen


def test_the_warm_path_parses_nothing_that_has_not_changed(many: Register, parses: list[str]) -> None:
    assert validate(Register(many.root).working()).valid
    assert len(parses) == COUNT + 1  # cold: every record, once
    parses.clear()
    again = Register(many.root)  # a new command: only the cache under .git carries over
    assert validate(again.working()).valid
    assert [r.id for r in list_records(again.working()).records][:2] == ["strategy/s00", "strategy/s01"]
    assert parses == []
    (many.root / "strategy/s07.yaml").write_text(strategy(7).replace("First priority", "The first priority"))
    assert validate(Register(many.root).working()).valid
    assert parses == ["strategy/s07.yaml"]


@pytest.fixture
def large(reg: Register, hand_commit: Callable[..., str]) -> Register:
    """A register past the size where whole-register verdicts are remembered: strategies, and a
    decision whose report has an appendix kept as a file beside the records."""
    files = {f"strategy/s{n:03}.yaml": strategy(n) for n in range(SNAPSHOT_FROM)}
    files["strategy/test.yaml"] = MINIMAL_STRATEGY
    files["decisions/cabinet.yaml"] = MINIMAL_REPORT + (
        "  appendices:\n    - {letter: A, title: Capital costs, file: appendices/costs.pdf}\n"
    )
    files["appendices/costs.pdf"] = "%PDF-1.4 costs"
    hand_commit(files, "A large register", "2021-01-04")
    return reg


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many records each whole-register judgement worked through (none: it was remembered)."""
    seen: list[int] = []
    real = Version.problems_of

    def counted(self: Version, record_ids: Iterable[str]) -> list[Problem]:
        ids = list(record_ids)
        seen.append(len(ids))
        return real(self, ids)

    monkeypatch.setattr(Version, "problems_of", counted)
    yield seen


def test_a_whole_register_verdict_is_remembered_for_the_files_it_judged(
    large: Register, parses: list[str], judged: list[int]
) -> None:
    records = SNAPSHOT_FROM + 2
    assert validate(Register(large.root).working()).valid
    assert judged == [records]
    parses.clear(), judged.clear()
    assert validate(Register(large.root).working()).valid  # nothing changed: nothing judged again
    assert parses == [] and judged == []
    (large.root / "appendices/costs.pdf").unlink()  # not a record, but a record names it
    assert [str(p) for p in validate(Register(large.root).working()).problems] == [
        "decisions/cabinet.yaml:15:47: report.appendices[0].file: no file appendices/costs.pdf in the register"
    ]
    assert parses == [] and judged == [records]  # judged again, from the facts: nothing parsed again
    git(large.root, "checkout", "--", "appendices/costs.pdf")
    assert validate(Register(large.root).working()).valid
    judged.clear()
    settings = large.root / "register.yaml"
    settings.write_text(settings.read_text() + "# a comment\n")  # new settings: judged again
    assert validate(Register(large.root).working()).valid and judged == [records]
    (large.root / "strategy/s010.yaml").write_text(strategy(10).replace("owner:", "ownr:"))
    found = validate(Register(large.root).working())
    assert [str(p) for p in found.problems] == [
        "strategy/s010.yaml:4:1: unknown key 'ownr' (did you mean 'owner'?)"
    ]


def test_a_remembered_listing_follows_the_files(large: Register) -> None:
    rows = listed(Register(large.root).working())
    assert len(rows) == SNAPSHOT_FROM + 2 and rows[1].title == "Strategy 0"
    (large.root / "strategy/s000.yaml").write_text(strategy(0).replace("Strategy 0", "Renamed"))
    again = listed(Register(large.root).working(), kind="strategy")
    assert again[0].title == "Renamed" and again[0].problem is None
    assert [r.id for r in again] == [r.id for r in rows if r.kind == "strategy"]


def test_a_large_file_git_holds_unchanged_is_refused_unread(
    large: Register, hand_commit: Callable[..., str]
) -> None:
    """A file git's index vouches for is not measured when the register is listed; one that must
    be read is measured first, and a file over 1 MB is still never read."""
    huge = MINIMAL_STRATEGY + "# " + "x" * 1_100_000 + "\n"
    hand_commit({"strategy/huge.yaml": huge}, "Huge", "2021-02-01")
    for _ in range(2):  # cold, then warm
        found = validate(Register(large.root).working())
        assert [str(p) for p in found.problems] == [
            f"strategy/huge.yaml:1:1: the file is {len(huge):,} bytes; a record may be at most "
            "1,000,000 bytes (split it into several records)"
        ]


def test_staged_checks_the_change_and_the_records_that_name_it(many: Register, parses: list[str]) -> None:
    validate(many.working())  # warm the cache, as an officer's earlier commands have
    parses.clear()
    path = many.root / "strategy/wsoa.yaml"
    path.write_text(path.read_text().replace("kind: wsoa", "kind: wsoa\nmonitoredby: Board"))
    found = validate_staged(Register(many.root))
    assert found.valid and found.records == 0  # not staged yet: the next commit holds none of it
    git(many.root, "add", "strategy/wsoa.yaml")
    found = validate_staged(Register(many.root))
    assert found.records == 3  # the WSoA, and the two strategies that answer it
    assert [str(p) for p in found.problems] == [
        "strategy/wsoa.yaml:2:1: unknown key 'monitoredby' (did you mean 'monitored_by'?)"
    ]
    assert parses == ["strategy/wsoa.yaml"]  # the staged content only (located by a second reading)
    git(many.root, "rm", "-q", "--cached", "strategy/wsoa.yaml")  # staged as deleted: the links break
    found = validate_staged(Register(many.root))
    assert sorted({p.path for p in found.problems}) == ["strategy/s00.yaml", "strategy/s01.yaml"]


def test_staged_on_the_command_line(many: Register) -> None:
    (many.root / "strategy/s05.yaml").write_text(strategy(5).replace("status: draft", "status: drafted"))
    git(many.root, "add", "strategy/s05.yaml")
    done = subprocess.run(
        [*CLI, "-C", str(many.root), "validate", "--staged"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert done.stdout == "1 record(s) checked: 1 problem(s) found\n"
    assert done.stderr.startswith("strategy/s05.yaml:5:9: status: ")
    both = subprocess.run(
        [*CLI, "-C", str(many.root), "validate", "--staged", "strategy"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert both.returncode == 2 and "give no paths with it" in both.stderr


def test_no_progress_bar_when_piped_or_json(many: Register) -> None:
    shutil.rmtree(many.root / "strategy", ignore_errors=True)
    (many.root / "strategy").mkdir()
    for n in range(400):  # enough to be worth a bar on a terminal
        (many.root / f"strategy/p{n:03}.yaml").write_text(strategy(n))
    done = subprocess.run(
        [*CLI, "-C", str(many.root), "validate"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == "400 record(s) checked: valid\n"


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="the pre-commit tool is not installed")
def test_the_hooks_through_pre_commit(many: Register, tmp_path: Path) -> None:
    """`pre-commit try-repo` on this checkout: the tool installs the hooks from the repository as a
    council's machine would, and runs them on a register."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def hooks() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pre-commit", "try-repo", str(REPO)],  # every hook the repository ships
            cwd=many.root,
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )

    (many.root / "strategy/s03.yaml").write_text(strategy(3).replace("owner:", "ownr:"))
    git(many.root, "add", "strategy/s03.yaml")
    refused = hooks()
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "strategy/s03.yaml:4:1: unknown key 'ownr' (did you mean 'owner'?)" in refused.stdout
    assert re.search(r"register verify .*Passed", refused.stdout)  # reports, never blocks
    git(many.root, "reset", "-q", "HEAD", "strategy/s03.yaml")
    (many.root / "strategy/s03.yaml").write_text(strategy(3))
    passed = hooks()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"register validate .*Passed", passed.stdout)


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("kind: strategy\ntitle: T\nstatus: approved\n", ("strategy", "approved")),
        ("# a comment\n'kind' : wsoa   # the plan\ntitle: T\n", ("wsoa", None)),
        ('kind: "decision"\ntitle: T\n', ("decision", None)),
        ("{kind: decision, title: T}\n", None),  # flow style: parsed
        ("# c\n{kind: decision}\n", None),
        ("kind: !!str decision\n", None),  # a tag
        ('"kin\\x64": decision\nkind: strategy\n', None),  # an escape could name the key
        ('? kind\n: decision\ntitle: "a\nkind: strategy"\n', None),  # a complex key
        ('title: "a\nkind: strategy"\nkind: decision\n', None),  # two kind lines
        ("kind:\n  decision\n", None),  # not on one line
        ("kind: stratgey\n", None),  # no such kind: parsed, to say so
        ("kind: strategy\r\nstatus: approved\r\n", ("strategy", "approved")),  # Windows line ends
        ('title: "x"\rkind: decision\nkind: strategy\n', None),  # a lone CR ends a line for YAML
        ("title: x\u2028kind: decision\nkind: strategy\n", None),  # so does LS (and NEL, PS)
        ("title: T\n", None),
        ("---\nkind: strategy\nstatus: approved\n", ("strategy", "approved")),  # a bare start
        ("%YAML 1.1\n--- # the record\n\nkind: decision\n", ("decision", None)),
        ('--- {"title": "a\nkind: decision\nb", kind: strategy}\n', None),  # a flow mapping
        ("--- |\nkind: decision\n", None),  # the whole file is one text
        ("[a,\nkind: decision]\n", None),  # a list
        ("  kind: strategy\n", None),  # indented: not looked for
    ],
)
def test_a_kind_is_read_from_a_plain_line_only(text: str, seen: tuple[str, str | None] | None) -> None:
    """verify finds decisions without parsing every strategy: only a file that cannot hide
    another kind is judged by its `kind:` line; every other file is parsed."""
    from register.records.glance import plain_kind_and_status

    assert plain_kind_and_status(text.encode()) == seen
