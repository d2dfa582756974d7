"""What was computed from one exact file content, kept under .git and keyed by git's blob id.

A blob id names a file's content forever, so an entry never goes stale; entries carry a stamp of
the source that computed them, and are recomputed when it changes. The cache is an optimisation
only: if it cannot be opened or written, everything is computed again and nothing is lost.

Every entry is signed with a key made for this clone and kept in .git under a name of its own (an
HMAC): an entry written anywhere else (a cache copied between CI runs, or planted) is not
believed, so no verdict ever rests on anything but git's own objects.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

CACHE_FILE = "register-cache.sqlite"
KEY_FILE = "register-key"
"""Not named register-cache*: a CI job that carries the cache between runs by that name must
not carry the key that makes its entries believed."""
_SCHEMA = 4  # the tables' layout: a cache of another layout is emptied


def blob_id(content: bytes) -> str:
    """The id git gives this content (`git hash-object`), without asking git."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


_RECORDS = Path(__file__).resolve().parent.parent / "records"


@cache
def facts_stamp() -> str:
    """Changes whenever the rules that make a blob's facts change (schemas, loader, checks, kinds,
    fingerprint, the index itself, and the steps, which keep the facts of what they parse), so
    every blob is checked again."""
    here = Path(__file__).resolve().parent
    sources = [*sorted(_RECORDS.rglob("*.py")), here / "index.py", here.parent / "audit" / "steps.py"]
    return _stamp(sources)


@cache
def verdicts_stamp() -> str:
    """Changes whenever the rules that judge a whole version change (the facts, the links between
    records, the settings, the listing, how a problem is written), so a remembered verdict is
    worked out again."""
    store = Path(__file__).resolve().parent
    own = (store / name for name in ("index.py", "version.py", "listing.py", "config.py"))
    return _stamp([*sorted(_RECORDS.rglob("*.py")), *own, store.parent / "errors.py"])


@cache
def pins_stamp() -> str:
    """Changes whenever the rules that read approvals from history change, so the pins of a
    commit are worked out again."""
    here = Path(__file__).resolve().parent
    sources = [*sorted(_RECORDS.rglob("*.py")), here / "index.py", here / "log.py"]
    return _stamp([*sources, here.parent / "audit" / "approvals.py"])


@cache
def steps_stamp() -> str:
    """Changes whenever the loader, the diff or the fingerprint changes: each step is worked out again."""
    audit = Path(__file__).resolve().parent.parent / "audit"
    sources = [_RECORDS / name for name in ("loader.py", "fingerprint.py", "paths.py", "registry.py")]
    return _stamp([*sources, audit / "diff.py", audit / "steps.py"])


@cache
def loader_stamp() -> str:
    """Changes whenever the loader's rules change, so versions are parsed (and refused) again."""
    return _stamp([_RECORDS / "loader.py"])


def _stamp(sources: list[Path]) -> str:
    from .. import __version__

    digest = hashlib.sha1(__version__.encode(), usedforsecurity=False)
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


