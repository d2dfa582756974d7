"""Record ids: a record's path from the register root without `.yaml`, checked never to escape it."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..errors import UsageError

SUFFIX = ".yaml"
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9._-]*)+$"
"""A record id as the schemas accept it: a folder and a name, lower case, no way out of the register."""
RECORD_ID = re.compile(ID_PATTERN)
_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def id_of_path(path: str) -> str:
    """`strategy/x.yaml` -> `strategy/x` (paths as git writes them, relative to the root)."""
    return path[: -len(SUFFIX)] if path.endswith(SUFFIX) else path


def path_of_id(record_id: str) -> str:
    return record_id + SUFFIX


def check_id(text: str) -> str:
    """An id typed by a person, made canonical, or a UsageError saying why it cannot be one."""
    if RECORD_ID.match(text) and not text.endswith(SUFFIX):  # already canonical: checked at once
        return text
    candidate = text.strip().replace("\\", "/")
    candidate = id_of_path(candidate.removeprefix("./"))
    if not candidate:
        raise UsageError("no record id given")
    path = PurePosixPath(candidate)
    if path.is_absolute() or re.match(r"^[A-Za-z]:", candidate):
        raise UsageError(f"'{text}' is an absolute path: give a record id such as strategy/my-strategy")
    if ".." in path.parts:
        raise UsageError(f"'{text}' points outside the register ('..' is not allowed in a record id)")
    if len(path.parts) < 2 or not all(_SEGMENT.match(part) for part in path.parts):
        raise UsageError(
            f"'{text}' is not a record id: ids are a folder and a name in lower case, "
            "digits and hyphens, e.g. strategy/send-inclusion-2020-2023"
        )
    return candidate


def check_slug(slug: str) -> str:
    if not _SEGMENT.match(slug) or slug.endswith(".yaml"):
        raise UsageError(
            f"'{slug}' cannot name a record: use lower case letters, digits and hyphens, "
            "e.g. 2021-09-30-cabinet-send-annual-review"
        )
    return slug
