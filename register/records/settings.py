"""What a register's `register.yaml` may say, as strict models: unknown keys are errors, and
every setting has the strictest reading as its default."""

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from .strict import Strict, Text

FolderName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
RegisterPath = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
_HOUSE = re.compile(r"^([a-z0-9][a-z0-9_-]*|[A-Za-z0-9][A-Za-z0-9._/-]*\.yaml)$")


def _house_name(name: str) -> str:
    if not _HOUSE.match(name) or ".." in name.split("/"):
        raise ValueError(
            f"'{name}' is not a house format's name: give a name such as seed or cover, or a .yaml "
            "file inside templates/ such as houses/my-council.yaml"
        )
    return name


HouseName = Annotated[str, AfterValidator(_house_name)]
BodyType = Literal["executive", "scrutiny", "council", "partner board", "committee"]
FINAL_BODIES: tuple[BodyType, ...] = ("executive", "council")


class ApprovalPolicy(Strict):
    """How approvals are proven."""

    allowed_signers: RegisterPath | None = None
    """A file in the register, in git's allowed_signers format: the keys whose signatures count (read at HEAD)."""
    require_signed: bool = False
    """Verify as if --require-signed were given: an approval must be signed by an allowed key."""
    require_signed_since: dt.date | None = None
    """Approvals committed before this day need no signature."""
    final_bodies: list[BodyType] = Field(default_factory=lambda: list(FINAL_BODIES))
    """Body types whose approval makes a record policy."""
    signers: dict[Text, list[Text]] = {}
    """Who may sign each body's approvals: a body type (executive) or a body's name (Cabinet) -> principals."""


Jurisdiction = Literal["england", "wales", "scotland", "northern-ireland"]


class ClearDays(Strict):
    """Which days count as clear days between a publication and a meeting (the day of each never
    does). The strictest reading, the default, counts neither weekends nor bank holidays."""

    weekends: bool = False
    """Do Saturdays and Sundays count as clear days?"""
    bank_holidays: bool = False
    """Do bank holidays (and the council's closure days) count as clear days?"""


class CallIn(Strict):
    """The council's call-in rules (Local Government Act 2000 s9F and its constitution)."""

    publish_within: int = Field(default=2, ge=0, le=30)
    """Working days from a decision to the publication of its decision notice."""
    period: int = Field(default=5, ge=1, le=30)
    """Working days after the notice's publication before the decision may be implemented."""


class Calendar(Strict):
    """The council's own calendar, which every statutory deadline is counted on."""

    jurisdiction: Jurisdiction = "england"
    """Whose bank holidays: england, wales, scotland or northern-ireland."""
    clear_days: ClearDays = Field(default_factory=ClearDays)
    call_in: CallIn = Field(default_factory=CallIn)
    closures: list[dt.date] = []
    """Extra days the council is closed (a Christmas closure): never working days."""
    key_decision_threshold: float | None = Field(default=None, ge=0)
    """Pounds spent or saved from which a decision is key (reg 8); None: the council has set none."""


class Settings(Strict):
    """The register's settings (register.yaml)."""

    council: Text = "The Council"
    address: Text | None = None
    """Where the council's documents can be had: printed in notices and the forward plan."""
    email: Text | None = None
    house: HouseName | None = None
    """The house format of the papers: a shipped name (seed, cover), the name of a format kept in
    templates/houses/, or a .yaml file in templates/. None: templates/report.yaml where a register
    of the first release has one, else seed."""
    record_folders: list[FolderName] = Field(default_factory=lambda: ["strategy", "decisions"], min_length=1)
    """Folders whose .yaml files are records (a record's id is its path without .yaml)."""
    approvals: ApprovalPolicy = Field(default_factory=ApprovalPolicy)
    calendar: Calendar = Field(default_factory=Calendar)
