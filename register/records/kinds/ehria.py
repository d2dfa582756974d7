"""An Equality and Human Rights Impact Assessment (EHRIA) screening."""

from typing import Literal

from pydantic import Field

from ..strict import Strict, Text
from .common import Date, RecordBase, RecordId

Impact = Literal["positive", "neutral", "negative", "mixed", "not known"]


class Assessment(Strict):
    impact: Impact
    evidence: Text


class Characteristics(Strict):
    """The nine protected characteristics of the Equality Act 2010, each assessed."""

    age: Assessment
    disability: Assessment
    gender_reassignment: Assessment
    marriage_and_civil_partnership: Assessment
    pregnancy_and_maternity: Assessment
    race: Assessment
    religion_or_belief: Assessment
    sex: Assessment
    sexual_orientation: Assessment


class Conclusion(Strict):
    full_ehria_required: bool
    """Is a full EHRIA needed? (true or false)"""
    summary: Text
    """What the screening concluded, as a clause: 'the Strategy is expected to have a positive impact'."""


class Ehria(RecordBase):
    kind: Literal["ehria"]
    screens: RecordId
    """The record screened, e.g. strategy/send-inclusion-2020-2023."""
    screened_on: Date
    screened_by: list[Text] = Field(min_length=1)
    status: Literal["draft", "complete", "superseded"] = "draft"
    characteristics: Characteristics
    human_rights: Text | None = None
    conclusion: Conclusion
