"""A council's .docx is taken for its styles, page set-up, headers and footers: nothing active and
nothing private comes with it into a public paper.

Refused before it is opened: a package that would expand to far more than a template holds (a zip
bomb). Dropped once it is open: macros, a remote attached template, mail-merge data sources,
external images and objects, fields that fetch or run things (INCLUDETEXT, INCLUDEPICTURE, DDE,
DDEAUTO, IMPORT, LINK), comments, footnotes and endnotes, custom XML, the template's own extended
properties (company, manager) and its status and version; links other than http, https and
mailto are kept as plain text.
"""

from __future__ import annotations

import io
import re
import zipfile

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from ..errors import UsageError

MAX_UNPACKED = 64 * 1024 * 1024  # a council's template with its logos is a few megabytes at most
MAX_ENTRIES = 2000
MAX_RATIO = 200  # unpacked size over packed size, for any entry larger than a few kilobytes

_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
_DROPPED_TYPES = {
    _VBA,
    RT.COMMENTS,
    RT.COMMENT_AUTHORS,
    RT.FOOTNOTES,
    RT.ENDNOTES,
    RT.CUSTOM_XML,
    RT.CUSTOM_XML_PROPS,
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
    "http://schemas.microsoft.com/office/2011/relationships/people",
}
_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
_ACTIVE_FIELD = re.compile(
    r"^\s*(INCLUDETEXT|INCLUDEPICTURE|DDEAUTO|DDE|IMPORT|LINK|INCLUDE)\b", re.IGNORECASE
)
_SAFE_LINK = re.compile(r"^(https?://|mailto:(?![^?]*\?.*\battach=))", re.IGNORECASE)
_R_ATTRIBUTES = tuple(qn(f"r:{name}") for name in ("id", "link", "embed", "pict", "href"))


def check_package(content: bytes, name: str) -> None:
    """Refuse a package whose contents would unpack to far more than a template's."""
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise UsageError(f"{name}: not a Word .docx file (it is not a zip package)") from None
    entries = package.infolist()
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED or any(_bomb(entry) for entry in entries):
        raise UsageError(
            f"{name}: the package would unpack to {unpacked / 1e6:,.0f} MB in {len(entries):,} parts, far more "
            "than a template holds: refused (it may be built to exhaust the machine)"
        )


def _bomb(entry: zipfile.ZipInfo) -> bool:
    return entry.file_size > 64 * 1024 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)


def sanitize(document: Document) -> None:
    """Strip from an opened template everything active or private (see the module's text)."""
    settings = document.settings.element
    for tag in ("w:attachedTemplate", "w:mailMerge", "w:footnotePr", "w:endnotePr", "w:docVars"):
        for found in settings.findall(qn(tag)):
            settings.remove(found)
    stories = {_HEADER, _FOOTER}
    for part in document.part.package.iter_parts():
        _drop_relationships(part)
        if part.content_type not in stories:
            _drop_external(part)
    for section in document.sections:
        for story in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if not story.is_linked_to_previous:
                _clean_story(story.part, story._element)
    _private_properties(document)


def _drop_relationships(part: Part) -> None:
    for rid, relation in list(part.rels.items()):
        if relation.reltype in _DROPPED_TYPES or relation.reltype == _ATTACHED_TEMPLATE:
            part.rels.pop(rid)


def _drop_external(part: Part) -> None:
    for rid, relation in list(part.rels.items()):
        if relation.is_external and relation.reltype != RT.HYPERLINK:
            part.rels.pop(rid)


def _clean_story(part: Part, element: BaseOxmlElement) -> None:
    """A header or footer: no field that fetches or runs, no external picture or object, no
    comment or note marker, only safe links."""
    for simple in element.iter(qn("w:fldSimple")):
        if _ACTIVE_FIELD.match(simple.get(qn("w:instr"), "")):
            simple.getparent().remove(simple)
    for paragraph in list(element.iter(qn("w:p"))):
        _drop_active_complex_fields(paragraph)
    for tag in ("w:commentRangeStart", "w:commentRangeEnd"):
        for found in list(element.iter(qn(tag))):
            found.getparent().remove(found)
    for tag in ("w:commentReference", "w:footnoteReference", "w:endnoteReference"):
        for found in list(element.iter(qn(tag))):
            holder = found.getparent() if found.getparent().tag == qn("w:r") else found
            holder.getparent().remove(holder)
    for custom in list(element.iter(qn("w:customXml"))):
        custom.getparent().remove(custom)
    unsafe = {rid for rid, rel in part.rels.items() if rel.is_external and not _safe(rel)}
    for found in list(element.iter()):
        if any(found.get(attribute) in unsafe for attribute in _R_ATTRIBUTES):
            _remove_reference(found)
    for rid in unsafe:
        part.rels.pop(rid, None)


def _safe(relation: object) -> bool:
    reltype = getattr(relation, "reltype", "")
    return reltype == RT.HYPERLINK and bool(_SAFE_LINK.match(getattr(relation, "target_ref", "")))


def _remove_reference(found: BaseOxmlElement) -> None:
    """A link that is not safe keeps its words; a picture or object from outside goes whole."""
    if found.tag == qn("w:hyperlink"):
        parent = found.getparent()
        for run in list(found):
            found.addprevious(run)
        parent.remove(found)
        return
    holder = found
    while holder.getparent() is not None and holder.tag not in (qn("w:r"), qn("w:p")):
        holder = holder.getparent()
    if holder.getparent() is not None:
        holder.getparent().remove(holder)


def _drop_active_complex_fields(paragraph: BaseOxmlElement) -> None:
    """Remove, whole, each field `begin … separate … end` whose instruction fetches or runs."""
    runs = [run for run in paragraph if run.tag == qn("w:r")]
    depth, start, doomed = 0, -1, []
    instruction = ""
    for index, run in enumerate(runs):
        mark = run.find(qn("w:fldChar"))
        kind = mark.get(qn("w:fldCharType")) if mark is not None else None
        if kind == "begin":
            depth += 1
            if depth == 1:
                start, instruction = index, ""
        elif depth >= 1:
            for text in run.iter(qn("w:instrText")):
                instruction += text.text or ""
            if kind == "end":
                depth -= 1
                if depth == 0 and _ACTIVE_FIELD.match(instruction):
                    doomed += runs[start : index + 1]
    for run in doomed:
        paragraph.remove(run)


def _private_properties(document: Document) -> None:
    """The template's own company, manager, status and version are not the paper's."""
    package = document.part.package
    for rid, relation in list(package.rels.items()):
        if relation.reltype in (RT.EXTENDED_PROPERTIES, RT.CUSTOM_XML, RT.CUSTOM_XML_PROPS):
            package.rels.pop(rid)
    core = document.core_properties
    core.content_status = ""
    core.version = ""
