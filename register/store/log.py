"""Reading the register's history from git: the repository's other half (with repository.py and
git.py, the only code that runs git).

Each question is one git command whose cost grows with the answer, not with the repository.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from .repository import Store

NOTHING = "0" * 40  # git's blob id for "no file" on one side of a change


@dataclass(frozen=True)
class Touch:
    """One commit's change to one file, as `git log --raw` reports it."""

    commit: str
    author: str
    email: str
    date: dt.datetime
    message: str
    old_blob: str
    new_blob: str
    status: str  # A, M, D or R (C for a copy)
    path: str
    old_path: str


@dataclass(frozen=True)
class CommitInfo:
    commit: str
    author: str
    date: dt.datetime


def log_of(store: Store, path: str, until: str = "HEAD") -> list[Touch]:
    """The commits that changed the file, oldest first, following renames; merges are left out
    (their sides' own commits carry the changes).

    A record starts where its file was created: git's --follow also takes a new file for a copy
    of one that looks like it (a record made from its template), or a rename from a file that is
    not a record; there the record's history begins, as a creation."""
    return started_log(store, path, until)()


def started_log(store: Store, path: str, until: str = "HEAD") -> Callable[[], list[Touch]]:
    """`log_of`, with git started now on another core: call the result for the touches."""
    fields = "%H%x00%an%x00%ae%x00%aI%x00%B"
    output = store.git.started(
        "log",
        "--follow",
        "-M",
        "--raw",
        "--no-abbrev",
        "-z",
        f"--format=%x1e{fields}%x00",
        until,
        "--",
        path,
        ok=(0, 128),
    )
    folders = tuple(f"{folder}/" for folder in store.config.record_folders)
    return lambda: _touches(output(), folders)


def _touches(out: str, folders: tuple[str, ...]) -> list[Touch]:
    """The touches `git log --follow --raw -z` lists, oldest first, up to where the record starts."""
    touches: list[Touch] = []
    for chunk in out.split("\x1e"):
        if chunk.strip("\0\n"):
            commit, author, email, date, message, *rest = chunk.split("\0")
            raw = raw_entries("\0".join(rest))
            if raw:
                old_blob, new_blob, status, old_path, new_path = raw[0]
                started = status == "C" or (status == "R" and not old_path.startswith(folders))
                touches.append(
                    Touch(
                        commit,
                        author,
                        email,
                        dt.datetime.fromisoformat(date),
                        message.strip(),
                        NOTHING if started else old_blob,
                        new_blob,
                        "A" if started else status,
                        new_path,
                        new_path if started else old_path,
                    )
                )
                if started:
                    break
    return list(reversed(touches))


def raw_entries(out: str) -> list[tuple[str, str, str, str, str]]:
    """`--raw -z` output as (old blob, new blob, status letter, old path, new path)."""
    tokens = [token.strip("\n") for token in out.split("\0")]
    tokens = [token for token in tokens if token]
    entries = []
    position = 0
    while position < len(tokens):
        if not tokens[position].startswith(":"):
            position += 1
            continue
        _mode_old, _mode_new, old_blob, new_blob, status = tokens[position][1:].split()
        width = 2 if status[0] in "RC" else 1
        paths = tokens[position + 1 : position + 1 + width]
        entries.append((old_blob, new_blob, status[0], paths[0], paths[-1]))
        position += 1 + width
    return entries


def changed_between(store: Store, start: str, end: str) -> list[tuple[str, str, str, str, str]]:
    """The record files that differ between two commits, with their blob ids."""
    out = store.git.run(
        "diff", "--raw", "-M", "-z", "--no-abbrev", start, end, "--", *store.config.record_folders
    )
    return [entry for entry in raw_entries(out) if entry[4].endswith(".yaml")]


def commit_info(store: Store, commit: str) -> CommitInfo:
    date, author = store.git.run("show", "-s", "--format=%aI%x00%an", commit).strip().split("\0")
    return CommitInfo(commit, author, dt.datetime.fromisoformat(date))


def last_change(store: Store, commit: str, paths: list[str]) -> CommitInfo:
    """The last commit at or before `commit` that changed any of these files."""
    out = store.git.run("log", "-1", "--format=%H%x00%an%x00%aI", commit, "--", *paths).strip()
    found, author, date = out.split("\0")
    return CommitInfo(found, author, dt.datetime.fromisoformat(date))


def reachable(store: Store, commit: str = "HEAD") -> set[str]:
    """Every commit in the history of `commit`."""
    return set(store.git.run("rev-list", commit).split())


def between(store: Store, start: str, end: str) -> set[str]:
    return set(store.git.run("rev-list", f"{start}..{end}").split())


