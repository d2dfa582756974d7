"""Paragraph numbering: 1, 2, 3 … through the whole paper, a), b) and 1), 2) under a number, and bullets."""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from .xml import child, element

HANGING = 567  # twentieths of a point: 1 cm
LEVELS = [("decimal", "%1."), ("lowerLetter", "%2)"), ("decimal", "%3)")]


def add_numbering(document: Document) -> tuple[int, int]:
    """Two numbering instances added to the document: (numbered paragraphs, bullets)."""
    numbering = document.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    first_abstract = max(abstract_ids, default=0) + 1
    first_num = max(num_ids, default=0) + 1
    _insert_abstract(numbering, _paragraph_levels(first_abstract))
    _insert_abstract(numbering, _bullet_levels(first_abstract + 1))
    for offset in (0, 1):
        num = child(numbering, "w:num", numId=str(first_num + offset))
        child(num, "w:abstractNumId", val=str(first_abstract + offset))
    return first_num, first_num + 1


def _insert_abstract(numbering: BaseOxmlElement, abstract: BaseOxmlElement) -> None:
    """Every w:abstractNum must come before the first w:num."""
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)


def _paragraph_levels(abstract_id: int) -> BaseOxmlElement:
    abstract = element("w:abstractNum", abstractNumId=str(abstract_id))
    child(abstract, "w:multiLevelType", val="multilevel")
    for level, (format_, text) in enumerate(LEVELS):
        _level(abstract, level, format_, text, left=HANGING * (2 if level else 1))
    return abstract


def _bullet_levels(abstract_id: int) -> BaseOxmlElement:
    abstract = element("w:abstractNum", abstractNumId=str(abstract_id))
    child(abstract, "w:multiLevelType", val="singleLevel")
    _level(abstract, 0, "bullet", "•", left=HANGING * 2)
    return abstract


def _level(abstract: BaseOxmlElement, level: int, format_: str, text: str, left: int) -> None:
    lvl = child(abstract, "w:lvl", ilvl=str(level))
    child(lvl, "w:start", val="1")
    child(lvl, "w:numFmt", val=format_)
    child(lvl, "w:lvlText", val=text)
    child(lvl, "w:lvlJc", val="left")
    ppr = child(lvl, "w:pPr")
    child(ppr, "w:ind", left=str(left), hanging=str(HANGING))
