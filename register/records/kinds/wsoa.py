"""A Written Statement of Action: the areas of significant weakness an inspection found, and the work on each."""

from typing import Literal

from pydantic import Field

from .common import (
    Action,
    ActionStatus,
    Date,
    ItemId,
    Link,
    RecordBase,
    Strict,
    Text,
    YearMonth,
)


class Inspection(Strict):
    inspectorates: list[Text] = Field(min_length=1)
    """e.g. Ofsted and CQC."""
    framework: Text
    month: YearMonth
    """When the inspection took place, as YYYY-MM."""
    outcome: Text | None = None


class Evidence(Strict):
    """Evidence of progress, or of impact, against an area of weakness."""

    kind: Literal["progress", "impact"]
    text: Text
    date: Date | None = None


class Area(Strict):
    """One area of significant weakness."""

    id: ItemId
    title: Text
    description: Text | None = None
    status: ActionStatus = "not started"
    actions: list[Action] = []
    evidence: list[Evidence] = []
    illustrative: Text | None = None


class Wsoa(RecordBase):
    kind: Literal["wsoa"]
    inspection: Inspection
    responsible: list[Text] = Field(min_length=1)
    """The bodies that must address the weaknesses, e.g. the local authority and the CCGs."""
    monitored_by: Text
    published_on: list[Link] = []
    status: Literal["draft", "published", "closed"] = "draft"
    """Where the statement stands: draft, published, or closed once the inspectorates are satisfied."""
    areas: list[Area] = Field(min_length=1)
