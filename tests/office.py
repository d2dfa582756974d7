"""The real clients: LibreOffice converts a .docx to PDF, poppler reads it back, openxml-audit checks the XML."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from register.publish.pdf import convert_to_pdf


def need_libreoffice() -> None:
    if shutil.which("soffice") and shutil.which("pdftotext"):
        return
    if os.environ.get("REGISTER_TESTS_REQUIRE_LIBREOFFICE"):
        pytest.fail("LibreOffice (soffice) and poppler (pdftotext) are required here but not installed")
    pytest.skip(
        "LibreOffice or poppler is not installed (sudo apt-get install libreoffice-writer-nogui poppler-utils)"
    )


def pdf_of(docx: Path) -> Path:
    need_libreoffice()
    return convert_to_pdf(docx, docx.with_suffix(".pdf"))


def pages_of(pdf: Path, layout: bool = True) -> list[str]:
    """The text of each page, as poppler lays it out (or in reading order, which keeps table cells whole)."""
    command = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return done.stdout.split("\f")[:-1] if done.stdout.endswith("\f") else done.stdout.split("\f")


def pdf_info(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout


def audit(docx: Path) -> list[str]:
    """Findings of the pinned OOXML schema and semantic validator (openxml-audit 0.8.0)."""
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(docx)
    return [str(error) for error in result.errors]


_LABEL = re.compile(r"^(\(?[0-9]{1,3}\)?[.)]?|\(?[a-z]{1,4}\)|[0-9]+(\.[0-9]+)+|•|–)$")
"""What numbering adds to the text: 1. 12. a) (iv) 2.1 and bullets."""


def broken_words(docx_file: Path, pdf: Path) -> list[str]:
    """Words of the PDF that are no word of the .docx: a word broken across two lines (inside a
    table cell, say) shows as two pieces, neither of which the document holds. A line may break
    after a hyphen, as any reader expects."""
    import docx

    document = docx.Document(str(docx_file))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        texts += [p.text for p in section.footer.paragraphs + section.header.paragraphs]
    words = {word.lower() for text in texts for word in text.split()}  # a heading may be set in capitals
    words |= {piece + "-" for word in words for piece in word.split("-")[:-1]}
    words |= {piece for word in words for piece in word.split("-")}
    # pdftotext joins a word it finds hyphenated at a line's end, dropping the hyphen
    words |= {word[:i] + word[i + 1 :] for word in words for i, c in enumerate(word) if c == "-"}
    addresses = [word for word in words if "://" in word]  # a long web address wraps where it must
    found = " ".join(pages_of(pdf, layout=False)).split()
    return sorted(
        {
            word
            for word in found
            if word.lower() not in words
            and not _LABEL.match(word)
            and not word.isdigit()
            and not any(word.lower() in address for address in addresses)
        }
    )
