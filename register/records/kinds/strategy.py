"""A strategy and its action plan: priorities, each with actions."""

from typing import Literal

from pydantic import Field, model_validator

from ..strict import Strict, Text
from .common import Action, ItemId, Link, RecordBase, RecordId, RecordStatus


class Period(Strict):
    start: int = Field(ge=1990, le=2100)
    """First year, e.g. 2020."""
    end: int = Field(ge=1990, le=2100)
    """Last year, e.g. 2023."""

    @model_validator(mode="after")
    def _ends_after_start(self) -> "Period":
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self


class Priority(Strict):
    id: ItemId
    title: Text
    summary: Text | None = None
    actions: list[Action] = []
    illustrative: Text | None = None


class Monitoring(Strict):
    board: Text
    """Who monitors delivery, e.g. the SEND and Inclusion Board."""
    reports_to: list[Text] = []
    progress_updates: list[Text] = []
    """Promised progress reports, e.g. to a Scrutiny committee."""
    published_on: list[Link] = []


class Strategy(RecordBase):
    kind: Literal["strategy"]
    short_title: Text | None = None
    period: Period
    owner: Text
    """The body that owns the strategy."""
    partners: list[Text] = []
    status: RecordStatus
    """Where the strategy stands: draft, consultation, approved or superseded."""
    supersedes: RecordId | None = None
    """The strategy this one replaces."""
    responds_to: list[RecordId] = []
    """Written Statements of Action whose areas this strategy takes up."""
    review_cycle: Literal["annual", "biennial", "none"] = "annual"
    age_range: Text | None = None
    summary: Text | None = None
    document: Link | None = None
    """Where the published strategy document can be read."""
    priorities: list[Priority] = []
    monitoring: Monitoring | None = None
