"""Paragraph numbering as the paper's house format says: 1, 2, 3 through the paper, or 1.1, 1.2
under numbered section headings, or none; recommendations a), (a), 1., (1), i) or (i) under the
paragraph that introduces them; lists 1), 2) under theirs; and bullets.

Word numbers a paragraph from a numbering definition (w:abstractNum) through an instance (w:num).
One multi-level definition carries the whole paper where paragraphs are numbered: a level restarts
after any paragraph of a higher level, so the recommendations under paragraph 3 start at a) again.
Where paragraphs are not numbered, each list is an instance of its own that starts at 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from ..papers.model import Numbering
from .xml import child, element

HANGING = 567  # twentieths of a point: 1 cm
_FORMATS = {
    "a)": ("lowerLetter", "%{})"),
    "(a)": ("lowerLetter", "(%{})"),
    "1.": ("decimal", "%{}."),
    "(1)": ("decimal", "(%{})"),
    "i)": ("lowerRoman", "%{})"),
    "(i)": ("lowerRoman", "(%{})"),
}
Level = tuple[str, str, int, int]  # number format, its text, indent from the left, hanging indent


@dataclass
class PaperNumbering:
    """Where each kind of numbered paragraph sits: the instance and level of its numbers."""

    document: Document
    levels: dict[str, tuple[int, int]]
    """By role (heading, numbered, recommendation, listed, bullet): (numId, level)."""
    separate_lists: dict[str, int] = field(default_factory=dict)
    """Roles whose every list starts at 1 in an instance of its own: role -> its definition."""

    def restart(self, role: str) -> int | None:
        """A new instance for a list of `role` that must start at 1 again, if the role needs one."""
        abstract = self.separate_lists.get(role)
        if abstract is None:
            return None
        numbering = self.document.part.numbering_part.element
        num_id = _next_num_id(numbering)
        num = child(numbering, "w:num", numId=str(num_id))
        child(num, "w:abstractNumId", val=str(abstract))
        override = child(num, "w:lvlOverride", ilvl="0")
        child(override, "w:startOverride", val="1")
        return num_id


def add_numbering(document: Document, numbering: Numbering) -> PaperNumbering:
    """The numbering definitions a paper needs, added to the document's numbering part."""
    part = document.part.numbering_part.element
    recommendation = _FORMATS[numbering.recommendations]
    bullets = _define(part, [("bullet", "•", HANGING * 2, HANGING)])
    if numbering.paragraphs == "none":
        made = PaperNumbering(document, {"bullet": (bullets, 0)})
        made.separate_lists = {
            "recommendation": _abstract(
                part, [(recommendation[0], recommendation[1].format(1), HANGING * 2, HANGING)]
            ),
            "listed": _abstract(part, [("decimal", "%1)", HANGING * 2, HANGING)]),
        }
        for role, abstract in made.separate_lists.items():
            made.levels[role] = (_instance(part, abstract), 0)
        return made
    if numbering.paragraphs == "continuous":
        roles = ["numbered", "recommendation", "listed"]
        levels: list[Level] = [
            ("decimal", "%1.", HANGING, HANGING),
            (recommendation[0], recommendation[1].format(2), HANGING * 2, HANGING),
            ("decimal", "%3)", HANGING * 2, HANGING),
        ]
    else:
        roles = ["heading", "numbered", "recommendation", "listed"]
        levels = [
            ("decimal", "%1.", HANGING, HANGING),
            ("decimal", "%1.%2", int(HANGING * 1.5), int(HANGING * 1.5)),
            (recommendation[0], recommendation[1].format(3), int(HANGING * 2.5), HANGING),
            ("decimal", "%4)", int(HANGING * 2.5), HANGING),
        ]
    paragraphs = _define(part, levels)
    found = {role: (paragraphs, level) for level, role in enumerate(roles)}
    return PaperNumbering(document, {**found, "bullet": (bullets, 0)})


def _define(numbering: BaseOxmlElement, levels: list[Level]) -> int:
    """A numbering definition and one instance of it: the instance's numId."""
    return _instance(numbering, _abstract(numbering, levels))


def _abstract(numbering: BaseOxmlElement, levels: list[Level]) -> int:
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=0) + 1
    abstract = element("w:abstractNum", abstractNumId=str(abstract_id))
    child(abstract, "w:multiLevelType", val="multilevel" if len(levels) > 1 else "singleLevel")
    for level, (format_, text, left, hanging) in enumerate(levels):
        lvl = child(abstract, "w:lvl", ilvl=str(level))
        child(lvl, "w:start", val="1")
        child(lvl, "w:numFmt", val=format_)
        child(lvl, "w:lvlText", val=text)
        child(lvl, "w:lvlJc", val="left")
        ppr = child(lvl, "w:pPr")
        child(ppr, "w:ind", left=str(left), hanging=str(hanging))
    first_num = numbering.find(qn("w:num"))  # every w:abstractNum must come before the first w:num
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    return abstract_id


def _instance(numbering: BaseOxmlElement, abstract_id: int) -> int:
    num_id = _next_num_id(numbering)
    num = child(numbering, "w:num", numId=str(num_id))
    child(num, "w:abstractNumId", val=str(abstract_id))
    return num_id


def _next_num_id(numbering: BaseOxmlElement) -> int:
    return max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0) + 1
