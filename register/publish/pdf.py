"""Tagged, accessible PDFs made by LibreOffice from the .docx papers: councils publish PDFs."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import NotFound, UsageError

_EXPORT = {
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "ExportNotes": {"type": "boolean", "value": "false"},
}


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise NotFound(
        "--pdf needs LibreOffice, which is not installed. Install it (Debian/Ubuntu: "
        "sudo apt-get install libreoffice-writer-nogui; Windows and macOS: libreoffice.org), "
        "or leave out --pdf and save the .docx as PDF from Word"
    )


def convert_to_pdf(docx: Path, timeout: float = 120) -> Path:
    """`docx` converted beside itself as a tagged PDF (PDF/UA), with bookmarks from the headings."""
    soffice = find_soffice()
    target = docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work, "profile").as_uri()  # its own profile: runs beside an open LibreOffice
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            f"pdf:writer_pdf_Export:{json.dumps(_EXPORT)}",
            "--outdir",
            work,
            str(docx),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise UsageError(f"LibreOffice took more than {timeout:.0f} s to convert {docx.name}") from None
        made = Path(work, docx.with_suffix(".pdf").name)
        if not made.is_file():
            raise UsageError(f"LibreOffice could not convert {docx.name} to PDF")
        shutil.move(str(made), target)
    return target
