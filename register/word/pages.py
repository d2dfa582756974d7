"""What every page carries: an exempt-information notice at the top, the provenance line and page numbers at the foot."""

from __future__ import annotations

from docx.document import Document
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from .xml import child


def mark_pages(document: Document, header_notice: str | None, footer_note: str) -> None:
    for section in document.sections:
        if header_notice:
            notice = _first_empty_or_new(section.header.paragraphs, section.header.add_paragraph)
            run = notice.add_run(header_notice)
            run.bold = True
        if footer_note:
            line = section.footer.add_paragraph()
            run = line.add_run(footer_note)
            run.font.size = Pt(8)


def _first_empty_or_new(paragraphs: list[Paragraph], add) -> Paragraph:  # type: ignore[no-untyped-def]
    for paragraph in paragraphs:
        if not paragraph.text.strip():
            return paragraph
    return add()


def page_number_field(paragraph: Paragraph) -> None:
    """'Page X of Y', as fields Word and LibreOffice fill in."""
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph: Paragraph, instruction: str) -> None:
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            child(run._r, "w:fldChar", fldCharType=kind)
        elif text == instruction:
            code = child(run._r, "w:instrText")
            code.text = f" {instruction} "
            code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        else:
            run.add_text(text or "")
