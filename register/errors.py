"""The one family of errors the package raises, each carrying the exit code the CLI gives it."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_FINDINGS = 1
EXIT_USAGE = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one record, where it is: what `validate` reports."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "column": self.column, "message": self.message}


class RegisterError(Exception):
    """Anything that stops a command; `exit_code` says how the CLI ends."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidRecord(RegisterError):
    """One or more records break their schema or refer to records that are not there."""

    exit_code = EXIT_FINDINGS

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class RefusedInput(InvalidRecord):
    """Invalid records handed to a command that changes the register: refused, nothing written."""

    exit_code = EXIT_USAGE


class UsageError(RegisterError):
    """The command was asked for something it cannot do as asked."""


class NotFound(RegisterError):
    """No register here, or no record with that id."""


class BadRef(RegisterError):
    """A version (commit, tag, branch, date) that git cannot resolve."""


class Busy(RegisterError):
    """Another command or git itself holds the register's lock."""


class GitFailed(RegisterError):
    """git refused or failed; the message is git's own, made plain."""
