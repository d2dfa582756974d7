"""What a register's `register.yaml` may say, as strict models: unknown keys are errors, and
every setting has the strictest reading as its default."""

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .kinds.common import Strict, Text

FolderName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
RegisterPath = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
BodyType = Literal["executive", "scrutiny", "council", "partner board", "committee"]
FINAL_BODIES: tuple[BodyType, ...] = ("executive", "council")


class ApprovalPolicy(Strict):
    """How approvals are proven."""

    allowed_signers: RegisterPath | None = None
    """A file in the register, in git's allowed_signers format: the keys whose signatures count (read at HEAD)."""
    require_signed: bool = False
    """Verify as if --require-signed were given: an approval must be signed by an allowed key."""
    require_signed_since: dt.date | None = None
    """Approvals decided before this date need no signature."""
    final_bodies: list[BodyType] = Field(default_factory=lambda: list(FINAL_BODIES))
    """Body types whose approval makes a record policy."""
    signers: dict[Text, list[Text]] = {}
    """Who may sign each body's approvals: a body type (executive) or a body's name (Cabinet) -> principals."""


class Settings(Strict):
    """The register's settings (register.yaml)."""

    council: Text = "The Council"
    record_folders: list[FolderName] = Field(default_factory=lambda: ["strategy", "decisions"], min_length=1)
    """Folders whose .yaml files are records (a record's id is its path without .yaml)."""
    approvals: ApprovalPolicy = Field(default_factory=ApprovalPolicy)
