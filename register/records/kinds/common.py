"""Building blocks shared by every record kind: ids, links, vocabularies (over `records.strict`)."""

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ..ids import ID_PATTERN
from ..strict import Strict, Text

ItemId = Annotated[
    str, StringConstraints(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
]
RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
YearMonth = Annotated[str, StringConstraints(pattern=r"^(1[89]|2[01])\d\d-(0[1-9]|1[0-2])$")]
Date = dt.date

RecordStatus = Literal["draft", "consultation", "approved", "superseded"]
ActionStatus = Literal["not started", "on track", "at risk", "off track", "complete"]


class Link(Strict):
    title: Text
    """The words a reader sees; they must say where the link goes."""
    url: Url | None = None


class Exempt(Strict):
    """Exempt information under Schedule 12A to the Local Government Act 1972: kept out of public papers."""

    paragraph: int = Field(ge=1, le=7)
    """The paragraph of Part 1 of Schedule 12A (1 to 7) that applies."""
    public_interest: Text
    """Why the public interest in keeping it exempt outweighs the interest in disclosing it."""
    review_by: Date | None = None
    """When the exemption is to be reviewed: `register check` says when it is due, and overdue."""


class Action(Strict):
    """One action of an action plan, named by its id (e.g. '2.3')."""

    id: ItemId
    title: Text
    lead: Text | None = None
    """The officer, team or partner who leads it."""
    due: Date | None = None
    status: ActionStatus = "not started"
    outcomes: list[Text] = []
    """What will be different for children, young people and families."""
    measures: list[Text] = []
    """Performance measures that show progress."""
    progress: Text | None = None
    """The latest note of progress."""
    illustrative: Text | None = None
    """Says which parts of this item are made up for the example, not taken from a source."""


class RecordBase(Strict):
    """Keys every record has."""

    title: Text
    exempt: Exempt | None = None
    """Set when the whole record is exempt information."""
    illustrative: Text | None = None
    """Says which parts of this record are made up for the example, not taken from a source."""
