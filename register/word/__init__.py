"""Writing papers as Word documents: the only package that imports python-docx."""

from .writer import write_docx

__all__ = ["write_docx"]
