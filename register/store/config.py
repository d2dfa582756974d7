"""The register's own settings file, `register.yaml`, which also marks the register's root."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidRecord, Problem, RefusedInput
from ..records.loader import load_plain

CONFIG_FILE = "register.yaml"
DEFAULT_FOLDERS = ("strategy", "decisions")


@dataclass(frozen=True)
class Config:
    council: str = "The Council"
    record_folders: tuple[str, ...] = DEFAULT_FOLDERS


def read_config(root: Path) -> Config:
    path = root / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _problem(f"cannot be read: {error.strerror}") from None
    return parse_config(raw)


def parse_config(raw: bytes) -> Config:
    """The settings in a register.yaml's content (from the working tree or any version)."""
    try:
        data = load_plain(raw, CONFIG_FILE) or {}
    except InvalidRecord as error:
        raise RefusedInput(error.problems) from None
    if not isinstance(data, dict):
        raise _problem("register.yaml must hold 'key: value' lines")
    unknown = set(data) - {"council", "record_folders"}
    if unknown:
        raise _problem(f"unknown key '{sorted(unknown)[0]}' (known: council, record_folders)")
    council = data.get("council", Config.council)
    folders = data.get("record_folders", list(DEFAULT_FOLDERS))
    if not isinstance(council, str) or not council.strip():
        raise _problem("council: expected the council's name as text")
    if not isinstance(folders, list) or not all(_is_folder_name(f) for f in folders):
        raise _problem("record_folders: expected a list of folder names, e.g. [strategy, decisions]")
    return Config(council, tuple(folders))


def _is_folder_name(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value) is not None


def config_text(council: str) -> str:
    return (
        "# This file marks the top of a register and holds its settings.\n"
        f"council: {json.dumps(council, ensure_ascii=False)}\n"
        "# Folders whose .yaml files are records (a record's id is its path without .yaml).\n"
        f"record_folders: [{', '.join(DEFAULT_FOLDERS)}]\n"
    )


def _problem(message: str) -> RefusedInput:
    """A broken settings file is the environment's fault, not a record's: exit 2."""
    return RefusedInput([Problem(CONFIG_FILE, 1, 1, message)])
