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
from ..papers.model import Block, Heading, PageBreak, Paper, Paragraph, Picture, Span, Table
from .numbering import PaperNumbering, add_numbering
from .pages import mark_pages
from .properties import set_properties
from .runs import RunWriter
from .sanitize import check_package, sanitize
from .styles import STYLE_OF_ROLE, TABLE_TEXT, StyleIds, prepare_styles
from .tables import TableText, add_table
from .xml import child, element

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def write_docx(paper: Paper, template: tuple[bytes, str]) -> bytes:
    """`paper` as a .docx, in the styles, page, headers and footers of a template (its content,
    and its name for messages)."""
    document = open_template(*template)
    _clear_body(document)
    _drop_styles_with_effects(document)
    numbering = add_numbering(document, paper.numbering)
    prepare_styles(document, numbering)
    _write_blocks(document, paper, numbering)
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


def _write_blocks(document: Document, paper: Paper, numbering: PaperNumbering) -> None:
    runs = RunWriter()
    style_ids = StyleIds(document)
    break_before = False
    previous: Block | None = None
    list_number: int | None = None  # numbers the list being written, where each list has its own
    table_text: TableText | None = None
    for block in paper.blocks:
        if isinstance(block, PageBreak):
            break_before = True
            continue
        if isinstance(block, Table):
            if paper.captions or isinstance(previous, Table):
                # Two tables in a row would run together as one: a caption (or a blank line) parts them.
                caption = _paragraph(document, style_ids[STYLE_OF_ROLE["caption"]])
                runs.write(caption, (Span(block.caption if paper.captions else ""),))
                if break_before:
                    caption.paragraph_format.page_break_before = True
                    break_before = False
            if break_before:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                break_before = False
            table_text = table_text or TableText.of(document, style_ids[TABLE_TEXT], style_ids["Table Grid"])
            add_table(document, block, runs, table_text)
            previous = block
            continue
        if isinstance(block, Picture):
            made = _picture(document, block, style_ids[STYLE_OF_ROLE["body"]])
        elif isinstance(block, Heading):
            made = _paragraph(document, style_ids[f"Heading {block.level}"])
            runs.write(made, block.words())
            made.paragraph_format.keep_with_next = True  # whatever the template's heading styles say
            if block.numbered and "heading" in numbering.levels:
                _number(made, *numbering.levels["heading"])
        else:
            made = _paragraph(document, style_ids[STYLE_OF_ROLE[block.role]])
            runs.write(made, block.spans)
            if block.keep_with_next:
                made.paragraph_format.keep_with_next = True
            if block.role == "title":
                # The paper's title is its first heading for a screen reader and in a tagged PDF.
                child(made._p.get_or_add_pPr(), "w:outlineLvl", val="0")
            if block.role in numbering.separate_lists:
                if not (isinstance(previous, Paragraph) and previous.role == block.role):
                    list_number = numbering.restart(block.role)
                if list_number is not None:
                    _number(made, list_number, 0)
        if break_before:
            made.paragraph_format.page_break_before = True
            break_before = False
        previous = block


def _picture(document: Document, picture: Picture, style_id: str) -> DocxParagraph:
    """The picture inline in a paragraph of its own, its alternative text and title on the
    drawing's properties (wp:docPr descr and title), where Word and screen readers look."""
    from docx.shared import Cm

    made = _paragraph(document, style_id)
    made.add_run().add_picture(io.BytesIO(picture.png), width=Cm(picture.width_cm))
    for properties in made._p.xpath(".//wp:docPr"):
        properties.set("descr", picture.alt)
        properties.set("title", picture.title)
    return made


def _number(paragraph: DocxParagraph, num_id: int, level: int) -> None:
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = num_id


def _paragraph(document: Document, style_id: str) -> DocxParagraph:
    """A paragraph of that style at the end of the body (made directly: python-docx's own way
    costs a tenth of a millisecond each, which a long paper feels)."""
    made = element("w:p")
    child(child(made, "w:pPr"), "w:pStyle", val=style_id)
    body = document.element.body
    end = body.sectPr
    if end is None:
        body.append(made)
    else:
        end.addprevious(made)
    return DocxParagraph(made, document._body)
