"""Text inside a paragraph: runs, line breaks, hyperlinks, and tracked insertions and deletions."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph as DocxParagraph

from ..errors import UsageError
from ..papers.model import Change, Span
from .xml import child, element

_FORBIDDEN = re.compile("[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LINE_BREAK = re.compile("[\n\x0b]")
SAFE_LINK = re.compile(r"^(https?://|mailto:(?![^?]*\?.*attach))", re.IGNORECASE)
"""The only links a paper makes: web pages, and mail without an attached file."""


class RunWriter:
    """Writes spans; numbers tracked changes uniquely across the whole document."""

    def __init__(self) -> None:
        self._change_ids = itertools.count(1)

    def write(self, paragraph: DocxParagraph, spans: tuple[Span, ...]) -> None:
        for span in spans:
            _check(span.text)
            run = _run(span)
            holder = self._tracked(span.change, run) if span.change else run
            if span.link and SAFE_LINK.match(span.link):
                link = self._hyperlink(paragraph, span.link)
                link.append(holder)
                holder = link
            paragraph._p.append(holder)

    def mark(self, change: Change) -> BaseOxmlElement:
        """A bare <w:ins/> or <w:del/> marker for a paragraph mark or a table row."""
        return element(
            f"w:{change.kind}", id=str(next(self._change_ids)), author=change.author, date=_when(change.date)
        )

    def _tracked(self, change: Change, run: BaseOxmlElement) -> BaseOxmlElement:
        wrapper = self.mark(change)
        if change.kind == "del":
            for text in run.findall(qn("w:t")):
                text.tag = qn("w:delText")
        wrapper.append(run)
        return wrapper

    @staticmethod
    def _hyperlink(paragraph: DocxParagraph, url: str) -> BaseOxmlElement:
        relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = element("w:hyperlink", history="1")
        link.set(qn("r:id"), relation)
        return link


def _run(span: Span) -> BaseOxmlElement:
    run = element("w:r")
    properties = child(run, "w:rPr")
    if span.link and SAFE_LINK.match(span.link):
        child(properties, "w:rStyle", val="Hyperlink")
    if span.bold:
        child(properties, "w:b")
    if span.italic:
        child(properties, "w:i")
    if span.caps:
        child(properties, "w:caps")
    if not len(properties):
        run.remove(properties)
    for number, piece in enumerate(_LINE_BREAK.split(span.text)):
        if number:
            child(run, "w:br")
        if piece:
            text = child(run, "w:t")
            text.text = piece
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _check(text: str) -> None:
    bad = _FORBIDDEN.search(text)
    if bad:
        raise UsageError(
            f"the text {text[:40]!r} holds control character U+{ord(bad.group()):04X}, which a Word document "
            "cannot hold: remove it from the record"
        )


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
