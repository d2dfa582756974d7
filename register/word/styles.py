"""The styles a paper uses, added to whatever template supplies the rest of the house style."""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle

from ..papers.model import Role
from .xml import child, replace_child

STYLE_OF_ROLE: dict[Role, str] = {
    "title": "Title",
    "subtitle": "Subtitle",
    "body": "Normal",
    "numbered": "Numbered Paragraph",
    "lettered": "Lettered Paragraph",
    "listed": "Listed Paragraph",
    "bullet": "Bulleted Paragraph",
    "note": "Note",
    "contact": "Contact Line",
}
NUMBERED_LEVEL = {"Numbered Paragraph": 0, "Lettered Paragraph": 1, "Listed Paragraph": 2}
LANGUAGE = "en-GB"
EXEMPT_MARKING = "Exempt Marking"
"""The members' copy's marking on every page: bold, dark red, never hidden, whatever the template's
header style says."""
TABLE_TEXT = "Table Text"


class StyleIds:
    """Style ids by name, read once from the styles part: python-docx searches every style per lookup."""

    def __init__(self, document: Document) -> None:
        self._ids = _style_ids(document)

    def __getitem__(self, name: str) -> str:
        return self._ids[name.lower()]


def _style_ids(document: Document) -> dict[str, str]:
    ids = {}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            # Word stores built-in names in lower case ('heading 1'); compare without case.
            ids[name.get(qn("w:val")).lower()] = style.get(qn("w:styleId"))
    return ids


def prepare_styles(document: Document, numbered: int, bullets: int) -> None:
    """Make sure every style a paper uses exists, and tie the numbered ones to their numbering."""
    styles = document.styles
    present = set(_style_ids(document))
    for name in (
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Note",
        "Contact Line",
        TABLE_TEXT,
    ):
        _paragraph_style(document, name, present)
    for name, level in NUMBERED_LEVEL.items():
        _numbered_style(_paragraph_style(document, name, present), numbered, level)
    _numbered_style(_paragraph_style(document, "Bulleted Paragraph", present), bullets, 0)
    _exempt_marking(document, present)
    if "hyperlink" not in present:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        link.font.underline = True
    if "table grid" not in present:
        _table_grid(document)
    _language(document)


def _exempt_marking(document: Document, present: set[str]) -> None:
    if EXEMPT_MARKING.lower() in present:
        marking = document.styles[EXEMPT_MARKING]
    else:
        marking = document.styles.add_style(EXEMPT_MARKING, WD_STYLE_TYPE.CHARACTER)
    marking.font.bold = True
    marking.font.hidden = False
    marking.font.size = Pt(10)
    marking.font.color.rgb = RGBColor(0xA0, 0x00, 0x00)
    marking.font.highlight_color = None


def _paragraph_style(document: Document, name: str, present: set[str]) -> ParagraphStyle:
    styles = document.styles
    if name.lower() in present:
        found = styles[name]
        assert isinstance(found, ParagraphStyle)
        return found
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = styles["Normal"]
    if name.startswith("Heading"):
        level = int(name[-1])
        style.font.bold = True
        style.font.size = Pt({1: 14, 2: 12, 3: 12}[level])
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(12)
        child(style.element.get_or_add_pPr(), "w:outlineLvl", val=str(level - 1))
    elif name == "Title":
        style.font.bold, style.font.size = True, Pt(14)
    elif name == "Subtitle":
        style.font.bold = True
    elif name == "Note":
        style.font.italic, style.font.size = True, Pt(9)
    elif name == "Contact Line":
        style.paragraph_format.space_after = Pt(0)
    elif name == TABLE_TEXT:
        style.font.size = Pt(10)
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(2)
    return style


def _numbered_style(style: BaseStyle, num_id: int, level: int) -> None:
    numpr = style.element.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = num_id


def _table_grid(document: Document) -> None:
    style = document.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
    tblpr = child(style.element, "w:tblPr")
    borders = child(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        child(borders, f"w:{side}", val="single", sz="4", space="0", color="auto")


def _language(document: Document) -> None:
    """Spell-check and read aloud in British English: the default template says en-US."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = child(styles, "w:docDefaults")
        styles.remove(defaults)
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = child(defaults, "w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = child(rpr_default, "w:rPr")
    replace_child(rpr, "w:lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA")
