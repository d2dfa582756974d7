"""A record as read from one file: its id, where it came from, its data and where each value stood."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .cache import blob_id
from .loader import Locations, load_record


@dataclass(frozen=True)
class Record:
    id: str
    source: str
    """The file as a person would open it: `strategy/x.yaml`, or `strategy/x.yaml@1a2b3c4` at a version."""
    data: dict[str, Any]
    locations: Locations
    blob: str = ""
    """git's id of the file's content: the same content has the same id, in any version."""

    @property
    def kind(self) -> str:
        return str(self.data.get("kind", ""))

    @property
    def title(self) -> str:
        return str(self.data.get("title", self.id))


def parse_record(record_id: str, source: str, raw: bytes | str, blob: str | None = None) -> Record:
    loaded = load_record(raw, source)
    content = raw.encode("utf-8") if isinstance(raw, str) else raw
    return Record(record_id, source, loaded.data, loaded.locations, blob or blob_id(content))
