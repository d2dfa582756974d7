"""The register's git repository: find it, resolve versions, list and read files at any version,
write and commit safely.

With `git.py` beneath it and `log.py` beside it (which reads history), the only code that runs git.
Records are not parsed here: `version.py` reads them through this.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import datetime as dt
import errno
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import BadRef, Busy, NotFound, UsageError
from ..records.ids import check_id, path_of_id
from .cache import BlobCache, blob_id
from .config import CONFIG_FILE, Config, read_config
from .files import remove_left_behind, staging_name, write_atomically
from .git import BlobReader, Git

LOCK_NAME = "register.lock"
JOURNAL = "register-journal.json"
_FULL_ID = re.compile(r"^[0-9a-f]{40}(:|$)")
_COPIED_UP_TO = 1_000_000  # bytes: a larger working file is never read in place of a blob
_SHARED_FROM = 200  # names to look up at which two git processes answer sooner than one
# Looking files up at many commits, git keeps up to 96 MB of the trees it rebuilt (its default),
# which are seldom asked for again in that order: on 500 pins of a 3,000-record register, filling
# that memory took half of git's time. 8 MB keeps what the next lookup builds on.
_TREE_CACHE = "8m"
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


def _read_all(handle: int, limit: int | None) -> bytes:
    """What an open file holds (no more than `limit` + 1 bytes, where a limit is given), read in
    plain chunks: a buffered file's read() asks the size first, and read(limit) makes room for
    the limit, which costs more than the reading of a small record."""
    chunks = []
    left = -1 if limit is None else limit + 1
    while left:
        chunk = os.read(handle, _CHUNK if left < 0 else min(_CHUNK, left))
        if not chunk:
            break
        chunks.append(chunk)
        left = left - len(chunk) if left > 0 else left
    return b"".join(chunks)


def read_in_folder(root: Path, path: str, *, limit: int | None = None) -> bytes:
    """`Store.read_inside`, its folder checked already: this is what a worker runs."""
    try:
        handle = os.open(f"{root}/{path}", _READ_FLAGS | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
        handle = os.open(_inside(root, path), _READ_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, "it is not a plain file", path)
        return _read_all(handle, limit)
    finally:
        os.close(handle)


def _inside(root: Path, path: str) -> Path:
    file = root / path
    try:
        inside = file.resolve().is_relative_to(root.resolve())
    except (RuntimeError, OSError):  # a loop of links (RuntimeError before Python 3.13)
        raise UsageError(f"{path} is a link that leads to itself (a loop of links)") from None
    if not inside:
        raise UsageError(f"{path} points outside the register (through a link)")
    return file


_CHUNK = 1 << 16
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # opening a pipe must not wait for a writer


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.git = Git(root)
        self._config: Config | None = None
        self._config_key: tuple[int, int] | None = None
        self._reader: tuple[int, BlobReader] | None = None  # (the process it serves, the reader)
        self._copies: dict[str, str] = {}  # blob id -> a working file git's index says holds it
        self._named: dict[str, tuple[str, int] | None] = {}  # what a full id names, once asked
        self._folders_inside: set[str] = set()
        if not (root / ".git").exists():
            raise NotFound(f"{root} holds {CONFIG_FILE} but is not a git repository: run `git init` there")

    @classmethod
    def find(cls, start: Path | None = None) -> Store:
        return cls(find_root(start or Path.cwd()))

    @property
    def config(self) -> Config:
        """The settings as register.yaml holds them now (read again only when the file changes)."""
        try:
            stamp = (self.root / CONFIG_FILE).stat()
            key = (stamp.st_mtime_ns, stamp.st_size)
        except OSError:
            key = None
        if self._config is None or key is None or key != self._config_key:
            self._config, self._config_key = read_config(self.root), key
        return self._config

    @cached_property
    def git_dir(self) -> Path:
        plain = self.root / ".git"
        if "GIT_DIR" not in os.environ and plain.is_dir():  # the usual clone: no git to run
            return plain.resolve()
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

    def read_inside(self, path: str, *, limit: int | None = None) -> bytes:
        """The content of the working-tree file at `path`, refusing one that leads outside the
        register (at most `limit` + 1 bytes of it, where a limit is given: enough to tell it is
        over). Each folder is resolved once per command, and the file is opened without following
        a link (a link is checked the slow way): two `resolve()` per file cost an eighth of a
        whole-register command. A file that is not a plain file (a pipe put in a record's place,
        whose opening would wait for a writer) is refused as unreadable."""
        self.check_folder(path.rpartition("/")[0] or ".")
        return read_in_folder(self.root, path, limit=limit)

    def check_folder(self, folder: str) -> None:
        """Refuse a folder of the working tree that leads outside the register (once a command)."""
        if folder not in self._folders_inside:
            self.inside(folder)
            self._folders_inside.add(folder)

    def inside(self, path: str) -> Path:
        """The file at `path` in the working tree, refusing one that leads outside the register."""
        return _inside(self.root, path)

    # --- versions ---------------------------------------------------------------------------

    def head(self) -> str | None:
        out = self.git.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", ok=(0, 1)).strip()
        return out or None

    def operation_in_progress(self) -> str | None:
        """The git operation this repository is in the middle of, if any: a merge, a rebase…"""
        markers = {
            "MERGE_HEAD": "a merge",
            "rebase-merge": "a rebase",
            "rebase-apply": "a rebase",
            "CHERRY_PICK_HEAD": "a cherry-pick",
            "REVERT_HEAD": "a revert",
            "BISECT_LOG": "a bisect",
        }
        return next((what for name, what in markers.items() if (self.git_dir / name).exists()), None)

    def detached(self) -> bool:
        return not self.git.succeeds("symbolic-ref", "-q", "HEAD")

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
        roots = self.git.run("log", "--max-parents=0", "--format=%cs", "HEAD").split()
        first = min(roots) if roots else day
        # Asked about a day before 1970, git answers with HEAD: say what is true instead.
        found = (
            ""
            if day < first
            else self.git.run("rev-list", "-1", "--first-parent", f"--before={day} 23:59:59", "HEAD").strip()
        )
        if not found:
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
        """One git process to read many blobs (use it as a context manager); a blob a working
        file holds is read from that file."""
        return self.git.blobs(self._working_copy)

    def note_copies(self, files: dict[str, str]) -> None:
        """Working files (path -> blob id) that git's index says hold these blobs: a blob among
        them is read from its file (checked against its id) rather than found in git's packs."""
        self._copies.update((blob, path) for path, blob in files.items())

    def _working_copy(self, blob: str) -> bytes | None:
        """The blob's content from a working file that holds it, if one still does."""
        path = self._copies.get(blob)
        if path is None:
            return None
        try:
            content = self.read_inside(path, limit=_COPIED_UP_TO)
        except (OSError, UsageError):
            return None
        return content if blob_id(content) == blob else None  # changed since: git has it

    def blob_ids(self, specs: list[str]) -> dict[str, str | None]:
        """The blob each `commit:path` names (None where there is none), asked of git in one go."""
        return {spec: found[0] if found else None for spec, found in self.blobs_named(specs).items()}

    def blobs_named(self, specs: list[str]) -> dict[str, tuple[str, int] | None]:
        """The blob each `commit:path` (or blob id) names and its size (None where there is none),
        in one go; what a full commit id names never changes, so it is kept in the cache."""
        if any("\n" in spec for spec in specs):
            raise UsageError("a version is named with a line break in it")
        found = {spec: self._named[spec] for spec in specs if spec in self._named}
        lasting = [spec for spec in specs if spec not in found and _FULL_ID.match(spec)]
        found.update(
            (spec, (value[0], value[1]) if value else None)
            for spec, value in self.cache.get_many("named", lasting).items()
        )
        asked = [spec for spec in dict.fromkeys(specs) if spec not in found]
        if asked:
            fresh = {}
            for spec, answer in zip(asked, self._checked(asked), strict=True):
                parts = answer.split()
                fresh[spec] = (parts[0], int(parts[2])) if len(parts) == 3 and parts[1] == "blob" else None
            self.cache.put_many(
                "named", {spec: value for spec, value in fresh.items() if _FULL_ID.match(spec)}
            )
            found.update(fresh)
        self._named.update((spec, value) for spec, value in found.items() if _FULL_ID.match(spec))
        return {spec: found[spec] for spec in specs}

    def _checked(self, specs: list[str]) -> list[str]:
        """git's answer to each spec (`cat-file --batch-check`), in order. Many are shared between
        two git processes, one half each in the order given: finding a file at a commit reads
        that commit's trees, and a caller that names commits in history's order lets git build
        each tree from the one it read before."""
        halves = [specs]
        if len(specs) >= _SHARED_FROM and (os.cpu_count() or 1) > 1:
            halves = [specs[: len(specs) // 2], specs[len(specs) // 2 :]]
        outputs = [
            self.git.started(
                "-c",
                f"core.deltaBaseCacheLimit={_TREE_CACHE}",
                "cat-file",
                "--batch-check=%(objectname) %(objecttype) %(objectsize)",
                stdin="\n".join(half) + "\n",
            )
            for half in halves
        ]
        return [answer for output in outputs for answer in output().splitlines()]

    def commits_present(self, commits: list[str]) -> set[str]:
        """Which of these commit ids name a commit this repository holds (reachable or not)."""
        asked = [c for c in dict.fromkeys(commits) if _FULL_ID.match(c)]
        if not asked:
            return set()
        out = self.git.run("cat-file", "--batch-check=%(objecttype)", stdin="\n".join(asked) + "\n")
        return {commit for commit, kind in zip(asked, out.splitlines(), strict=True) if kind == "commit"}

    def read_blob(self, blob: str) -> bytes:
        return self.shared_blobs().read(blob) or b""

    def shared_blobs(self) -> BlobReader:
        """One `git cat-file --batch` for every read this command makes, started at the first and
        ended when the command ends; a forked worker starts its own rather than share the pipe."""
        if self._reader is None or self._reader[0] != os.getpid():
            reader = self.blobs()
            self._reader = (os.getpid(), reader)
            atexit.register(reader.close)
        return self._reader[1]

    def staged_blobs(self, paths: list[str]) -> dict[str, str]:
        """The blob id git's index holds for each file under `paths`: what `git add` last saw."""
        out = self.git.run("ls-files", "--stage", "-z", "--", *paths)
        found = {}
        for entry in out.split("\0"):
            if "\t" in entry:
                meta, path = entry.split("\t", 1)
                found[path] = meta.split()[1]
        return found

    def staged_changes(self, paths: list[str]) -> list[str]:
        """Files under `paths` that git's index holds differently from HEAD (added, changed or
        deleted; a rename is both its old and its new name)."""
        if self.head() is None:
            return sorted(self.staged_blobs(paths))
        out = self.git.run("diff", "--cached", "--name-only", "-z", "--no-renames", "HEAD", "--", *paths)
        return sorted(path for path in out.split("\0") if path)

    def changed_paths(self, paths: list[str]) -> list[str]:
        """Which of `paths` differ from HEAD, staged or not (untracked new files included; a rename
        is its old and its new name)."""
        out = self.git.run(
            "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", *paths
        )
        return sorted({entry[3:] for entry in out.split("\0") if len(entry) > 3 and entry[2] == " "})

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the register's lock: one changing command at a time. The lock is the operating
        system's, on an open file: a command that is killed cannot leave it held."""
        from filelock import FileLock, Timeout

        lock = FileLock(self.git_dir / LOCK_NAME, timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise Busy(
                "another register command is changing this register: try again when it has finished"
            ) from None
        except OSError as error:
            raise UsageError(
                f"cannot change this register: {self.git_dir / LOCK_NAME}: {error.strerror}"
            ) from None
        try:
            if (self.git_dir / "index.lock").exists():
                raise Busy(
                    f"git is busy in this register ({self.git_dir / 'index.lock'} exists): wait for "
                    "the other git command to finish, or delete that file if none is running"
                )
            self._recover()
            yield
        finally:
            lock.release()

    def finish_interrupted(self) -> None:
        """Finish or undo a change a killed command left half made, if the lock is free."""
        if not (self.git_dir / JOURNAL).is_file():
            return
        with contextlib.suppress(Busy), self.locked():
            pass  # taking the lock recovers

    def commit(
        self, writes: dict[str, bytes], message: str, author: Author | None = None, *, sign: bool = False
    ) -> str:
        """Write files and commit exactly them; on any failure put everything back. Call inside
        `locked()`.

        The commit is built in an index of its own, so the officer's other work, staged or not,
        is left as it was, and nothing is ever staged without being committed: a command killed
        before git has made the commit leaves the files as they were once the next command starts
        (from a journal in .git), and one killed after it finishes its bookkeeping the same way.
        """
        paths = list(writes)
        head = self.head()
        self._journal(
            {"head": head, "commit": None, "before": {p: _encoded(self._content(p)) for p in paths}}
        )
        try:
            for path, content in writes.items():
                write_atomically(self.inside(path), content)
            commit = self._commit_only(paths, message, author or Author(), sign)
        except BaseException:
            self._recover()
            raise
        self._journal({"head": head, "commit": commit, "before": {}, "paths": paths})
        self._recover()
        return commit

    def _commit_only(self, paths: list[str], message: str, author: Author, sign: bool) -> str:
        index = staging_name(self.git_dir / "index", "tmp")
        try:
            env = {**author.env(), "GIT_INDEX_FILE": str(index)}
            if self.head() is not None:
                self.git.run("read-tree", "HEAD", env=env)
            self.git.run("add", "--", *paths, env=env)
            self.git.run("commit", "--quiet", "--no-edit", *(["-S"] if sign else []), "-m", message, env=env)
        finally:
            index.unlink(missing_ok=True)
            index.with_name(index.name + ".lock").unlink(missing_ok=True)
        return self.git.run("rev-parse", "HEAD").strip()

    def _content(self, path: str) -> bytes | None:
        file = self.inside(path)
        return file.read_bytes() if file.is_file() else None

    def _journal(self, entry: dict[str, Any]) -> None:
        write_atomically(self.git_dir / JOURNAL, json.dumps(entry).encode())

    def _recover(self) -> None:
        """Finish, or undo, what a command killed half-way through a commit left (see `commit`)."""
        journal = self.git_dir / JOURNAL
        if not journal.is_file():
            return
        entry = json.loads(journal.read_text(encoding="utf-8"))
        paths = entry.get("paths") or list(entry["before"])
        if self.head() != entry["head"]:
            # Committed (git may finish a commit after the command that started it was killed):
            # git's own index must hold what HEAD holds for those files.
            self.git.run("reset", "--quiet", "HEAD", "--", *paths, ok=(0, 1))
        else:
            for path, before in entry["before"].items():
                content = _decoded(before)
                file = self.inside(path)
                if content is None:
                    file.unlink(missing_ok=True)
                elif not file.is_file() or file.read_bytes() != content:
                    write_atomically(file, content)
        journal.unlink(missing_ok=True)
        for folder in {self.git_dir, *(self.inside(path).parent for path in paths)}:
            remove_left_behind(folder)


def _encoded(content: bytes | None) -> str | None:
    return None if content is None else base64.b64encode(content).decode("ascii")


def _decoded(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)