class BlobCache:
    def __init__(self, git_dir: Path) -> None:
        self._path = git_dir / CACHE_FILE
        self._key_path = git_dir / KEY_FILE
        self._db: sqlite3.Connection | None = None
        self._key: bytes | None = None
        self.seen_facts: dict[str, Any] = {}
        """The facts (`index.Facts`) this process has read or worked out, by blob: a blob asked
        of again (the same content in the working tree and at HEAD) is not read from the
        database again. They are held by the versions that asked for them anyway."""
        self.seen_steps: dict[tuple[str, str], Any] = {}
        """The steps (`audit.steps.Step`) between two blobs this process has read or worked out:
        verify names the fields that changed from the steps it worked out to judge the pins."""

    def get_many(self, table: str, blobs: Iterable[str], stamp: str = "") -> dict[str, Any]:
        wanted = list(dict.fromkeys(blobs))
        import sqlite3

        found: dict[str, Any] = {}
        db = self._open()
        if db is None:
            return found
        with contextlib.suppress(sqlite3.Error):
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT blob, value, mac FROM {table} WHERE stamp = ? AND blob IN ({marks})",
                    [stamp, *chunk],
                )
                found.update(
                    (blob, _decode(value))
                    for blob, value, mac in rows
                    if hmac.compare_digest(mac, self._mac(table, blob, stamp, value))
                )
        return found

    def put_many(self, table: str, values: dict[str, Any], stamp: str = "") -> None:
        import sqlite3

        db = self._open()
        if db is None or not values:
            return
        rows = []
        for blob, value in values.items():
            text = _encode(value)
            rows.append((blob, stamp, text, self._mac(table, blob, stamp, text)))
        with contextlib.suppress(sqlite3.Error), db:
            db.executemany(
                f"INSERT OR REPLACE INTO {table} (blob, stamp, value, mac) VALUES (?, ?, ?, ?)", rows
            )

    def get_snapshot(self, name: str, stamp: str) -> Any:
        """One large value kept under a name and a stamp (the facts of every blob of the working
        tree, a whole-register verdict), read in one go: a whole-register command reads one row,
        not one per record. None where there is none (or it cannot be read: only a miss)."""
        import marshal
        import sqlite3

        db = self._open()
        if db is None:
            return None
        with contextlib.suppress(sqlite3.Error, ValueError, TypeError, EOFError):
            row = db.execute(
                "SELECT value, mac FROM snapshot WHERE name = ? AND stamp = ?", [name, stamp]
            ).fetchone()
            if row and hmac.compare_digest(row[1], self._mac_bytes(name, stamp, row[0])):
                return marshal.loads(bytes(row[0]))
        return None

    def put_snapshot(self, name: str, stamp: str, value: Any) -> None:
        """Keep `value` (plain data: what `marshal` holds) under a name, in place of any before."""
        import marshal
        import sqlite3

        db = self._open()
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error, ValueError), db:  # a value marshal cannot hold is not kept
            packed = marshal.dumps(value)
            db.execute(
                "INSERT OR REPLACE INTO snapshot (name, stamp, value, mac) VALUES (?, ?, ?, ?)",
                [name, stamp, packed, self._mac_bytes(name, stamp, packed)],
            )

    def _mac_bytes(self, name: str, stamp: str, value: bytes) -> str:
        assert self._key is not None
        message = b"\0".join((b"snapshot", name.encode(), stamp.encode(), value))
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def _mac(self, table: str, blob: str, stamp: str, value: str) -> str:
        assert self._key is not None
        message = "\0".join((table, blob, stamp, value)).encode("utf-8", "surrogateescape")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _open(self) -> sqlite3.Connection | None:
        import sqlite3  # only commands that read many versions pay for it

        if self._db is None:
            self._key = _clone_key(self._key_path)
            if self._key is None:
                return None
            try:
                self._db = sqlite3.connect(self._path, timeout=2)
                # A cache: every entry can be computed again, so it is written without waiting
                # for the disk at each command (write-ahead log, synced at checkpoints only).
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                with self._db:
                    if self._db.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA:
                        for table in ("facts", "parsed", "step", "checked", "fingerprint", "snapshot"):
                            self._db.execute(f"DROP TABLE IF EXISTS {table}")
                        self._db.execute(f"PRAGMA user_version = {_SCHEMA}")
                    for table in ("facts", "parsed", "step", "named"):
                        self._db.execute(
                            f"CREATE TABLE IF NOT EXISTS {table} "
                            "(blob TEXT, stamp TEXT, value TEXT, mac TEXT, PRIMARY KEY (blob, stamp))"
                        )
                    self._db.execute(
                        "CREATE TABLE IF NOT EXISTS snapshot (name TEXT PRIMARY KEY, stamp TEXT, value BLOB, mac TEXT)"
                    )
            except sqlite3.Error:
                self._db = None
        return self._db


def _clone_key(path: Path) -> bytes | None:
    """This clone's key for the cache's entries: made once, readable by its owner only, and
    put in place whole (so a command starting at the same moment never reads half of it)."""
    try:
        key = path.read_bytes()
        return key if len(key) == 32 else None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    made = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        handle = os.open(made, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(os.urandom(32))
        os.link(made, path)
    except FileExistsError:
        pass  # another command made it a moment ago: use theirs
    except OSError:
        return None
    finally:
        made.unlink(missing_ok=True)
    return _clone_key(path)


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_date)


def _date(value: object) -> dict[str, str]:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(type(value).__name__)


def _decode(text: str) -> Any:
    return json.loads(text, object_hook=_undate)


def _undate(value: dict[str, Any]) -> Any:
    if len(value) == 1 and "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if len(value) == 1 and "$datetime" in value:
        return dt.datetime.fromisoformat(value["$datetime"])
    return value
