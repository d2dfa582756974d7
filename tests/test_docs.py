"""The README documents every command, and its quick start is the two lines CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from register.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    command = typer.main.get_command(app)
    names = sorted(command.commands)  # type: ignore[attr-defined]
    assert len(names) == 23
    for name in names:
        assert f"`register {name}" in README, f"register {name} is not documented in README.md"


def test_the_quick_start_is_two_whole_commands() -> None:
    block = re.search(r"```sh\n(.*?)```", README, flags=re.DOTALL)
    assert block is not None and README.index("```sh") < README.index("## ")
    lines = block.group(1).strip().splitlines()
    assert lines == ["pip install . && register demo", 'pip install ".[test]" && pytest']


def test_the_pictures_exist() -> None:
    for picture in re.findall(r"\]\((docs/[^)]+\.png)\)", README):
        assert (Path(__file__).resolve().parent.parent / picture).is_file(), picture


def test_the_python_example_runs(demo_register: Path, tmp_path: Path) -> None:
    """README's "From Python" example, run as it is written, in a folder holding the demo."""
    import shutil
    import subprocess
    import sys

    section = README[README.index("## From Python") :]
    example = re.search(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert example is not None
    shutil.copytree(demo_register, tmp_path / "send-register-demo", symlinks=True)
    done = subprocess.run(
        [sys.executable, "-c", example.group(1)], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "is approved" in done.stdout and "when the agenda was published it was consultation" in done.stdout
    assert "('Cabinet, 18 September 2020', 'changed')" in done.stdout
    assert (tmp_path / "cabinet.docx").is_file()
