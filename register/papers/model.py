"""The paper model: what a Word document says, with no knowledge of Word.

Builders in this package make it from records; `register.word` alone turns it into .docx.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Role = Literal[
    "title",  # the paper's title, once, at the top
    "subtitle",  # lines of the heading block under the title
    "body",  # an unnumbered paragraph
    "numbered",  # a numbered paragraph: 1, 2, 3 … or 1.1, 1.2 …, as the paper's numbering says
    "recommendation",  # a), 1. … (as the paper's numbering says) under the paragraph before it
    "listed",  # 1), 2) … under the paragraph before it
    "bullet",  # a bulleted list item
    "note",  # a small note, e.g. what is illustrative
    "contact",  # a line of an officer's contact details
    "detail",  # a labelled line of a report's heading block: "Key decision: Yes"
    "caption",  # what the table after it holds, shown above it
]


ParagraphNumbering = Literal["continuous", "sections", "none"]
RecommendationNumbering = Literal["a)", "(a)", "1.", "(1)", "i)", "(i)"]


@dataclass(frozen=True)
class Numbering:
    """How a paper numbers its paragraphs: 1, 2, 3 through the paper (continuous), 1.1, 1.2
    under numbered section headings (sections), or not at all (none); and its recommendations."""

    paragraphs: ParagraphNumbering = "continuous"
    recommendations: RecommendationNumbering = "a)"


@dataclass(frozen=True)
class Change:
    """A tracked change: Word shows it struck through (deleted) or underlined (inserted)."""

    kind: Literal["ins", "del"]
    author: str
    date: dt.datetime


@dataclass(frozen=True)
class Span:
    text: str
    link: str | None = None
    bold: bool = False
    italic: bool = False
    change: Change | None = None
    caps: bool = False  # shown in capitals; the words stay as written, for search and screen readers


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1, 2 or 3; the builders never skip a level
    spans: tuple[Span, ...] = ()  # when given, the heading's words (with any tracked changes)
    numbered: bool = False  # a numbered section heading (1., 2. …) when paragraphs number by section

    def words(self) -> tuple[Span, ...]:
        return self.spans or (Span(self.text),)


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]
    role: Role = "body"
    keep_with_next: bool = False


@dataclass(frozen=True)
class Table:
    caption: str  # read aloud by screen readers; says what the table holds
    header: tuple[str, ...]
    rows: tuple[tuple[tuple[Span, ...], ...], ...]
    row_changes: tuple[Change | None, ...] = ()  # a body row inserted or deleted as a whole


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Picture:
    """An image (PNG) in a paragraph of its own, with the words a screen reader says for it."""

    png: bytes
    alt: str  # the alternative text: what the picture shows, figures included
    title: str
    width_cm: float = 15.0


Block = Heading | Paragraph | Table | PageBreak | Picture


@dataclass
class Paper:
    """A whole document: its blocks and the properties a reader, a search and an auditor use."""

    title: str
    subject: str
    author: str
    blocks: list[Block] = field(default_factory=list)
    keywords: str = ""
    category: str = ""
    header_notice: str | None = None  # printed at the top of every page (exempt copies)
    footer_note: str = ""  # printed at the foot of every page
    properties: dict[str, str] = field(default_factory=dict)  # custom document properties
    created: dt.datetime | None = None
    numbering: Numbering = field(default_factory=Numbering)
    captions: bool = True  # each table's caption shown above it

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


def text(value: str, **style: bool) -> tuple[Span, ...]:
    """Spans for a piece of record text; `[words](https://…)` becomes a link on those words."""
    from .inline import spans_of

    return spans_of(value, **style)


def para(value: str, role: Role = "body", keep_with_next: bool = False) -> Paragraph:
    return Paragraph(text(value), role, keep_with_next)
