"""A decision: one agenda item of one body on one date, its report, and once made, its outcome."""

from typing import Annotated, Literal, get_args

from pydantic import (
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..strict import Strict, Text
from ..wording import long_date
from .common import Date, Exempt, RecordBase, RecordId, Url

Outcome = Literal["approved", "rejected", "deferred", "noted"]
OUTCOMES: tuple[str, ...] = get_args(Outcome)
BodyType = Literal["executive", "scrutiny", "council", "partner board", "committee"]


class ListParagraph(Strict):
    """A paragraph that introduces a list, as the seed's paragraph 16 lists the priorities."""

    text: Text
    items: list[Text] = Field(min_length=1)


class PrioritiesParagraph(Strict):
    """A paragraph followed by the priorities of a strategy, read from the strategy record."""

    text: Text
    priorities_of: RecordId


def _paragraph_kind(value: object) -> str:
    """Which kind of paragraph: from a file's data when validating, from the model when writing."""
    if isinstance(value, dict):
        return "priorities" if "priorities_of" in value else "list"
    if isinstance(value, PrioritiesParagraph):
        return "priorities"
    return "list" if isinstance(value, ListParagraph) else "text"


Paragraph = Annotated[
    Annotated[Text, Tag("text")]
    | Annotated[ListParagraph, Tag("list")]
    | Annotated[PrioritiesParagraph, Tag("priorities")],
    Discriminator(_paragraph_kind),
]


class Officer(Strict):
    name: Text
    role: Text
    telephone: Text | None = None
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None


class Legislation(Strict):
    """A statute the report rests on: '{provision} of the {act} {effect}.'"""

    act: Text
    provision: Text | None = None
    effect: Text


class PolicyFramework(Strict):
    legislation: list[Legislation] = []
    previous_decisions: list[RecordId] = []
    """Earlier decisions in this register; their sentences are written from those records."""
    paragraphs: list[Paragraph] = []


class Section(Strict):
    """A section of the officer's own: a heading and paragraphs, or a decision whose comments it reports."""

    heading: Text
    paragraphs: list[Paragraph] = []
    comments_of: RecordId | None = None
    """A decision (e.g. Scrutiny's) whose meeting, comments and requests this section reports."""
    exempt: Exempt | None = None


class Equality(Strict):
    screening: RecordId | None = None
    """The EHRIA screening this section is written from."""
    paragraphs: list[Paragraph] = []


class BackgroundPaper(Strict):
    """A decision in this register (its report is the paper), or a paper named by title and link."""

    decision: RecordId | None = None
    title: Text | None = None
    url: Url | None = None

    @model_validator(mode="after")
    def _names_a_paper(self) -> "BackgroundPaper":
        if self.decision is None and self.title is None and self.url is None:
            raise ValueError("a background paper needs a decision, or a title or a web address")
        return self


AppendixLetter = Annotated[str, StringConstraints(pattern=r"^([A-Z]{1,2}|[0-9]{1,2})$")]
RegisterFile = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")]


class Appendix(Strict):
    """An appendix, lettered as the officer letters it: a record of the register (written out as
    a paper), a file kept in the register (PDF, Word, spreadsheet), or a link."""

    letter: AppendixLetter | None = None
    """A, B … (or 1, 2 …), as the report letters it; none where there is one appendix."""
    title: Text | None = None
    """What the appendix is; a record's own title when not given."""
    record: RecordId | None = None
    file: RegisterFile | None = None
    """A file kept in the register, e.g. appendices/2025-01-23-costs.xlsx."""
    url: Url | None = None
    exempt: Exempt | None = None

    @field_validator("file")
    @classmethod
    def _inside(cls, file: str | None) -> str | None:
        if file is not None and ".." in file.split("/"):
            raise ValueError(f"{file} points outside the register: name a file inside it")
        return file

    @model_validator(mode="after")
    def _one_source(self) -> "Appendix":
        given = [name for name in ("record", "file", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("an appendix is one of: a record, a file or a url")
        if self.record is None and self.title is None:
            raise ValueError("an appendix that is a file or a link needs a title")
        return self


class Recommendations(Strict):
    intro: Text | None = None
    """The words before the lettered recommendations; the house format's own when not given."""
    items: list[Text] = []


class ForwardPlan(Strict):
    """The decision's entry in the forward plan of key decisions."""

    reference: Text | None = None
    """The plan's reference for the item, e.g. FP/2022/017."""
    title: Text | None = None
    url: Url | None = None


class Report(Strict):
    """The report to the meeting: each part by the role it plays; the register's house format
    decides the order, the headings, the parts and the numbering."""

    of: Text | None = None
    """Whose report it is: 'the Director of Children and Family Services' (needed before the report is made)."""
    purpose: list[Paragraph] = []
    recommendations: Recommendations = Field(default_factory=Recommendations)
    reasons: list[Paragraph] = []
    """Reasons for the recommendations."""
    alternatives: list[Paragraph] = []
    """Alternative options considered, and why they were not recommended."""
    timetable: list[Paragraph] = []
    """Said after the sentences written from the decisions in the decision's `timetable`."""
    policy_framework: PolicyFramework = Field(default_factory=PolicyFramework)
    financial: list[Paragraph] = []
    legal: list[Paragraph] = []
    resources: list[Paragraph] = []
    """Resource implications (where a house format does not split them into financial and legal)."""
    equality: Equality = Field(default_factory=Equality)
    risk: list[Paragraph] = []
    climate: list[Paragraph] = []
    """Climate and environmental implications."""
    consultation: list[Paragraph] = []
    circulation: list[Paragraph] = []
    """Circulation to members, e.g. under a Local Issues Alert Procedure."""
    background: list[Paragraph] = []
    sections: list[Section] = []
    """The officer's own sections, in order."""
    partnership_working: list[Paragraph] = []
    appendices: list[Appendix] = []
    background_papers: list[BackgroundPaper] = []
    contacts: list[Officer] = []
    """Officers to contact."""

    @field_validator("appendices")
    @classmethod
    def _lettered(cls, appendices: list[Appendix]) -> list[Appendix]:
        letters = [a.letter for a in appendices]
        if len(appendices) > 1 and None in letters:
            raise ValueError("with more than one appendix, each needs its letter (A, B …)")
        twice = sorted(
            {str(letter) for letter in letters if letter is not None and letters.count(letter) > 1}
        )
        if twice:
            raise ValueError(f"appendix {twice[0]} is lettered twice")
        return appendices


class ConflictOfInterest(Strict):
    member: Text
    interest: Text
    dispensation: Text | None = None
    """The dispensation granted by the Standards Committee, if any."""


class DecisionOutcome(Strict):
    """What was decided, recorded as regulation 12(2) of the 2012 Executive Arrangements Regulations requires."""

    decision: Outcome
    date: Date
    resolution: list[Text] = []
    """The resolution as minuted, one item per lettered point."""
    reasons: list[Text] = []
    alternatives_rejected: list[Text] = []
    conflicts_of_interest: list[ConflictOfInterest] = []


class Comment(Strict):
    by: Text
    text: Text


class FollowUp(Strict):
    request: Text
    """What was asked for, as a phrase: 'a progress update in a year's time'."""
    by: Text | None = None
    due: Date | None = None
    done: Date | None = None
    """The day it was done: `register check` says whether that was by the day it was due."""


class Notices(Strict):
    """When each notice was published: the dates the statutory clock runs from."""

    forward_plan: Date | None = None
    """The notice of a key decision in the forward plan (reg 9: 28 clear days before)."""
    general_exception: Date | None = None
    """The general exception notice, where 28 clear days were impracticable (reg 10: 5 clear days)."""
    special_urgency: Date | None = None
    """The special urgency notice of reasons (reg 11)."""
    agenda: Date | None = None
    """The agenda and report open to inspection (Local Government Act 1972 s100B: 5 clear days)."""
    decision: Date | None = None
    """The record of the decision published (reg 12); the call-in period runs from it."""


class Urgency(Strict):
    """Why the decision could not wait: said in a general exception or special urgency notice."""

    reasons: Text
    chair: Text | None = None
    """The chair of the scrutiny committee told (reg 10), or who agreed (reg 11)."""
    agreed: Date | None = None
    """When the chair agreed that the decision could not reasonably be deferred (reg 11)."""


class ApprovedVersion(Strict):
    """The exact version of a record this decision approved: written by `register decide`."""

    record: RecordId
    commit: Annotated[str, Field(pattern=r"^[0-9a-f]{40}$")]
    fingerprint: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]


class Decision(RecordBase):
    kind: Literal["decision"]
    body: Text
    """The meeting: Cabinet, an Overview and Scrutiny Committee, County Council, a partner board."""
    body_type: BodyType
    meeting_date: Date
    described_as: Text | None = None
    """How other papers name what this item considered: 'the draft Strategy'."""
    key_decision: bool = False
    value: int | float | None = Field(default=None, ge=0)
    """Pounds spent or saved: a decision at or over the council's threshold is key (reg 8)."""
    forward_plan: ForwardPlan | None = None
    """The decision's entry in the forward plan: its reference and where it is published."""
    notices: Notices | None = None
    urgency: Urgency | None = None
    call_in: bool = False
    """Is the decision subject to call-in?"""
    wards: list[Text] = []
    """Wards affected (all wards: say so in words)."""
    considers: list[RecordId] = []
    approves: list[RecordId] = []
    """Records the recommendation asks this body to approve."""
    timetable: list[RecordId] = []
    """Other decisions on the same matter (e.g. Scrutiny's) that the report's timetable names."""
    report_url: Url | None = None
    report: Report | None = None
    outcome: DecisionOutcome | None = None
    comments: list[Comment] = []
    follow_ups: list[FollowUp] = []
    approved_versions: list[ApprovedVersion] = []
    """Written by `register decide`, and never edited after: each is a fact of the register's history."""

    @field_validator("approved_versions")
    @classmethod
    def _only_what_was_approved(
        cls, pins: list[ApprovedVersion], info: ValidationInfo
    ) -> list[ApprovedVersion]:
        outcome = info.data.get("outcome")
        if pins and (outcome is None or outcome.decision != "approved"):
            said = "no outcome yet" if outcome is None else f"its outcome is '{outcome.decision}'"
            raise ValueError(f"only a decision whose outcome is 'approved' can pin versions, and {said}")
        records = [pin.record for pin in pins]
        twice = sorted({record for record in records if records.count(record) > 1})
        if twice:
            raise ValueError(f"{twice[0]} is pinned twice: a decision approves one version of a record")
        return pins

    @property
    def label(self) -> str:
        """How people name a decision: 'Cabinet, 18 September 2020'."""
        return f"{self.body}, {long_date(self.meeting_date)}"
