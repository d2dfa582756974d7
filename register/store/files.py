"""Writing files so that a crash at any moment leaves the old file or the new one, never half of
one: the content goes to a hidden file named with the writer's process id, is synced to disk,
given the permissions the user's umask allows, and renamed over the target. What a killed writer
left behind is removed by the next one.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

_STAGED = re.compile(r"^\..*\.register-[0-9a-f]+-(\d+)\.(tmp|staged)(\.lock)?$")


def staging_name(target: Path, kind: str = "tmp") -> Path:
    """The hidden name a file is written under before it takes `target`'s name; it says which
    process wrote it, so that one left by a killed command can be told apart and removed."""
    return target.with_name(f".{target.name}.register-{os.urandom(3).hex()}-{os.getpid()}.{kind}")


def staging_folder(parent: Path, purpose: str) -> Path:
    """A hidden folder of this process's own in `parent` (e.g. LibreOffice's profile)."""
    folder = parent / f".{purpose}.register-{os.urandom(3).hex()}-{os.getpid()}.staged"
    folder.mkdir(mode=0o700)
    return folder


def write_atomically(target: Path, content: bytes) -> None:
    """`target` holds `content`, or (after any failure, even a crash) what it held before."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = staging_name(target)
    try:
        with staged.open("xb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        staged.chmod(0o666 & ~current_umask())
        staged.replace(target)
        sync_folder(target.parent)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where the system allows opening a folder)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def remove_left_behind(folder: Path) -> list[Path]:
    """Hidden staging files in `folder` whose writer is no longer running: a killed command's."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            found = _STAGED.match(entry.name)
            if found and not process_alive(int(found.group(1))):
                with contextlib.suppress(OSError):
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path)
                    else:
                        Path(entry.path).unlink()
                    removed.append(Path(entry.path))
    return removed


def process_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill ends the process it is asked about
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, and someone else's
        return True
    except OSError:
        return False
    return True
