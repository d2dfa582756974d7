"""Validating the register as it stands in the working tree: each record, then the links between them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InvalidRecord, Problem, RefusedInput, UsageError
from .ids import check_id, id_of_path
from .records import Record, parse_record
from .store import Store
from .validation import check_records, reference_problems, schema_problems


@dataclass(frozen=True)
class ValidationReport:
    records: int
    problems: list[Problem]

    @property
    def valid(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "records": self.records,
            "problems": [problem.as_json() for problem in self.problems],
        }


def load_working(store: Store) -> tuple[dict[str, Record], list[Problem]]:
    """Every record file parsed; files that cannot be read become problems instead."""
    records: dict[str, Record] = {}
    problems: list[Problem] = []
    for path in store.record_paths():
        try:
            records[id_of_path(path)] = store.read_working(path)
        except InvalidRecord as error:
            problems.extend(error.problems)
    return records, problems


def _unnameable(records: dict[str, Record]) -> list[Problem]:
    """Files whose names cannot be typed as record ids (capitals, spaces): commands could not reach them."""
    problems = []
    for record in records.values():
        try:
            check_id(record.id)
        except UsageError:
            problems.append(
                Problem(
                    record.source,
                    1,
                    1,
                    "the file's name cannot be used as a record id: rename it "
                    "with lower-case letters, digits and hyphens (git mv OLD NEW)",
                )
            )
    return problems


def load_at(store: Store, commit: str) -> tuple[dict[str, Record], list[Problem]]:
    """Every record file at a commit, parsed; read through one git process."""
    records: dict[str, Record] = {}
    problems: list[Problem] = []
    with store.blobs() as reader:
        for path, blob in store.files_at(commit).items():
            try:
                record = parse_record(
                    id_of_path(path), f"{path}@{commit[:7]}", reader.read(blob) or b"", blob
                )
            except InvalidRecord as error:
                problems.extend(error.problems)
            else:
                records[record.id] = record
    return records, problems


def validate_register(store: Store, paths: Iterable[str] = (), base: Path | None = None) -> ValidationReport:
    """Check every record, reporting on those under `paths` (files or folders, relative to `base`,
    the folder the command was run in; all records when there are none)."""
    chosen = _chosen_files(store, list(paths), base or Path.cwd())
    records, problems = load_working(store)
    _, schema = check_records(list(records.values()), store.cache)
    problems += schema + reference_problems(records) + _unnameable(records)
    problems = sorted({p for p in problems if p.path in chosen})
    return ValidationReport(len(chosen), problems)


def refuse_invalid(store: Store, changed: list[Record]) -> None:
    """Refuse (exit 2, nothing written) records that a command is about to commit, if invalid."""
    problems = validate_with(store, changed)
    if problems:
        raise RefusedInput(problems)


def validate_with(store: Store, changed: list[Record]) -> list[Problem]:
    """Problems of `changed` records, checked against the working tree with them in place."""
    records, _ = load_working(store)
    records.update({record.id: record for record in changed})
    problems = [p for record in changed for p in schema_problems(record)]
    if problems:
        return problems
    return reference_problems(records, only=changed)


def _chosen_files(store: Store, paths: list[str], base: Path) -> set[str]:
    every = store.record_paths()
    if not paths:
        return set(every)
    chosen: set[str] = set()
    for given in paths:
        relative = _relative(store, given, base)
        matched = {p for p in every if p == relative or p.startswith(relative.rstrip("/") + "/")}
        if not matched and relative not in (".", ""):
            raise UsageError(f"{given}: no record files there")
        chosen |= matched if relative not in (".", "") else set(every)
    return chosen


def _relative(store: Store, given: str, base: Path) -> str:
    target = (base / given).resolve()
    if not target.is_relative_to(store.root.resolve()):
        raise UsageError(f"{given} is outside the register at {store.root}")
    return target.relative_to(store.root.resolve()).as_posix()
