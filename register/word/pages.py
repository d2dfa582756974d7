"""What every page carries: an exempt-information notice at the top, the provenance line and page numbers at the foot."""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from .styles import EXEMPT_MARKING
from .xml import child


def mark_pages(document: Document, header_notice: str | None, footer_note: str) -> None:
    """On every page: a template may give its first page, or its even pages, headers of their own."""
    even_pages = document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        variants = [(section.header, section.footer)]
        if section.different_first_page_header_footer:
            variants.append((section.first_page_header, section.first_page_footer))
        if even_pages:
            variants.append((section.even_page_header, section.even_page_footer))
        for header, footer in variants:
            if header_notice:
                notice = _first_empty_or_new(header.paragraphs, header.add_paragraph)
                notice.add_run(header_notice, style=EXEMPT_MARKING)
            if footer_note:
                footer.add_paragraph().add_run(footer_note).font.size = Pt(8)


def _first_empty_or_new(paragraphs: list[Paragraph], add: Callable[[], Paragraph]) -> Paragraph:
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
