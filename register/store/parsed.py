"""Records' data as their files hold it, for commands that read many versions: each content
parsed once, ever, and kept by git's blob id."""

from __future__ import annotations

from typing import Any

from ..errors import InvalidRecord
from ..records.loader import load_data
from .cache import loader_stamp
from .repository import Store

EMPTY_BLOB = "0" * 40


def parsed_versions(store: Store, blobs: list[str], names: dict[str, str] | None = None) -> dict[str, Any]:
    """Each blob's data (or the InvalidRecord of one that cannot be read, named as in `names`)."""
    wanted = [b for b in dict.fromkeys(blobs) if b != EMPTY_BLOB]
    found: dict[str, Any] = store.cache.get_many("parsed", wanted, loader_stamp())
    missing = [b for b in wanted if b not in found]
    fresh: dict[str, Any] = {}
    if missing:
        with store.blobs() as reader:
            for blob in missing:
                source = (names or {}).get(blob, blob[:10])
                try:
                    fresh[blob] = load_data(reader.read(blob) or b"", source)
                except InvalidRecord as error:
                    found[blob] = error  # not cached: the message names the file it came from
    store.cache.put_many("parsed", fresh, loader_stamp())
    return {**found, **fresh}
