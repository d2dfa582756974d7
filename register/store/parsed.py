"""Records' data as their files hold it, for commands that read many versions: each content
parsed once, ever, and kept by git's blob id."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..errors import InvalidRecord
from ..records.loader import load_data
from .cache import loader_stamp
from .index import paused_garbage_collector
from .log import NOTHING
from .repository import Store


def parsed_versions(store: Store, blobs: list[str], names: dict[str, str] | None = None) -> dict[str, Any]:
    """Each blob's data (or the InvalidRecord of one that cannot be read, named as in `names`),
    read from git through one process."""
    wanted = {blob: (names or {}).get(blob, blob[:10]) for blob in blobs if blob != NOTHING}
    with store.blobs() as reader:
        return parsed(store, wanted, lambda blob: reader.read(blob) or b"")


def parsed(store: Store, sources: Mapping[str, str], read: Callable[[str], bytes]) -> dict[str, Any]:
    """Each blob's data from the cache, else parsed from what `read` gives (and cached); the
    InvalidRecord of a blob that cannot be read, named by `sources`, is not cached."""
    found: dict[str, Any] = store.cache.get_many("parsed", sources, loader_stamp())
    fresh: dict[str, Any] = {}
    with paused_garbage_collector():
        for blob, source in sources.items():
            if blob in found:
                continue
            try:
                fresh[blob] = load_data(read(blob), source)
            except InvalidRecord as error:
                found[blob] = error
    store.cache.put_many("parsed", fresh, loader_stamp())
    return {**found, **fresh}
