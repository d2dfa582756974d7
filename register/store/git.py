"""Running git: plain commands with plain errors, and one long-lived reader for many blobs."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from ..errors import GitFailed, NotFound

# Git's messages are read by people and, in a few places, by this package: keep them in English.
_ENV = {"LC_ALL": "C", "LANG": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}


class Git:
    def __init__(self, root: Path) -> None:
        self.root = root

    def run(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        ok: tuple[int, ...] = (0,),
        stdin: str | None = None,
    ) -> str:
        data = stdin.encode("utf-8") if stdin is not None else None
        return self.run_bytes(*args, env=env, ok=ok, stdin=data).decode("utf-8", "surrogateescape")

    def run_bytes(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        ok: tuple[int, ...] = (0,),
        stdin: bytes | None = None,
    ) -> bytes:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self.root,
                env={**os.environ, **_ENV, **(env or {})},
                capture_output=True,
                input=stdin,
                stdin=None if stdin is not None else subprocess.DEVNULL,
                check=False,
            )
        except FileNotFoundError:
            raise NotFound("git is not installed: install git and try again") from None
        if done.returncode not in ok:
            raise GitFailed(_plain_error(args, done.stderr))
        return done.stdout

    def started(self, *args: str, ok: tuple[int, ...] = (0,), stdin: str | None = None) -> Callable[[], str]:
        """A command started now, to run on another core beside this process's own work; call
        the result for its output. A thread feeds its input and drains its output, so git never
        waits on a full pipe."""
        try:
            process = subprocess.Popen(
                ["git", *args],
                cwd=self.root,
                env={**os.environ, **_ENV},
                stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except FileNotFoundError:
            raise NotFound("git is not installed: install git and try again") from None
        given = None if stdin is None else stdin.encode("utf-8")
        outputs: list[tuple[bytes, bytes]] = []
        reader = threading.Thread(target=lambda: outputs.append(process.communicate(given)), daemon=True)
        reader.start()

        def output() -> str:
            reader.join()
            out, err = outputs[0]
            if process.returncode not in ok:
                raise GitFailed(_plain_error(args, err))
            return out.decode("utf-8", "surrogateescape")

        return output

    def succeeds(self, *args: str) -> bool:
        done = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env={**os.environ, **_ENV},
            capture_output=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        return done.returncode == 0

    def blobs(self, copy: Callable[[str], bytes | None] | None = None) -> BlobReader:
        return BlobReader(self.root, copy)


def _plain_error(args: tuple[str, ...], stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    lines = [line.removeprefix("fatal: ").removeprefix("error: ") for line in text.splitlines()]
    if any("Please tell me who you are" in line for line in lines):
        return (
            "git does not know who you are, so it cannot sign the commit: run\n"
            '  git config --global user.name "Your Name"\n'
            '  git config --global user.email "you@example.gov.uk"'
        )
    summary = "; ".join(line for line in lines[:3] if line) or "no message"
    return f"git {args[0]} failed: {summary}"


class BlobReader:
    """One `git cat-file --batch` process answering many reads (e.g. every version of a record),
    started at the first read: a reader that the cache leaves idle costs nothing. `copy` gives a
    blob's content from a file at hand that holds it, where there is one (git need not find
    and inflate it)."""

    def __init__(self, root: Path, copy: Callable[[str], bytes | None] | None = None) -> None:
        self._root = root
        self._copy = copy
        self._process: subprocess.Popen[bytes] | None = None

    def read(self, spec: str) -> bytes | None:
        """The content of a blob named by id or `commit:path`, or None when there is none."""
        found = self.read_within(spec, None)
        return None if isinstance(found, int) else found

    def read_within(self, spec: str, limit: int | None) -> bytes | int | None:
        """The content of a blob, or its size where it is over `limit` bytes (its content is let
        pass unkept: a blob could be anything), or None when there is none."""
        copied = self._copy(spec) if self._copy is not None else None
        if copied is not None and (limit is None or len(copied) <= limit):
            return copied
        if self._process is None:
            self._process = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self._root,
                env={**os.environ, **_ENV},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        assert self._process.stdin and self._process.stdout
        self._process.stdin.write(spec.encode("utf-8") + b"\n")
        self._process.stdin.flush()
        header = self._process.stdout.readline().split()
        if len(header) != 3:
            return None
        size = int(header[2])
        if limit is not None and size > limit:
            for start in range(0, size, 1 << 20):
                self._process.stdout.read(min(1 << 20, size - start))
            self._process.stdout.read(1)
            return size if header[1] == b"blob" else None
        content = self._process.stdout.read(size)
        self._process.stdout.read(1)
        return content if header[1] == b"blob" else None

    def close(self) -> None:
        if self._process is None:
            return
        if self._process.stdin:
            self._process.stdin.close()
        self._process.wait()
        if self._process.stdout:
            self._process.stdout.close()
        self._process = None

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
