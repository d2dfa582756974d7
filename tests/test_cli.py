"""The command line's wiring: exit codes, JSON shapes, one-line errors with no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from register.cli import app
from register.store.repository import Store
from register.store.version import Register

from .conftest import MINIMAL_DECISION, MINIMAL_STRATEGY, git, state

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_the_commands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for command in ("init", "demo", "new", "validate", "list", "show", "schema"):
        assert command in out


def test_validate_json_on_the_example_register() -> None:
    code, out, err = run("-C", str(REPO), "validate", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"valid": True, "records": 13, "problems": [], "skipped": []}


def test_validate_reports_problems_with_exit_1(store: Store) -> None:
    (store.root / "strategy/bad.yaml").write_text(MINIMAL_STRATEGY.replace("owner:", "ownr:"))
    code, out, err = run("-C", str(store.root), "validate")
    assert code == 1
    assert err == "strategy/bad.yaml:4:1: unknown key 'ownr' (did you mean 'owner'?)\n"
    assert "1 problem(s) found" in out
    code, out, _ = run("-C", str(store.root), "validate", "--json")
    document = json.loads(out)
    assert code == 1 and document["valid"] is False
    assert document["problems"] == [
        {
            "path": "strategy/bad.yaml",
            "line": 4,
            "column": 1,
            "message": "unknown key 'ownr' (did you mean 'owner'?)",
        }
    ]


def test_list_and_show(store: Store) -> None:
    (store.root / "strategy/test.yaml").write_text(MINIMAL_STRATEGY)
    git(store.root, "add", ".")
    git(store.root, "commit", "-qm", "Add", date="2020-03-01T10:00:00+00:00")
    code, out, _ = run("-C", str(store.root), "list", "--json")
    assert code == 0
    assert json.loads(out)["records"] == [
        {
            "id": "strategy/test",
            "kind": "strategy",
            "title": "Test Strategy 2020 to 2023",
            "status": "draft",
            "readable": True,
            "problem": None,
        }
    ]
    code, out, _ = run("-C", str(store.root), "show", "strategy/test", "--at", "2020-03-01", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["at"]["ref"] == "2020-03-01" and shown["data"]["priorities"][0]["id"] == "1"
    code, out, _ = run("-C", str(store.root), "show", "strategy/test.yaml")
    assert code == 0 and "as it stands in your folder" in out and "title: Test Strategy" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "../etc/passwd"), "'../etc/passwd' points outside the register"),
        (("show", "strategy/nothing"), "no record 'strategy/nothing'"),
        (("show", "strategy/test", "--at", "nowhere"), "'nowhere' is not a commit, tag, branch or date"),
        (("list", "--kind", "strategies"), "unknown kind 'strategies'"),
        (("schema", "policy"), "unknown kind 'policy'"),
        (("new", "strategy", "../escape"), "'../escape' cannot name a record"),
        (("new", "memo", "x"), "unknown kind 'memo'"),
        (("new", "ehria", "x"), "add --screens RECORD-ID"),
    ],
)
def test_usage_errors_exit_2_with_one_line(store: Store, args: tuple[str, ...], message: str) -> None:
    before = state(store.root)
    code, out, err = run("-C", str(store.root), *args)
    assert code == 2
    assert message in err and "Traceback" not in err and err.count("\n") == 1
    assert out == ""
    assert state(store.root) == before


def test_no_register_is_exit_2(tmp_path: Path) -> None:
    code, _, err = run("-C", str(tmp_path), "list")
    assert code == 2 and "no register here" in err


def test_new_makes_and_commits_a_valid_record(store: Store) -> None:
    code, out, _ = run("-C", str(store.root), "new", "ehria", "screening", "--screens", "strategy/x")
    assert code == 2  # strategy/x does not exist: refused, nothing written
    assert not (store.root / "strategy/screening.yaml").exists()
    code, out, _ = run("-C", str(store.root), "new", "strategy", "housing-2024", "--title", "Housing: 2024")
    assert code == 0 and "Made strategy/housing-2024" in out
    assert (
        git(store.root, "log", "-1", "--format=%s") == "Add strategy strategy/housing-2024: Housing: 2024\n"
    )
    code, out, _ = run(
        "-C", str(store.root), "new", "ehria", "screening", "--screens", "strategy/housing-2024"
    )
    assert code == 0
    assert run("-C", str(store.root), "validate")[0] == 0


def test_schema_prints_json_schema() -> None:
    code, out, _ = run("schema", "decision")
    assert code == 0 and json.loads(out)["title"] == "register: decision record"
    code, out, _ = run("schema")
    assert code == 0 and len(json.loads(out)["oneOf"]) == 6


def test_init_makes_a_register(tmp_path: Path) -> None:
    code, _out, _ = run("init", str(tmp_path / "new"), "--council", "Rutland County Council")
    assert code == 0
    root = tmp_path / "new"
    assert 'council: "Rutland County Council"' in (root / "register.yaml").read_text()
    assert (root / "schemas/strategy.schema.json").is_file()
    settings = json.loads((root / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"] == {
        "./schemas/record.schema.json": ["strategy/**/*.yaml", "decisions/**/*.yaml"]
    }
    assert git(root, "status", "--porcelain") == ""
    code, _, err = run("init", str(root))
    assert code == 2 and "already a register" in err


def test_the_installed_command_runs_without_a_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from register.cli import main; main()", "-C", str(tmp_path), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("no register here") and "Traceback" not in done.stderr
    done = subprocess.run(
        [sys.executable, "-c", "from register.cli import main; main()", "validate", "--no-such-option"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "No such option" in done.stderr


def test_ctrl_c_is_said_plainly(reg: Register) -> None:
    """Interrupted, a command says what became of the change, and ends with 130 (Typer turns
    Ctrl-C into a silent exit)."""
    code = (
        "import register\n"
        "def stopped(*args, **kwargs):\n    raise KeyboardInterrupt\n"
        "register.validate = stopped\n"
        "from register.cli import main\nmain()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "validate"], cwd=reg.root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 130
    assert done.stderr.startswith("interrupted: a change is either recorded whole or not at all")


BAD_FILES = [
    # (case, file content, line, column, words)
    ("malformed YAML", "kind: strategy\ntitle: [open\n", 3, 1, "not valid YAML"),
    ("misspelt key", MINIMAL_STRATEGY.replace("owner:", "onwer:"), 4, 1, "did you mean 'owner'?"),
    ("wrong type", MINIMAL_STRATEGY.replace("start: 2020", "start: soon"), 3, 17, "expected a whole number"),
    (
        "impossible date",
        MINIMAL_STRATEGY + "        due: 2020-02-30\n",
        22,
        14,
        "2020-02-30 is not a real date",
    ),
    (
        "python tag",
        "kind: !!python/object/apply:os.system ['true']\n",
        1,
        7,
        "YAML tag !!python/object/apply:os.system",
    ),
    ("alias bomb", "a: &a [1,1,1]\nb: [*a,*a,*a]\n", 2, 5, "aliases"),
    ("duplicate key", MINIMAL_STRATEGY + "owner: Another Board\n", 22, 1, "duplicate key 'owner'"),
    ("control character", MINIMAL_STRATEGY.replace("First action", "First\x1baction"), 11, 21, "U+001B"),
    ("empty file", "", 1, 1, "the file is empty"),
    ("a list", "- kind: strategy\n", 1, 1, "not a list"),
    (
        "missing reference",
        MINIMAL_STRATEGY + "supersedes: strategy/nothing\n",
        22,
        13,
        "no record 'strategy/nothing'",
    ),
    ("huge file", "kind: strategy\ntitle: " + "x" * 1_100_000 + "\n", 1, 1, "at most 1,000,000 bytes"),
]


@pytest.mark.parametrize(
    ("case", "content", "line", "column", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES]
)
def test_validate_names_every_bad_input_and_changes_nothing(
    store: Store, case: str, content: str, line: int, column: int, words: str
) -> None:
    (store.root / "strategy/bad.yaml").write_text(content, encoding="utf-8")
    before = state(store.root)
    code, out, err = run("-C", str(store.root), "validate", "--json")
    [problem] = json.loads(out)["problems"]
    assert code == 1 and err == ""
    assert (problem["path"], problem["line"], problem["column"]) == ("strategy/bad.yaml", line, column), (
        problem
    )
    assert words in problem["message"]
    assert state(store.root) == before


def test_decide_wiring(store: Store) -> None:
    (store.root / "strategy/test.yaml").write_text(MINIMAL_STRATEGY)
    (store.root / "decisions/cabinet.yaml").write_text(MINIMAL_DECISION)
    git(store.root, "add", ".")
    git(store.root, "commit", "-qm", "Add", date="2020-06-01T10:00:00+00:00")
    code, _, err = run(
        "-C", str(store.root), "decide", "decisions/cabinet", "--outcome", "approved", "--date", "2020-02-30"
    )
    assert code == 2 and "--date 2020-02-30: expected a real date" in err
    code, out, _ = run(
        "-C",
        str(store.root),
        "decide",
        "decisions/cabinet",
        "--outcome",
        "approved",
        "--approves",
        "strategy/test",
        "--resolution",
        "That the Strategy be approved.",
    )
    assert code == 0 and "approves strategy/test as at" in out
    code, out, _ = run("-C", str(store.root), "verify")
    assert code == 0 and "All approvals hold." in out


def test_validate_paths_are_read_from_the_C_folder(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (store.root / "strategy/good.yaml").write_text(MINIMAL_STRATEGY)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("-C", str(store.root), "validate", "strategy/good.yaml")
    assert (code, err) == (0, "") and "1 record(s) checked: valid" in out


def test_a_councils_record_template_may_hold_yaml_braces(store: Store) -> None:
    template = store.root / "templates/records/strategy.yaml"
    template.write_text(
        template.read_text().replace("review_cycle: annual", 'review_cycle: annual\nage_range: "{0 to 25}"')
    )
    code, _, err = run("-C", str(store.root), "new", "strategy", "braces")
    assert code == 0, err
    assert "period: {start: " in (store.root / "strategy/braces.yaml").read_text()


@pytest.mark.parametrize("columns", ["60", "80", "200"])
def test_terminal_output_never_breaks_an_id_or_a_field_path(
    demo_register: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _ = run("-C", str(demo_register), "list")
    assert code == 0
    ids = sorted(f"{path.parent.name}/{path.stem}" for path in demo_register.glob("[sd][te]*/*.yaml"))
    assert len(ids) == 13
    words = {word for line in out.splitlines() for word in line.split()}
    assert set(ids) <= words, set(ids) - words
    if columns != "200":  # narrow: each id has a line of its own, nothing else on it
        assert set(ids) <= {line.strip() for line in out.splitlines()}
    field = "priorities[2].actions[2.4].status"
    code, out, _ = run(
        "-C", str(demo_register), "history", "strategy/send-inclusion-2020-2023", "--field", field
    )
    assert code == 0 and f"{field}: at risk → on track" in out
    assert all(len(line) <= int(columns) or " " not in line.strip() for line in out.splitlines())
    code, out, _ = run("-C", str(demo_register), "verify")
    assert "priorities[2].actions[2.2].title" in out.split()


def test_json_output_is_the_results_model_dump(demo_register: Path) -> None:
    """What `--json` prints is exactly `json.dumps(result.model_dump(mode="json"))`, as the contract says."""
    import register

    reg = register.open(demo_register)
    results = {
        ("verify",): register.verify(reg),
        ("validate",): register.validate(reg.working()),
        ("history", "strategy/send-wsoa-2020"): register.history(reg, "strategy/send-wsoa-2020"),
        ("list",): register.list_records(reg.working()),
    }
    for args, result in results.items():
        _, out, _ = run("-C", str(demo_register), *args, "--json")
        assert json.loads(out) == result.model_dump(mode="json"), args
        assert out == json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
