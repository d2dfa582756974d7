"""Where a set of records came from: the council, the register commit, whether the files had
uncommitted changes, and where the templates came from. Papers record it; auditors read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Provenance:
    council: str
    commit: str | None
    """The register commit the records were read at (for the working tree: the commit it is on)."""
    clean: bool
    """False when the records, templates or settings had uncommitted changes."""
    ref: str | None = None
    """The version asked for (`--at`), or None for the working tree."""
    templates: tuple[str, ...] = ()
    """Where the house format and house style came from, e.g. 'templates/report.yaml at 1a2b3c4d5e'."""
    produced: dt.datetime | None = None
    """When a paper was made from them."""
    made_by: str = ""
    """The release of register that read them, e.g. '0.1.0'."""

    def with_template(self, source: str) -> Provenance:
        """The same, with a template given for this paper alone (a council's own .docx)."""
        kept = tuple(t for t in self.templates if not t.startswith("house style"))
        return replace(self, templates=(*kept, source))
