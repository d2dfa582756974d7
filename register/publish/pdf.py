"""Tagged, accessible PDFs made by LibreOffice from the .docx papers: councils publish PDFs."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import NotFound, UsageError
from ..store.files import remove_left_behind, staging_folder

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


def convert_to_pdf(docx: Path, pdf: Path, timeout: float = 120) -> Path:
    """`docx` converted to a tagged PDF (PDF/UA) at `pdf`, with bookmarks from the headings.

    LibreOffice runs with a profile of its own (beside any LibreOffice the officer has open), in
    a hidden folder named for this process: one that a killed run left is removed by the next."""
    soffice = find_soffice()
    scratch = Path(tempfile.gettempdir())
    remove_left_behind(scratch)
    work = staging_folder(scratch, "register-soffice")
    try:
        source = work / "paper.docx"
        shutil.copyfile(docx, source)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            f"pdf:writer_pdf_Export:{json.dumps(_EXPORT)}",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise UsageError(f"LibreOffice took more than {timeout:.0f} s to convert {docx.name}") from None
        made = work / "paper.pdf"
        if not made.is_file():
            raise UsageError(f"LibreOffice could not convert {docx.name} to PDF")
        shutil.move(str(made), pdf)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return pdf
