"""Tables whose header row repeats on every page and whose rows never split across pages."""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.table import CT_TblPr
from docx.shared import Emu
from docx.table import Table as DocxTable
from docx.table import _Cell

from ..papers.model import Span, Table
from .runs import RunWriter
from .xml import child


def add_table(document: Document, table: Table, runs: RunWriter, text_style: str) -> None:
    columns = len(table.header)
    made = document.add_table(rows=1 + len(table.rows), cols=columns)
    made.style = document.styles["Table Grid"]
    made.autofit = False
    _caption(made._tbl.tblPr, table.caption)
    for cell, title in zip(made.rows[0].cells, table.header, strict=True):
        _fill(cell, (Span(title, bold=True),), runs, text_style)
    for row, values in zip(made.rows[1:], table.rows, strict=True):
        for cell, spans in zip(row.cells, values, strict=True):
            _fill(cell, spans, runs, text_style)
    changes = (None, *table.row_changes) + (None,) * len(table.rows)
    for index, (row, change) in enumerate(zip(made.rows, changes, strict=False)):
        properties = row._tr.get_or_add_trPr()
        child(properties, "w:cantSplit")
        if index == 0:
            child(properties, "w:tblHeader")  # bare: w:val="true" is refused by the schema
        if change is not None:
            properties.append(runs.mark(change))  # the row itself is inserted or deleted
    _widths(document, made, table.widths or (1.0,) * columns)


def _fill(cell: _Cell, spans: tuple[Span, ...], runs: RunWriter, text_style: str) -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.get_or_add_pPr().style = text_style
    runs.write(paragraph, spans)


def _caption(tblpr: CT_TblPr, caption: str) -> None:
    """The table's title for screen readers (Word: Table Properties, Alt Text)."""
    child(tblpr, "w:tblCaption", val=caption[:250])


def _widths(document: Document, made: DocxTable, weights: tuple[float, ...]) -> None:
    section = document.sections[-1]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    assert page is not None and left is not None and right is not None  # every template sets its page
    usable = page - left - right
    total = sum(weights)
    widths = [Emu(int(usable * weight / total)) for weight in weights]
    tblpr = made._tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(Emu(usable).twips))
    grid = made._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.w = width
    for row in made.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
