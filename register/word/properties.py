"""Document properties: title, author, subject and language for readers; the register commit for auditors."""

from __future__ import annotations

import datetime as dt

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from ..papers.model import Paper
from .styles import LANGUAGE

_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FORMAT_ID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def set_properties(document: Document, paper: Paper) -> None:
    core = document.core_properties
    moment = (paper.created or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None)
    core.title = capped(paper.title)
    core.subject = capped(paper.subject)
    core.author = capped(paper.author)
    core.last_modified_by = capped(paper.author)
    core.keywords = capped(paper.keywords)
    core.category = capped(paper.category)
    core.comments = capped(paper.footer_note)
    core.language = LANGUAGE
    core.identifier = capped(paper.properties.get("RegisterCommit", ""))
    core.created = core.modified = moment
    core.revision = 1
    _custom_properties(document, paper.properties)
    _drop_thumbnail(document)


CORE_LIMIT = 255  # Word's limit for a core property; the paper's body keeps the whole text


def capped(text: str) -> str:
    """`text` cut to what a core document property may hold, said with an ellipsis."""
    return text if len(text) <= CORE_LIMIT else text[: CORE_LIMIT - 1] + "…"


def escape(text: str) -> str:
    """XML-escaped text (xml.sax.saxutils would pull in urllib and http for this)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _custom_properties(document: Document, values: dict[str, str]) -> None:
    package = document.part.package
    entries = "".join(
        f'<property fmtid="{_FORMAT_ID}" pid="{pid}" name="{escape(name)}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(sorted(values.items()), start=2)
    )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{_CUSTOM}" xmlns:vt="{_TYPES}">{entries}</Properties>'
    for relation in list(package.rels.values()):
        if relation.reltype == RELATIONSHIP_TYPE.CUSTOM_PROPERTIES:
            package.rels.pop(relation.rId)
    part = Part(
        PackURI("/docProps/custom.xml"), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, xml.encode("utf-8"), package
    )
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


def _drop_thumbnail(document: Document) -> None:
    """The default template's thumbnail shows another document's first page in file browsers."""
    package = document.part.package
    for relation in list(package.rels.values()):
        if relation.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            package.rels.pop(relation.rId)
