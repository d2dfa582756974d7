"""Validating a version of the register: each record on its own, then the links between them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import computed_field

from ..errors import Problem, UsageError
from ..records.ids import id_of_path
from ..records.values import Result
from ..store.version import Register, Version


class Validation(Result):
    records: int
    """How many record files were checked."""
    problems: list[Problem]
    skipped: list[str] = []
    """Things in the record folders that are not record files, skipped (a folder named x.yaml)."""

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented way to put a property in the JSON
    @property
    def valid(self) -> bool:
        return not self.problems


def validate(version: Version, paths: Iterable[str] = (), *, base: Path | None = None) -> Validation:
    """Check the records under `paths` (files or folders, relative to `base`; default: all)."""
    chosen = _chosen_files(version, list(paths), base or Path.cwd())
    if len(chosen) == len(version.files):
        problems = list(version.problems)  # the whole register's verdict, remembered for its files
    else:
        problems = version.problems_of(id_of_path(path) for path in sorted(chosen))
    return Validation(records=len(chosen), problems=problems, skipped=list(version.skipped))


def validate_staged(register: Register) -> Validation:
    """What the next commit would hold, checked: the records staged in git's index that differ
    from HEAD, and every record that names one of them (the links into a changed or deleted
    record); their links out are checked with them. For a pre-commit hook."""
    version = register.staged()
    changed = register.store.staged_changes(list(register.config.record_folders))
    named = {id_of_path(path) for path in changed}
    chosen = {path for path in changed if path in version.files}
    if named:
        chosen |= {
            path
            for path, facts in version.index.items()
            if any(target in named for _, target, _ in facts.references)
        }
    problems = version.problems_of(id_of_path(path) for path in sorted(chosen))
    return Validation(records=len(chosen), problems=problems)


def _chosen_files(version: Version, paths: list[str], base: Path) -> set[str]:
    every = set(version.files)
    if not paths:
        return every
    chosen: set[str] = set()
    root = version.register.root.resolve()
    for given in paths:
        target = (base / given).resolve()
        if not target.is_relative_to(root):
            raise UsageError(f"{given} is outside the register at {root}")
        relative = target.relative_to(root).as_posix()
        if relative in (".", ""):
            return every
        matched = {p for p in every if p == relative or p.startswith(relative.rstrip("/") + "/")}
        if not matched:
            raise UsageError(f"{given}: no record files there")
        chosen |= matched
    return chosen
