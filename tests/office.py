"""The real clients: LibreOffice converts a .docx to PDF, poppler reads it back, openxml-audit checks the XML."""

from __future__ import annotations

import os
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
