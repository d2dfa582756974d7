"""A paper model written out as a .docx, in the house style of a template, saved atomically."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from ..errors import UsageError
from ..papers.model import Heading, PageBreak, Paper, Table
from .numbering import add_numbering
from .pages import mark_pages
from .properties import set_properties
from .runs import RunWriter
from .sanitize import check_package, sanitize
from .styles import STYLE_OF_ROLE, TABLE_TEXT, StyleIds, prepare_styles
from .tables import add_table

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def write_docx(paper: Paper, template: tuple[bytes, str]) -> bytes:
    """`paper` as a .docx, in the styles, page, headers and footers of a template (its content,
    and its name for messages)."""
    document = open_template(*template)
    _clear_body(document)
    _drop_styles_with_effects(document)
    prepare_styles(document, *add_numbering(document))
    _write_blocks(document, paper)
    set_properties(document, paper)
    mark_pages(document, paper.header_notice, paper.footer_note)
    made = io.BytesIO()
    document.save(made)
    return made.getvalue()


def open_template(content: bytes, name: str) -> Document:
    """A council's (or the shipped) .docx, checked, opened and stripped of anything active."""
    from lxml.etree import XMLSyntaxError  # type: ignore[import-untyped]  # lxml ships no types

    if name.lower().endswith((".dotx", ".dotm")):
        raise UsageError(
            f"{name}: a Word template (.dotx) cannot be used directly; open it in Word and save it as a .docx"
        )
    check_package(content, name)
    try:
        document = docx.Document(io.BytesIO(content))
    except XMLSyntaxError as error:
        raise UsageError(
            f"{name}: its XML cannot be read ({error.msg}): open it in Word and save it again"
        ) from None
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        said = str(error)
        if "macroEnabled" in said:
            said = "it holds macros: save it in Word as a .docx (Word Document), which leaves them out"
        raise UsageError(f"{name}: cannot be read as a Word document ({said})") from None
    sanitize(document)
    return document


def _clear_body(document: Document) -> None:
    """Keep only the last section's properties: the template's page size, margins, headers and footers."""
    body = document.element.body
    for item in list(body):
        if item.tag != qn("w:sectPr"):
            body.remove(item)


def _drop_styles_with_effects(document: Document) -> None:
    """A stale copy of the styles that validators flag, and that Word ignores once styles change."""
    part = document.part
    for relation in list(part.rels.values()):
        if relation.reltype == _STYLES_WITH_EFFECTS:
            part.rels.pop(relation.rId)


def _write_blocks(document: Document, paper: Paper) -> None:
    runs = RunWriter()
    style_ids = StyleIds(document)
    break_before = False
    for block in paper.blocks:
        if isinstance(block, PageBreak):
            break_before = True
            continue
        if isinstance(block, Table):
            if break_before:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                break_before = False
            add_table(document, block, runs, style_ids[TABLE_TEXT])
            continue
        if isinstance(block, Heading):
            made = _paragraph(document, style_ids[f"Heading {block.level}"])
            runs.write(made, block.words())
        else:
            made = _paragraph(document, style_ids[STYLE_OF_ROLE[block.role]])
            runs.write(made, block.spans)
            if block.keep_with_next:
                made.paragraph_format.keep_with_next = True
        if break_before:
            made.paragraph_format.page_break_before = True
            break_before = False


def _paragraph(document: Document, style_id: str) -> DocxParagraph:
    made = document.add_paragraph()
    made._p.get_or_add_pPr().style = style_id
    return made