def first_parent_line(store: Store, commit: str, limit: int = 200) -> list[str]:
    return store.git.run("rev-list", "--first-parent", "-n", str(limit), commit, ok=(0, 128)).split()


def is_ancestor(store: Store, older: str, newer: str) -> bool:
    return store.git.succeeds("merge-base", "--is-ancestor", older, newer)


def history_shape(store: Store) -> str:
    """A digest of what, besides a commit, decides which commits its history holds: a shallow
    clone's edge, replacement objects and grafts (`git fetch --unshallow` or `git replace` change
    a history while HEAD stays where it was)."""
    digest = hashlib.sha256()
    for name in store.git.run("rev-parse", "--git-path", "shallow", "--git-path", "info/grafts").splitlines():
        with contextlib.suppress(OSError):
            digest.update(b"\0" + (store.root / name).read_bytes())
    digest.update(store.git.run_bytes("for-each-ref", "--format=%(refname) %(objectname)", "refs/replace/"))
    for variable in ("GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_GRAFT_FILE", "GIT_SHALLOW_FILE"):
        digest.update(f"\0{os.environ.get(variable, '')}".encode())
    return digest.hexdigest()


def is_shallow(store: Store) -> bool:
    return store.git.run("rev-parse", "--is-shallow-repository").strip() == "true"


def renames_since(store: Store, commit: str) -> dict[str, str]:
    """Files renamed after `commit`, old path -> new path, in the order they happened."""
    out = store.git.run(
        "log",
        "--reverse",
        "-M",
        "--diff-filter=R",
        "--raw",
        "--no-abbrev",
        "-z",
        "--format=",
        f"{commit}..HEAD",
        ok=(0, 128),
    )
    return {old: new for _, _, status, old, new in raw_entries(out) if status == "R"}


def count_commits(store: Store) -> int:
    return int(store.git.run("rev-list", "--count", "HEAD"))


def started_ancestry(store: Store, head: str) -> Callable[[set[str]], Ancestry]:
    """The history of `head` (a commit), read by git on another core from now: call the result
    with the commits that questions will be asked about."""
    output = store.git.started("rev-list", "--topo-order", "--reverse", "--parents", head, ok=(0, 128))
    return lambda interesting: Ancestry(output(), interesting)


class Ancestry:
    """Which commits of a history lead to which: read from git once (`rev-list --parents`,
    its output `out`), for as many questions as a verification asks, each answered without
    running git again."""

    def __init__(self, out: str, interesting: set[str]) -> None:
        self._bit = {commit: 1 << n for n, commit in enumerate(sorted(interesting))}
        self._reach: dict[str, int] = {}
        self._position: dict[str, int] = {}
        for line in out.splitlines():
            commit, *parents = line.split()
            self._position[commit] = len(self._position)
            reach = self._bit.get(commit, 0)
            for parent in parents:
                reach |= self._reach.get(parent, 0)
            self._reach[commit] = reach

    def __contains__(self, commit: object) -> bool:
        """Whether `commit` is in the history."""
        return commit in self._reach

    def position(self, commit: str) -> int:
        """Where `commit` stands in the history, oldest first (parents before children)."""
        return self._position.get(commit, len(self._position))

    def leads_to(self, older: str, newer: str) -> bool:
        """Whether `older` is `newer` or one of its ancestors (`older` must be interesting)."""
        return bool(self._reach.get(newer, 0) & self._bit.get(older, 0))


@dataclass(frozen=True)
class FileChange:
    commit: str
    date: dt.datetime
    path: str
    old_blob: str
    new_blob: str


def started_changes_under(store: Store, head: str, folders: list[str]) -> Callable[[], list[FileChange]]:
    """Every change to a .yaml file under `folders` in the history of `head` (a commit), oldest
    first (no rename detection: git lists a rename as a deletion and an addition of the same
    blob); a merge counts as changing what differs from its first parent. git starts now, on
    another core: call the result for the changes."""
    output = store.git.started(
        "log",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-renames",
        "--topo-order",
        "--reverse",
        "--diff-merges=first-parent",  # what a merge itself changed (a conflict resolved, say) counts
        "--format=%x1e%H%x00%aI",
        head,
        "--",
        *folders,
        ok=(0, 128),
    )
    return lambda: _file_changes(output())


def _file_changes(out: str) -> list[FileChange]:
    found = []
    for chunk in out.split("\x1e"):
        if not chunk.strip("\0\n"):
            continue
        commit, date, *rest = chunk.split("\0")
        for old_blob, new_blob, _status, _old_path, path in raw_entries("\0".join(rest)):
            if path.endswith(".yaml"):
                found.append(
                    FileChange(commit, dt.datetime.fromisoformat(date.strip()), path, old_blob, new_blob)
                )
    return found
