"""Small helpers for the WordprocessingML that python-docx has no API for."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement


def element(tag: str, **attributes: str) -> BaseOxmlElement:
    """`element("w:lvl", ilvl="0")` -> <w:lvl w:ilvl="0"/>; attribute names take the tag's prefix."""
    prefix = tag.split(":", 1)[0]
    made = OxmlElement(tag)
    for name, value in attributes.items():
        made.set(qn(f"{prefix}:{name}"), value)
    return made


def child(parent: BaseOxmlElement, tag: str, **attributes: str) -> BaseOxmlElement:
    made = element(tag, **attributes)
    parent.append(made)
    return made


def replace_child(parent: BaseOxmlElement, tag: str, **attributes: str) -> BaseOxmlElement:
    """Remove any existing `tag` children of `parent`, then append a new one."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    return child(parent, tag, **attributes)
