"""Files that ship with the package: the example register and the default templates."""

from __future__ import annotations

from pathlib import Path

from .errors import NotFound

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """`templates`, `strategy` or `decisions`: in the wheel, or at the top of a source checkout."""
    for base in (_PACKAGE / "_bundled", _PACKAGE.parent):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise NotFound(f"the package is missing its bundled '{name}' folder: reinstall register")


HOUSES = "houses"
"""Where house formats are kept under templates/, in the package and in a register."""


def shipped_houses() -> list[str]:
    """The names of the house formats that ship with register: seed, cover."""
    return sorted(path.stem for path in (bundled("templates") / HOUSES).glob("*.yaml"))
