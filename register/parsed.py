"""Records' parsed data, for commands that read many versions: each content parsed once, ever.

Parsed data is cached by git's blob id, which names the exact content, whether the content
comes from history or from a file in the working tree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .cache import blob_id, loader_stamp
from .errors import InvalidRecord
from .loader import MAX_RECORD_BYTES, load_data
from .store import Store

EMPTY_BLOB = "0" * 40


def parsed_versions(store: Store, blobs: list[str], names: dict[str, str] | None = None) -> dict[str, Any]:
    """Each blob's parsed data (or the InvalidRecord for one that cannot be read, named as in `names`)."""
    wanted = [b for b in dict.fromkeys(blobs) if b != EMPTY_BLOB]
    found: dict[str, Any] = store.cache.get_many("parsed", wanted, loader_stamp())
    missing = [b for b in wanted if b not in found]
    fresh: dict[str, Any] = {}
    if missing:
        with store.blobs() as reader:
            for blob in missing:
                _parse(reader.read(blob) or b"", blob, (names or {}).get(blob, blob[:10]), fresh, found)
    store.cache.put_many("parsed", fresh, loader_stamp())
    return {**found, **fresh}


def parsed_files(store: Store, paths: list[str]) -> dict[str, Any]:
    """Each working-tree file's parsed data (or its InvalidRecord), by path."""
    contents: dict[str, bytes] = {}
    for path in paths:
        file = store.root / path
        if file.is_file() and file.stat().st_size <= MAX_RECORD_BYTES and _inside(store, file):
            contents[path] = file.read_bytes()
    blobs = {path: blob_id(content) for path, content in contents.items()}
    found: dict[str, Any] = store.cache.get_many("parsed", blobs.values(), loader_stamp())
    fresh: dict[str, Any] = {}
    for path, blob in blobs.items():
        if blob not in found:
            _parse(contents[path], blob, path, fresh, found)
    store.cache.put_many("parsed", fresh, loader_stamp())
    return {path: fresh.get(blob, found.get(blob)) for path, blob in blobs.items()}


def _parse(content: bytes, blob: str, source: str, fresh: dict[str, Any], unreadable: dict[str, Any]) -> None:
    try:
        fresh[blob] = load_data(content, source)
    except InvalidRecord as error:
        unreadable[blob] = error  # not cached: the message names the file it came from


def _inside(store: Store, file: Path) -> bool:
    return file.resolve().is_relative_to(store.root.resolve())
