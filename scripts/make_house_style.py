"""Make templates/house-style.docx: the default house style (A4, Arial 12, black bold headings).

Run it again after changing it: `python scripts/make_house_style.py`. A council can instead pass
its own .docx with `--template`; the paper's extra styles are added to it at build time.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from register.word.pages import page_number_field

TARGET = Path(__file__).resolve().parent.parent / "templates" / "house-style.docx"
FONT = "Arial"
STYLES = {
    # name: (size, bold, italic, caps, space before, space after)
    "Normal": (12, False, False, False, 0, 8),
    "Title": (12, True, False, False, 12, 12),
    "Subtitle": (12, True, False, False, 12, 12),
    "Heading 1": (12, True, False, False, 18, 8),
    "Heading 2": (12, True, False, False, 12, 6),
    "Heading 3": (12, True, True, False, 12, 6),
}


def main() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.54))
    _default_font(document)
    for name, (size, bold, italic, caps, before, after) in STYLES.items():
        style = document.styles[name]
        _plain_font(style.element)
        font = style.font
        font.name, font.size, font.bold, font.italic, font.all_caps = FONT, Pt(size), bold, italic, caps
        font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(after)
    _no_title_border(document)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_number_field(footer)
    properties = document.core_properties
    properties.title, properties.author = "House style for committee papers", "register"
    properties.comments = "Styles, page size, margins, header and footer for papers made by register."
    document.save(TARGET)
    print(f"wrote {TARGET}")


def _default_font(document: docx.document.Document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    _explicit_fonts(fonts)


def _plain_font(style_element) -> None:  # type: ignore[no-untyped-def]
    """Theme fonts win over named ones: drop them so Arial holds."""
    fonts = style_element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is not None:
        _explicit_fonts(fonts)


def _explicit_fonts(fonts) -> None:  # type: ignore[no-untyped-def]
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)


def _no_title_border(document: docx.document.Document) -> None:
    """The default template's Title has a border, and its Title and Subtitle spread their letters
    out (character spacing) and claim a list level with no list: plain bold lines instead."""
    for name in ("Title", "Subtitle"):
        element = document.styles[name].element
        ppr = element.find(qn("w:pPr"))
        if ppr is not None:
            for unwanted in ppr.findall(qn("w:pBdr")) + ppr.findall(qn("w:numPr")):
                ppr.remove(unwanted)
        rpr = element.find(qn("w:rPr"))
        if rpr is not None:
            for unwanted in rpr.findall(qn("w:spacing")) + rpr.findall(qn("w:kern")):
                rpr.remove(unwanted)


if __name__ == "__main__":
    main()
