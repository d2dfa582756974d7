"""Tables whose header row repeats on every page and whose rows never split across pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.table import CT_TblPr
from docx.shared import Emu, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell

from ..papers.model import Span, Table
from .measure import width
from .runs import RunWriter
from .xml import child


@dataclass(frozen=True)
class TableText:
    """How a document's tables set their text: the style, and the font and size it comes to."""

    style_id: str
    grid_style_id: str
    """The table style: its borders."""
    font: str
    size: float
    usable: float  # points between the margins

    @classmethod
    def of(cls, document: Document, style_id: str, grid_style_id: str) -> TableText:
        return cls(style_id, grid_style_id, *_text_font(document, style_id), _usable_width(document))


def add_table(document: Document, table: Table, runs: RunWriter, text: TableText) -> None:
    columns = len(table.header)
    made = document.add_table(rows=1 + len(table.rows), cols=columns)
    made._tbl.tblPr.style = text.grid_style_id  # by id: python-docx would search every style by name
    made.autofit = False
    _caption(made._tbl.tblPr, table.caption)
    for cell, title in zip(made.rows[0].cells, table.header, strict=True):
        _fill(cell, (Span(title, bold=True),), runs, text.style_id)
    for row, values in zip(made.rows[1:], table.rows, strict=True):
        for cell, spans in zip(row.cells, values, strict=True):
            _fill(cell, spans, runs, text.style_id)
    changes = (None, *table.row_changes) + (None,) * len(table.rows)
    for index, (row, change) in enumerate(zip(made.rows, changes, strict=False)):
        properties = row._tr.get_or_add_trPr()
        child(properties, "w:cantSplit")
        if index == 0:
            child(properties, "w:tblHeader")  # bare: w:val="true" is refused by the schema
        if change is not None:
            properties.append(runs.mark(change))  # the row itself is inserted or deleted
    _widths(made, column_widths(table, text.usable, text.font, text.size))


def _fill(cell: _Cell, spans: tuple[Span, ...], runs: RunWriter, text_style: str) -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.get_or_add_pPr().style = text_style
    runs.write(paragraph, spans)


def _caption(tblpr: CT_TblPr, caption: str) -> None:
    """The table's title for screen readers (Word: Table Properties, Alt Text)."""
    child(tblpr, "w:tblCaption", val=caption[:250])


def _usable_width(document: Document) -> float:
    """The width between the margins, in points."""
    section = document.sections[-1]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    assert page is not None and left is not None and right is not None  # every template sets its page
    return float(Emu(page - left - right).pt)


def _text_font(document: Document, style_id: str) -> tuple[str, float]:
    """The font and size a table's text is set in: its style's, else those it inherits."""
    from docx.styles.style import ParagraphStyle, StyleFactory

    name: str | None = None
    size: float | None = None
    element = document.styles.element.get_by_id(style_id)
    style = StyleFactory(element) if element is not None else None
    while isinstance(style, ParagraphStyle) and (name is None or size is None):
        name = name or style.font.name
        size = size or (style.font.size.pt if style.font.size else None)
        style = style.base_style
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None and name is None:
        fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        name = fonts.get(qn("w:ascii")) if fonts is not None else None
    return name or "Arial", size or 10.0


PADDING = 5.4 * 2 + 2.0
"""Points a cell takes beyond its text: Word's default cell margins each side, the borders, and a
little over for the difference between Word's and LibreOffice's setting of the same text."""


def column_widths(table: Table, usable: float, font: str, size: float) -> list[float]:
    """Widths (points) in which no word of the table breaks, where the page allows: each column
    at least as wide as its longest word, and the room left shared out by how much more each
    column's longest line would take."""
    columns = len(table.header)
    narrowest = [PADDING] * columns
    widest = [PADDING] * columns
    rows = [tuple((Span(title, bold=True),) for title in table.header), *table.rows]
    for row in rows:
        for column, spans in enumerate(row):
            for line, words in _lines(spans):
                widest[column] = max(widest[column], width(line, font, size, bold=False) + PADDING)
                for word, bold in words:
                    narrowest[column] = max(narrowest[column], width(word, font, size, bold=bold) + PADDING)
    total = sum(narrowest)
    if total >= usable:
        return [usable * w / total for w in narrowest]
    room = usable - total
    wanted = [wide - narrow for wide, narrow in zip(widest, narrowest, strict=True)]
    if sum(wanted) <= room:
        spare = room - sum(wanted)
        return [wide + spare * wide / sum(widest) for wide in widest]
    return [narrow + room * want / sum(wanted) for narrow, want in zip(narrowest, wanted, strict=True)]


def _lines(spans: tuple[Span, ...]) -> list[tuple[str, list[tuple[str, bool]]]]:
    """A cell's lines, each with its words (and whether each is bold). A word with a hyphen is
    measured whole: "ehc-1" and "2020-2023" must not break where a line could."""
    lines: list[tuple[str, list[tuple[str, bool]]]] = [("", [])]
    for span in spans:
        for number, piece in enumerate(span.text.split("\n")):
            if number:
                lines.append(("", []))
            line, words = lines[-1]
            # A no-break space keeps its words together ("31 August 2021"): only spaces part them,
            # and a zero-width space, where a long name may break (a record id as a reference).
            words += [(word, span.bold) for word in re.split("[ \u200b]", piece) if word]
            lines[-1] = (line + piece, words)
    return lines


def _widths(made: DocxTable, points: list[float]) -> None:
    widths = [Emu(int(Pt(value))) for value in points]
    tblpr = made._tbl.tblPr
    width_ = tblpr.find(qn("w:tblW"))
    width_.set(qn("w:type"), "dxa")
    width_.set(qn("w:w"), str(sum(Emu(w).twips for w in widths)))
    grid = made._tbl.tblGrid
    for column, value in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.w = value
    twips = [str(Emu(width).twips) for width in widths]
    for tr in made._tbl.tr_lst:  # python-docx made each cell's width element; only the values change
        for tc, cell_twips in zip(tr.tc_lst, twips, strict=True):
            cell_width = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            cell_width.set(qn("w:type"), "dxa")
            cell_width.set(qn("w:w"), cell_twips)
