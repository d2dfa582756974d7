"""The styles a paper uses, added to whatever template supplies the rest of the house style."""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle, StyleFactory

from ..papers.model import Role
from .numbering import PaperNumbering
from .xml import child, replace_child

STYLE_OF_ROLE: dict[Role, str] = {
    "title": "Title",
    "subtitle": "Subtitle",
    "body": "Normal",
    "numbered": "Numbered Paragraph",
    "recommendation": "Recommendation",
    "listed": "Listed Paragraph",
    "bullet": "Bulleted Paragraph",
    "note": "Note",
    "contact": "Contact Line",
    "detail": "Detail Line",
    "caption": "Caption",
}
NUMBERED_ROLES: tuple[Role, ...] = ("numbered", "recommendation", "listed", "bullet")
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


def prepare_styles(document: Document, numbering: PaperNumbering) -> None:
    """Make sure every style a paper uses exists, and tie the numbered ones to their numbering."""
    styles = _Styles(document)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", TABLE_TEXT, "Caption"):
        _paragraph_style(styles, name)
    for role in STYLE_OF_ROLE:
        style = _paragraph_style(styles, STYLE_OF_ROLE[role])
        if role in NUMBERED_ROLES:
            _numbered_style(style, numbering.levels.get(role))
    _exempt_marking(styles)
    if not styles.has("Hyperlink"):
        link = styles.add("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        assert isinstance(link, CharacterStyle)
        link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        link.font.underline = True
    if not styles.has("Table Grid"):
        _table_grid(styles.add("Table Grid", WD_STYLE_TYPE.TABLE))
    _language(document)


class _Styles:
    """A document's styles found by name through one map: python-docx reads every style per lookup."""

    def __init__(self, document: Document) -> None:
        self._element = document.styles.element
        self._ids = _style_ids(document)

    def has(self, name: str) -> bool:
        return name.lower() in self._ids

    def get(self, name: str) -> BaseStyle:
        return StyleFactory(self._element.get_by_id(self._ids[name.lower()]))

    def add(self, name: str, kind: WD_STYLE_TYPE) -> BaseStyle:
        element = self._element.add_style_of_type(BabelFish.ui2internal(name), kind, False)
        self._ids[name.lower()] = element.styleId
        return StyleFactory(element)


def _exempt_marking(styles: _Styles) -> None:
    if styles.has(EXEMPT_MARKING):
        marking = styles.get(EXEMPT_MARKING)
    else:
        marking = styles.add(EXEMPT_MARKING, WD_STYLE_TYPE.CHARACTER)
    assert isinstance(marking, CharacterStyle)
    marking.font.bold = True
    marking.font.hidden = False
    marking.font.size = Pt(10)
    marking.font.color.rgb = RGBColor(0xA0, 0x00, 0x00)
    marking.font.highlight_color = None


def _paragraph_style(styles: _Styles, name: str) -> ParagraphStyle:
    if styles.has(name):
        found = styles.get(name)
        assert isinstance(found, ParagraphStyle)
        return found
    style = styles.add(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = styles.get("Normal")
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
    elif name in ("Contact Line", "Detail Line"):
        style.paragraph_format.space_after = Pt(0)
    elif name == "Caption":
        style.font.bold, style.font.size = True, Pt(10)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(6)
    elif name == TABLE_TEXT:
        style.font.size = Pt(10)
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(2)
    return style


def _numbered_style(style: BaseStyle, place: tuple[int, int] | None) -> None:
    """Tie a style to its numbers (numId, level), or to none: a template's own numbering of a
    style of the same name is replaced either way."""
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    if place is not None:
        numpr = ppr.get_or_add_numPr()
        numpr.get_or_add_ilvl().val = place[1]
        numpr.get_or_add_numId().val = place[0]


def _table_grid(style: BaseStyle) -> None:
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
