"""The package's walls, read from its source: which parts may import which.

- records (and the pure diff and review values) never reach the store: they know neither git nor Word;
- no paper module reaches a module that runs git: papers take values;
- only word/ imports python-docx; only cli/ imports Typer, click and rich;
- only the store starts git, and only store/git.py and the PDF converter start processes at all;
- `import register`, and the command line's start-up, import none of the heavy libraries.

Every import counts, at the top of a module or inside a function.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "register"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


@cache
def imports_of(module: str) -> frozenset[str]:
    """Every module `module` imports, anywhere in its source (absolute names)."""
    path = modules()[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(
                f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules()
            )
    return frozenset(found)


@cache
def reaches(module: str) -> frozenset[str]:
    """Every module of the package `module` imports, directly or through others."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        for name in imports_of(todo.pop()):
            if name in modules() and name not in seen:
                seen.add(name)
                todo.append(name)
    return frozenset(seen)


def runs_git(module: str) -> bool:
    return module.startswith("register.store") or any(m.startswith("register.store") for m in reaches(module))


def third_party(module: str) -> set[str]:
    return {name.split(".")[0] for name in imports_of(module)} - {"register"}


PURE = [m for m in modules() if m.startswith("register.records")] + [
    "register.audit.diff",
    "register.audit.review",
]
PAPERS = [m for m in modules() if m.startswith("register.papers")]


@pytest.mark.parametrize("module", PURE)
def test_records_and_the_diff_never_reach_the_store(module: str) -> None:
    assert not runs_git(module), sorted(m for m in reaches(module) if m.startswith("register.store"))


@pytest.mark.parametrize("module", PAPERS)
def test_papers_never_reach_a_module_that_runs_git(module: str) -> None:
    assert not runs_git(module), sorted(m for m in reaches(module) if m.startswith("register.store"))


@pytest.mark.parametrize("module", sorted(modules()))
def test_libraries_stay_in_their_part(module: str) -> None:
    outside = third_party(module)
    if not module.startswith("register.word"):
        assert "docx" not in outside and "lxml" not in outside
    if not module.startswith("register.cli"):
        assert not outside & {"typer", "click", "rich"}
    if module not in ("register.store.git", "register.publish.pdf"):
        assert "subprocess" not in outside


def test_the_rules_would_catch_a_breach(tmp_path: Path) -> None:
    """The checks above read real imports: a module that breaks a wall is seen (a test that can fail)."""
    assert runs_git("register.audit.verify") and runs_git("register.publish.documents")
    assert "docx" in third_party("register.word.writer")
    assert "typer" in third_party("register.cli.app")


LIGHT = "import sys, {module}; print(sorted({{m.split('.')[0] for m in sys.modules}} & {heavy!r}))"
HEAVY = {"pydantic", "yaml", "docx", "rich", "sqlite3", "lxml"}


@pytest.mark.parametrize("module", ["register", "register.cli"])
def test_start_up_imports_nothing_heavy(module: str) -> None:
    code = LIGHT.format(module=module, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_api_is_exported_lazily() -> None:
    import register

    for name in register.__all__:
        assert getattr(register, name) is not None, name
    with pytest.raises(AttributeError):
        register.no_such_name  # noqa: B018


PLUGIN_SEARCH = (
    "import sys, {module}; from register.records.checks import check_content; "
    "check_content(b'kind: strategy\\ntitle: A strategy\\n', 'x.yaml'); "
    "print('importlib.metadata' in sys.modules)"
)


@pytest.mark.parametrize(("module", "searched"), [("register.cli", False), ("register", True)])
def test_only_a_library_user_has_pydantic_search_for_plugins(module: str, searched: bool) -> None:
    """pydantic looks for plugins through importlib.metadata when it builds its first model,
    some 20 ms of every command: the command line has none to find (`register/cli/lean.py`),
    and a program that imports the library keeps pydantic as it is."""
    code = PLUGIN_SEARCH.format(module=module)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(searched)
