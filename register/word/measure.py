"""How wide words are when set in a house font: so a table's columns can be made wide enough
that no word breaks inside a cell.

LibreOffice lays a table out by its grid, and Word by its grid when the table is fixed, so the
widths must be right in the file. They are measured with the advance widths of the free fonts
that are metric-compatible with the fonts councils use (Liberation Sans with Arial, Carlito with
Calibri, Liberation Serif with Times New Roman), kept in font_widths.json, made by
scripts/font_widths.py. A font not known is measured as Arial, and noted as such here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

_ALIASES = {
    "arial": "Arial",
    "liberation sans": "Arial",
    "arimo": "Arial",
    "helvetica": "Arial",
    "calibri": "Calibri",
    "carlito": "Calibri",
    "times new roman": "Times New Roman",
    "liberation serif": "Times New Roman",
    "tinos": "Times New Roman",
}
DEFAULT_FONT = "Arial"


@cache
def _widths(font: str, bold: bool) -> tuple[dict[str, int], int]:
    """Each character's width in a known font (1/1000 em), and the widest, for characters not known."""
    data = json.loads((Path(__file__).parent / "font_widths.json").read_text(encoding="utf-8"))
    widths = data["fonts"][font]["bold" if bold else "regular"]
    return dict(zip(data["chars"], widths, strict=True)), max(widths)


def known_font(name: str | None) -> str:
    """The font whose widths measure text set in `name`."""
    return _ALIASES.get((name or "").strip().lower(), DEFAULT_FONT)


def width(text: str, font: str, size: float, *, bold: bool = False) -> float:
    """The width of `text` in points, set in `font` at `size` points (a character not in the
    table, CJK say, counts as the widest)."""
    widths, wide = _widths(known_font(font), bold)
    return sum(widths.get(char, wide) for char in text) * size / 1000
