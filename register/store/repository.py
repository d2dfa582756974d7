"""The register's git repository: find it, resolve versions, list and read files at any version,
write and commit safely.

With `git.py` beneath it and `log.py` beside it (which reads history), the only code that runs git.
Records are not parsed here: `version.py` reads them through this.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import BadRef, Busy, GitFailed, NotFound, UsageError
from ..records.ids import check_id, path_of_id
from .cache import BlobCache
from .config import CONFIG_FILE, Config, read_config
from .git import BlobReader, Git

LOCK_NAME = "register.lock"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Author:
    """Who a commit is by and when; None fields fall back to git's own configuration and clock."""

    name: str | None = None
    email: str | None = None
    date: dt.datetime | None = None

    def env(self) -> dict[str, str]:
        env = {}
        for role in ("AUTHOR", "COMMITTER"):
            if self.name:
                env[f"GIT_{role}_NAME"] = self.name
            if self.email:
                env[f"GIT_{role}_EMAIL"] = self.email
            if self.date:
                env[f"GIT_{role}_DATE"] = self.date.isoformat()
        return env


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding register.yaml, as git finds `.git`."""
    start = start.resolve()
    if not start.exists():
        raise NotFound(f"{start}: no such folder")
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise NotFound(
        f"no register here: neither {start} nor any folder above it holds {CONFIG_FILE} "
        "(run `register init` to make one, or name one with -C PATH)"
    )


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.git = Git(root)
        if not (root / ".git").exists():
            raise NotFound(f"{root} holds {CONFIG_FILE} but is not a git repository: run `git init` there")

    @classmethod
    def find(cls, start: Path | None = None) -> Store:
        return cls(find_root(start or Path.cwd()))

    @cached_property
    def config(self) -> Config:
        return read_config(self.root)

    @cached_property
    def git_dir(self) -> Path:
        return (self.root / self.git.run("rev-parse", "--git-dir").strip()).resolve()

    @cached_property
    def cache(self) -> BlobCache:
        return BlobCache(self.git_dir)

    # --- the working tree -------------------------------------------------------------------

    def path_of(self, record_id: str) -> str:
        """The file of a record id typed by a person, refusing ids outside the record folders."""
        record_id = check_id(record_id)
        if record_id.split("/", 1)[0] not in self.config.record_folders:
            folders = ", ".join(f"{f}/" for f in self.config.record_folders)
            raise UsageError(f"'{record_id}' is not in a record folder ({folders})")
        return path_of_id(record_id)

    def inside(self, path: str) -> Path:
        """The file at `path` in the working tree, refusing one that leads outside the register."""
        file = self.root / path
        if not file.resolve().is_relative_to(self.root.resolve()):
            raise UsageError(f"{path} points outside the register (through a link)")
        return file

    # --- versions ---------------------------------------------------------------------------

    def head(self) -> str | None:
        out = self.git.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", ok=(0, 1)).strip()
        return out or None

    def resolve(self, ref: str) -> str:
        """A commit id for anything git resolves, or a date: the last commit on or before it."""
        if not ref or ref.startswith("-"):
            raise BadRef(f"'{ref}' is not a version: give a commit, tag, branch or date (YYYY-MM-DD)")
        found = self.git.run(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", ok=(0, 1)
        ).strip()
        if found:
            return found
        if _DATE.match(ref):
            return self._commit_on_or_before(ref)
        raise BadRef(f"'{ref}' is not a commit, tag, branch or date (YYYY-MM-DD) in this register")

    def _commit_on_or_before(self, day: str) -> str:
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            raise BadRef(f"'{day}' is not a real date") from None
        if self.head() is None:
            raise BadRef("the register has no commits yet")
        found = self.git.run("rev-list", "-1", "--first-parent", f"--before={day} 23:59:59", "HEAD").strip()
        if not found:
            first = self.git.run("log", "--reverse", "--first-parent", "--format=%cs", "HEAD").split()[0]
            raise BadRef(f"no version on or before {day}: the register's history starts on {first}")
        return found

    def files_at(self, commit: str, paths: list[str] | None = None) -> dict[str, str]:
        """Record files at a commit (all, or those of `paths`): path -> blob id."""
        return {path: blob for path, (blob, _size) in self.tree(commit, paths).items()}

    def tree(
        self, commit: str, paths: list[str] | None = None, suffix: str = ".yaml"
    ) -> dict[str, tuple[str, int]]:
        """Files at a commit under `paths` (default: the record folders): path -> (blob id, size)."""
        wanted = paths if paths is not None else list(self.config.record_folders)
        out = self.git.run_bytes("ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", *wanted)
        files = {}
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, path = entry.split(b"\t", 1)
            _mode, kind, blob, size = meta.split()
            name = path.decode("utf-8", "surrogateescape")
            if kind == b"blob" and name.endswith(suffix):
                files[name] = (blob.decode(), int(size))
        return files

    def blobs(self) -> BlobReader:
        """One git process to read many blobs (use it as a context manager)."""
        return self.git.blobs()

    def blob_ids(self, specs: list[str]) -> dict[str, str | None]:
        """The blob each `commit:path` names (None where there is none), asked of git in one go."""
        return {spec: found[0] if found else None for spec, found in self.blobs_named(specs).items()}

    def blobs_named(self, specs: list[str]) -> dict[str, tuple[str, int] | None]:
        """The blob each `commit:path` names and its size (None where there is none), in one go."""
        if not specs:
            return {}
        out = self.git.run(
            "cat-file",
            "--batch-check=%(objectname) %(objecttype) %(objectsize)",
            stdin="\n".join(specs) + "\n",
        )
        found: dict[str, tuple[str, int] | None] = {}
        for spec, answer in zip(specs, out.splitlines(), strict=True):
            parts = answer.split()
            found[spec] = (parts[0], int(parts[2])) if len(parts) == 3 and parts[1] == "blob" else None
        return found

    def read_blob(self, blob: str) -> bytes:
        return self.git.run_bytes("cat-file", "blob", blob)

    def staged_blobs(self, paths: list[str]) -> dict[str, str]:
        """The blob id git's index holds for each file under `paths`: what `git add` last saw."""
        out = self.git.run("ls-files", "--stage", "-z", "--", *paths)
        found = {}
        for entry in out.split("\0"):
            if "\t" in entry:
                meta, path = entry.split("\t", 1)
                found[path] = meta.split()[1]
        return found

    def changed_paths(self, paths: list[str]) -> list[str]:
        """Which of `paths` differ from HEAD, staged or not (untracked new files included)."""
        out = self.git.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths)
        return sorted({entry[3:] for entry in out.split("\0") if len(entry) > 3 and entry[2] == " "})

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the register's lock: one changing command at a time, as git's index.lock does."""
        lock = self.git_dir / LOCK_NAME
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            raise Busy(
                f"another register command is changing this register ({lock} exists); "
                "try again when it has finished, or delete that file if none is running"
            ) from None
        except OSError as error:
            raise UsageError(f"cannot change this register: {lock}: {error.strerror}") from None
        try:
            os.write(handle, f"{os.getpid()}\n".encode())
            os.close(handle)
            if (self.git_dir / "index.lock").exists():
                raise Busy(
                    f"git is busy in this register ({self.git_dir / 'index.lock'} exists): wait for "
                    "the other git command to finish, or delete that file if none is running"
                )
            yield
        finally:
            lock.unlink(missing_ok=True)

    def commit(self, writes: dict[str, bytes], message: str, author: Author | None = None) -> str:
        """Write files atomically and commit exactly them; on any failure put everything back.

        Other changes in the working tree or the index are left as they were. Call inside `locked()`.
        """
        saved = {path: self._snapshot(path) for path in writes}
        try:
            for path, content in writes.items():
                _write_atomically(self.inside(path), content)
            paths = list(writes)
            self.git.run("add", "--", *paths)
            env = (author or Author()).env()
            self.git.run("commit", "--quiet", "--only", "--no-edit", "-m", message, "--", *paths, env=env)
        except BaseException:
            for path, snapshot in saved.items():
                self._restore(path, snapshot)
            raise
        return self.git.run("rev-parse", "HEAD").strip()

    def _snapshot(self, path: str) -> tuple[bytes | None, str]:
        file = self.root / path
        content = file.read_bytes() if file.is_file() else None
        return content, self.git.run("ls-files", "--stage", "--", path).strip()

    def _restore(self, path: str, snapshot: tuple[bytes | None, str]) -> None:
        content, index_entry = snapshot
        file = self.root / path
        if content is None:
            file.unlink(missing_ok=True)
        else:
            _write_atomically(file, content)
        with contextlib.suppress(GitFailed):
            if index_entry:
                mode, blob, _stage = index_entry.split("\t", 1)[0].split()
                self.git.run("update-index", "--add", "--cacheinfo", f"{mode},{blob},{path}")
            else:
                self.git.run("update-index", "--force-remove", "--", path)


def _write_atomically(file: Path, content: bytes) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        Path(temporary).replace(file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
